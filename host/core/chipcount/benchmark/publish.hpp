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

// Scans results/<profile>/*.json and builds the index (format chipcount.index) in path order.
nlohmann::ordered_json build_index(const std::filesystem::path& results_dir);
// The Markdown table of results/README.md, between its chipcount:results markers.
std::string index_markdown(const nlohmann::ordered_json& index);
std::string replace_readme_table(const std::string& readme, const std::string& table);

}  // namespace chipcount
