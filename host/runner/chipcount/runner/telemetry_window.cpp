#include "chipcount/runner/telemetry_window.hpp"

#include "chipcount/runner/bench_device.hpp"

namespace chipcount::runner {

TelemetrySummary summarize_window(const std::vector<kernels::TelemetrySample>& samples,
                                  const TimedWindow& window) {
    std::vector<TelemetryPoint> points;
    for (const kernels::TelemetrySample& s : samples) {
        if (s.time_s < window.start_s || s.time_s > window.end_s) continue;
        TelemetryPoint p{s.sm_clock_mhz, s.power_w, s.temperature_c, {}};
        if (s.reasons) p.reasons = kernels::throttle_reason_names(*s.reasons);
        points.push_back(std::move(p));
    }
    TelemetrySummary t = summarize_telemetry(points);
    const double length = window.end_s - window.start_s;
    if (length > 0) t.window_s = length;
    if (length > 0 && window.energy_start_j && window.energy_end_j &&
        *window.energy_end_j >= *window.energy_start_j) {
        t.energy_j = *window.energy_end_j - *window.energy_start_j;
        t.power_w_from_energy = *t.energy_j / length;
    }
    return t;
}

WindowRecorder::WindowRecorder(BenchDevice& device) : device_(device) {
    device_.telemetry_start();
}

WindowRecorder::~WindowRecorder() {
    if (running_) device_.telemetry_stop();
}

TimedWindow WindowRecorder::stamp() const {
    TimedWindow w;
    w.start_s = w.end_s = device_.now_s();
    w.energy_start_j = w.energy_end_j = device_.energy_j();
    return w;
}

void WindowRecorder::mark_start() {
    const TimedWindow now = stamp();
    window_.start_s = now.start_s;
    window_.energy_start_j = now.energy_start_j;
    if (device_.telemetry_available()) extra_.push_back(device_.telemetry_now());
}

void WindowRecorder::mark_end() {
    if (device_.telemetry_available()) extra_.push_back(device_.telemetry_now());
    const TimedWindow now = stamp();
    window_.end_s = now.end_s;
    window_.energy_end_j = now.energy_end_j;
}

TelemetrySummary WindowRecorder::finish(const TimedWindow& window) {
    std::vector<kernels::TelemetrySample> samples = device_.telemetry_stop();
    running_ = false;
    samples.insert(samples.end(), extra_.begin(), extra_.end());
    return summarize_window(samples, window);
}

TelemetrySummary WindowRecorder::finish() {
    return finish(window_);
}

}  // namespace chipcount::runner
