// Statistics of timing samples: the median is the headline, with min, max, mean and spread.
#pragma once
#include <cstddef>
#include <vector>

namespace chipcount {

struct Summary {
    std::size_t count = 0;
    double median = 0;
    double min = 0;
    double max = 0;
    double mean = 0;
    double stddev = 0;  // sample standard deviation
    double p10 = 0;
    double p90 = 0;
    double spread = 0;  // (p90 - p10) / median: how noisy the run was, unitless
};

// Throws std::invalid_argument on an empty input.
Summary summarize(std::vector<double> samples);
// Linear interpolation between order statistics of samples already sorted; q in [0, 1].
double quantile_of_sorted(const std::vector<double>& sorted, double q);

}  // namespace chipcount
