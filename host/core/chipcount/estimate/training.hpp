// A training run's compute: FLOP from the run's own figure, from 6ND, or from its chips' hours x
// peak x utilization; and the hours the same work takes on each target chip.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "chipcount/base/units.hpp"

namespace chipcount {

// Seconds in an hour and hours in a month (a twelfth of 365.25 days): chip-months for tables.
inline constexpr double kSecondsPerHour = 3600;
inline constexpr double kHoursPerMonth = 730.5;

struct TrainingFigures {
    std::optional<Range> chip_hours;     // the claim's chip: stated, or chips x duration
    std::optional<double> chip_tflops;   // the claim's chip at the run's precision
    std::optional<Range> flop_stated;
    std::optional<Range> flop_6nd;       // 6 x parameters x tokens
    std::optional<Range> utilization;    // stated, else the assumption
};

struct TrainingEstimate {
    std::optional<Range> chip_hours;
    std::optional<Range> flop_stated;
    std::optional<Range> flop_6nd;
    std::optional<Range> flop_hardware;  // chip-hours x peak x utilization
    std::string flop_basis;              // "stated", "6ND" or "hardware": which the FLOP is
    std::optional<Range> flop;
    // FLOP (stated, else 6ND) over the chip-hours at peak: what the run's own figures imply.
    std::optional<Range> utilization_implied;
    // The work at the chips' peak: chip-hours x peak when the hours are known (the same
    // utilization on every chip cancels out), else FLOP / utilization.
    std::optional<Range> peak_flop;
};

TrainingEstimate estimate_training(const TrainingFigures& in);

// FLOP in scientific notation, three significant figures: "3.29e+24", "3.72e+24 (2.98e+24-3.97e+24)".
std::string flop_text(const Range& flop);

// Hours of a chip of `tflops` for the work `peak_flop` (at the same utilization).
Range hours_on(const Range& peak_flop, double tflops);

}  // namespace chipcount
