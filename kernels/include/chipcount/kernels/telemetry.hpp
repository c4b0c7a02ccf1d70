// GPU telemetry through NVML, loaded at run time with dlopen: SM clock, power, temperature and
// clock-event (throttle) reasons, sampled on a background thread, each sample stamped with the
// steady clock so the runner keeps only those inside a timed window; and the total-energy
// counter, whose delta over a window gives its mean power (NVML's power reading is itself a
// one-second average). No NVML is a note, not a failure.
#pragma once
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace chipcount::kernels {

// Seconds on std::chrono::steady_clock (its epoch): the clock the runner stamps windows with.
double steady_seconds();

struct TelemetrySample {
    double time_s = 0;  // steady_seconds() when taken
    std::optional<double> sm_clock_mhz;
    std::optional<double> power_w;
    std::optional<double> temperature_c;
    std::optional<std::uint64_t> reasons;  // NVML clocks-event reason bits
};

// "sw_power_cap", "hw_slowdown", ... for the bits set in `reasons` (GPU idle is left out).
std::vector<std::string> throttle_reason_names(std::uint64_t reasons);

class Telemetry {
  public:
    // Opens NVML and the device with this PCI bus id ("0000:19:00.0").
    explicit Telemetry(const std::string& pci_bus_id);
    ~Telemetry();
    Telemetry(const Telemetry&) = delete;
    Telemetry& operator=(const Telemetry&) = delete;

    bool available() const;
    const std::string& why_unavailable() const;
    std::optional<double> power_limit_w() const;
    std::string driver_version() const;

    void start(double interval_s = 0.1);  // begins sampling on a thread
    std::vector<TelemetrySample> stop();  // ends it and returns the samples
    TelemetrySample sample_now() const;   // one reading now (empty fields without NVML)
    // The GPU's total-energy counter in joules since the driver loaded
    // (nvmlDeviceGetTotalEnergyConsumption); nullopt where the GPU or driver has none.
    std::optional<double> energy_j() const;

    struct Impl;

  private:
    std::unique_ptr<Impl> impl_;
};

}  // namespace chipcount::kernels
