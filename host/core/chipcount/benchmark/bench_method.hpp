// The timing method (design §4), apart from any GPU: warm up until throughput settles, then
// take many timed iterations; measure two backends interleaved so that their ratio comes from
// one thermal state; for the sustained figure, run on through a heat soak until its end is a
// plateau, and keep that end. A runner only has to execute iterations and return their times,
// so the method is tested on the CPU with simulated GPUs.
#pragma once
#include <functional>
#include <vector>

namespace chipcount {

class IterationRunner {
  public:
    virtual ~IterationRunner() = default;
    // Runs `iterations` back to back and returns each one's time in milliseconds.
    virtual std::vector<double> run(int iterations) = 0;
};

struct MethodOptions {
    double warmup_min_ms = 300;      // always warm up at least this long
    double warmup_max_ms = 5000;     // give up waiting for a plateau after this long
    double settle_tolerance = 0.01;  // consecutive batch medians within 1%: settled
    double batch_ms = 100;           // warm-up batch length
    double timed_ms = 1000;          // timed samples cover about this long
    int min_samples = 20;
    int max_samples = 2000;
};

struct BurstMeasurement {
    std::vector<double> samples_ms;
    int warmup_iterations = 0;
    double warmup_ms = 0;
    bool settled = false;  // the warm-up reached a plateau (false: it hit warmup_max_ms)
};

// Warm-up only (the first half of measure_burst): the same fields, without samples.
BurstMeasurement warm_up(IterationRunner& runner, const MethodOptions& options);

// `before_timed` (may be empty) is called between the warm-up and the timed samples, and
// `after_timed` right after them: the runner opens and closes its telemetry window there.
BurstMeasurement measure_burst(IterationRunner& runner, const MethodOptions& options,
                               const std::function<void()>& before_timed = {},
                               const std::function<void()>& after_timed = {});

// Two backends measured in alternating rounds after each has warmed up (a, b, a, b, ...), so
// that both see the same clocks and temperature: the ratio of their medians is not skewed by
// which ran first. Each side's samples cover about options.timed_ms in all.
struct InterleavedMeasurement {
    BurstMeasurement a;  // a.samples_ms: every round of a, in order
    BurstMeasurement b;
    int rounds = 0;
};
InterleavedMeasurement measure_interleaved(IterationRunner& a, IterationRunner& b,
                                           const MethodOptions& options, int rounds = 4,
                                           const std::function<void()>& before_timed = {},
                                           const std::function<void()>& after_timed = {});

struct SoakOptions {
    double duration_s = 20;      // at least this long (design §4: 20 s, as mamf-finder's MSMF)
    double batch_ms = 250;       // one batch median per this long: the trend
    double kept_fraction = 0.25; // the figure comes from the last quarter of the soak
    double plateau_spread = 0.03;  // the kept batch medians within 3%: a plateau
    double max_duration_s = 40;  // no plateau by then: stop, and say so
};

struct SustainedMeasurement {
    std::vector<double> samples_ms;     // the iterations of the kept window (the last quarter)
    std::vector<double> batch_medians;  // one per batch through the whole soak, to show the trend
    std::vector<double> batch_end_ms;   // GPU time in the soak at the end of each batch
    std::size_t kept_from_batch = 0;    // the kept window is batches kept_from_batch..end
    double soak_ms = 0;                 // GPU time spent in the soak
    double kept_ms = 0;                 // GPU time of the kept window
    double plateau_spread = 0;          // (max - min) / median of the kept batch medians
    bool plateau = false;               // plateau_spread within SoakOptions::plateau_spread
    double trend_per_minute = 0;  // throughput change over the kept window, fraction per minute
};

// Runs batches until `duration_s` of GPU time and, if the kept window is no plateau yet, on
// until it is one or max_duration_s is spent. `on_batch` (may be empty) is told after each batch
// the fraction of duration_s done: the runner stamps telemetry and energy there.
SustainedMeasurement measure_sustained(IterationRunner& runner, const SoakOptions& options,
                                       const std::function<void(double)>& on_batch);

// Least-squares slope of y over x divided by the mean of y: the relative change per unit of x.
double relative_trend(const std::vector<double>& x, const std::vector<double>& y);

}  // namespace chipcount
