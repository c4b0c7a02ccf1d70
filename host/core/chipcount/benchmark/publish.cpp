#include "chipcount/benchmark/publish.hpp"

#include <algorithm>
#include <map>

#include "chipcount/base/errors.hpp"
#include "chipcount/benchmark/compare.hpp"
#include "chipcount/io/files.hpp"
#include "chipcount/io/json_read.hpp"
#include "chipcount/io/json_write.hpp"

namespace chipcount {
namespace fs = std::filesystem;
namespace {

using ojson = nlohmann::ordered_json;

}  // namespace

void check_publishable(const ResultDocument& result, const std::string& origin,
                       const ProfileSet& profiles) {
    if (!result.profile_id) {
        throw InputError(origin +
                         ": field 'device.profile': the GPU matched no chip profile; add or "
                         "fix a profile before publishing");
    }
    profiles.get(*result.profile_id, origin + ": field 'device.profile'");
    std::size_t ok = 0;
    // Cases are named by their position in the file (in memory: GEMM cases, then bandwidth).
    const auto refuse = [&](std::optional<std::size_t> file_index, std::size_t position,
                            const std::string& key, const std::string& field,
                            const std::string& why) {
        throw InputError(origin + ": field 'results[" +
                         std::to_string(file_index.value_or(position)) + "] (" + key + ")." +
                         field + "': " + why);
    };
    const auto failed = [](const std::string& reason) {
        return "the case failed (" + (reason.empty() ? std::string("no reason given") : reason) +
               "); a run with a failed case is not published";
    };
    for (std::size_t i = 0; i < result.gemm.size(); ++i) {
        const GemmCase& c = result.gemm[i];
        if (c.status == CaseStatus::kFailed)
            refuse(c.file_index, i, case_key(c), "status", failed(c.reason));
        if (c.status != CaseStatus::kOk) continue;
        ++ok;
        if (!c.validation || !c.validation->passed)
            refuse(c.file_index, i, case_key(c), "validation.passed", "validation did not pass");
    }
    for (std::size_t j = 0; j < result.bandwidth.size(); ++j) {
        const BandwidthCase& b = result.bandwidth[j];
        const std::size_t i = result.gemm.size() + j;
        if (b.status == CaseStatus::kFailed)
            refuse(b.file_index, i, case_key(b), "status", failed(b.reason));
        if (b.status != CaseStatus::kOk) continue;
        ++ok;
        if (!b.validation_passed || b.errors != 0)
            refuse(b.file_index, i, case_key(b), "validation.passed", "validation did not pass");
    }
    if (ok == 0)
        throw InputError(origin + ": field 'results': no case measured; nothing to publish");
}

fs::path published_path(const fs::path& results_dir, const ResultDocument& result) {
    const std::string date = result.run["started_at"].get<std::string>().substr(0, 10);
    const std::string sha = result.tool["git_sha"].get<std::string>().substr(0, 7);
    return results_dir / result.profile_id.value() / (date + "-" + sha + ".json");
}

namespace {

IndexEntry index_entry(const ResultDocument& r, std::string path) {
    PrecisionSummary bf16, fp8;
    for (const PrecisionSummary& s : summarize_precisions(r)) {
        if (s.precision == Precision::kBf16) bf16 = s;
        if (s.precision == Precision::kFp8) fp8 = s;
    }
    const auto median = [](const GemmCase* c) {
        return c ? c->tflops_median() : std::optional<double>();
    };
    IndexEntry e;
    e.path = std::move(path);
    e.profile = r.profile_id.value_or("");
    e.device = r.device.value("name", "");
    e.date = r.run["started_at"].get<std::string>().substr(0, 10);
    e.git_sha = r.tool["git_sha"].get<std::string>();
    e.bf16_sustained_tflops = median(bf16.sustained);
    e.bf16_best_tflops = median(bf16.best);
    e.bf16_sustained_vs_datasheet = bf16.sustained ? bf16.sustained->vs_datasheet : std::nullopt;
    e.fp8_best_tflops = median(fp8.best);
    e.fp8_sustained_tflops = median(fp8.sustained);
    e.copy_tbs = bandwidth_tbs(r, "copy");
    return e;
}

}  // namespace

std::vector<IndexEntry> build_index(const fs::path& results_dir) {
    std::vector<fs::path> files;
    std::error_code ec;
    for (const auto& dir : fs::directory_iterator(results_dir, ec)) {
        const std::string name = dir.path().filename().string();
        if (!dir.is_directory() || name == "runs" || name == "schema") continue;
        for (const auto& file : fs::directory_iterator(dir.path())) {
            if (file.path().extension() == ".json" &&
                file.path().filename().string().find("crosscheck") == std::string::npos) {
                files.push_back(file.path());
            }
        }
    }
    std::sort(files.begin(), files.end());
    std::vector<IndexEntry> entries;
    for (const fs::path& file : files)
        entries.push_back(
            index_entry(load_result(file), fs::relative(file, results_dir).generic_string()));
    return entries;
}

ojson index_json(const std::vector<IndexEntry>& entries) {
    ojson index;
    index["format"] = "chipcount.index";
    index["version"] = 1;
    index["entries"] = ojson::array();
    for (const IndexEntry& e : entries) {
        index["entries"].push_back(
            {{"path", e.path},
             {"profile", e.profile},
             {"device", e.device},
             {"date", e.date},
             {"git_sha", e.git_sha},
             {"bf16_sustained_tflops", optional_json(e.bf16_sustained_tflops)},
             {"bf16_best_tflops", optional_json(e.bf16_best_tflops)},
             {"bf16_sustained_vs_datasheet", optional_json(e.bf16_sustained_vs_datasheet)},
             {"fp8_best_tflops", optional_json(e.fp8_best_tflops)},
             {"fp8_sustained_tflops", optional_json(e.fp8_sustained_tflops)},
             {"copy_tbs", optional_json(e.copy_tbs)}});
    }
    return index;
}

std::string index_markdown(const std::vector<IndexEntry>& entries) {
    Table t;
    t.header = {"device",        "profile",  "date",      "bf16 sustained",    "bf16 best",
                "fp8 sustained", "fp8 best", "copy TB/s", "bf16 vs datasheet", "file"};
    t.right_aligned = {false, false, false, true, true, true, true, true, true, false};
    for (const IndexEntry& e : entries) {
        t.rows.push_back(
            {e.device, e.profile, e.date, format_optional(e.bf16_sustained_tflops, 1),
             format_optional(e.bf16_best_tflops, 1), format_optional(e.fp8_sustained_tflops, 1),
             format_optional(e.fp8_best_tflops, 1), format_optional(e.copy_tbs, 2),
             e.bf16_sustained_vs_datasheet ? format_percent(*e.bf16_sustained_vs_datasheet) : "—",
             "[" + e.path + "](" + e.path + ")"});
    }
    if (t.rows.empty()) return "No results published yet.\n";
    return render(t, OutputFormat::kMarkdown);
}

std::string replace_readme_table(const std::string& readme, const std::string& table) {
    static const std::string begin = "<!-- chipcount:results:begin -->";
    static const std::string end = "<!-- chipcount:results:end -->";
    const auto b = readme.find(begin);
    const auto e = readme.find(end);
    const std::string block = begin + "\n" + table + end;
    if (b == std::string::npos || e == std::string::npos || e < b) {
        return readme + (readme.empty() || readme.back() == '\n' ? "" : "\n") +
               "\n## Published results\n\n" + block + "\n";
    }
    return readme.substr(0, b) + block + readme.substr(e + end.size());
}
}  // namespace chipcount
