// A simulated GPU for the runner's CPU tests: virtual time that advances with every iteration and
// idle wait, a throughput per backend, three cuBLASLt candidates of known speeds, an energy
// counter that integrates a known power, telemetry stamped on the virtual clock, and an optional
// lost GPU context at a named case. Everything it reports follows from these numbers.
#pragma once
#include <map>
#include <string>
#include <vector>

#include "chipcount/benchmark/bench_plan.hpp"
#include "chipcount/kernels/error.hpp"
#include "chipcount/runner/bench_device.hpp"

namespace chipcount::runner::test {

struct SimulatedGpu : BenchDevice {
    // What the model says.
    double cublaslt_tflops = 700;                    // candidate 0
    std::vector<double> candidate_speed = {1.0, 1.0 / 0.95, 0.9};  // relative to candidate 0
    std::map<std::string, double> own_tflops = {{"mma_sync", 350}, {"wgmma_tma", 350},
                                                 {"simt_fp32", 35}};
    double busy_power_w = 650;   // what the energy counter integrates while running
    double idle_power_w = 80;
    double nvml_power_w = 700;   // NVML's lagging one-second average, distinct on purpose
    double busy_clock_mhz = 1755;
    std::string lose_context_at;  // "mma_sync bf16 4096x4096x4096": a sticky error there

    // What happened, in order: "open <label>", "idle", "bandwidth <pattern>".
    std::vector<std::string> events;
    double now = 1000;  // seconds
    double energy = 0;  // joules
    std::vector<double> busy_until{0};

    kernels::DeviceInfo device = [] {
        kernels::DeviceInfo d;
        d.name = "NVIDIA H100 80GB HBM3";
        d.uuid = "GPU-simulated";
        d.pci_bus_id = "0000:00:00.0";
        d.cc_major = 9;
        d.sm_count = 132;
        d.memory_bytes = 85520809984ull;
        d.l2_bytes = 52428800;
        d.max_sm_clock_mhz = 1980;
        d.memory_clock_mhz = 2619;
        d.memory_bus_width_bits = 5120;
        return d;
    }();
    kernels::DeviceList devices = [this] {
        kernels::DeviceList l;
        l.devices = {device};
        l.driver_version = "13.0";
        l.runtime_version = "13.0";
        return l;
    }();
    bool sampling = false;
    double sampling_since = 0;
    bool busy = false;
    double opened_at = 0;

    static std::string label(const kernels::GemmSetup& s) {
        return std::string(kernels::gemm_backend_name(s.backend)) + " " +
               std::string(precision_name(s.precision)) + " " + shape_text(s.shape);
    }

    void advance(double seconds, bool running) {
        now += seconds;
        energy += seconds * (running ? busy_power_w : idle_power_w);
        busy = running;
    }

    struct Gemm : GemmCaseDevice {
        SimulatedGpu& gpu;
        kernels::GemmSetup setup;
        std::vector<kernels::AlgorithmConfig> configs;
        std::size_t current = 0;
        Gemm(SimulatedGpu& g, const kernels::GemmSetup& s) : gpu(g), setup(s) {
            if (s.backend == kernels::GemmBackend::kCublasLt) {
                for (std::size_t i = 0; i < g.candidate_speed.size(); ++i) {
                    kernels::AlgorithmConfig c;
                    c.id = 10 + static_cast<int>(i);
                    c.tile = "128x256";
                    c.stages = "64x4";
                    configs.push_back(c);
                }
            }
        }
        double iteration_ms() const {
            const double rate =
                setup.backend == kernels::GemmBackend::kCublasLt
                    ? gpu.cublaslt_tflops * gpu.candidate_speed[current]
                    : gpu.own_tflops.at(std::string(kernels::gemm_backend_name(setup.backend)));
            return gemm_flops(setup.shape) / (rate * 1e12) * 1e3;
        }
        std::vector<double> run(int iterations) override {
            if (gpu.lose_context_at == label(setup))
                throw kernels::DeviceLostError("simulated: an illegal memory access in " +
                                               label(setup) + "; the GPU context is lost");
            std::vector<double> out(static_cast<std::size_t>(iterations), iteration_ms());
            gpu.advance(iterations * iteration_ms() / 1000, true);
            return out;
        }
        const std::vector<kernels::AlgorithmConfig>& candidates() const override { return configs; }
        void use_candidate(std::size_t index) override { current = index; }
        kernels::GemmValidation validate(std::size_t samples, int sets) override {
            kernels::GemmValidation v;
            v.reference = "fp64, simulated";
            v.checked_elements = samples * static_cast<std::size_t>(sets);
            v.buffer_sets_checked = sets;
            v.max_rel_error = validation_tolerance(setup.precision, setup.shape.k) / 10;
            v.checksum = -12.5;
            v.worst = kernels::WorstElement{3, 4, -1.5, -1.5001, v.max_rel_error, 1};
            return v;
        }
        std::string algorithm() const override { return label(setup); }
        kernels::GemmSettings settings() const override { return {"fp32", "bf16", {}, {}, {}}; }
        int buffer_sets() const override { return 2; }
        std::size_t bytes_per_set() const override { return 1 << 20; }
    };

    struct Bandwidth : BandwidthDevice {
        SimulatedGpu& gpu;
        explicit Bandwidth(SimulatedGpu& g) : gpu(g) {}
        std::vector<double> run(MemoryPattern pattern, int launches, int samples) override {
            gpu.events.push_back("bandwidth " + std::string(memory_pattern_name(pattern)));
            const double ms = bytes_moved(pattern, 1e9) / 3e12 * 1e3;  // 3 TB/s
            gpu.advance(launches * samples * ms / 1000, true);
            return std::vector<double>(static_cast<std::size_t>(samples), ms);
        }
        std::size_t count_errors(MemoryPattern) override { return 0; }
        std::size_t bytes_per_array() const override { return 1000000000; }
    };

    const kernels::DeviceInfo& info() const override { return device; }
    const kernels::DeviceList& list() const override { return devices; }
    kernels::Support gemm_supported(const kernels::GemmSetup& s) const override {
        if (s.precision == Precision::kFp64) return {false, "simulated: no fp64 here"};
        return {true, {}};
    }
    std::unique_ptr<GemmCaseDevice> open_gemm(const kernels::GemmSetup& s) override {
        events.push_back("open " + label(s));
        opened_at = now;
        return std::make_unique<Gemm>(*this, s);
    }
    std::unique_ptr<BandwidthDevice> open_bandwidth(std::size_t) override {
        return std::make_unique<Bandwidth>(*this);
    }
    bool telemetry_available() const override { return true; }
    std::string telemetry_unavailable_reason() const override { return {}; }
    void telemetry_start() override {
        sampling = true;
        sampling_since = now;
    }
    kernels::TelemetrySample telemetry_now() override {
        kernels::TelemetrySample s;
        s.time_s = now;
        s.sm_clock_mhz = busy ? busy_clock_mhz : device.max_sm_clock_mhz;
        s.power_w = nvml_power_w;
        s.temperature_c = 60;
        s.reasons = 0x4;  // sw_power_cap
        return s;
    }
    std::vector<kernels::TelemetrySample> telemetry_stop() override {
        // One sample every 0.1 s since the start. The first second after a case opened reads a
        // boost clock of 1980 MHz (the case's warm-up and candidate timing), later ones 1755:
        // a summary of the whole case, not of its timed window, would mix the two.
        std::vector<kernels::TelemetrySample> out;
        sampling = false;
        for (double t = sampling_since; t <= now; t += 0.1) {
            kernels::TelemetrySample s = telemetry_now();
            s.time_s = t;
            s.sm_clock_mhz = t - opened_at < 1.0 ? 1980 : busy_clock_mhz;
            out.push_back(s);
        }
        return out;
    }
    std::optional<double> energy_j() override { return energy; }
    std::optional<double> power_limit_w() const override { return 700; }
    std::string nvidia_driver() const override { return "580.00"; }
    std::string cublaslt_version() const override { return "13.0.0"; }
    double now_s() override { return now; }
    void sleep_s(double seconds) override {
        if (events.empty() || events.back() != "idle") events.push_back("idle");
        advance(seconds, false);
    }
};

}  // namespace chipcount::runner::test
