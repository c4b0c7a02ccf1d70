// Published results: checking a result file before it is published, the results index and the
// README table.
#pragma once
#include <nlohmann/json.hpp>

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "chipcount/benchmark/result.hpp"
#include "chipcount/format/table.hpp"
#include "chipcount/io/file_names.hpp"
#include "chipcount/profiles/profile.hpp"

namespace chipcount {

// For publishing, additionally: the device matched a known profile, and no case failed (a
// failed run is evidence of a problem, not a number to cite).
void check_publishable(const ResultDocument& result, const std::string& origin,
                       const ProfileSet& profiles);

// results/<profile-id>/<YYYY-MM-DD>-<short sha>.json
std::filesystem::path published_path(const std::filesystem::path& results_dir,
                                     const ResultDocument& result);

// One published result in the index (format chipcount.index): its headline figures.
struct IndexEntry {
    std::string path;  // relative to the results folder
    std::string profile, device, date, git_sha;
    std::optional<double> bf16_sustained_tflops, bf16_best_tflops, bf16_sustained_vs_datasheet;
    std::optional<double> fp8_best_tflops, fp8_sustained_tflops, copy_tbs;
};

// Scans results/<profile>/*.json (read with the result reader), in path order.
std::vector<IndexEntry> build_index(const std::filesystem::path& results_dir);
nlohmann::ordered_json index_json(const std::vector<IndexEntry>& entries);
// The Markdown table of results/README.md, between its chipcount:results markers.
std::string index_markdown(const std::vector<IndexEntry>& entries);
std::string replace_readme_table(const std::string& readme, const std::string& table);

}  // namespace chipcount
