#include "bench_runner.hpp"

#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <ctime>
#include <iostream>

#include "chipcount/base/errors.hpp"
#include "chipcount/benchmark/bench_method.hpp"
#include "chipcount/format/table.hpp"
#include "chipcount/io/file_names.hpp"
#include "chipcount/kernels/bandwidth.hpp"
#include "chipcount/kernels/error.hpp"
#include "chipcount/kernels/gemm.hpp"
#include "chipcount/kernels/telemetry.hpp"
#include "device_view.hpp"
#include "tool_info.hpp"

namespace chipcount::cli {
namespace {

using ojson = nlohmann::ordered_json;

// Our kernels and the precisions each covers (issue 6: SIMT fp32 and mma.sync; issue 7: wgmma).
std::vector<kernels::GemmBackend> backends_for(const std::string& family, Precision p) {
    if (family == "cublaslt") return {kernels::GemmBackend::kCublasLt};
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

std::vector<TelemetryPoint> to_points(const std::vector<kernels::TelemetrySample>& samples) {
    std::vector<TelemetryPoint> points;
    for (const auto& s : samples) {
        TelemetryPoint p{s.sm_clock_mhz, s.power_w, s.temperature_c, {}};
        if (s.reasons) p.reasons = kernels::throttle_reason_names(*s.reasons);
        points.push_back(std::move(p));
    }
    return points;
}

// Progress on stderr: a line per case; a percentage that rewrites itself on a terminal.
class Progress {
  public:
    explicit Progress(std::size_t total) : total_(total), tty_(isatty(2) != 0) {}
    void start_case(const std::string& what) {
        ++index_;
        std::cerr << "[" << index_ << "/" << total_ << "] " << what << std::flush;
        last_percent_ = -1;
    }
    void fraction(double done) {
        const int percent = static_cast<int>(done * 100);
        if (tty_) {
            std::cerr << "\r[" << index_ << "/" << total_ << "] soak " << percent << "%   "
                      << std::flush;
        } else if (percent / 25 != last_percent_ / 25) {
            std::cerr << " " << percent << "%" << std::flush;
        }
        last_percent_ = percent;
    }
    void end_case(const std::string& outcome) {
        std::cerr << (tty_ && last_percent_ >= 0 ? "\r" : " ") << outcome << "\n";
    }

  private:
    std::size_t total_;
    std::size_t index_ = 0;
    bool tty_;
    int last_percent_ = -1;
};

struct PlannedCase {
    Precision precision;
    kernels::GemmBackend backend;
    Shape shape;
    bool soak;
};

std::string case_label(const PlannedCase& c) {
    return std::string(kernels::gemm_backend_name(c.backend)) + " " +
           std::string(precision_name(c.precision)) + " " + shape_text(c.shape);
}

GemmCase measure_case(const PlannedCase& plan, const kernels::DeviceInfo& device,
                      const BenchConfig& config, kernels::Telemetry& telemetry, Progress& progress,
                      std::vector<GemmCase>& sustained_out) {
    GemmCase c;
    c.backend = kernels::gemm_backend_name(plan.backend);
    c.precision = plan.precision;
    c.shape = plan.shape;
    kernels::GemmSetup setup;
    setup.device = config.device;
    setup.precision = plan.precision;
    setup.backend = plan.backend;
    setup.shape = plan.shape;
    const kernels::Support support = kernels::gemm_supported(device, setup);
    if (!support.ok) {
        c.status = CaseStatus::kSkipped;
        c.reason = support.reason;
        return c;
    }
    try {
        kernels::GemmBench bench(setup);
        GemmIterations runner(bench);
        c.algorithm = bench.algorithm();
        c.buffer_sets = bench.buffer_sets();
        c.bytes_per_set = static_cast<double>(bench.bytes_per_set());
        telemetry.start();
        const BurstMeasurement burst = measure_burst(runner, MethodOptions{});
        c.telemetry = summarize_telemetry(to_points(telemetry.stop()));
        c.samples_ms = burst.samples_ms;
        c.timing = summarize(burst.samples_ms);
        c.warmup_iterations = burst.warmup_iterations;
        c.warmup_ms = burst.warmup_ms;
        c.warmup_settled = burst.settled;
        const kernels::GemmValidation v = bench.validate(config.validation_samples);
        c.validation = judge_validation(v.reference, v.checked_elements, v.unwritten,
                                        v.max_rel_error, plan.precision);
        if (!c.validation->passed) {
            c.status = CaseStatus::kFailed;
            c.reason = "validation failed: " + std::to_string(v.unwritten) +
                       " unwritten, max error " + format_number(v.max_rel_error, 6) +
                       " over tolerance " + format_number(c.validation->tolerance, 6);
            return c;
        }
        if (plan.soak && config.soak_s > 0) {
            GemmCase s = c;
            s.phase = "sustained";
            telemetry.start();
            const SustainedMeasurement soak = measure_sustained(
                runner, config.soak_s, 250, [&](double f) { progress.fraction(f); });
            s.telemetry = summarize_telemetry(to_points(telemetry.stop()));
            s.samples_ms = soak.samples_ms;
            s.timing = summarize(soak.samples_ms);
            s.soak_s = soak.soak_ms / 1000.0;
            s.soak_batch_tflops.clear();
            for (const double ms : soak.batch_medians)
                s.soak_batch_tflops.push_back(tflops(plan.shape, ms));
            sustained_out.push_back(std::move(s));
        }
    } catch (const kernels::UnsupportedError& e) {
        c.status = CaseStatus::kSkipped;
        c.reason = e.what();
    } catch (const kernels::KernelError& e) {
        c.status = CaseStatus::kFailed;
        c.reason = e.what();
    }
    return c;
}

BandwidthCase measure_bandwidth(kernels::BandwidthBench& bench, MemoryPattern pattern,
                                kernels::Telemetry& telemetry) {
    BandwidthCase b;
    b.pattern = memory_pattern_name(pattern);
    b.bytes_per_array = static_cast<double>(bench.bytes_per_array());
    b.bytes_moved = bytes_moved(pattern, b.bytes_per_array);
    try {
        bench.run(pattern, 5);  // warm-up
        telemetry.start();
        b.samples_ms = bench.run(pattern, 30);
        b.telemetry = summarize_telemetry(to_points(telemetry.stop()));
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
    return b;
}

std::string hostname() {
    char name[256] = {};
    return gethostname(name, sizeof name - 1) == 0 ? name : "unknown";
}

}  // namespace

std::string utc_stamp() {
    const std::time_t now = std::time(nullptr);
    char buffer[32];
    std::strftime(buffer, sizeof buffer, "%Y%m%dT%H%M%SZ", std::gmtime(&now));
    return buffer;
}

std::string utc_iso8601() {
    const std::time_t now = std::time(nullptr);
    char buffer[32];
    std::strftime(buffer, sizeof buffer, "%Y-%m-%dT%H:%M:%SZ", std::gmtime(&now));
    return buffer;
}

BenchOutcome run_benchmark(const BenchConfig& config, const ProfileSet& profiles) {
    const kernels::DeviceList list = kernels::query_devices();
    if (list.devices.empty()) throw NoGpuError(list.why_none);
    if (config.device < 0 || config.device >= static_cast<int>(list.devices.size())) {
        throw UsageError("--device " + std::to_string(config.device) + ": this machine has " +
                         std::to_string(list.devices.size()) + " GPU(s), numbered from 0");
    }
    const kernels::DeviceInfo& device = list.devices[config.device];
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

    // The plan: shapes per precision and backend.
    std::vector<PlannedCase> plan;
    for (const Precision p : config.precisions) {
        std::vector<Shape> shapes = config.shapes;
        if (shapes.empty()) {
            shapes = config.full_sweep ? wave_quantized_shapes(device.sm_count, {4096, 8192, 16384},
                                                               2048, 20480, 24)
                                       : quick_sweep();
        }
        for (const std::string& family : config.backends) {
            for (const auto backend : backends_for(family, p)) {
                for (const Shape& s : shapes) {
                    const bool soak =
                        family == "cublaslt" &&
                        s == (config.shapes.empty() ? kHeadlineShape : shapes.front()) &&
                        std::find(config.soak.begin(), config.soak.end(), p) != config.soak.end();
                    plan.push_back({p, backend, s, soak});
                }
            }
        }
    }
    Progress progress(plan.size() + (config.bandwidth ? 4 : 0));
    const auto begin = std::chrono::steady_clock::now();
    std::vector<GemmCase> sustained;
    for (const PlannedCase& c : plan) {
        const double elapsed =
            std::chrono::duration<double>(std::chrono::steady_clock::now() - begin).count();
        progress.start_case(case_label(c));
        if (config.full_sweep && elapsed > config.budget_s) {
            GemmCase skipped;
            skipped.backend = kernels::gemm_backend_name(c.backend);
            skipped.precision = c.precision;
            skipped.shape = c.shape;
            skipped.status = CaseStatus::kSkipped;
            skipped.reason = "sweep time budget spent";
            doc.gemm.push_back(skipped);
            progress.end_case("skipped (budget)");
            continue;
        }
        GemmCase measured = measure_case(c, device, config, telemetry, progress, sustained);
        std::string outcome_text(case_status_name(measured.status));
        if (measured.tflops_median())
            outcome_text += ", " + format_number(*measured.tflops_median(), 1) + " TFLOPS";
        if (!measured.reason.empty()) outcome_text += ": " + measured.reason;
        progress.end_case(outcome_text);
        doc.gemm.push_back(std::move(measured));
    }
    for (GemmCase& s : sustained) doc.gemm.push_back(std::move(s));

    if (config.bandwidth) {
        // Arrays of 2 GiB (far beyond any L2), or an eighth of memory on a small GPU.
        const std::size_t bytes = std::min<std::size_t>(
            std::size_t{2} << 30, (device.memory_bytes / 8) & ~std::size_t{(1 << 20) - 1});
        try {
            kernels::BandwidthBench bench(config.device, bytes);
            for (const MemoryPattern pattern : kAllMemoryPatterns) {
                progress.start_case("bandwidth " + std::string(memory_pattern_name(pattern)));
                BandwidthCase b = measure_bandwidth(bench, pattern, telemetry);
                progress.end_case(b.tbs_median() ? format_number(*b.tbs_median(), 2) + " TB/s"
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

    doc.tool = tool_json();
    doc.tool["cublaslt_version"] = kernels::cublaslt_version();
    doc.run = {{"started_at", started},
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
    doc.device = device_json(device, outcome.profile, list);
    doc.device["power_limit_w"] =
        telemetry.power_limit_w() ? ojson(*telemetry.power_limit_w()) : ojson(nullptr);
    const std::string driver = telemetry.driver_version();
    doc.device["nvidia_driver"] = driver.empty() ? ojson(nullptr) : ojson(driver);
    apply_efficiency(doc, outcome.profile);
    outcome.json = result_json(doc, outcome.profile);
    return outcome;
}

std::filesystem::path default_result_path(const BenchOutcome& outcome) {
    std::string name = outcome.document.profile_id.value_or("unmatched-gpu");
    return std::filesystem::path("results") / "runs" / (utc_stamp() + "-" + name + ".json");
}

std::string render_bench_table(const ResultDocument& doc, OutputFormat format) {
    Table table;
    table.title =
        "GEMM (TFLOPS; efficiency against the datasheet dense peak and against that peak at the "
        "measured clock)";
    table.header = {"backend", "precision",    "shape",         "phase",     "status", "median",
                    "max",     "vs datasheet", "vs clock peak", "rel error", "SM MHz", "power W"};
    table.right_aligned = {false, false, false, false, false, true,
                           true,  true,  true,  true,  true,  true};
    auto pct = [](const std::optional<double>& v) {
        return v ? format_number(*v * 100, 1) + "%" : std::string("—");
    };
    for (const GemmCase& c : doc.gemm) {
        table.rows.push_back(
            {c.backend, std::string(precision_name(c.precision)), shape_text(c.shape), c.phase,
             std::string(case_status_name(c.status)) + (c.reason.empty() ? "" : ": " + c.reason),
             format_optional(c.tflops_median(), 1), format_optional(c.tflops_max(), 1),
             pct(c.vs_datasheet), pct(c.vs_clock_peak),
             c.validation ? format_number(c.validation->rel_error, 6) : "—",
             format_optional(c.telemetry.sm_clock_mhz_median, 0),
             format_optional(c.telemetry.power_w_median, 0)});
    }
    std::string out = render(table, format);
    if (!doc.bandwidth.empty()) {
        Table bw;
        bw.title = "Memory bandwidth (TB/s, decimal)";
        bw.header = {"pattern", "status", "median", "max", "vs datasheet"};
        bw.right_aligned = {false, false, true, true, true};
        for (const BandwidthCase& b : doc.bandwidth) {
            bw.rows.push_back({b.pattern,
                               std::string(case_status_name(b.status)) +
                                   (b.reason.empty() ? "" : ": " + b.reason),
                               format_optional(b.tbs_median(), 3), format_optional(b.tbs_max(), 3),
                               pct(b.vs_datasheet)});
        }
        out += "\n" + render(bw, format);
    }
    for (const std::string& note : doc.notes) out += "note: " + note + "\n";
    return out;
}

}  // namespace chipcount::cli
