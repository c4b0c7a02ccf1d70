// The real BenchDevice: the kernels library's benches, NVML telemetry and the steady clock.
#include <chrono>
#include <thread>

#include "chipcount/base/errors.hpp"
#include "chipcount/kernels/bandwidth.hpp"
#include "chipcount/runner/bench_device.hpp"

namespace chipcount::runner {
namespace {

class GpuGemmCase : public GemmCaseDevice {
  public:
    explicit GpuGemmCase(const kernels::GemmSetup& setup) : bench_(setup) {}
    std::vector<double> run(int iterations) override { return bench_.run(iterations); }
    const std::vector<kernels::AlgorithmConfig>& candidates() const override {
        return bench_.candidates();
    }
    void use_candidate(std::size_t index) override { bench_.use_candidate(index); }
    kernels::GemmValidation validate(std::size_t samples, int sets) override {
        return bench_.validate(samples, sets);
    }
    std::string algorithm() const override { return bench_.algorithm(); }
    kernels::GemmSettings settings() const override { return bench_.settings(); }
    int buffer_sets() const override { return bench_.buffer_sets(); }
    std::size_t bytes_per_set() const override { return bench_.bytes_per_set(); }

  private:
    kernels::GemmBench bench_;
};

class GpuBandwidth : public BandwidthDevice {
  public:
    GpuBandwidth(int device, std::size_t bytes) : bench_(device, bytes) {}
    std::vector<double> run(MemoryPattern pattern, int launches, int samples) override {
        return bench_.run(pattern, launches, samples);
    }
    std::size_t count_errors(MemoryPattern pattern) override {
        return bench_.count_errors(pattern);
    }
    std::size_t bytes_per_array() const override { return bench_.bytes_per_array(); }

  private:
    kernels::BandwidthBench bench_;
};

class Gpu : public BenchDevice {
  public:
    Gpu(kernels::DeviceList list, std::size_t index)
        : list_(std::move(list)), info_(list_.devices[index]), telemetry_(info_.pci_bus_id) {}

    const kernels::DeviceInfo& info() const override { return info_; }
    const kernels::DeviceList& list() const override { return list_; }
    kernels::Support gemm_supported(const kernels::GemmSetup& setup) const override {
        return kernels::gemm_supported(info_, setup);
    }
    std::unique_ptr<GemmCaseDevice> open_gemm(const kernels::GemmSetup& setup) override {
        return std::make_unique<GpuGemmCase>(setup);
    }
    std::unique_ptr<BandwidthDevice> open_bandwidth(std::size_t bytes) override {
        return std::make_unique<GpuBandwidth>(info_.index, bytes);
    }
    bool telemetry_available() const override { return telemetry_.available(); }
    std::string telemetry_unavailable_reason() const override {
        return telemetry_.why_unavailable();
    }
    void telemetry_start() override { telemetry_.start(); }
    std::vector<kernels::TelemetrySample> telemetry_stop() override { return telemetry_.stop(); }
    kernels::TelemetrySample telemetry_now() override { return telemetry_.sample_now(); }
    std::optional<double> energy_j() override { return telemetry_.energy_j(); }
    std::optional<double> power_limit_w() const override { return telemetry_.power_limit_w(); }
    std::string nvidia_driver() const override { return telemetry_.driver_version(); }
    std::string cublaslt_version() const override { return kernels::cublaslt_version(); }
    double now_s() override { return kernels::steady_seconds(); }
    void sleep_s(double seconds) override {
        std::this_thread::sleep_for(std::chrono::duration<double>(seconds));
    }

  private:
    kernels::DeviceList list_;
    kernels::DeviceInfo info_;
    kernels::Telemetry telemetry_;
};

}  // namespace

std::unique_ptr<BenchDevice> open_gpu(int index) {
    kernels::DeviceList list = kernels::query_devices();
    if (list.devices.empty()) throw NoGpuError(list.why_none);
    if (index < 0 || index >= static_cast<int>(list.devices.size())) {
        throw UsageError("--device " + std::to_string(index) + ": this machine has " +
                         std::to_string(list.devices.size()) + " GPU(s), numbered from 0");
    }
    return std::make_unique<Gpu>(std::move(list), static_cast<std::size_t>(index));
}

}  // namespace chipcount::runner
