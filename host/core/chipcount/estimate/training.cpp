#include "chipcount/estimate/training.hpp"

#include <cstdio>

namespace chipcount {

TrainingEstimate estimate_training(const TrainingFigures& in) {
    TrainingEstimate out;
    out.chip_hours = in.chip_hours;
    out.flop_stated = in.flop_stated;
    out.flop_6nd = in.flop_6nd;
    std::optional<Range> peak_of_hours;  // FLOP the chip-hours do at 100% of the peak
    if (in.chip_hours && in.chip_tflops)
        peak_of_hours = *in.chip_hours * (*in.chip_tflops * 1e12 * kSecondsPerHour);
    if (peak_of_hours && in.utilization) out.flop_hardware = peak_of_hours->times(*in.utilization);
    // The run's own figure first, then counting operations (Epoch AI's preferred method), then
    // the hardware method, which rests on an assumed utilization.
    if (out.flop_stated) {
        out.flop = out.flop_stated;
        out.flop_basis = "stated";
    } else if (out.flop_6nd) {
        out.flop = out.flop_6nd;
        out.flop_basis = "6ND";
    } else if (out.flop_hardware) {
        out.flop = out.flop_hardware;
        out.flop_basis = "hardware";
    }
    const auto& counted = out.flop_stated ? out.flop_stated : out.flop_6nd;
    if (counted && peak_of_hours) out.utilization_implied = counted->divided_by(*peak_of_hours);
    if (peak_of_hours) {
        out.peak_flop = peak_of_hours;
    } else if (out.flop && in.utilization) {
        out.peak_flop = out.flop->divided_by(*in.utilization);
    }
    return out;
}

std::string flop_text(const Range& flop) {
    char text[80];
    if (flop.low == flop.high) {
        std::snprintf(text, sizeof text, "%.3g", flop.central);
    } else {
        std::snprintf(text, sizeof text, "%.3g (%.3g-%.3g)", flop.central, flop.low, flop.high);
    }
    return text;
}

Range hours_on(const Range& peak_flop, double tflops) {
    return peak_flop / (tflops * 1e12 * kSecondsPerHour);
}

}  // namespace chipcount
