// Seeded random draws for the Monte-Carlo estimate, reproducible on every platform: the
// generator is std::mt19937_64 (fully specified by the standard), and the uniform and normal
// draws are computed here rather than by the library's distributions, whose algorithms are
// left to each implementation.
#pragma once
#include <cstdint>
#include <random>

#include "chipcount/base/units.hpp"

namespace chipcount {

class Draws {
  public:
    explicit Draws(std::uint64_t seed) : engine_(seed) {}
    // Uniform in (0, 1): never 0 or 1, so that quantile functions stay finite.
    double uniform();
    // Standard normal (Box-Muller).
    double normal();

  private:
    std::mt19937_64 engine_;
};

// How an assumption's low/central/high spread is read.
enum class Spread {
    kTriangular,  // low and high the ends, central the mode
    kLognormal,   // central the median, low and high the 5th and 95th percentiles
};

// The p-quantile of the triangular distribution on [low, high] with mode `mode`.
double triangular_quantile(double low, double mode, double high, double p);
// One draw of a range's quantity; an exact range (low == high) is itself.
double draw_from(const Range& range, Spread spread, Draws& draws);

// The normal distribution's 95th-percentile z, for lognormal spreads.
inline constexpr double kZ95 = 1.6448536269514722;

}  // namespace chipcount
