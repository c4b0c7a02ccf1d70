// A ratio claim checked against the profiles (and measured rates): for each pair of chips the
// claim's sides name, the ratio on the metric, and whether the stated ratio holds.
#pragma once
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "chipcount/base/units.hpp"
#include "chipcount/estimate/claims.hpp"

namespace chipcount {

struct RatioPair {
    std::string of;  // a profile id, or the figure as written
    std::string to;
    double of_value = 0;
    double to_value = 0;
    double ratio = 0;
    bool holds = false;
    bool judged = true;  // on the side of "best", only the best chip is judged
};

enum class RatioVerdict { kHolds, kDoesNotHold, kHoldsOnlyFor, kUnknown };
inline constexpr NameTable<RatioVerdict, 4> kRatioVerdictNames{
    {{RatioVerdict::kHolds, "holds"},
     {RatioVerdict::kDoesNotHold, "does_not_hold"},
     {RatioVerdict::kHoldsOnlyFor, "holds_only_for"},
     {RatioVerdict::kUnknown, "unknown"}}};

struct RatioResult {
    RatioVerdict verdict = RatioVerdict::kUnknown;
    std::vector<RatioPair> pairs;      // every pair of chips, judged or not
    std::vector<std::string> lacking;  // chips without a figure for the metric
    std::string unit;                  // of the values: TFLOPS, TB/s, GB, W, GB/s
    std::string summary;               // one line: the verdict and its numbers
};

// A chip's figure for the metric; nullopt when its profile lacks it.
using MetricOf = std::function<std::optional<double>(const std::string& chip)>;

// Every pair's ratio against `stated` (the claim's value as a range), holding when the two meet
// within `tolerance` (as checks do). The verdict over the judged pairs: holds (all), does not
// hold (none), holds only for some (named), or unknown (no pair has figures).
RatioResult check_ratio(const RatioStatement& ratio, const Range& stated, double tolerance,
                        const MetricOf& metric_of);

// The unit a metric's figures are in.
std::string metric_unit(RatioMetric metric);

}  // namespace chipcount
