// A claim's hardware as counts per chip (design §3): the counts a mix states, shares of the
// claim's chips, and the rest of the chips spread over the parts that state neither ("H100 or
// H200" is two such parts). Sums over a fleet are ranges: the rest at the least, mean and
// greatest figure of its chips, so "H100 or H200" spans both chips' memory bandwidth.
#pragma once
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "chipcount/base/units.hpp"

namespace chipcount {

struct FleetPart {
    std::vector<std::string> chips;  // profile ids: the part's chips are one of these
    Range count;
};

// The chips of each part that has neither count nor share: "H100 or H200" is two parts of one
// chip each, a mix's {"chip": "domestic"} one part of five chips.
using OpenParts = std::vector<std::vector<std::string>>;

struct Fleet {
    std::vector<FleetPart> counted;  // chips with a count of their own (stated, or share x total)
    OpenParts open;                  // the parts with neither count nor share
    std::optional<Range> rest;       // the chips of the open parts together (when any)
    Range total;                     // all chips

    // Every chip the fleet names, counted or open.
    std::vector<std::string> chips() const;
};

struct FleetInput {
    std::vector<std::string> chips;  // the part is one of these (a group, alternatives)
    std::optional<Range> count;
    std::optional<Range> share;  // a fraction of the total
};

// `total` is the claim's chips (or servers x GPUs per server) when stated. Without it every
// part must have a count (the claims reader refuses the rest), and the total is their sum.
Fleet make_fleet(const std::vector<FleetInput>& parts, const std::optional<Range>& total);

// A figure per chip: a rate, a bandwidth, IT watts (a range). nullopt when the chip lacks it.
using ChipFigure = std::function<std::optional<Range>(const std::string& chip)>;

// Sum over the fleet of count x figure(chip) (a part of several chips at figure_of_any of them).
// nullopt when a chip lacks the figure; `lacking` then names it.
std::optional<Range> fleet_sum(const Fleet& fleet, const ChipFigure& figure,
                               std::string* lacking = nullptr);

// The figure of "one of these parts": the least low, the mean central and the greatest high
// over the parts, a part's own figure that of one of its chips on the same rule (a group of five
// chips beside one other chip weighs as one part, not five). nullopt (with `lacking`) when a chip
// lacks it.
std::optional<Range> figure_of_any_part(const OpenParts& parts, const ChipFigure& figure,
                                        std::string* lacking = nullptr);

}  // namespace chipcount
