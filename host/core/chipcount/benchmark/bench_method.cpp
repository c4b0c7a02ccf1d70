#include "chipcount/benchmark/bench_method.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>

#include "chipcount/base/stats.hpp"

namespace chipcount {
namespace {

int iterations_for(double target_ms, double per_iteration_ms, int lo, int hi) {
    if (per_iteration_ms <= 0) return hi;
    const double n = std::ceil(target_ms / per_iteration_ms);
    return static_cast<int>(std::clamp(n, static_cast<double>(lo), static_cast<double>(hi)));
}

double total(const std::vector<double>& v) {
    return std::accumulate(v.begin(), v.end(), 0.0);
}

}  // namespace

BurstMeasurement measure_burst(IterationRunner& runner, const MethodOptions& options) {
    BurstMeasurement out;
    // First a probe of a few iterations to learn the iteration time.
    std::vector<double> batch = runner.run(3);
    out.warmup_iterations += 3;
    out.warmup_ms += total(batch);
    double previous = summarize(batch).median;
    while (true) {
        const int n = iterations_for(options.batch_ms, previous, 3, 1000);
        batch = runner.run(n);
        out.warmup_iterations += n;
        out.warmup_ms += total(batch);
        const double median = summarize(batch).median;
        const bool plateau = std::fabs(median - previous) <= options.settle_tolerance * previous;
        previous = median;
        if (plateau && out.warmup_ms >= options.warmup_min_ms) {
            out.settled = true;
            break;
        }
        if (out.warmup_ms >= options.warmup_max_ms) break;
    }
    out.samples_ms = runner.run(
        iterations_for(options.timed_ms, previous, options.min_samples, options.max_samples));
    return out;
}

SustainedMeasurement measure_sustained(IterationRunner& runner, double duration_s, double batch_ms,
                                       const std::function<void(double)>& progress) {
    SustainedMeasurement out;
    const double duration_ms = duration_s * 1000.0;
    std::vector<std::pair<double, double>> timeline;  // (end time in the soak, iteration ms)
    double per_iteration = summarize(runner.run(1)).median;
    while (out.soak_ms < duration_ms) {
        const std::vector<double> batch =
            runner.run(iterations_for(batch_ms, per_iteration, 1, 10000));
        for (const double ms : batch) {
            out.soak_ms += ms;
            timeline.emplace_back(out.soak_ms, ms);
        }
        per_iteration = summarize(batch).median;
        out.batch_medians.push_back(per_iteration);
        if (progress) progress(std::min(1.0, out.soak_ms / duration_ms));
    }
    // The sustained figure is the last quarter: by then clocks and power have settled at their
    // limits. At least one iteration is always kept.
    const double from = out.soak_ms * 0.75;
    for (const auto& [end, ms] : timeline) {
        if (end - ms >= from) out.samples_ms.push_back(ms);
    }
    if (out.samples_ms.empty()) out.samples_ms.push_back(timeline.back().second);
    return out;
}

}  // namespace chipcount
