#include "chipcount/runner/benchmark_runner.hpp"
#include "chipcount/io/json_write.hpp"

#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <optional>

#include "chipcount/base/errors.hpp"
#include "chipcount/base/time.hpp"
#include "chipcount/benchmark/bench_method.hpp"
#include "chipcount/format/table.hpp"
#include "chipcount/io/file_names.hpp"
#include "chipcount/kernels/bandwidth.hpp"
#include "chipcount/kernels/error.hpp"
#include "chipcount/kernels/gemm.hpp"
#include "chipcount/kernels/telemetry.hpp"
#include "chipcount/runner/devices.hpp"
#include "chipcount/runner/tool_info.hpp"

namespace chipcount::runner {
namespace {

using ojson = nlohmann::ordered_json;

// Our kernels and the precisions each covers (issue 6: SIMT fp32 and mma.sync; issue 7: wgmma).
std::vector<kernels::GemmBackend> backends_for(BackendFamily family, Precision p) {
    if (family == BackendFamily::kCublasLt) return {kernels::GemmBackend::kCublasLt};
    std::vector<kernels::GemmBackend> out;
    if (p == Precision::kFp32) out.push_back(kernels::GemmBackend::kSimtFp32);
    if (p == Precision::kBf16 || p == Precision::kFp16) {
        out.push_back(kernels::GemmBackend::kMmaSync);
        out.push_back(kernels::GemmBackend::kWgmmaTma);
    }
    return out;
}

class GemmIterations : public IterationRunner {
  public:
    explicit GemmIterations(kernels::GemmBench& bench) : bench_(bench) {}
    std::vector<double> run(int iterations) override { return bench_.run(iterations); }

  private:
    kernels::GemmBench& bench_;
};

TelemetrySummary summarize_samples(const std::vector<kernels::TelemetrySample>& samples) {
    std::vector<TelemetryPoint> points;
    for (const auto& s : samples) {
        TelemetryPoint p{s.sm_clock_mhz, s.power_w, s.temperature_c, {}};
        if (s.reasons) p.reasons = kernels::throttle_reason_names(*s.reasons);
        points.push_back(std::move(p));
    }
    return summarize_telemetry(points);
}

}  // namespace

std::vector<PlannedCase> plan_cases(const BenchConfig& config, int sm_count) {
    std::vector<PlannedCase> plan;
    for (const Precision p : config.precisions) {
        std::vector<Shape> shapes = config.shapes;
        if (shapes.empty()) {
            shapes = config.full_sweep
                         ? wave_quantized_shapes(sm_count, {4096, 8192, 16384}, 2048, 20480, 24)
                         : quick_sweep();
        }
        const Shape soak_shape = config.shapes.empty() ? kHeadlineShape : shapes.front();
        const bool soaked =
            std::find(config.soak.begin(), config.soak.end(), p) != config.soak.end();
        for (const BackendFamily family : config.backends) {
            for (const auto backend : backends_for(family, p)) {
                for (const Shape& s : shapes) {
                    const bool soak =
                        family == BackendFamily::kCublasLt && soaked && s == soak_shape;
                    plan.push_back({p, backend, s, soak});
                }
            }
        }
    }
    return plan;
}

namespace {

std::string case_label(const PlannedCase& c) {
    return std::string(kernels::gemm_backend_name(c.backend)) + " " +
           std::string(precision_name(c.precision)) + " " + shape_text(c.shape);
}

GemmCase unmeasured_case(const PlannedCase& plan, CaseStatus status, std::string reason) {
    GemmCase c;
    c.backend = kernels::gemm_backend_name(plan.backend);
    c.precision = plan.precision;
    c.shape = plan.shape;
    c.status = status;
    c.reason = std::move(reason);
    return c;
}

// The everyday case and, for a soaked one, the same case after its heat soak.
struct MeasuredCase {
    GemmCase burst;
    std::optional<GemmCase> sustained;
};

void measure_burst_case(GemmCase& c, kernels::GemmBench& bench, GemmIterations& runner,
                        kernels::Telemetry& telemetry, const BenchConfig& config) {
    c.algorithm = bench.algorithm();
    c.buffer_sets = bench.buffer_sets();
    c.bytes_per_set = static_cast<double>(bench.bytes_per_set());
    telemetry.start();
    const BurstMeasurement burst = measure_burst(runner, MethodOptions{});
    c.telemetry = summarize_samples(telemetry.stop());
    c.samples_ms = burst.samples_ms;
    c.timing = summarize(burst.samples_ms);
    c.warmup_iterations = burst.warmup_iterations;
    c.warmup_ms = burst.warmup_ms;
    c.warmup_settled = burst.settled;
    const kernels::GemmValidation v = bench.validate(config.validation_samples);
    c.validation = judge_validation(v.reference, v.checked_elements, v.unwritten, v.max_rel_error,
                                    c.precision);
    if (!c.validation->passed) {
        c.status = CaseStatus::kFailed;
        c.reason = "validation failed: " + std::to_string(v.unwritten) + " unwritten, max error " +
                   format_number(v.max_rel_error, 6) + " over tolerance " +
                   format_number(c.validation->tolerance, 6);
    }
}

GemmCase measure_soak(const GemmCase& burst, GemmIterations& runner, kernels::Telemetry& telemetry,
                      const BenchConfig& config, BenchProgress& progress) {
    GemmCase s = burst;
    s.phase = "sustained";
    telemetry.start();
    const SustainedMeasurement soak =
        measure_sustained(runner, config.soak_s, 250, [&](double f) { progress.case_fraction(f); });
    s.telemetry = summarize_samples(telemetry.stop());
    s.samples_ms = soak.samples_ms;
    s.timing = summarize(soak.samples_ms);
    s.soak_s = soak.soak_ms / 1000.0;
    s.soak_batch_tflops.clear();
    for (const double ms : soak.batch_medians) s.soak_batch_tflops.push_back(tflops(s.shape, ms));
    return s;
}

MeasuredCase measure_case(const PlannedCase& plan, const kernels::DeviceInfo& device,
                          const BenchConfig& config, kernels::Telemetry& telemetry,
                          BenchProgress& progress) {
    kernels::GemmSetup setup;
    setup.device = config.device;
    setup.precision = plan.precision;
    setup.backend = plan.backend;
    setup.shape = plan.shape;
    const kernels::Support support = kernels::gemm_supported(device, setup);
    if (!support.ok) return {unmeasured_case(plan, CaseStatus::kSkipped, support.reason), {}};
    MeasuredCase out{unmeasured_case(plan, CaseStatus::kOk, {}), {}};
    try {
        kernels::GemmBench bench(setup);
        GemmIterations runner(bench);
        measure_burst_case(out.burst, bench, runner, telemetry, config);
        if (out.burst.status == CaseStatus::kOk && plan.soak && config.soak_s > 0)
            out.sustained = measure_soak(out.burst, runner, telemetry, config, progress);
    } catch (const kernels::UnsupportedError& e) {
        out.burst.status = CaseStatus::kSkipped;
        out.burst.reason = e.what();
    } catch (const kernels::KernelError& e) {
        out.burst.status = CaseStatus::kFailed;
        out.burst.reason = e.what();
    }
    return out;
}

std::string case_outcome(const GemmCase& c) {
    std::string text(case_status_name(c.status));
    if (c.tflops_median()) text += ", " + format_number(*c.tflops_median(), 1) + " TFLOPS";
    if (!c.reason.empty()) text += ": " + c.reason;
    return text;
}

// Every planned case in order, then the sustained ones; a full sweep stops measuring when its
// time budget is spent and records the rest as skipped.
void run_gemm_cases(const std::vector<PlannedCase>& plan, const kernels::DeviceInfo& device,
                    const BenchConfig& config, kernels::Telemetry& telemetry,
                    BenchProgress& progress, ResultDocument& doc) {
    const auto begin = std::chrono::steady_clock::now();
    std::vector<GemmCase> sustained;
    for (const PlannedCase& c : plan) {
        const double elapsed =
            std::chrono::duration<double>(std::chrono::steady_clock::now() - begin).count();
        progress.case_started(case_label(c));
        if (config.full_sweep && elapsed > config.budget_s) {
            doc.gemm.push_back(unmeasured_case(c, CaseStatus::kSkipped, "sweep time budget spent"));
            progress.case_finished("skipped (budget)");
            continue;
        }
        MeasuredCase measured = measure_case(c, device, config, telemetry, progress);
        progress.case_finished(case_outcome(measured.burst));
        doc.gemm.push_back(std::move(measured.burst));
        if (measured.sustained) sustained.push_back(std::move(*measured.sustained));
    }
    for (GemmCase& s : sustained) doc.gemm.push_back(std::move(s));
}

BandwidthCase measure_bandwidth(kernels::BandwidthBench& bench, MemoryPattern pattern,
                                kernels::Telemetry& telemetry) {
    BandwidthCase b;
    b.pattern = memory_pattern_name(pattern);
    b.bytes_per_array = static_cast<double>(bench.bytes_per_array());
    b.bytes_moved = bytes_moved(pattern, b.bytes_per_array);
    try {
        bench.run(pattern, 5, 1);  // warm-up
        telemetry.start();
        b.samples_ms = bench.run(pattern, 10, 30);
        b.telemetry = summarize_samples(telemetry.stop());
        b.timing = summarize(b.samples_ms);
        b.errors = bench.count_errors(pattern);
        if (b.errors != 0) {
            b.status = CaseStatus::kFailed;
            b.reason = std::to_string(b.errors) + " output elements wrong";
        }
    } catch (const kernels::KernelError& e) {
        b.status = CaseStatus::kFailed;
        b.reason = e.what();
    }
    b.validation_passed = b.status == CaseStatus::kOk && b.errors == 0;
    return b;
}

void run_bandwidth_cases(const kernels::DeviceInfo& device, const BenchConfig& config,
                         kernels::Telemetry& telemetry, BenchProgress& progress,
                         ResultDocument& doc) {
    // Arrays of 2 GiB (far beyond any L2), or an eighth of memory on a small GPU.
    const std::size_t bytes = std::min<std::size_t>(
        std::size_t{2} << 30, (device.memory_bytes / 8) & ~std::size_t{(1 << 20) - 1});
    try {
        kernels::BandwidthBench bench(config.device, bytes);
        for (const MemoryPattern pattern : kAllMemoryPatterns) {
            progress.case_started("bandwidth " + std::string(memory_pattern_name(pattern)));
            BandwidthCase b = measure_bandwidth(bench, pattern, telemetry);
            progress.case_finished(b.tbs_median() ? format_number(*b.tbs_median(), 2) + " TB/s"
                                                  : std::string(case_status_name(b.status)));
            doc.bandwidth.push_back(std::move(b));
        }
    } catch (const kernels::KernelError& e) {
        BandwidthCase b;
        b.pattern = "all";
        b.status = CaseStatus::kFailed;
        b.reason = e.what();
        doc.bandwidth.push_back(b);
    }
}

std::string hostname() {
    char name[256] = {};
    return gethostname(name, sizeof name - 1) == 0 ? name : "unknown";
}

ojson run_json(const BenchConfig& config, const std::string& started) {
    return {{"started_at", started},
            {"finished_at", utc_iso8601()},
            {"argv", portable_command_line(config.argv)},
            {"host", hostname()},
            {"method",
             {{"timing",
               "CUDA events around the kernels; warm-up until consecutive batch medians agree "
               "within 1%"},
              {"inputs",
               "uniform [-1, 1] without zeros (int8: [-127, 127] without 0), filled on the GPU"},
              {"l2", "rotating buffer sets spanning at least 2x L2"},
              {"soak_s", config.soak_s}}}};
}

const kernels::DeviceInfo& chosen_device(const kernels::DeviceList& list, int index) {
    if (list.devices.empty()) throw NoGpuError(list.why_none);
    if (index < 0 || index >= static_cast<int>(list.devices.size())) {
        throw UsageError("--device " + std::to_string(index) + ": this machine has " +
                         std::to_string(list.devices.size()) + " GPU(s), numbered from 0");
    }
    return list.devices[static_cast<std::size_t>(index)];
}

}  // namespace

BenchOutcome run_benchmark(const BenchConfig& config, const ProfileSet& profiles,
                           BenchProgress& progress) {
    const kernels::DeviceList list = kernels::query_devices();
    const kernels::DeviceInfo& device = chosen_device(list, config.device);
    BenchOutcome outcome;
    outcome.profile = profiles.match_device(device.name, device.sm_count);
    ResultDocument& doc = outcome.document;
    if (outcome.profile) {
        doc.profile_id = outcome.profile->id;
    } else {
        doc.notes.push_back("GPU '" + device.name +
                            "' matches no chip profile: no efficiency figures");
    }
    const std::string started = utc_iso8601();
    kernels::Telemetry telemetry(device.pci_bus_id);
    if (!telemetry.available()) doc.notes.push_back(telemetry.why_unavailable());

    const std::vector<PlannedCase> plan = plan_cases(config, device.sm_count);
    progress.planned(plan.size() + (config.bandwidth ? kAllMemoryPatterns.size() : 0));
    run_gemm_cases(plan, device, config, telemetry, progress, doc);
    if (config.bandwidth) run_bandwidth_cases(device, config, telemetry, progress, doc);

    doc.tool = tool_json();
    doc.tool["cublaslt_version"] = text_or_null(kernels::cublaslt_version());
    doc.run = run_json(config, started);
    doc.device = device_json(device, list);
    doc.device["power_limit_w"] = optional_json(telemetry.power_limit_w());
    const std::string driver = telemetry.driver_version();
    doc.device["nvidia_driver"] = text_or_null(driver);
    apply_efficiency(doc, outcome.profile);
    return outcome;
}

}  // namespace chipcount::runner
