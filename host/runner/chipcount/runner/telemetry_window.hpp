// Telemetry for a timed window only: the sampler runs through a whole case (warm-up included),
// and only the samples stamped inside the window count; the mean power of the window comes from
// the NVML total-energy counter's delta over it, not from NVML's one-second power average.
#pragma once
#include <optional>
#include <vector>

#include "chipcount/benchmark/result.hpp"
#include "chipcount/kernels/telemetry.hpp"

namespace chipcount::runner {

class BenchDevice;

struct TimedWindow {
    double start_s = 0;  // on the clock the samples are stamped with
    double end_s = 0;
    std::optional<double> energy_start_j;
    std::optional<double> energy_end_j;
};

// The samples with start_s <= time_s <= end_s, summarized; window_s, energy_j and
// power_w_from_energy from the window (no energy figure when either reading is missing or the
// counter went backwards).
TelemetrySummary summarize_window(const std::vector<kernels::TelemetrySample>& samples,
                                  const TimedWindow& window);

// Marks a window on a device: the sampler starts at construction; mark_start() and mark_end()
// stamp the window's ends (with the energy counter and one reading each, so a short window still
// has samples); finish() stops the sampler and summarizes the window.
class WindowRecorder {
  public:
    explicit WindowRecorder(BenchDevice& device);
    ~WindowRecorder();
    WindowRecorder(const WindowRecorder&) = delete;
    WindowRecorder& operator=(const WindowRecorder&) = delete;

    void mark_start();
    void mark_end();
    // A window whose ends were stamped elsewhere (the soak stamps every batch).
    TelemetrySummary finish(const TimedWindow& window);
    TelemetrySummary finish();
    TimedWindow stamp() const;  // now, with the energy counter, as a window's start and end

  private:
    BenchDevice& device_;
    TimedWindow window_;
    std::vector<kernels::TelemetrySample> extra_;
    bool running_ = true;
};

}  // namespace chipcount::runner
