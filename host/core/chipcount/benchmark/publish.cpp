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
    const auto refuse = [&](std::size_t i, const std::string& key, const std::string& field,
                            const std::string& why) {
        throw InputError(origin + ": field 'results[" + std::to_string(i) + "] (" + key + ")." +
                         field + "': " + why);
    };
    // Cases are numbered as the file holds them: GEMM cases first, then bandwidth.
    for (std::size_t i = 0; i < result.gemm.size(); ++i) {
        const GemmCase& c = result.gemm[i];
        if (c.status == CaseStatus::kFailed) {
            refuse(i, case_key(c), "status",
                   "the case failed (" + (c.reason.empty() ? "no reason given" : c.reason) +
                       "); a run with a failed case is not published");
        }
        if (c.status != CaseStatus::kOk) continue;
        ++ok;
        if (!c.validation || !c.validation->passed)
            refuse(i, case_key(c), "validation.passed", "validation did not pass");
    }
    for (std::size_t j = 0; j < result.bandwidth.size(); ++j) {
        const BandwidthCase& b = result.bandwidth[j];
        const std::size_t i = result.gemm.size() + j;
        if (b.status == CaseStatus::kFailed) {
            refuse(i, case_key(b), "status",
                   "the case failed (" + (b.reason.empty() ? "no reason given" : b.reason) +
                       "); a run with a failed case is not published");
        }
        if (b.status != CaseStatus::kOk) continue;
        ++ok;
        if (b.errors != 0) refuse(i, case_key(b), "validation.passed", "validation did not pass");
    }
    if (ok == 0)
        throw InputError(origin + ": field 'results': no case measured; nothing to publish");
}

fs::path published_path(const fs::path& results_dir, const ResultDocument& result) {
    const std::string date = result.run["started_at"].get<std::string>().substr(0, 10);
    const std::string sha = result.tool["git_sha"].get<std::string>().substr(0, 7);
    return results_dir / result.profile_id.value() / (date + "-" + sha + ".json");
}

ojson build_index(const fs::path& results_dir) {
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
    ojson index;
    index["format"] = "chipcount.index";
    index["version"] = 1;
    index["entries"] = ojson::array();
    for (const fs::path& file : files) {
        const ResultDocument r = load_result(file);
        PrecisionSummary bf16, fp8;
        for (const PrecisionSummary& s : summarize_precisions(r)) {
            if (s.precision == Precision::kBf16) bf16 = s;
            if (s.precision == Precision::kFp8) fp8 = s;
        }
        const auto median = [](const GemmCase* c) {
            return c ? c->tflops_median() : std::optional<double>();
        };
        ojson entry;
        entry["path"] = fs::relative(file, results_dir).generic_string();
        entry["profile"] = optional_json(r.profile_id);
        entry["device"] = r.device["name"];
        entry["date"] = r.run["started_at"].get<std::string>().substr(0, 10);
        entry["git_sha"] = r.tool["git_sha"];
        entry["bf16_sustained_tflops"] = optional_json(median(bf16.sustained));
        entry["bf16_best_tflops"] = optional_json(median(bf16.best));
        entry["bf16_sustained_vs_datasheet"] =
            optional_json(bf16.sustained ? bf16.sustained->vs_datasheet : std::nullopt);
        entry["fp8_best_tflops"] = optional_json(median(fp8.best));
        entry["fp8_sustained_tflops"] = optional_json(median(fp8.sustained));
        entry["copy_tbs"] = optional_json(bandwidth_tbs(r, "copy"));
        index["entries"].push_back(entry);
    }
    return index;
}

std::string index_markdown(const ojson& index) {
    Table t;
    t.header = {"device",        "profile",  "date",      "bf16 sustained",    "bf16 best",
                "fp8 sustained", "fp8 best", "copy TB/s", "bf16 vs datasheet", "file"};
    t.right_aligned = {false, false, false, true, true, true, true, true, true, false};
    auto num = [](const ojson& v, int d) {
        return v.is_number() ? format_number(v.get<double>(), d) : std::string("—");
    };
    for (const auto& e : index["entries"]) {
        const std::string path = e["path"].get<std::string>();
        t.rows.push_back({e["device"].get<std::string>(), e["profile"].get<std::string>(),
                          e["date"].get<std::string>(), num(e["bf16_sustained_tflops"], 1),
                          num(e["bf16_best_tflops"], 1), num(e["fp8_sustained_tflops"], 1),
                          num(e["fp8_best_tflops"], 1), num(e["copy_tbs"], 2),
                          e["bf16_sustained_vs_datasheet"].is_number()
                              ? format_percent(e["bf16_sustained_vs_datasheet"].get<double>())
                              : "—",
                          "[" + path + "](" + path + ")"});
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
