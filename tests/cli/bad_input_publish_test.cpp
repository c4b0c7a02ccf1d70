// Bad input for `publish` (issue 14), table-driven with the shared harness (tests/support/
// bad_input.hpp): a path built from anything but a known profile, a UTC date and a hex sha; a
// result that lies; a results folder holding files publish cannot account for. Each case: exit 2,
// the file and the field (or the stray file) named, nothing created or changed in the case folder,
// which holds the results folder and everything around it.
#include <gtest/gtest.h>

#include <filesystem>

#include "bad_input.hpp"
#include "test_support.hpp"

namespace chipcount::test {
namespace {
namespace fs = std::filesystem;

// One consistent bf16 case: 2 x 1000^3 flop at 4, 5 and 6 ms is 0.4 TFLOPS by the median and
// 0.5 at the fastest; its error 0.001 is within bf16's 0.03.
const std::string kCase =
    R"({"kind": "gemm", "backend": "cublaslt", "precision": "bf16", "m": 1000, "n": 1000, "k": 1000,
  "phase": "burst", "status": "ok",
  "timing": {"median_ms": 5, "min_ms": 4, "max_ms": 6, "samples_ms": [4, 5, 6]}, "tflops": {"median": 0.4, "max": 0.5},
  "validation": {"reference": "fp64", "rel_error": 0.001, "tolerance": 0.03, "passed": true}})";
// A copy moving 1e10 bytes in `ms` milliseconds (1e10 / ms / 1e9 TB/s).
std::string copy_case(const std::string& ms, const std::string& tbs) {
    return R"({"kind": "bandwidth", "backend": "chipcount", "pattern": "copy", "bytes": 1e10, "status": "ok",
  "timing": {"median_ms": )" +
           ms + R"(, "min_ms": )" + ms + R"(, "max_ms": )" + ms + R"(, "samples_ms": [)" + ms +
           R"(]}, "tbs": {"median": )" + tbs + R"(, "max": )" + tbs +
           R"(}, "validation": {"errors": 0, "passed": true}})";
}

// `text` with its first `from` replaced by `to` (which must be there: a case that changed
// nothing would test the valid result).
std::string replaced(std::string text, const std::string& from, const std::string& to) {
    const auto at = text.find(from);
    if (at == std::string::npos) throw std::logic_error("'" + from + "' is not in the text");
    return text.replace(at, from.size(), to);
}

const std::string kValid = result_with(kCase);  // publishes as nvidia-h100-sxm/2026-01-01-abcdef0
std::string valid_with(const std::string& from, const std::string& to) {
    return replaced(kValid, from, to);
}
std::string case_with(const std::string& from, const std::string& to) {
    return replaced(kValid, kCase, replaced(kCase, from, to));
}
std::string with_summary(const std::string& summary) {
    return valid_with(R"("summary": {"precisions": {}})", R"("summary": )" + summary);
}

const std::string kStartedAt = "2026-01-01T00:00:00Z";
const std::string kSha = "abcdef0123";
const std::string kProfile = R"("profile": "nvidia-h100-sxm")";
const std::string kCaseField = "results[0] (gemm cublaslt bf16 1000x1000x1000 burst)";

void make_results(const fs::path& dir) {
    fs::create_directories(dir / "results");
}

// `publish r.json --results {dir}/results`, with r.json holding `result`.
BadInput publishing(const char* name, const std::string& result, std::vector<std::string> expect,
                    std::vector<std::pair<std::string, std::string>> more_files = {},
                    std::function<void(const fs::path&)> prepare = make_results) {
    std::vector<std::pair<std::string, std::string>> files = {{"r.json", result}};
    files.insert(files.end(), more_files.begin(), more_files.end());
    return {name,
            std::move(files),
            {"publish", "{dir}/r.json", "--results", "{dir}/results"},
            std::move(expect),
            false,
            2,
            std::move(prepare)};
}

std::vector<BadInput> cases() {
    const std::string stray = "publish adds only to a results folder";
    return {
        // --- the published name: a known profile, a UTC date, a hex sha; nothing else
        publishing("publish_started_at_traversal", valid_with(kStartedAt, "../../../e"),
                   {"r.json", "field 'run.started_at'", "../../../e"}),
        publishing("publish_started_at_absolute", valid_with(kStartedAt, "/tmp/chipcount-e"),
                   {"r.json", "field 'run.started_at'"}),
        publishing("publish_started_at_newline", valid_with(kStartedAt, kStartedAt + "\\n../x"),
                   {"r.json", "field 'run.started_at'"}),
        publishing("publish_started_at_nul", valid_with(kStartedAt, "2026-01-01\\u0000/../x"),
                   {"r.json", "field 'run.started_at'"}),
        publishing("publish_started_at_no_such_day", valid_with(kStartedAt, "2026-02-30T00:00:00Z"),
                   {"r.json", "field 'run.started_at'", "2026-02-30"}),
        publishing("publish_git_sha_traversal", valid_with(kSha, "abcdef0/../../../x"),
                   {"r.json", "field 'tool.git_sha'"}),
        publishing("publish_git_sha_absolute", valid_with(kSha, "/etc/passwd"),
                   {"r.json", "field 'tool.git_sha'"}),
        publishing("publish_git_sha_too_short", valid_with(kSha, "abc"),
                   {"r.json", "field 'tool.git_sha'", "7 to 40"}),
        publishing("publish_profile_traversal",
                   valid_with(kProfile, R"("profile": "../../../nvidia-h100-sxm")"),
                   {"r.json", "field 'device.profile'", "unknown chip"}),
        publishing("publish_profile_absolute", valid_with(kProfile, R"("profile": "/etc")"),
                   {"r.json", "field 'device.profile'"}),
        publishing("publish_profile_newline",
                   valid_with(kProfile, R"("profile": "nvidia-h100-sxm\n")"),
                   {"r.json", "field 'device.profile'", "control characters"}),
        // --- results that lie
        publishing("publish_negative_tflops", case_with(R"("median": 0.4)", R"("median": -0.4)"),
                   {"r.json", kCaseField + ".tflops.median", "negative"}),
        publishing("publish_tflops_not_from_samples",
                   case_with(R"("median": 0.4)", R"("median": 4)"),
                   {"r.json", kCaseField + ".tflops.median", "states 4", "0.4"}),
        publishing("publish_median_outside_min_max",
                   case_with(R"("median_ms": 5)", R"("median_ms": 50)"),
                   {"r.json", kCaseField + ".timing.median_ms", "states 50"}),
        // 2 x 1000^3 flop in 6.5e-4 ms is 3077 TFLOPS, over 3 x 989.4 (H100 SXM bf16).
        publishing("publish_over_three_times_the_datasheet", case_with("[4, 5, 6]", "[0.00065]"),
                   {"r.json", kCaseField + ".timing.samples_ms", "3x", "989.4"}),
        // 1e10 bytes in 0.5 ms is 20 TB/s, over 3 x 3.35 TB/s.
        publishing("publish_bandwidth_over_three_times_the_datasheet",
                   replaced(kValid, kCase, kCase + ", " + copy_case("0.5", "20")),
                   {"r.json", "results[1] (bandwidth copy).timing.samples_ms", "3x", "3.35"}),
        publishing("publish_summary_disagrees_with_cases",
                   with_summary(R"({"precisions": {"bf16": {"best_tflops": 40}}})"),
                   {"r.json", "field 'summary.precisions.bf16.best_tflops'", "states 40", "0.4"}),
        publishing("publish_summary_precision_never_measured",
                   with_summary(R"({"precisions": {"fp8": {"best_tflops": 1900}}})"),
                   {"r.json", "field 'summary.precisions.fp8'"}),
        publishing("publish_summary_case_counts",
                   with_summary(R"({"validation": {"cases": 3, "passed": 3}})"),
                   {"r.json", "field 'summary.validation.cases'"}),
        publishing("publish_passed_with_error_over_tolerance",
                   case_with(R"("rel_error": 0.001)", R"("rel_error": 0.2)"),
                   {"r.json", kCaseField + ".validation.passed", "0.2", "0.03"}),
        publishing("publish_tolerance_looser_than_chipcount",
                   case_with(R"("tolerance": 0.03)", R"("tolerance": 0.5)"),
                   {"r.json", kCaseField + ".validation.tolerance", "looser"}),
        // --- a profile the device contradicts: its name and SM count must fit the match rule
        publishing("publish_device_is_not_the_claimed_profile",
                   valid_with(kProfile, R"("profile": "nvidia-b200")"),
                   {"r.json", "field 'device.name'", "NVIDIA H100 80GB HBM3", "nvidia-b200",
                    "device.profile"}),
        publishing("publish_sm_count_is_not_the_claimed_profiles",
                   valid_with(R"("sm_count": 132)", R"("sm_count": 114)"),
                   {"r.json", "field 'device.name'", "sm_count 114", "compute_units 132"}),
        publishing("publish_sm_count_missing_where_the_rule_needs_it",
                   valid_with(R"("sm_count": 132, )", ""),
                   {"r.json", "field 'device.sm_count'", "missing", "nvidia-h100-sxm"}),
        publishing(
            "publish_profile_without_a_match_rule",
            valid_with(kProfile, R"("profile": "huawei-ascend-910b")"),
            {"r.json", "field 'device.profile'", "huawei-ascend-910b", "no device match rule"}),
        // --- figures publish does not recompute: device figures in range, closed objects, and
        // no negative number anywhere
        publishing("publish_negative_power_limit",
                   valid_with(R"("sm_count": 132)", R"("sm_count": 132, "power_limit_w": -700)"),
                   {"r.json", "field 'device.power_limit_w'", "-700"}),
        publishing("publish_negative_sm_count",
                   valid_with(R"("sm_count": 132)", R"("sm_count": -5)"),
                   {"r.json", "field 'device.sm_count'", "-5"}),
        publishing("publish_absurd_device_memory",
                   valid_with(R"("sm_count": 132)", R"("sm_count": 132, "memory_bytes": 1e30)"),
                   {"r.json", "field 'device.memory_bytes'", "1e+30"}),
        publishing("publish_unknown_tflops_key",
                   case_with(R"("max": 0.5})", R"("max": 0.5, "p99": 99999})"),
                   {"r.json", kCaseField + ".tflops.p99", "99999", "not a field"}),
        publishing(
            "publish_unknown_timing_key",
            case_with(R"("samples_ms": [4, 5, 6])", R"("samples_ms": [4, 5, 6], "best_ms": 1e-3)"),
            {"r.json", kCaseField + ".timing.best_ms", "not a field"}),
        publishing("publish_unknown_validation_key",
                   case_with(R"("passed": true)", R"("passed": true, "max_error": 0)"),
                   {"r.json", kCaseField + ".validation.max_error", "not a field"}),
        publishing("publish_unknown_method_key",
                   case_with(R"("status": "ok",)", R"("status": "ok", "method": {"speedup": 40},)"),
                   {"r.json", kCaseField + ".method.speedup", "not a field"}),
        publishing("publish_unknown_telemetry_key",
                   case_with(R"("status": "ok",)",
                             R"("status": "ok", "telemetry": {"power_w": {"peak": 99999}},)"),
                   {"r.json", kCaseField + ".telemetry.power_w.peak", "not a field"}),
        publishing(
            "publish_unknown_efficiency_key",
            case_with(R"("status": "ok",)", R"("status": "ok", "efficiency": {"vs_rival": 9},)"),
            {"r.json", kCaseField + ".efficiency.vs_rival", "not a field"}),
        publishing("publish_unknown_case_key",
                   case_with(R"("status": "ok",)", R"("status": "ok", "headline_tflops": 99999,)"),
                   {"r.json", kCaseField + ".headline_tflops", "not a field"}),
        // --- null where chipcount writes a block, a count, a text or a flag; a part left out
        publishing("publish_summary_missing",
                   valid_with(R"(, "summary": {"precisions": {}})", ""),
                   {"r.json", "field 'summary'", "missing"}),
        publishing("publish_summary_null", with_summary("null"),
                   {"r.json", "field 'summary'", "missing"}),
        publishing("publish_notes_missing", valid_with(R"(, "notes": [])", ""),
                   {"r.json", "field 'notes'", "missing"}),
        publishing("publish_summary_block_null", with_summary(R"({"validation": null})"),
                   {"r.json", "field 'summary.validation'", "is null"}),
        publishing("publish_case_efficiency_null",
                   case_with(R"("status": "ok",)", R"("status": "ok", "efficiency": null,)"),
                   {"r.json", "field '" + kCaseField + ".efficiency'", "is null"}),
        publishing("publish_case_method_null",
                   case_with(R"("status": "ok",)", R"("status": "ok", "method": null,)"),
                   {"r.json", "field '" + kCaseField + ".method'", "is null"}),
        publishing("publish_count_null",
                   case_with(R"("rel_error": 0.001,)", R"("rel_error": 0.001, "unwritten": null,)"),
                   {"r.json", "field '" + kCaseField + ".validation.unwritten'", "is null"}),
        publishing("publish_count_not_whole",
                   case_with(R"("samples_ms": [4, 5, 6]})", R"("samples_ms": [4, 5, 6], "count": 3.001})"),
                   {"r.json", "field '" + kCaseField + ".timing.count'", "states 3.001", "give 3"}),
        publishing("publish_unknown_summary_key",
                   with_summary(R"({"precisions": {}, "headline_tflops": 99999})"),
                   {"r.json", "field 'summary.headline_tflops'", "99999", "not a field"}),
        publishing("publish_unknown_top_level_key",
                   valid_with(R"("notes": [])", R"("notes": [], "score": 99999)"),
                   {"r.json", "field 'score'", "not a field of chipcount.result"}),
        // A skipped case has no samples, so no figure of it can be checked.
        publishing(
            "publish_figures_for_a_skipped_case",
            replaced(kValid, kCase, kCase + R"(, {"kind": "gemm", "backend": "cublaslt",
  "precision": "fp16", "m": 1000, "n": 1000, "k": 1000, "phase": "burst", "status": "skipped",
  "tflops": {"median": 99999}})"),
            {"r.json", "results[1] (gemm cublaslt fp16 1000x1000x1000 burst).tflops", "give none"}),
        publishing("publish_negative_figure_in_run",
                   valid_with(R"("host": "h")", R"("host": "h", "duration_s": -60)"),
                   {"r.json", "field 'run.duration_s'", "-60", "negative"}),
        publishing("publish_negative_figure_in_tool",
                   valid_with(R"("cuda": true)", R"("cuda": true, "build": {"jobs": [2, -1]})"),
                   {"r.json", "field 'tool.build.jobs[1]'", "negative"}),
        // A sample so short that its throughput is past what a double holds: no "inf" in the text.
        publishing("publish_sample_of_1e_minus_300_ms", case_with("[4, 5, 6]", "[1e-300]"),
                   {"r.json", "results[0].timing.samples_ms", "over 1.8e308 TFLOPS"}),
        // --- a results folder holding what publish cannot account for
        publishing("publish_stray_file", kValid, {"notes.txt", stray},
                   {{"results/notes.txt", "x"}}),
        // Only the temporary files publish itself writes are removed as left over by a write
        // it did not finish; a hand-placed file that merely looks like one is a stray.
        publishing("publish_stray_temp_like_file", kValid, {".notes.tmp-abcdef", stray},
                   {{"results/.notes.tmp-abcdef", "my notes"}}),
        publishing("publish_stray_temp_like_file_in_a_profile_folder", kValid,
                   {".x.tmp-123456", stray}, {{"results/nvidia-h100-sxm/.x.tmp-123456", "x"}}),
        publishing("publish_stray_index_temp_of_the_wrong_length", kValid,
                   {".index.json.tmp-12345", stray}, {{"results/.index.json.tmp-12345", "x"}}),
        publishing("publish_stray_readme_temp_in_a_profile_folder", kValid,
                   {".README.md.tmp-Ab12Cd", stray},
                   {{"results/nvidia-h100-sxm/.README.md.tmp-Ab12Cd", "x"}}),
        publishing("publish_stray_temp_of_no_published_name", kValid,
                   {".notes.json.tmp-Ab12Cd", stray},
                   {{"results/nvidia-h100-sxm/.notes.json.tmp-Ab12Cd", "x"}}),
        publishing("publish_stray_folder", kValid, {"H100", stray},
                   {{"results/H100/x.json", kValid}}),
        publishing("publish_result_under_a_wrong_name", kValid,
                   {"2026-01-01-1111111.json", "nvidia-h100-sxm/2026-01-01-abcdef0.json", stray},
                   {{"results/nvidia-h100-sxm/2026-01-01-1111111.json", kValid}}),
        publishing("publish_profile_folder_links_out", kValid, {"nvidia-h100-sxm", stray}, {},
                   [](const fs::path& dir) {
                       fs::create_directories(dir / "results");
                       fs::create_directories(dir / "elsewhere");
                       fs::create_directory_symlink(dir / "elsewhere",
                                                    dir / "results/nvidia-h100-sxm");
                   }),
    };
}

const bool registered = register_bad_inputs(cases());

class BadInputPublishTest : public ::testing::TestWithParam<BadInput> {};

TEST_P(BadInputPublishTest, ExitsWithAMessageNamingWhatIsWrongAndWritesNothing) {
    check_bad_input(GetParam());
}

INSTANTIATE_TEST_SUITE_P(Publish, BadInputPublishTest, ::testing::ValuesIn(cases()),
                         [](const auto& param_info) { return std::string(param_info.param.name); });

// The cases above fail for the reason they name, not because the result they start from is bad.
TEST(BadInputPublish, TheValidResultPublishes) {
    EXPECT_TRUE(registered);
    TempDir dir;
    make_results(dir.path());
    write_text(dir / "r.json", kValid);
    const auto r = run_chipcount(
        {"publish", (dir / "r.json").string(), "--results", (dir / "results").string()});
    EXPECT_EQ(r.exit_code, 0) << r.err;
    EXPECT_TRUE(fs::exists(dir / "results/nvidia-h100-sxm/2026-01-01-abcdef0.json"));
}

}  // namespace
}  // namespace chipcount::test
