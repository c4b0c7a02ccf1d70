#include "chipcount/benchmark/thermal.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>

#include "chipcount/base/stats.hpp"

namespace chipcount {
namespace {

double mean_of(const std::vector<double>& v, std::size_t from, std::size_t to) {
    return std::accumulate(v.begin() + static_cast<long>(from), v.begin() + static_cast<long>(to),
                           0.0) /
           static_cast<double>(to - from);
}

}  // namespace

double coefficient_of_variation(const std::vector<double>& values) {
    if (values.size() < 2) return 0;
    const Summary s = summarize(values);
    return s.mean > 0 ? s.stddev / s.mean : 0;
}

GlobalWarmup global_warmup(IterationRunner& runner, const GlobalWarmupOptions& options,
                           const std::function<void(double)>& on_chunk) {
    GlobalWarmup out;
    const auto window = static_cast<std::size_t>(std::max(2, options.window));
    double per_iteration = summarize(runner.run(1)).median;
    double spent_ms = per_iteration;
    while (true) {
        const double n = std::clamp(std::ceil(options.chunk_ms / std::max(per_iteration, 1e-6)),
                                    1.0, 100000.0);
        const std::vector<double> chunk = runner.run(static_cast<int>(n));
        spent_ms += std::accumulate(chunk.begin(), chunk.end(), 0.0);
        per_iteration = summarize(chunk).median;
        out.chunk_medians_ms.push_back(per_iteration);
        const std::size_t have = out.chunk_medians_ms.size();
        if (have >= 2 * window) {
            const std::vector<double> last(out.chunk_medians_ms.end() - static_cast<long>(window),
                                           out.chunk_medians_ms.end());
            out.cv = coefficient_of_variation(last);
            const double now = mean_of(out.chunk_medians_ms, have - window, have);
            const double before = mean_of(out.chunk_medians_ms, have - 2 * window, have - window);
            out.drift = std::fabs(now - before) / before;
            out.plateau = out.cv <= options.max_cv && out.drift <= options.max_drift;
        }
        out.seconds = spent_ms / 1000.0;
        if (on_chunk) on_chunk(std::min(1.0, out.seconds / options.max_s));
        if (out.plateau && out.seconds >= options.min_s) break;
        if (out.seconds >= options.max_s) {
            out.plateau = false;
            break;
        }
    }
    return out;
}

IdleGate wait_for_idle_gate(const IdleProbe& probe, std::optional<double> max_clock_mhz,
                            const IdleGateOptions& options) {
    IdleGate gate;
    const double start = probe.now_s();
    probe.sleep_s(options.min_idle_s);
    while (true) {
        gate.waited_s = probe.now_s() - start;
        gate.sm_clock_mhz = probe.sm_clock_mhz();
        if (!gate.sm_clock_mhz || !max_clock_mhz || *max_clock_mhz <= 0 ||
            *gate.sm_clock_mhz < options.idle_clock_ratio * *max_clock_mhz) {
            gate.outcome = IdleGateOutcome::kIdled;
            return gate;
        }
        if (*gate.sm_clock_mhz >= options.clock_ratio * *max_clock_mhz) {
            gate.outcome = IdleGateOutcome::kClockRecovered;
            return gate;
        }
        if (gate.waited_s >= options.max_idle_s) {
            gate.outcome = IdleGateOutcome::kTimedOut;
            return gate;
        }
        probe.sleep_s(options.poll_s);
    }
}

}  // namespace chipcount
