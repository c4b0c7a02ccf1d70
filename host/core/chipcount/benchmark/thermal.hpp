// The GPU's thermal state between cases, apart from any GPU: a global warm-up that runs until
// throughput is a plateau (mamf-finder's adaptive warm-up: chunks until the coefficient of
// variation of a window of chunks is small and the window no longer drifts), and an idle gate
// before each burst case (wait until the SM clock is back near its maximum, or a short idle when
// no clock can be read). Tested on the CPU with simulated GPUs.
#pragma once
#include <functional>
#include <optional>
#include <vector>

#include "chipcount/benchmark/bench_method.hpp"
#include "chipcount/vocabulary.hpp"

namespace chipcount {

struct GlobalWarmupOptions {
    double chunk_ms = 250;     // one chunk median per this long
    int window = 4;            // chunks in the window the plateau is judged on
    double max_cv = 0.02;      // coefficient of variation of the window's chunk medians
    double max_drift = 0.01;   // the window's mean against the previous window's
    double min_s = 2;          // always at least this long
    double max_s = 45;         // give up after this long (and say so)
};

struct GlobalWarmup {
    std::vector<double> chunk_medians_ms;  // one per chunk, in order
    double seconds = 0;                    // GPU time spent
    double cv = 0;                         // the last window's coefficient of variation
    double drift = 0;                      // the last window's mean against the one before
    bool plateau = false;                  // false: max_s ran out first
};

// Coefficient of variation (sample standard deviation over mean) of `values`; 0 for fewer than 2.
double coefficient_of_variation(const std::vector<double>& values);

// `on_chunk` (may be empty) is told after each chunk the share of max_s spent.
GlobalWarmup global_warmup(IterationRunner& runner, const GlobalWarmupOptions& options,
                           const std::function<void(double)>& on_chunk = {});

struct IdleGateOptions {
    double min_idle_s = 0.25;   // always idle at least this long (mamf-finder's burst idle)
    double max_idle_s = 3;      // and at most this long
    double clock_ratio = 0.97;  // "back near its maximum": at least this share of it
    // An idle GPU may report its idle clock (a few hundred MHz): a reading below this share of
    // the maximum says "idle", not "throttled", and the short idle is all the gate waits.
    double idle_clock_ratio = 0.5;
    double poll_s = 0.05;
};

// How the gate before a case opened: the clock came back, the short idle passed without a
// clock reading, or the maximum idle ran out with the clock still low.
enum class IdleGateOutcome { kClockRecovered, kIdled, kTimedOut };
inline constexpr NameTable<IdleGateOutcome, 3> kIdleGateOutcomeNames{
    {{IdleGateOutcome::kClockRecovered, "clock_recovered"},
     {IdleGateOutcome::kIdled, "idled"},
     {IdleGateOutcome::kTimedOut, "timed_out"}}};

struct IdleGate {
    IdleGateOutcome outcome = IdleGateOutcome::kIdled;
    double waited_s = 0;
    std::optional<double> sm_clock_mhz;  // the last reading, when there was one
};

// What the gate needs from a GPU and a clock; the runner passes a real one, tests a simulated one.
struct IdleProbe {
    std::function<double()> now_s;
    std::function<void(double)> sleep_s;
    std::function<std::optional<double>()> sm_clock_mhz;  // nullopt: no reading
};

// Idles until the SM clock is at least clock_ratio x `max_clock_mhz` (after min_idle_s), or for
// min_idle_s when there is no clock reading, no maximum or an idle clock, or until max_idle_s.
IdleGate wait_for_idle_gate(const IdleProbe& probe, std::optional<double> max_clock_mhz,
                            const IdleGateOptions& options);

}  // namespace chipcount
