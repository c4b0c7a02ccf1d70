#include "chipcount/runner/benchmark_runner.hpp"

#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <functional>

#include "chipcount/base/time.hpp"
#include "chipcount/format/table.hpp"
#include "chipcount/io/file_names.hpp"
#include "chipcount/io/json_write.hpp"
#include "chipcount/kernels/error.hpp"
#include "chipcount/runner/bench_device.hpp"
#include "chipcount/runner/case_measurement.hpp"
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

}  // namespace

std::vector<PlannedCase> plan_cases(const BenchConfig& config, int sm_count) {
    // cuBLASLt (the reference, which our kernels are compared with) before our kernels: a fault
    // in one of ours cannot cost the reference figures.
    std::vector<PlannedCase> plan;
    const auto families = {BackendFamily::kCublasLt, BackendFamily::kOwn};
    for (const BackendFamily family : families) {
        if (std::find(config.backends.begin(), config.backends.end(), family) ==
            config.backends.end())
            continue;
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

std::string case_label(const PlannedCase& c) {
    return std::string(kernels::gemm_backend_name(c.backend)) + " " +
           std::string(precision_name(c.precision)) + " " + shape_text(c.shape);
}

namespace {

std::string case_outcome(const GemmCase& c) {
    std::string text(case_status_name(c.status));
    if (c.tflops_median()) text += ", " + format_number(*c.tflops_median(), 1) + " TFLOPS";
    if (c.ratio_to_cublaslt) text += ", " + format_number(*c.ratio_to_cublaslt, 3) + "x cuBLASLt";
    if (!c.reason.empty()) text += ": " + c.reason;
    return text;
}

// One step of a run: how to measure it, and how to record it when the run stopped before it.
struct Step {
    std::string label;
    std::function<std::string()> run;  // returns the outcome line
    std::function<void(const std::string& reason)> not_run;
};

// The warm-up case: the headline shape of the first soaked precision on cuBLASLt when it is
// planned, else the first planned case on cuBLASLt (our kernels are never the warm-up: a fault
// there would stop the run before the reference).
PlannedCase warmup_case(const std::vector<PlannedCase>& plan) {
    for (const PlannedCase& c : plan) {
        if (c.soak) return c;
    }
    PlannedCase first = plan.front();
    first.backend = kernels::GemmBackend::kCublasLt;
    return first;
}

bool burst_passed(const ResultDocument& doc, const PlannedCase& soak) {
    return std::any_of(doc.gemm.begin(), doc.gemm.end(), [&](const GemmCase& c) {
        return c.phase == "burst" && c.backend == kernels::gemm_backend_name(soak.backend) &&
               c.precision == soak.precision && c.shape == soak.shape &&
               c.status == CaseStatus::kOk;
    });
}

// A case not run, recorded in its phase with why.
void record_skipped(ResultDocument& doc, const PlannedCase& c, const char* phase,
                    const std::string& reason) {
    GemmCase skipped = unmeasured_case(c, CaseStatus::kSkipped, reason);
    skipped.phase = phase;
    doc.gemm.push_back(std::move(skipped));
}

std::vector<Step> run_steps(const std::vector<PlannedCase>& plan, const BenchConfig& config,
                            CaseMeasurement& measure, ResultDocument& doc) {
    std::vector<Step> steps;
    const auto gemm_step = [&](const PlannedCase& c, GemmCase& (CaseMeasurement::*how)(
                                                         const PlannedCase&),
                               const std::string& label, const char* phase) {
        steps.push_back({label, [&measure, how, c] { return case_outcome((measure.*how)(c)); },
                         [&doc, c, phase](const std::string& reason) {
                             record_skipped(doc, c, phase, reason);
                         }});
    };
    if (!plan.empty()) {
        const PlannedCase on = warmup_case(plan);
        steps.push_back({"global warm-up", [&measure, on] {
                             measure.global_warmup(on);
                             return std::string();
                         },
                         [](const std::string&) {}});
    }
    for (const PlannedCase& c : plan) {
        if (c.backend == kernels::GemmBackend::kCublasLt)
            gemm_step(c, &CaseMeasurement::reference_case, case_label(c), "burst");
    }
    for (const PlannedCase& c : plan) {
        if (c.backend != kernels::GemmBackend::kCublasLt)
            gemm_step(c, &CaseMeasurement::own_case, case_label(c) + " (interleaved with cuBLASLt)",
                      "burst");
    }
    if (config.soak_s > 0) {
        for (const PlannedCase& c : plan) {
            if (!c.soak) continue;
            // A soak follows its burst case: when that did not pass, the soak is not run.
            steps.push_back({case_label(c) + " sustained",
                             [&measure, &doc, c] {
                                 if (burst_passed(doc, c)) return case_outcome(measure.soak_case(c));
                                 const std::string why = "its burst case did not pass";
                                 record_skipped(doc, c, "sustained", why);
                                 return "skipped: " + why;
                             },
                             [&doc, c](const std::string& reason) {
                                 record_skipped(doc, c, "sustained", reason);
                             }});
        }
    }
    if (config.bandwidth) {
        for (const MemoryPattern pattern : kAllMemoryPatterns) {
            steps.push_back({"bandwidth " + std::string(memory_pattern_name(pattern)),
                             [&measure, pattern] {
                                 const BandwidthCase& b = measure.bandwidth_case(pattern);
                                 return b.tbs_median() ? format_number(*b.tbs_median(), 2) + " TB/s"
                                                       : std::string(case_status_name(b.status)) +
                                                             (b.reason.empty() ? "" : ": " + b.reason);
                             },
                             [&doc, pattern](const std::string& reason) {
                                 doc.bandwidth.push_back(
                                     unmeasured_bandwidth(pattern, CaseStatus::kSkipped, reason));
                             }});
        }
    }
    return steps;
}

// Every step in order; a lost GPU context stops the run there: the failing case is named, the
// steps after it are recorded as not run, and the run goes on to write what it has.
void run_all(std::vector<Step>& steps, BenchProgress& progress, ResultDocument& doc,
             ojson& stopped, const BenchConfig& config) {
    const auto begin = std::chrono::steady_clock::now();
    for (std::size_t i = 0; i < steps.size(); ++i) {
        progress.case_started(steps[i].label);
        const double elapsed =
            std::chrono::duration<double>(std::chrono::steady_clock::now() - begin).count();
        if (config.full_sweep && elapsed > config.budget_s && steps[i].label != "global warm-up") {
            steps[i].not_run("sweep time budget spent");
            progress.case_finished("skipped (budget)");
            continue;
        }
        try {
            const std::string outcome = steps[i].run();
            if (!outcome.empty()) progress.case_finished(outcome);
        } catch (const kernels::DeviceLostError& e) {
            if (!doc.gemm.empty() || !doc.bandwidth.empty()) progress.case_finished("failed");
            const std::string why = "not run: the run stopped after the GPU context was lost in '" +
                                    steps[i].label + "'";
            stopped = {{"step", steps[i].label}, {"reason", e.what()}};
            doc.notes.push_back("the run stopped early: the GPU context was lost in '" +
                                steps[i].label + "' (" + e.what() +
                                "); every later case is recorded as not run");
            for (std::size_t j = i + 1; j < steps.size(); ++j) steps[j].not_run(why);
            return;
        }
    }
}

std::string hostname() {
    char name[256] = {};
    return gethostname(name, sizeof name - 1) == 0 ? name : "unknown";
}

ojson run_json(const BenchConfig& config, const std::string& started, const ojson& warmup,
               const ojson& stopped) {
    ojson run = {
        {"started_at", started},
        {"finished_at", utc_iso8601()},
        {"argv", portable_command_line(config.argv)},
        {"host", hostname()},
        {"method",
         {{"order",
           "global warm-up to a plateau; cuBLASLt burst cases, each behind an idle gate; own "
           "kernels, each in rounds alternating with cuBLASLt at the same shape; sustained soaks; "
           "bandwidth"},
          {"timing",
           "CUDA events around the kernels; per case, warm-up until consecutive batch medians "
           "agree within 1%; telemetry and energy from the timed window only"},
          {"inputs",
           "uniform [-1, 1] without zeros (int8: [-127, 127] without 0), filled on the GPU"},
          {"l2", "rotating buffer sets spanning at least 2x L2"},
          {"soak_s", config.soak_s},
          {"warmup", warmup.is_null() ? ojson(nullptr) : warmup}}}};
    if (!stopped.is_null()) run["stopped_early"] = stopped;
    return run;
}

}  // namespace

BenchOutcome run_benchmark_on(BenchDevice& gpu, const BenchConfig& config,
                              const ProfileSet& profiles, BenchProgress& progress) {
    const kernels::DeviceInfo& device = gpu.info();
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
    if (!gpu.telemetry_available()) doc.notes.push_back(gpu.telemetry_unavailable_reason());

    const std::vector<PlannedCase> plan = plan_cases(config, device.sm_count);
    CaseMeasurement measure(gpu, config, progress, doc);
    std::vector<Step> steps = run_steps(plan, config, measure, doc);
    progress.planned(steps.size());
    ojson stopped;
    run_all(steps, progress, doc, stopped, config);

    doc.tool = tool_json();
    doc.tool["cublaslt_version"] = text_or_null(gpu.cublaslt_version());
    doc.run = run_json(config, started, measure.warmup_record(), stopped);
    doc.device = device_json(device, gpu.list());
    doc.device["power_limit_w"] = optional_json(gpu.power_limit_w());
    doc.device["nvidia_driver"] = text_or_null(gpu.nvidia_driver());
    apply_efficiency(doc, outcome.profile);
    return outcome;
}

BenchOutcome run_benchmark(const BenchConfig& config, const ProfileSet& profiles,
                           BenchProgress& progress) {
    const std::unique_ptr<BenchDevice> gpu = open_gpu(config.device);
    return run_benchmark_on(*gpu, config, profiles, progress);
}

}  // namespace chipcount::runner
