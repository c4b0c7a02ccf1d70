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

void call(const std::function<void()>& f) {
    if (f) f();
}

// The warm-up's last batch median: the iteration time the timed part plans with.
double last_batch_median(IterationRunner& runner, const MethodOptions& options,
                         BurstMeasurement& out) {
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
            return previous;
        }
        if (out.warmup_ms >= options.warmup_max_ms) return previous;
    }
}

}  // namespace

BurstMeasurement warm_up(IterationRunner& runner, const MethodOptions& options) {
    BurstMeasurement out;
    last_batch_median(runner, options, out);
    return out;
}

BurstMeasurement measure_burst(IterationRunner& runner, const MethodOptions& options,
                               const std::function<void()>& before_timed,
                               const std::function<void()>& after_timed) {
    BurstMeasurement out;
    const double per_iteration = last_batch_median(runner, options, out);
    call(before_timed);
    out.samples_ms = runner.run(
        iterations_for(options.timed_ms, per_iteration, options.min_samples, options.max_samples));
    call(after_timed);
    return out;
}

InterleavedMeasurement measure_interleaved(IterationRunner& a, IterationRunner& b,
                                           const MethodOptions& options, int rounds,
                                           const std::function<void()>& before_timed,
                                           const std::function<void()>& after_timed) {
    InterleavedMeasurement out;
    out.rounds = std::max(1, rounds);
    // Each warms up in turn; then b's warm-up has cooled nothing that a needs, since the rounds
    // alternate from here on.
    const double a_ms = last_batch_median(a, options, out.a);
    const double b_ms = last_batch_median(b, options, out.b);
    const double round_ms = options.timed_ms / out.rounds;
    const int per_round_min = std::max(1, options.min_samples / out.rounds);
    const int per_round_max = std::max(per_round_min, options.max_samples / out.rounds);
    call(before_timed);
    for (int r = 0; r < out.rounds; ++r) {
        for (const double ms : a.run(iterations_for(round_ms, a_ms, per_round_min, per_round_max)))
            out.a.samples_ms.push_back(ms);
        for (const double ms : b.run(iterations_for(round_ms, b_ms, per_round_min, per_round_max)))
            out.b.samples_ms.push_back(ms);
    }
    call(after_timed);
    return out;
}

double relative_trend(const std::vector<double>& x, const std::vector<double>& y) {
    const std::size_t n = std::min(x.size(), y.size());
    if (n < 2) return 0;
    const auto count = static_cast<double>(n);
    const double mx = std::accumulate(x.begin(), x.begin() + static_cast<long>(n), 0.0) / count;
    const double my = std::accumulate(y.begin(), y.begin() + static_cast<long>(n), 0.0) / count;
    double sxy = 0, sxx = 0;
    for (std::size_t i = 0; i < n; ++i) {
        sxy += (x[i] - mx) * (y[i] - my);
        sxx += (x[i] - mx) * (x[i] - mx);
    }
    if (sxx <= 0 || my == 0) return 0;
    return sxy / sxx / my;
}

namespace {

// The kept window (batches that start within its length of the end) and its plateau figures.
void judge_kept_window(SustainedMeasurement& out, const std::vector<std::vector<double>>& batches,
                       double window_ms, const SoakOptions& options) {
    std::size_t from = out.batch_medians.size() - 1;  // at least the last batch
    while (from > 0 && out.batch_end_ms[from - 1] - total(batches[from - 1]) >=
                           out.soak_ms - window_ms - 1e-9)
        --from;
    out.kept_from_batch = from;
    const std::vector<double> kept(out.batch_medians.begin() + static_cast<long>(from),
                                   out.batch_medians.end());
    const auto [lo, hi] = std::minmax_element(kept.begin(), kept.end());
    out.plateau_spread = (*hi - *lo) / summarize(kept).median;
    out.plateau = out.plateau_spread <= options.plateau_spread;
    out.kept_ms = out.soak_ms - (from == 0 ? 0 : out.batch_end_ms[from - 1]);
    // Throughput is 1 / iteration time; the trend is its relative change per minute.
    std::vector<double> minutes, rate;
    for (std::size_t i = from; i < out.batch_medians.size(); ++i) {
        minutes.push_back(out.batch_end_ms[i] / 60000.0);
        rate.push_back(1.0 / out.batch_medians[i]);
    }
    out.trend_per_minute = relative_trend(minutes, rate);
}

}  // namespace

SustainedMeasurement measure_sustained(IterationRunner& runner, const SoakOptions& options,
                                       const std::function<void(double)>& on_batch) {
    SustainedMeasurement out;
    const double duration_ms = options.duration_s * 1000.0;
    const double max_ms = std::max(duration_ms, options.max_duration_s * 1000.0);
    const double window_ms = options.kept_fraction * duration_ms;
    std::vector<std::vector<double>> batches;
    double per_iteration = summarize(runner.run(1)).median;
    while (true) {
        std::vector<double> batch =
            runner.run(iterations_for(options.batch_ms, per_iteration, 1, 10000));
        out.soak_ms += total(batch);
        per_iteration = summarize(batch).median;
        out.batch_medians.push_back(per_iteration);
        out.batch_end_ms.push_back(out.soak_ms);
        batches.push_back(std::move(batch));
        if (on_batch) on_batch(std::min(1.0, out.soak_ms / duration_ms));
        if (out.soak_ms < duration_ms) continue;
        // Past the duration: stop at a plateau, or when the extension is spent.
        judge_kept_window(out, batches, window_ms, options);
        if (out.plateau || out.soak_ms >= max_ms) break;
    }
    for (std::size_t i = out.kept_from_batch; i < batches.size(); ++i)
        out.samples_ms.insert(out.samples_ms.end(), batches[i].begin(), batches[i].end());
    return out;
}

}  // namespace chipcount
