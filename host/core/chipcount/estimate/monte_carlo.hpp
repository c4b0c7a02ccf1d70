// The Monte-Carlo estimate: every assumption (power, overhead and PUE factors, "about", the
// FP32-normalised factor, training utilization, prices and their factors) and every stated range
// ("4-5 million") drawn from its sourced low/central/high, the estimate run once per draw, and
// the 5th, 50th and 95th percentiles of every derived figure. Ambiguities that are not
// uncertainty stay as they are in every draw: a figure of unknown sparsity is read dense, power of
// unknown basis as facility power (the central reading); their other readings are the
// sensitivity band's ends, never blended in.
#pragma once
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "chipcount/estimate/estimate.hpp"

namespace chipcount {

// At most this many draws, and draws x claims (a claim estimate of a draw takes about 5 us: a
// million of them about 5 s). A large file is for the band.
inline constexpr std::size_t kMaxDraws = 100000;
inline constexpr std::size_t kMaxDrawClaims = 1000000;

// Runs `draws` seeded draws. The same seed gives the same percentiles on every platform.
MonteCarlo monte_carlo(const ClaimSet& claims, const ProfileSet& profiles,
                       const Assumptions& assumptions, const EstimateOptions& options,
                       std::size_t draws, std::uint64_t seed);

// The p-quantile of `values` (sorted in place), by linear interpolation between order statistics.
double percentile(std::vector<double>& values, double p);

}  // namespace chipcount
