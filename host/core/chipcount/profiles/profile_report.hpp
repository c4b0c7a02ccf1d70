// Profiles as data for output: JSON, the list table, the per-field view and A-vs-B ratios.
#pragma once
#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <vector>

#include "chipcount/format/table.hpp"
#include "chipcount/profiles/profile.hpp"

namespace chipcount {

nlohmann::ordered_json profile_json(const ChipProfile& profile);
Table profile_list_table(const std::vector<ChipProfile>& profiles);
// Every field with its value and its source.
Table profile_detail_table(const ChipProfile& profile);

struct ComparisonRow {
    std::string metric;  // "dense fp16", "memory bandwidth", ...
    std::string unit;
    std::optional<double> a;
    std::optional<double> b;
    std::optional<double> ratio;  // a / b, when both are known
};

// Dense compute per precision, bandwidth, memory, TDP and dense compute per watt.
std::vector<ComparisonRow> compare_profiles(const ChipProfile& a, const ChipProfile& b);
Table profile_comparison_table(const ChipProfile& a, const ChipProfile& b,
                               const std::vector<ComparisonRow>& rows);
nlohmann::ordered_json profile_comparison_json(const ChipProfile& a, const ChipProfile& b,
                                               const std::vector<ComparisonRow>& rows);

}  // namespace chipcount
