// The timing method (design §4), apart from any GPU: warm up until throughput settles, then
// take many timed iterations; for the sustained figure, run on through a heat soak and keep the
// end of it. A runner only has to execute iterations and return their times, so the method is
// tested on the CPU with fake runners.
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

BurstMeasurement measure_burst(IterationRunner& runner, const MethodOptions& options);

struct SustainedMeasurement {
    std::vector<double> samples_ms;     // the iterations of the final quarter of the soak
    std::vector<double> batch_medians;  // one per batch through the whole soak, to show the trend
    double soak_ms = 0;                 // GPU time spent in the soak
};

// Runs for `duration_s` seconds of GPU time in batches of about `batch_ms`; `progress` (may be
// empty) is told the fraction done after each batch.
SustainedMeasurement measure_sustained(IterationRunner& runner, double duration_s, double batch_ms,
                                       const std::function<void(double)>& progress);

}  // namespace chipcount
