// Bad input, table-driven: text rules. A NUL byte, a key written twice, control, bidi, invisible
// and non-ASCII space characters in ids, names and aliases, texts of a result, a target named
// twice, an estimate's reversed range and counts on the command line that are not digits.
// The harness is in tests/support/bad_input.cpp.
#include <gtest/gtest.h>

#include "bad_input.hpp"
#include "test_support.hpp"

namespace chipcount::test {
namespace {

const std::string kEstimateOk =
    R"({"format": "chipcount.estimate", "version": 1, "targets": ["nvidia-h100-sxm"], "assumptions": {}, "input": {},
  "claims": [{"id": "c", "part_of": null, "equivalents": {"nvidia-h100-sxm": RANGE}, "checks": []}],
  "totals": {"equivalents": {}}})";

std::string estimate_with(const std::string& range) {
    std::string text = kEstimateOk;
    text.replace(text.find("RANGE"), 5, range);
    return text;
}

std::string claim_id(const std::string& id) {
    return claims(R"({"id": ")" + id + R"(", "stated": {"chips": 5, "chip": "H100"}})");
}

std::string device_named(const std::string& name) {
    std::string text = result_with(kOkCase);
    const std::string from = R"("name": "NVIDIA H100 80GB HBM3")";
    text.replace(text.find(from), from.size(), R"("name": ")" + name + "\"");
    return text;
}

std::string assumptions_with(const std::string& from, const std::string& to) {
    std::string text = read_text(profiles_dir() / "assumptions.json");
    text.replace(text.find(from), from.size(), to);
    return text;
}

BadInput claim_id_case(const char* name, const std::string& id, const char* why) {
    return {name,
            {{"c.json", claim_id(id)}},
            {"estimate", "{dir}/c.json"},
            {"c.json", "field 'id'", why}};
}

// A claim whose other texts (name, region, source, notes, part_of) hold `key: value`.
BadInput claim_text_case(const char* name, const std::string& field, const std::string& value,
                         const char* why) {
    return {name,
            {{"c.json", claims(R"({"id": "c1", ")" + field + R"(": ")" + value +
                               R"(", "stated": {"chips": 5, "chip": "H100"}})")}},
            {"estimate", "{dir}/c.json"},
            {"c.json", "claim 'c1'", "field '" + field + "'", why}};
}

BadInput alias_case(const char* name, const std::string& alias, const char* why) {
    return {name,
            {{"profiles/chips/nvidia-h20.json", profile_with(R"("HGX H20")", alias)}},
            {"profiles", "list", "--profiles", "{dir}/profiles"},
            {"nvidia-h20.json", "field 'aliases[1]'", why}};
}

std::vector<BadInput> cases() {
    const char* invisible = "invisible or control character";
    const char* space = "non-ASCII space";
    return {
        // --- T1: nothing may hide after a NUL byte
        {"text_claims_nul_then_garbage",
         {{"c.json", one_claim(R"({"chips": 5, "chip": "H100"})") + std::string("\0{garbage", 9)}},
         {"estimate", "{dir}/c.json"},
         {"c.json:", "a NUL byte"}},
        {"text_publish_nul_then_garbage",
         {{"r.json", result_with(kOkCase) + std::string("\0{garbage", 9)}},
         {"publish", "{dir}/r.json", "--results", "{dir}/results"},
         {"r.json:", "a NUL byte"},
         false,
         2,
         [](const std::filesystem::path& dir) {
             std::filesystem::create_directories(dir / "results");
         }},
        // --- T2: a key written twice
        {"text_claims_duplicate_key",
         {{"c.json", one_claim(R"({"chips": 5, "chips": 7, "chip": "H100"})")}},
         {"estimate", "{dir}/c.json"},
         {"c.json", "claims[0].stated.chips", "duplicate key 'chips'"}},
        {"text_profile_duplicate_key",
         {{"profiles/chips/nvidia-h20.json",
           profile_with(R"("datacenter": true)", R"("datacenter": true, "datacenter": false)")}},
         {"profiles", "list", "--profiles", "{dir}/profiles"},
         {"nvidia-h20.json", "field 'datacenter'", "duplicate key 'datacenter'"}},
        {"text_result_duplicate_key",
         {{"r.json", device_named(R"(NVIDIA H100", "name": "other)")}},
         {"report", "{dir}/r.json"},
         {"r.json", "device.name", "duplicate key 'name'"}},
        // --- T3: one set of control, bidi and invisible characters
        claim_id_case("text_claim_id_arabic_letter_mark", R"(a\u061cb)", invisible),
        claim_id_case("text_claim_id_line_separator", R"(a\u2028b)", invisible),
        claim_id_case("text_claim_id_paragraph_separator", R"(a\u2029b)", invisible),
        claim_id_case("text_claim_id_zero_width_space", R"(a\u200bb)", invisible),
        claim_id_case("text_claim_id_word_joiner", R"(a\u2060b)", invisible),
        claim_id_case("text_claim_id_bom", R"(\ufeffa)", invisible),
        claim_id_case("text_claim_id_soft_hyphen", R"(a\u00adb)", invisible),
        // --- T4: names that pass for another
        claim_id_case("text_claim_id_no_break_space", R"(c1\u00a0)", space),
        alias_case("text_alias_zero_width", R"("H\u200b20")", invisible),
        alias_case("text_alias_no_break_space", R"("H20\u00a0")", space),
        alias_case("text_alias_em_space", R"("H\u200320")", space),
        alias_case("text_alias_narrow_no_break_space", R"("H20\u202f")", space),
        alias_case("text_alias_ideographic_space", R"("H20\u3000")", space),
        {"text_profile_name_no_break_space",
         {{"profiles/chips/nvidia-h20.json",
           profile_with(R"("name": "NVIDIA H20)", R"("name": "NVIDIA\u00a0H20)")}},
         {"profiles", "list", "--profiles", "{dir}/profiles"},
         {"nvidia-h20.json", "field 'name'", space}},
        // --- T5: a result's texts are read as text
        {"text_result_device_name_escape",
         {{"r.json", device_named(R"(EVIL\u001b]0;pwned\u0007\u202e)")}},
         {"report", "{dir}/r.json"},
         {"r.json", "field 'device.name'", invisible}},
        {"text_result_device_name_nul",
         {{"r.json", device_named(R"(EVIL\u0000)")}},
         {"report", "{dir}/r.json"},
         {"r.json", "field 'device.name'", invisible}},
        {"text_result_backend_bidi",
         {{"r.json", result_with(kOkCase).replace(result_with(kOkCase).find("cublaslt"), 8,
                                                  R"(cublas\u202elt)")}},
         {"report", "{dir}/r.json"},
         {"r.json", "backend", invisible}},
        // --- T6: a target named twice
        {"text_targets_twice",
         {},
         {"estimate", "--chips", "5", "--chip", "H100", "--targets", "H100,H100,H100"},
         {"--targets", "a second time"}},
        {"text_targets_alias_and_id",
         {},
         {"estimate", "--chips", "5", "--chip", "H100", "--targets", "H100,nvidia-h100-sxm"},
         {"--targets", "nvidia-h100-sxm a second time"}},
        {"text_default_targets_twice",
         {{"a.json",
           assumptions_with(R"(["nvidia-h100-sxm", )", R"(["nvidia-h100-sxm", "H100", )")}},
         {"estimate", "--chips", "5", "--chip", "H100", "--assumptions", "{dir}/a.json"},
         {"a.json", "default_targets.value", "a second time"}},
        // --- T7: ranges are ordered
        {"text_report_range_reversed",
         {{"e.json", estimate_with(R"({"low": 10, "central": 5, "high": 1})")}},
         {"report", "{dir}/e.json"},
         {"e.json", "claims[0].equivalents.nvidia-h100-sxm.low", "above central"}},
        {"text_report_central_above_high",
         {{"e.json", estimate_with(R"({"low": 1, "central": 5, "high": 3})")}},
         {"report", "{dir}/e.json"},
         {"e.json", "nvidia-h100-sxm.central", "above high"}},
        // --- T9: a claim's other texts follow the same rules as its id
        claim_text_case("text_claim_name_escape", "name", R"(Evil\u001b[2J)", invisible),
        claim_text_case("text_claim_name_bidi", "name", R"(abc\u202edef)", invisible),
        claim_text_case("text_claim_name_no_break_space", "name", R"(Project\u00a0A)", space),
        claim_text_case("text_claim_name_too_long", "name", std::string(257, 'n'),
                        "is 257 bytes long (at most 256)"),
        claim_text_case("text_claim_region_zero_width", "region", R"(Xin\u200bjiang)", invisible),
        claim_text_case("text_claim_source_nul", "source", R"(report\u0000)", invisible),
        claim_text_case("text_claim_source_too_long", "source", std::string(1001, 's'),
                        "at most 1000"),
        claim_text_case("text_claim_notes_bidi_isolate", "notes", R"(a\u2067b)", invisible),
        claim_text_case("text_claim_notes_too_long", "notes", std::string(4001, 'x'),
                        "at most 4000"),
        claim_text_case("text_claim_part_of_no_break_space", "part_of", R"(c0\u00a0)", space),
        {"text_claims_title_escape",
         {{"c.json", R"({"format": "chipcount.claims", "version": 1, "title": "T\u009b31m",
             "claims": [{"id": "c1", "stated": {"chips": 5, "chip": "H100"}}]})"}},
         {"estimate", "{dir}/c.json"},
         {"c.json", "field 'title'", invisible}},
        // --- T8: a count on the command line is a figure as a claims file takes it (the same
        // reader): a count of whole chips, commas in thousands only
        {"text_flag_chips_fraction",
         {},
         {"estimate", "--chips", "1000.5", "--chip", "H100"},
         {"--chips", "whole number"}},
        {"text_flag_servers_not_a_figure",
         {},
         {"estimate", "--servers", "many", "--chip", "H100"},
         {"--servers", "expected a figure"}},
        {"text_flag_chips_bad_grouping",
         {},
         {"estimate", "--chips", "40,00", "--chip", "H100"},
         {"--chips", "groups of three"}},
        {"text_flag_chip_name_megabytes_long",
         {},
         {"estimate", "--chips", "5", "--chip", std::string(100000, 'H')},
         {"--chip", "100000 bytes, longer than any chip id or alias"}},
        {"text_flag_compute_below_the_least",
         {},
         {"estimate", "--compute", "5e-324 P"},
         {"--compute", "the least is 1 GFLOPS"}},
        {"text_flag_compute_without_unit",
         {},
         {"estimate", "--compute", "about 4000"},
         {"--compute", "needs a unit"}},
    };
}

const bool registered = register_bad_inputs(cases());

class BadInputTextTest : public ::testing::TestWithParam<BadInput> {};

TEST_P(BadInputTextTest, ExitsWithAMessageNamingWhatIsWrongAndWritesNothing) {
    check_bad_input(GetParam());
}

INSTANTIATE_TEST_SUITE_P(Text, BadInputTextTest, ::testing::ValuesIn(cases()),
                         [](const auto& param_info) { return std::string(param_info.param.name); });

TEST(BadInputTextTable, HasAtLeastTwentyCases) {
    EXPECT_TRUE(registered);
    EXPECT_GE(cases().size(), 20u);
}

}  // namespace
}  // namespace chipcount::test
