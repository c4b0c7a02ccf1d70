// Bad input, table-driven: numbers at every magnitude, claim units and hostile profile folders
// (issue 14). Each case asserts exit code 2, a message naming the file (or flag), the claim or
// profile and the field, and that no file was created or changed. The harness is in
// tests/support/bad_input.cpp; the first table is bad_input_test.cpp.
#include <gtest/gtest.h>

#include "bad_input.hpp"
#include "test_support.hpp"

namespace chipcount::test {
namespace {

// The bundled assumptions file with the first `from` replaced by `to`.
std::string assumptions_with(const std::string& from, const std::string& to) {
    std::string text = read_text(profiles_dir() / "assumptions.json");
    text.replace(text.find(from), from.size(), to);
    return text;
}

const std::string kEstimateOk =
    R"({"format": "chipcount.estimate", "version": 1, "targets": ["nvidia-h100-sxm"], "assumptions": {}, "input": {},
  "claims": [{"id": "c", "part_of": null, "equivalents": {"nvidia-h100-sxm": {"low": 1, "central": 2, "high": 3}}, "checks": []}],
  "totals": {"equivalents": {}}})";

std::vector<BadInput> cases() {
    return {
        // --- estimate: commas, units, counts
        {"numbers_flag_decimal_comma",
         {},
         {"estimate", "--compute", "4,5 P"},
         {"--compute", "'4,5 P'", "thousands"}},
        {"numbers_flag_comma_groups",
         {},
         {"estimate", "--compute", "1,2,3 P"},
         {"--compute", "thousands"}},
        {"numbers_file_decimal_comma",
         {{"c.json", one_claim(R"({"compute": "4,5 P"})")}},
         {"estimate", "{dir}/c.json"},
         {"c.json", "claim 'c1'", "field 'stated.compute'", "thousands"}},
        {"numbers_milliwatts_are_not_megawatts",
         {{"c.json", one_claim(R"({"power": {"value": 100, "unit": "mW"}})")}},
         {"estimate", "{dir}/c.json"},
         {"c.json", "claim 'c1'", "stated.power.unit", "\"MW\""}},
        {"numbers_flag_lowercase_peta",
         {},
         {"estimate", "--compute", "5 pflops"},
         {"--compute", "case-exact", "\"PFLOPS\""}},
        {"numbers_servers_times_gpus_over_cap",
         {{"c.json", one_claim(R"({"servers": 1e8, "gpus_per_server": 16, "chip": "H100"})")}},
         {"estimate", "{dir}/c.json"},
         {"c.json", "claim 'c1'", "stated.servers", "1,600,000,000"}},
        {"numbers_flag_servers_times_gpus_over_cap",
         {},
         {"estimate", "--servers", "100000000", "--gpus-per-server", "100", "--chip", "H100"},
         {"command line", "claim 'inline'", "stated.servers", "not plausible"}},
        {"numbers_flag_fractional_gpus",
         {},
         {"estimate", "--servers", "5", "--gpus-per-server", "7.5", "--chip", "H100"},
         {"--gpus-per-server", "7.5"}},
        {"numbers_flag_hex_count",
         {},
         {"estimate", "--chips", "0x10", "--chip", "H100"},
         {"--chips", "0x10"}},
        {"numbers_claim_id_too_long",
         {{"c.json", claims(R"({"id": ")" + std::string(200, 'a') +
                            R"(", "stated": {"chips": 5, "chip": "H100"}})")}},
         {"estimate", "{dir}/c.json"},
         {"c.json", "claims[0]", "field 'id'", "at most 128"}},
        {"numbers_claim_id_escape_sequence",
         {{"c.json", claims(R"({"id": "a\u001b[2J", "stated": {"chips": 5, "chip": "H100"}})")}},
         {"estimate", "{dir}/c.json"},
         {"c.json", "claims[0]", "field 'id'", "control character"}},
        {"numbers_assumptions_fractional_gpus_default",
         {{"a.json", assumptions_with("\"value\": 8,", "\"value\": 7.5,")}},
         {"estimate", "--compute", "4000 P", "--assumptions", "{dir}/a.json"},
         {"a.json", "gpus_per_server_default.value", "whole number"}},
        {"numbers_assumptions_pue_1e-300",
         {{"a.json", assumptions_with("\"low\": 1.2,", "\"low\": 1e-300,")}},
         {"estimate", "--power", "100 MW", "--assumptions", "{dir}/a.json"},
         {"a.json", "factors.pue.low", "not plausible"}},
        // --- profiles, classify, report, run: hostile profile folders
        {"numbers_profile_peak_1e-300",
         {{"profiles/chips/nvidia-h20.json", profile_with("\"fp16\": 148", "\"fp16\": 1e-300")}},
         {"profiles", "list", "--profiles", "{dir}/profiles"},
         {"nvidia-h20.json", "profile 'nvidia-h20'", "peak_dense.fp16", "not plausible"}},
        {"numbers_profile_bandwidth_absurd",
         {{"profiles/chips/nvidia-h20.json",
           profile_with("\"memory_bandwidth_tbs\": 4.0", "\"memory_bandwidth_tbs\": 4e6")}},
         {"classify", "--all", "--profiles", "{dir}/profiles"},
         {"nvidia-h20.json", "profile 'nvidia-h20'", "memory_bandwidth_tbs", "not plausible"}},
        {"numbers_profile_tdp_milliwatt",
         {{"profiles/chips/nvidia-h20.json", profile_with("\"tdp_w\": 400", "\"tdp_w\": 0.001")}},
         {"classify", "--all", "--profiles", "{dir}/profiles"},
         {"nvidia-h20.json", "field 'tdp_w'", "not plausible"}},
        {"numbers_profile_peak_tiny_in_report",
         {{"profiles/chips/nvidia-h20.json", profile_with("\"fp16\": 148", "\"fp16\": 5e-324")},
          {"e.json", kEstimateOk}},
         {"report", "{dir}/e.json", "--profiles", "{dir}/profiles"},
         {"nvidia-h20.json", "peak_dense.fp16"}},
        {"numbers_profile_peak_tiny_in_run",
         {{"profiles/chips/nvidia-h20.json", profile_with("\"fp16\": 148", "\"fp16\": 1e-300")}},
         {"run", "--profiles", "{dir}/profiles", "--out-dir", "{dir}/runs"},
         {"nvidia-h20.json", "peak_dense.fp16"},
         false},
        {"numbers_run_claims_decimal_comma",
         {{"c.json", one_claim(R"({"compute": "4,5 P"})")}},
         {"run", "--claims", "{dir}/c.json", "--out-dir", "{dir}/runs"},
         {"c.json", "claim 'c1'", "stated.compute", "thousands"},
         false},
        {"numbers_profile_id_too_long",
         {{"profiles/chips/nvidia-h20.json",
           profile_with("\"id\": \"nvidia-h20\"", "\"id\": \"" + std::string(100, 'h') + "\"")}},
         {"profiles", "list", "--profiles", "{dir}/profiles"},
         {"nvidia-h20.json", "field 'id'", "at most 64 bytes"}},
        {"numbers_profile_alias_escape_sequence",
         {{"profiles/chips/nvidia-h20.json", profile_with("\"H20\",", "\"H20\\u001b[2J\",")}},
         {"profiles", "show", "H100", "--profiles", "{dir}/profiles"},
         {"nvidia-h20.json", "profile 'nvidia-h20'", "aliases[0]", "control character"}},
        {"numbers_profile_nested_quantifier",
         {{"profiles/chips/nvidia-h20.json", profile_with("\"H20($|[^0-9])\"", "\"(H+)+$\"")}},
         {"classify", "--all", "--profiles", "{dir}/profiles"},
         {"nvidia-h20.json", "match.name_regex", "repeats a group"}},
        {"numbers_profile_citation_too_long",
         {{"profiles/chips/nvidia-h20.json",
           profile_with("\"tdp_w\": \"[toms_h20]",
                        "\"tdp_w\": \"" + std::string(1200, 'c') + " [toms_h20]")}},
         {"profiles", "list", "--profiles", "{dir}/profiles"},
         {"nvidia-h20.json", "sources.tdp_w", "at most 1000"}},
        {"numbers_report_range_past_the_cap",
         {{"e.json",
           [] {
               std::string text = kEstimateOk;
               text.replace(text.find("\"high\": 3"), 9, "\"high\": 1e31");
               return text;
           }()}},
         {"report", "{dir}/e.json"},
         {"e.json", "claims[0].equivalents.nvidia-h100-sxm.high", "1e+30"}},
    };
}

const bool registered = register_bad_inputs(cases());

class BadInputNumbersTest : public ::testing::TestWithParam<BadInput> {};

TEST_P(BadInputNumbersTest, ExitsWithAMessageNamingWhatIsWrongAndWritesNothing) {
    EXPECT_TRUE(registered);
    check_bad_input(GetParam());
}

INSTANTIATE_TEST_SUITE_P(Numbers, BadInputNumbersTest, ::testing::ValuesIn(cases()),
                         [](const auto& param_info) {
                             std::string name = param_info.param.name;
                             for (char& c : name) {
                                 if (c == '-') c = '_';
                             }
                             return name;
                         });

}  // namespace
}  // namespace chipcount::test
