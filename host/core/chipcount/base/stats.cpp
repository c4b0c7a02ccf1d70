#include "chipcount/base/stats.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <stdexcept>

namespace chipcount {

double quantile_of_sorted(const std::vector<double>& sorted, double q) {
    if (sorted.empty()) throw std::invalid_argument("quantile of no samples");
    const double position = q * static_cast<double>(sorted.size() - 1);
    const auto below = static_cast<std::size_t>(std::floor(position));
    const std::size_t above = std::min(below + 1, sorted.size() - 1);
    const double fraction = position - static_cast<double>(below);
    return sorted[below] + (sorted[above] - sorted[below]) * fraction;
}

Summary summarize(std::vector<double> samples) {
    if (samples.empty()) throw std::invalid_argument("summary of no samples");
    std::sort(samples.begin(), samples.end());
    Summary s;
    s.count = samples.size();
    s.min = samples.front();
    s.max = samples.back();
    s.median = quantile_of_sorted(samples, 0.5);
    s.p10 = quantile_of_sorted(samples, 0.1);
    s.p90 = quantile_of_sorted(samples, 0.9);
    s.mean = std::accumulate(samples.begin(), samples.end(), 0.0) / static_cast<double>(s.count);
    double squares = 0;
    for (const double x : samples) squares += (x - s.mean) * (x - s.mean);
    s.stddev = s.count > 1 ? std::sqrt(squares / static_cast<double>(s.count - 1)) : 0.0;
    s.spread = s.median > 0 ? (s.p90 - s.p10) / s.median : 0.0;
    return s;
}

}  // namespace chipcount
