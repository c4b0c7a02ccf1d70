// A GPU as the benchmark runner sees it: open GEMM and bandwidth cases, telemetry, and a clock.
// The real one (open_gpu) wraps the kernels library and NVML; the runner's tests pass a simulated
// one, so that the case order, the gates, telemetry windows and error handling are tested on the
// CPU. Errors are the kernels library's: KernelError (the case failed), UnsupportedError (it
// cannot run here) and DeviceLostError (the GPU context is gone: the run must stop).
#pragma once
#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "chipcount/kernels/device.hpp"
#include "chipcount/kernels/gemm.hpp"
#include "chipcount/kernels/telemetry.hpp"
#include "chipcount/vocabulary.hpp"

namespace chipcount::runner {

// One GEMM case set up on the GPU (kernels::GemmBench).
class GemmCaseDevice {
  public:
    virtual ~GemmCaseDevice() = default;
    virtual std::vector<double> run(int iterations) = 0;
    virtual const std::vector<kernels::AlgorithmConfig>& candidates() const = 0;
    virtual void use_candidate(std::size_t index) = 0;
    virtual kernels::GemmValidation validate(std::size_t samples, int sets) = 0;
    virtual std::string algorithm() const = 0;
    virtual kernels::GemmSettings settings() const = 0;
    virtual int buffer_sets() const = 0;
    virtual std::size_t bytes_per_set() const = 0;
};

// The bandwidth arrays set up on the GPU (kernels::BandwidthBench).
class BandwidthDevice {
  public:
    virtual ~BandwidthDevice() = default;
    virtual std::vector<double> run(MemoryPattern pattern, int launches, int samples) = 0;
    virtual std::size_t count_errors(MemoryPattern pattern) = 0;
    virtual std::size_t bytes_per_array() const = 0;
};

class BenchDevice {
  public:
    virtual ~BenchDevice() = default;
    virtual const kernels::DeviceInfo& info() const = 0;
    virtual const kernels::DeviceList& list() const = 0;
    virtual kernels::Support gemm_supported(const kernels::GemmSetup& setup) const = 0;
    virtual std::unique_ptr<GemmCaseDevice> open_gemm(const kernels::GemmSetup& setup) = 0;
    virtual std::unique_ptr<BandwidthDevice> open_bandwidth(std::size_t bytes_per_array) = 0;

    // Telemetry: samples stamped with now_s()'s clock, the energy counter, what the card is.
    virtual bool telemetry_available() const = 0;
    virtual std::string telemetry_unavailable_reason() const = 0;
    virtual void telemetry_start() = 0;
    virtual std::vector<kernels::TelemetrySample> telemetry_stop() = 0;
    virtual kernels::TelemetrySample telemetry_now() = 0;
    virtual std::optional<double> energy_j() = 0;
    virtual std::optional<double> power_limit_w() const = 0;
    virtual std::string nvidia_driver() const = 0;
    virtual std::string cublaslt_version() const = 0;

    // The clock telemetry is stamped with, and an idle wait (the idle gate).
    virtual double now_s() = 0;
    virtual void sleep_s(double seconds) = 0;
};

// The GPU with this index: NoGpuError (exit 3) when there is none, UsageError for a bad index.
std::unique_ptr<BenchDevice> open_gpu(int index);

}  // namespace chipcount::runner
