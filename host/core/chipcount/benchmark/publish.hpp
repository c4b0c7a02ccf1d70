// Published results: what makes a result publishable (publish_check.cpp), the published tree under
// results/, its index and the README table, and publishing one result all or nothing.
#pragma once
#include <nlohmann/json.hpp>

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "chipcount/benchmark/result.hpp"
#include "chipcount/format/table.hpp"
#include "chipcount/io/file_names.hpp"
#include "chipcount/profiles/profile.hpp"

namespace chipcount {

// How far a figure a result states may be from the one chipcount derives (from the samples, the
// cases, the profile): rounding to four significant figures stays within it.
inline constexpr double kStatedFigureTolerance = 1e-3;
// A figure over this many times the profile's datasheet figure is not a measurement.
inline constexpr int kMaxTimesDatasheet = 3;

// The device figures publish accepts (device.*, each optional unless a match rule needs it):
// whole numbers for the index, SM count, clocks and bus width; memory and power in ranges no GPU
// is outside of. Clocks and the bus width may be 0 (CUDA did not say).
inline constexpr std::int64_t kMaxDeviceIndex = 4096;
inline constexpr std::int64_t kMaxDeviceComputeUnits = 100'000;
inline constexpr std::int64_t kMaxDeviceClockMhz = 100'000;
inline constexpr std::int64_t kMaxDeviceBusWidthBits = 100'000;
inline constexpr double kMinDeviceMemoryBytes = 1e6, kMaxDeviceMemoryBytes = 1e15;
inline constexpr double kMinDevicePowerW = 1, kMaxDevicePowerW = 100'000;

// A result read for publishing: every check passed, its derived figures recomputed.
struct PublishableResult {
    ResultDocument document;  // efficiencies recomputed against `profile`
    const ChipProfile* profile = nullptr;
    // The parts of its published name, each validated: the profile's canonical id (an alias
    // resolved), the UTC date of run.started_at (YYYY-MM-DD) and tool.git_sha ([0-9a-f]{7,40}).
    std::string date, git_sha;
    std::string relative_path() const;  // "<profile id>/<date>-<first 7 of the sha>.json"
};

// Reads a result for publishing. InputError, naming the file, the case (results[i]) and the
// field, unless: the device matched a known profile, and its name and SM count fit that
// profile's match rule (device_matches; a profile without one cannot be claimed); its device
// figures are in the ranges above; started_at and git_sha are well formed; no case failed and at
// least one was measured; each validation verdict follows from its error and chipcount's
// tolerance for the precision; no figure is over kMaxTimesDatasheet x the profile's datasheet;
// every figure the file states (timing statistics, tflops, tbs, efficiencies, the summary)
// agrees with what chipcount derives from the samples, within kStatedFigureTolerance; no object
// it checks (the top level, each case and its objects, the summary) holds a key chipcount does
// not write there; and no number anywhere in the file is negative or not finite.
PublishableResult read_publishable(std::string_view text, const std::string& origin,
                                   const ProfileSet& profiles);

// One published result in the index (format chipcount.index): its headline figures.
struct IndexEntry {
    std::string path;  // relative to the results folder
    std::string profile, device, date, git_sha;
    std::optional<double> bf16_sustained_tflops, bf16_best_tflops, bf16_sustained_vs_datasheet;
    std::optional<double> fp8_best_tflops, fp8_sustained_tflops, copy_tbs;
};
IndexEntry index_entry(const PublishableResult& result);

// What a results folder holds: every published result, read with read_publishable and found at
// the path its content names, in path order. Besides those, only the folder's own files
// (index.json, README.md, schema/, runs/), cross-checks beside a result
// (<profile>/<date>-<tool>-crosscheck.json) and the temporary files of publish's own writes that
// an interrupted one left behind (in `leftovers`: .index.json.tmp-XXXXXX and
// .README.md.tmp-XXXXXX in the folder, .<date>-<sha>.json.tmp-XXXXXX in a profile folder). Anything
// else is an InputError naming it: publish vouches for the whole tree, so it does not add to one
// holding files it cannot account for.
struct PublishedTree {
    std::vector<IndexEntry> entries;
    std::vector<std::filesystem::path> leftovers;
};
PublishedTree scan_published(const std::filesystem::path& results_dir, const ProfileSet& profiles);

nlohmann::ordered_json index_json(const std::vector<IndexEntry>& entries);
// The Markdown table of results/README.md, between its chipcount:results markers.
std::string index_markdown(const std::vector<IndexEntry>& entries);
std::string replace_readme_table(const std::string& readme, const std::string& table);

struct PublishOutcome {
    std::filesystem::path target;
    bool already_published = false;  // the same bytes were there: only the index was rebuilt
    std::vector<std::filesystem::path> removed_leftovers;
};

// Publishes `file` under `results_dir`: every check (the result, the tree, the paths) runs before
// anything is written; then the result copy (never replacing a different file), README.md and
// index.json last, each atomically. A failure in between leaves a copy that the next publish
// (a retry of the same file gives the same tree) indexes. Holds a lock on `results_dir`.
PublishOutcome publish_result(const std::filesystem::path& file,
                              const std::filesystem::path& results_dir, const ProfileSet& profiles);

}  // namespace chipcount
