// An estimate as JSON (format chipcount.estimate) and as tables for people.
#pragma once
#include <nlohmann/json.hpp>

#include <functional>
#include <string>
#include <string_view>

#include "chipcount/estimate/estimate.hpp"
#include "chipcount/format/table.hpp"
#include "chipcount/io/file_names.hpp"

namespace chipcount {

// The claims file as outputs name it, or "command line" (and no sha256) for inline claims.
using EstimateInput = NamedInput;
EstimateInput estimate_input(const ClaimSet& claims);

// Writes the chipcount.estimate JSON claim by claim through `sink`, so that an estimate of a
// million claims never exists as one document in memory.
void write_estimate_json(const Estimate& estimate, const Assumptions& assumptions,
                         const EstimateInput& input, const nlohmann::ordered_json& tool,
                         const std::function<void(std::string_view)>& sink);
std::string estimate_json_text(const Estimate& estimate, const Assumptions& assumptions,
                               const EstimateInput& input, const nlohmann::ordered_json& tool);

// Text, CSV or Markdown. CSV is long form: one row per claim and target, for spreadsheets.
std::string render_estimate(const Estimate& estimate, OutputFormat format);

// The main job's closing table: per top-level claim, the stated chips and the central
// equivalent count per target.
Table claims_summary_table(const Estimate& estimate, const std::string& title);
// The consistency checks of all claims: how many, and how many flagged.
struct CheckCounts {
    std::size_t total = 0;
    std::size_t flagged = 0;
};
CheckCounts count_checks(const Estimate& estimate);

}  // namespace chipcount
