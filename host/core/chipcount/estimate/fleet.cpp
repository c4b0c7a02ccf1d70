#include "chipcount/estimate/fleet.hpp"

#include <algorithm>
#include <limits>

namespace chipcount {

Fleet make_fleet(const std::vector<FleetInput>& parts, const std::optional<Range>& total) {
    Fleet fleet;
    Range counted{};
    for (const FleetInput& part : parts) {
        if (part.count) {
            fleet.counted.push_back({part.chips, *part.count});
        } else if (part.share && total) {
            fleet.counted.push_back({part.chips, total->times(*part.share)});
        } else {
            fleet.open.push_back(part.chips);
            continue;
        }
        counted = counted + fleet.counted.back().count;
    }
    if (!total) {
        fleet.total = counted;
        return fleet;
    }
    fleet.total = *total;
    if (fleet.open.empty()) return fleet;
    // What the counted parts leave of the total, never below zero. A counted part that may be
    // larger (open above) leaves a rest that may be smaller, and the other way round.
    Range rest;
    rest.low = std::max(0.0, total->low - counted.high);
    rest.central = std::max(0.0, total->central - counted.central);
    rest.high = std::max(0.0, total->high - counted.low);
    rest.open_below = total->open_below || counted.open_above;
    rest.open_above = total->open_above || counted.open_below;
    fleet.rest = rest;
    return fleet;
}

std::vector<std::string> Fleet::chips() const {
    std::vector<std::string> out;
    for (const FleetPart& part : counted) out.insert(out.end(), part.chips.begin(), part.chips.end());
    for (const auto& part : open) out.insert(out.end(), part.begin(), part.end());
    return out;
}

namespace {

// "One of these": the least low, the mean central, the greatest high; open where any is.
Range any_of(const std::vector<Range>& values) {
    Range any{std::numeric_limits<double>::max(), 0, 0};
    for (const Range& value : values) {
        any.low = std::min(any.low, value.low);
        any.central += value.central / static_cast<double>(values.size());
        any.high = std::max(any.high, value.high);
        any.open_below = any.open_below || value.open_below;
        any.open_above = any.open_above || value.open_above;
    }
    return any;
}

// The figure of one of `chips`.
std::optional<Range> figure_of_any(const std::vector<std::string>& chips, const ChipFigure& figure,
                                   std::string* lacking) {
    if (chips.empty()) return std::nullopt;
    std::vector<Range> values;
    for (const std::string& chip : chips) {
        const auto value = figure(chip);
        if (!value) {
            if (lacking) *lacking = chip;
            return std::nullopt;
        }
        values.push_back(*value);
    }
    return any_of(values);
}

}  // namespace

std::optional<Range> figure_of_any_part(const OpenParts& parts, const ChipFigure& figure,
                                        std::string* lacking) {
    if (parts.empty()) return std::nullopt;
    std::vector<Range> values;
    for (const auto& chips : parts) {
        const auto value = figure_of_any(chips, figure, lacking);
        if (!value) return std::nullopt;
        values.push_back(*value);
    }
    return any_of(values);
}

std::optional<Range> fleet_sum(const Fleet& fleet, const ChipFigure& figure,
                               std::string* lacking) {
    Range sum{};
    for (const FleetPart& part : fleet.counted) {
        const auto value = figure_of_any(part.chips, figure, lacking);
        if (!value) return std::nullopt;
        sum = sum + part.count.times(*value);
    }
    if (fleet.rest) {
        const auto any = figure_of_any_part(fleet.open, figure, lacking);
        if (!any) return std::nullopt;
        sum = sum + fleet.rest->times(*any);
    }
    return sum;
}

}  // namespace chipcount
