#include "chipcount/base/sampling.hpp"

#include <cmath>
#include <numbers>

namespace chipcount {

double Draws::uniform() {
    // 53 random bits, offset by half a step: strictly inside (0, 1).
    return (static_cast<double>(engine_() >> 11) + 0.5) * 0x1.0p-53;
}

double Draws::normal() {
    const double u1 = uniform();
    const double u2 = uniform();
    return std::sqrt(-2.0 * std::log(u1)) * std::cos(2.0 * std::numbers::pi * u2);
}

double triangular_quantile(double low, double mode, double high, double p) {
    if (high <= low) return low;
    const double width = high - low;
    const double split = (mode - low) / width;  // the cumulative probability at the mode
    if (p < split) return low + std::sqrt(p * width * (mode - low));
    return high - std::sqrt((1 - p) * width * (high - mode));
}

double draw_from(const Range& range, Spread spread, Draws& draws) {
    if (range.high <= range.low) return range.central;
    if (spread == Spread::kLognormal && range.low > 0) {
        const double sigma = (std::log(range.high) - std::log(range.low)) / (2 * kZ95);
        return range.central * std::exp(sigma * draws.normal());
    }
    return triangular_quantile(range.low, range.central, range.high, draws.uniform());
}

}  // namespace chipcount
