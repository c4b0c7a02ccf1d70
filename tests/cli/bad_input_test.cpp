// Bad input, table-driven, across every command that reads a file or a flag. Each case asserts
// the exit code (2, or 3 where a GPU is missing), a message naming the file and the field or
// claim (or the flag), and that no output file was created or changed.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>

#include "test_support.hpp"

namespace chipcount::test {
namespace {

namespace fs = std::filesystem;

struct BadInput {
    const char* name;
    std::vector<std::pair<std::string, std::string>> files;  // written into the case's folder
    std::vector<std::string> args;                           // {dir} is the case's folder
    std::vector<std::string> expect;                         // each must appear in stderr
    bool takes_output = true;                                // add -o {dir}/out and check it
    int exit_code = 2;
};

void PrintTo(const BadInput& c, std::ostream* os) {
    *os << c.name;
}

const std::string kClaimsHead = R"({"format": "chipcount.claims", "version": 1, "claims": [)";
std::string claims(const std::string& body) {
    return kClaimsHead + body + "]}";
}
std::string one_claim(const std::string& stated) {
    return claims(R"({"id": "c1", "stated": )" + stated + "}");
}

const std::string kResultOk = R"({"format": "chipcount.result", "version": 1,
  "tool": {"name": "chipcount", "version": "0.1.0", "git_sha": "abcdef0123", "git_dirty": false, "cuda": true},
  "run": {"started_at": "2026-01-01T00:00:00Z", "finished_at": "2026-01-01T00:01:00Z", "argv": [], "host": "h"},
  "device": {"name": "NVIDIA H100 80GB HBM3", "profile": "nvidia-h100-sxm"},
  "results": [RESULTS], "summary": {"precisions": {}}, "notes": []})";
std::string result_with(const std::string& results) {
    std::string text = kResultOk;
    text.replace(text.find("RESULTS"), 7, results);
    return text;
}
const std::string kOkCase =
    R"({"kind": "gemm", "backend": "cublaslt", "precision": "bf16", "m": 8, "n": 8, "k": 8, "phase": "burst",
  "status": "ok", "timing": {"median_ms": 1, "min_ms": 1, "max_ms": 1, "samples_ms": [1]}, "tflops": {"median": 1, "max": 1},
  "validation": {"reference": "fp64", "rel_error": 0, "tolerance": 0.03, "passed": true}})";

std::string profile_with(const std::string& from, const std::string& to) {
    std::string text = read_text(profiles_dir() / "chips" / "nvidia-h20.json");
    text.replace(text.find(from), from.size(), to);
    return text;
}

std::vector<BadInput> cases() {
    const std::string unreadable = geteuid() == 0 ? "/proc/self/mem" : "{dir}/noread.json";
    return {
        // --- estimate CLAIMS.json: the claims reader
        {"claims_empty_file",
         {{"c.json", ""}},
         {"estimate", "{dir}/c.json"},
         {"c.json", "empty file"}},
        {"claims_truncated",
         {{"c.json", one_claim(R"({"chips": 5, "chip": "H100"})").substr(0, 60)}},
         {"estimate", "{dir}/c.json"},
         {"c.json", "malformed JSON"}},
        {"claims_wrong_format",
         {{"c.json", R"({"format": "chipcount.result", "version": 1, "claims": []})"}},
         {"estimate", "{dir}/c.json"},
         {"c.json", "field 'format'"}},
        {"claims_future_version",
         {{"c.json", R"({"format": "chipcount.claims", "version": 7, "claims": []})"}},
         {"estimate", "{dir}/c.json"},
         {"c.json", "field 'version'", "7"}},
        {"claims_not_an_array",
         {{"c.json", R"({"format": "chipcount.claims", "version": 1, "claims": {"id": "x"}})"}},
         {"estimate", "{dir}/c.json"},
         {"c.json", "field 'claims'"}},
        {"claims_top_level_array",
         {{"c.json", "[1, 2]"}},
         {"estimate", "{dir}/c.json"},
         {"c.json", "JSON object"}},
        {"claim_missing_stated",
         {{"c.json", claims(R"({"id": "c1"})")}},
         {"estimate", "{dir}/c.json"},
         {"c.json", "claim 'c1'", "field 'stated'"}},
        {"claim_id_wrong_type",
         {{"c.json", claims(R"({"id": 5, "stated": {}})")}},
         {"estimate", "{dir}/c.json"},
         {"c.json", "claims[0]", "field 'id'"}},
        {"claim_unknown_chip",
         {{"c.json", one_claim(R"({"chips": 5, "chip": "H1OO"})")}},
         {"estimate", "{dir}/c.json"},
         {"c.json", "claim 'c1'", "field 'stated.chip'", "closest"}},
        {"claim_unknown_unit",
         {{"c.json", one_claim(R"({"compute": {"value": 5, "unit": "ZFLOPS"}})")}},
         {"estimate", "{dir}/c.json"},
         {"c.json", "claim 'c1'", "stated.compute.unit"}},
        {"claim_unknown_precision",
         {{"c.json", one_claim(R"({"compute": {"value": 5, "unit": "P", "precision": "fp13"}})")}},
         {"estimate", "{dir}/c.json"},
         {"c.json", "claim 'c1'", "stated.compute.precision"}},
        {"claim_negative",
         {{"c.json", one_claim(R"({"chips": -5, "chip": "H100"})")}},
         {"estimate", "{dir}/c.json"},
         {"c.json", "claim 'c1'", "stated.chips", "positive"}},
        {"claim_zero",
         {{"c.json", one_claim(R"({"servers": 0, "chip": "H100"})")}},
         {"estimate", "{dir}/c.json"},
         {"c.json", "claim 'c1'", "stated.servers"}},
        {"claim_nan",
         {{"c.json", one_claim(R"({"chips": NaN, "chip": "H100"})")}},
         {"estimate", "{dir}/c.json"},
         {"c.json", "malformed JSON"}},
        {"claim_inf",
         {{"c.json", one_claim(R"({"chips": 1e999, "chip": "H100"})")}},
         {"estimate", "{dir}/c.json"},
         {"c.json", "overflow"}},
        {"claim_1e308",
         {{"c.json", one_claim(R"({"compute": {"value": 1e308, "unit": "P"}})")}},
         {"estimate", "{dir}/c.json"},
         {"c.json", "claim 'c1'", "stated.compute.value"}},
        {"claim_absurd_count",
         {{"c.json", one_claim(R"({"chips": 1e15, "chip": "H100"})")}},
         {"estimate", "{dir}/c.json"},
         {"c.json", "claim 'c1'", "stated.chips", "not plausible"}},
        {"claim_fractional_gpus",
         {{"c.json", one_claim(R"({"servers": 5, "gpus_per_server": 7.5, "chip": "H100"})")}},
         {"estimate", "{dir}/c.json"},
         {"c.json", "claim 'c1'", "stated.gpus_per_server"}},
        {"claim_bad_power_basis",
         {{"c.json", one_claim(R"({"power": {"value": 5, "unit": "MW", "basis": "roof"}})")}},
         {"estimate", "{dir}/c.json"},
         {"c.json", "claim 'c1'", "stated.power.basis"}},
        {"claims_duplicate_id",
         {{"c.json",
           claims(
               R"({"id": "d", "stated": {"chips": 1, "chip": "H20"}}, {"id": "d", "stated": {"chips": 2, "chip": "H20"}})")}},
         {"estimate", "{dir}/c.json"},
         {"c.json", "claim 'd'", "duplicate id"}},
        {"claims_part_of_loop",
         {{"c.json",
           claims(
               R"({"id": "a", "part_of": "c", "stated": {"chips": 1, "chip": "H20"}}, {"id": "b", "part_of": "a", "stated": {"chips": 1, "chip": "H20"}}, {"id": "c", "part_of": "b", "stated": {"chips": 1, "chip": "H20"}})")}},
         {"estimate", "{dir}/c.json"},
         {"c.json", "field 'part_of'", "loops"}},
        {"claims_part_of_nowhere",
         {{"c.json",
           claims(R"({"id": "a", "part_of": "zz", "stated": {"chips": 1, "chip": "H20"}})")}},
         {"estimate", "{dir}/c.json"},
         {"c.json", "claim 'a'", "no claim with id 'zz'"}},
        {"claims_directory", {}, {"estimate", "{dir}"}, {"is a directory"}},
        {"claims_unreadable",
         {{"noread.json", one_claim(R"({"chips": 5, "chip": "H100"})")}},
         {"estimate", unreadable},
         {"cannot"}},
        {"claims_missing_file",
         {},
         {"estimate", "{dir}/absent.json"},
         {"absent.json", "no such file"}},
        {"output_in_missing_directory",
         {},
         {"estimate", "--chips", "5", "--chip", "H100", "-o", "{dir}/no/such/dir/out.json"},
         {"no/such/dir", "does not exist"},
         false},
        {"output_exists",
         {{"out", "precious"}},
         {"estimate", "--chips", "5", "--chip", "H100"},
         {"out", "already exists", "--force"}},
        // --- estimate flags and the files they name
        {"flag_chips_zero", {}, {"estimate", "--chips", "0", "--chip", "H100"}, {"--chips"}},
        {"flag_chips_inf", {}, {"estimate", "--chips", "inf", "--chip", "H100"}, {"--chips"}},
        {"flag_compute_overflow", {}, {"estimate", "--compute", "1e400 P"}, {"--compute"}},
        {"flag_servers_absurd",
         {},
         {"estimate", "--servers", "1e15", "--chip", "H100"},
         {"command line", "stated.servers"}},
        {"flag_unknown_precision",
         {},
         {"estimate", "--compute", "5 P", "--precision", "fp12"},
         {"--precision", "fp12"}},
        {"flag_unknown_target",
         {},
         {"estimate", "--chips", "5", "--chip", "H100", "--targets", "H100,Z9"},
         {"--targets", "Z9"}},
        {"flag_unknown_unit",
         {},
         {"estimate", "--power", "100 MWh"},
         {"command line", "stated.power.unit"}},
        {"measured_missing",
         {},
         {"estimate", "--chips", "5", "--chip", "H100", "--basis", "measured", "--measured",
          "{dir}/r.json"},
         {"r.json", "no such file"}},
        {"measured_wrong_format",
         {{"r.json", one_claim(R"({"chips": 5, "chip": "H100"})")}},
         {"estimate", "--chips", "5", "--chip", "H100", "--measured", "{dir}/r.json"},
         {"r.json", "field 'format'"}},
        {"assumptions_negative_pue",
         {{"a.json",
           R"({"format": "chipcount.assumptions", "version": 1, "factors": {"server_power_per_gpu_factor": {"low": 1, "central": 1, "high": 1, "source": "s"}, "it_overhead_factor": {"low": 1, "central": 1, "high": 1, "source": "s"}, "pue": {"low": -1, "central": 1.3, "high": 1.4, "source": "s"}}, "gpus_per_server_default": {"value": 8}, "reference_chip": {"value": "nvidia-h100-sxm"}, "check_tolerance": {"value": 0.1}})"}},
         {"estimate", "--chips", "5", "--chip", "H100", "--assumptions", "{dir}/a.json"},
         {"a.json", "factors.pue.low"}},
        // --- profiles, classify: the profile and rules readers
        {"profile_negative_peak",
         {{"profiles/chips/nvidia-h20.json", profile_with("\"fp16\": 148", "\"fp16\": -1")}},
         {"profiles", "list", "--profiles", "{dir}/profiles"},
         {"nvidia-h20.json", "profile 'nvidia-h20'", "peak_dense.fp16"}},
        {"profile_missing_source",
         {{"profiles/chips/nvidia-h20.json", profile_with("\"tdp_w\": \"", "\"tdp_x\": \"")}},
         {"classify", "--all", "--profiles", "{dir}/profiles"},
         {"nvidia-h20.json", "sources.tdp_w"}},
        {"profile_duplicate_alias",
         {{"profiles/chips/nvidia-h20.json", profile_with("\"H20\",", "\"910B\",")}},
         {"profiles", "show", "H20", "--profiles", "{dir}/profiles"},
         {"'910B' is already used by", "nvidia-h20"}},
        {"profiles_missing_directory",
         {},
         {"profiles", "list", "--profiles", "{dir}/nowhere"},
         {"--profiles", "nowhere"}},
        {"rules_negative_threshold",
         {{"profiles/rules/eccn-3a090.json",
           "{\"format\": \"chipcount.rules\", \"version\": 1, \"citation\": \"c\", \"source\": "
           "\"s\", \"effective_date\": \"d\", \"tiers\": [{\"tier\": \"x\", \"text\": \"t\", "
           "\"tpp_min\": -4800}], \"non_datacenter\": {\"note\": \"n\", \"tpp_exempt_below\": "
           "4800}, \"non_us_origin_note\": \"n\"}"}},
         {"classify", "--all", "--profiles", "{dir}/profiles"},
         {"eccn-3a090.json", "tiers[0].tpp_min"}},
        {"profiles_unknown_chip",
         {},
         {"profiles", "compare", "H100", "Ascend 999"},
         {"unknown chip 'Ascend 999'", "closest"}},
        // --- report, publish, compare: the result and estimate readers
        {"report_claims_file",
         {{"c.json", one_claim(R"({"chips": 5, "chip": "H100"})")}},
         {"report", "{dir}/c.json"},
         {"c.json", "field 'format'"}},
        {"report_truncated_estimate",
         {{"e.json", R"({"format": "chipcount.estimate", "version": 1, "claims": [)"}},
         {"report", "{dir}/e.json"},
         {"e.json", "malformed JSON"}},
        {"report_estimate_wrong_types",
         {{"e.json",
           R"({"format": "chipcount.estimate", "version": 1, "targets": ["a"], "assumptions": {}, "input": {}, "claims": 5, "totals": {}})"}},
         {"report", "{dir}/e.json"},
         {"e.json", "field 'claims'"}},
        {"publish_failed_validation",
         {{"r.json", result_with(std::string(kOkCase).replace(std::string(kOkCase).find("true"), 4,
                                                              "false"))}},
         {"publish", "{dir}/r.json", "--results", "{dir}"},
         {"r.json", "validation.passed"},
         false},
        {"publish_missing_timing",
         {{"r.json",
           result_with(
               R"({"kind": "gemm", "backend": "cublaslt", "precision": "bf16", "m": 8, "n": 8, "k": 8, "phase": "burst", "status": "ok"})")}},
         {"publish", "{dir}/r.json", "--results", "{dir}"},
         {"r.json", "results[0].timing"},
         false},
        {"publish_future_version",
         {{"r.json", R"({"format": "chipcount.result", "version": 3})"}},
         {"publish", "{dir}/r.json", "--results", "{dir}"},
         {"r.json", "field 'version'"},
         false},
        {"compare_dimension_wrong_type",
         {{"a.json", result_with(std::string(kOkCase).replace(std::string(kOkCase).find("\"m\": 8"),
                                                              6, "\"m\": \"8\""))},
          {"b.json", result_with(kOkCase)}},
         {"compare", "{dir}/a.json", "{dir}/b.json"},
         {"a.json", "results[0].m"}},
        {"compare_directory",
         {{"b.json", result_with(kOkCase)}},
         {"compare", "{dir}", "{dir}/b.json"},
         {"is a directory"}},
        {"publish_bandwidth_not_validated",
         {{"r.json",
           result_with(
               R"({"kind": "bandwidth", "backend": "chipcount", "pattern": "copy", "bytes": 1e10, "status": "ok",
  "timing": {"median_ms": 5, "min_ms": 4, "max_ms": 5, "samples_ms": [4, 5]}, "tbs": {"median": 2, "max": 2.5},
  "validation": {"errors": 0, "passed": false}}, )" +
               kOkCase)}},
         {"publish", "{dir}/r.json", "--results", "{dir}"},
         {"r.json", "results[0] (bandwidth copy).validation.passed"},
         false},
        {"result_samples_implausibly_short",
         {{"a.json", result_with(std::string(kOkCase).replace(std::string(kOkCase).find("[1]"), 3,
                                                              "[5e-324]"))},
          {"b.json", result_with(kOkCase)}},
         {"compare", "{dir}/a.json", "{dir}/b.json"},
         {"a.json", "results[0].timing.samples_ms", "implausibly short"}},
        {"report_estimate_range_1e308",
         {{"e.json",
           R"({"format": "chipcount.estimate", "version": 1, "targets": ["nvidia-h100-sxm"], "assumptions": {}, "input": {},
  "claims": [{"id": "c", "part_of": null, "equivalents": {"nvidia-h100-sxm": {"low": 1e308, "central": 1e308, "high": 1e308}}, "checks": []}],
  "totals": {"equivalents": {}}})"}},
         {"report", "{dir}/e.json"},
         {"e.json", "claims[0].equivalents.nvidia-h100-sxm.low"}},
        {"assumptions_unknown_default_target",
         {{"a.json",
           [] {
               std::string text = read_text(profiles_dir() / "assumptions.json");
               text.replace(text.find("\"nvidia-h20\""), 12, "\"no-such-gpu\"");
               return text;
           }()}},
         {"estimate", "--compute", "4000 P", "--assumptions", "{dir}/a.json"},
         {"a.json", "default_targets.value", "no-such-gpu"}},
        // --- bench, run, devices flags
        {"bench_zero_shape", {}, {"bench", "--shapes", "0x8x8"}, {"--shapes", "0x8x8"}, false},
        {"bench_unknown_precision",
         {},
         {"bench", "--precision", "fp4"},
         {"--precision", "fp4"},
         false},
        {"run_bad_claims",
         {{"c.json", one_claim(R"({"chips": -1, "chip": "H100"})")}},
         {"run", "--claims", "{dir}/c.json", "--out-dir", "{dir}/runs"},
         {"c.json", "claim 'c1'", "stated.chips"},
         false},
        {"devices_bad_format", {}, {"devices", "--format", "xml"}, {"--format", "xml"}},
    };
}

class BadInputTest : public ::testing::TestWithParam<BadInput> {};

std::string substitute(std::string text, const fs::path& dir) {
    for (std::size_t at = text.find("{dir}"); at != std::string::npos;
         at = text.find("{dir}", at)) {
        text.replace(at, 5, dir.string());
    }
    return text;
}

TEST_P(BadInputTest, ExitsWithAMessageNamingWhatIsWrongAndWritesNothing) {
    const BadInput& c = GetParam();
    TempDir dir;
    for (const auto& [name, content] : c.files) {
        if (name.rfind("profiles/", 0) == 0 && !fs::exists(dir / "profiles"))
            copy_profiles(dir.path());
        fs::create_directories((dir / name).parent_path());
        write_text(dir / name, content);
    }
    if (geteuid() != 0 && fs::exists(dir / "noread.json"))
        fs::permissions(dir / "noread.json", fs::perms::none);
    std::vector<std::string> args;
    for (const auto& a : c.args) args.push_back(substitute(a, dir.path()));
    const fs::path out = dir / "out";
    const bool existed = fs::exists(out);
    const std::string before = existed ? read_text(out) : "";
    if (c.takes_output) {
        args.push_back("-o");
        args.push_back(out.string());
    }
    const auto files_before = std::distance(fs::recursive_directory_iterator(dir.path()),
                                            fs::recursive_directory_iterator());

    const auto r = run_chipcount(args, {}, dir.path());
    EXPECT_EQ(r.exit_code, c.exit_code) << r.err;
    for (const auto& needle : c.expect)
        EXPECT_NE(r.err.find(needle), std::string::npos) << "'" << needle << "' not in: " << r.err;
    EXPECT_EQ(r.err.find("failure:"), std::string::npos) << "an unexpected exception: " << r.err;
    // No output created or changed, nothing else written either.
    EXPECT_EQ(fs::exists(out), existed);
    if (existed) {
        EXPECT_EQ(read_text(out), before);
    }
    const auto files_after = std::distance(fs::recursive_directory_iterator(dir.path()),
                                           fs::recursive_directory_iterator());
    EXPECT_EQ(files_after, files_before);
}

INSTANTIATE_TEST_SUITE_P(Table, BadInputTest, ::testing::ValuesIn(cases()),
                         [](const auto& param_info) { return std::string(param_info.param.name); });

TEST(BadInputTable, HasAtLeastFortyCases) {
    EXPECT_GE(cases().size(), 40u);
}

}  // namespace
}  // namespace chipcount::test
