#include "chipcount/runner/case_measurement.hpp"

#include <algorithm>
#include <cmath>

#include "chipcount/format/table.hpp"
#include "chipcount/kernels/error.hpp"
#include "chipcount/runner/telemetry_window.hpp"

namespace chipcount::runner {
namespace {

std::tuple<Precision, std::int64_t, std::int64_t, std::int64_t> key_of(const PlannedCase& p) {
    return {p.precision, p.shape.m, p.shape.n, p.shape.k};
}

class GemmIterations : public IterationRunner {
  public:
    explicit GemmIterations(GemmCaseDevice& bench) : bench_(bench) {}
    std::vector<double> run(int iterations) override { return bench_.run(iterations); }

  private:
    GemmCaseDevice& bench_;
};

// The heuristic's candidates for choose_candidate: a candidate that fails to launch is dropped
// (a KernelError), but a lost GPU context ends the run.
class CandidateIterations : public CandidateRunner {
  public:
    explicit CandidateIterations(GemmCaseDevice& bench) : bench_(bench) {}
    std::size_t candidate_count() const override { return bench_.candidates().size(); }
    bool select(std::size_t index) override {
        try {
            bench_.use_candidate(index);
            return true;
        } catch (const kernels::DeviceLostError&) {
            throw;
        } catch (const kernels::KernelError&) {
            return false;
        }
    }
    std::vector<double> run(int iterations) override {
        try {
            return bench_.run(iterations);
        } catch (const kernels::DeviceLostError&) {
            throw;
        } catch (const kernels::KernelError&) {
            return {};
        }
    }

  private:
    GemmCaseDevice& bench_;
};

AlgorithmRecord algorithm_record(const kernels::AlgorithmConfig& a, std::size_t index,
                                 double median_ms) {
    AlgorithmRecord r;
    r.rank = index + 1;
    r.id = a.id;
    r.tile = a.tile;
    r.stages = a.stages;
    r.split_k = a.split_k;
    r.reduction_scheme = a.reduction_scheme;
    r.cta_swizzling = a.cta_swizzling;
    r.custom_option = a.custom_option;
    r.workspace_bytes = static_cast<double>(a.workspace_bytes);
    r.waves = a.waves;
    r.median_ms = median_ms;
    return r;
}

GemmSettingsRecord settings_record(const kernels::GemmSettings& s) {
    return {s.compute, s.output, s.fp8_fast_accumulation, s.a_scale, s.b_scale};
}

void fill_burst(GemmCase& c, const BurstMeasurement& burst) {
    c.samples_ms = burst.samples_ms;
    c.timing = summarize(burst.samples_ms);
    c.warmup_iterations = burst.warmup_iterations;
    c.warmup_ms = burst.warmup_ms;
    c.warmup_settled = burst.settled;
}

}  // namespace

GemmCase unmeasured_case(const PlannedCase& plan, CaseStatus status, std::string reason) {
    GemmCase c;
    c.backend = kernels::gemm_backend_name(plan.backend);
    c.precision = plan.precision;
    c.shape = plan.shape;
    c.status = status;
    c.reason = std::move(reason);
    return c;
}

BandwidthCase unmeasured_bandwidth(MemoryPattern pattern, CaseStatus status, std::string reason) {
    BandwidthCase b;
    b.pattern = memory_pattern_name(pattern);
    b.status = status;
    b.reason = std::move(reason);
    return b;
}

kernels::GemmSetup CaseMeasurement::setup_for(const PlannedCase& plan) const {
    kernels::GemmSetup setup;
    setup.device = config_.device;
    setup.precision = plan.precision;
    setup.backend = plan.backend;
    setup.shape = plan.shape;
    return setup;
}

IdleGate CaseMeasurement::idle_gate() {
    const IdleProbe probe{[this] { return device_.now_s(); },
                          [this](double s) { device_.sleep_s(s); },
                          [this]() -> std::optional<double> {
                              if (!device_.telemetry_available()) return std::nullopt;
                              return device_.telemetry_now().sm_clock_mhz;
                          }};
    const int max_clock = device_.info().max_sm_clock_mhz;
    return wait_for_idle_gate(
        probe, max_clock > 0 ? std::optional<double>(max_clock) : std::nullopt,
        config_.idle_gate);
}

GemmCase& CaseMeasurement::record(GemmCase c) {
    doc_.gemm.push_back(std::move(c));
    return doc_.gemm.back();
}

void CaseMeasurement::record_algorithm(GemmCase& c, GemmCaseDevice& bench) {
    c.algorithm = bench.algorithm();
    c.settings = settings_record(bench.settings());
    c.buffer_sets = bench.buffer_sets();
    c.bytes_per_set = static_cast<double>(bench.bytes_per_set());
}

void CaseMeasurement::validate(GemmCase& c, GemmCaseDevice& bench) {
    const kernels::GemmValidation v =
        bench.validate(config_.validation_samples, config_.validation_sets);
    ValidationCounts counts;
    counts.reference = v.reference;
    counts.checked_elements = v.checked_elements;
    counts.unwritten = v.unwritten;
    counts.max_rel_error = v.max_rel_error;
    counts.nan_count = v.nan_count;
    counts.inf_count = v.inf_count;
    counts.guard_bytes_changed = v.guard_bytes_changed;
    counts.buffer_sets_checked = std::max(1, v.buffer_sets_checked);
    counts.checksum = v.checksum;
    if (v.worst) {
        counts.worst = WorstElementRecord{v.worst->row,   v.worst->col,   v.worst->value,
                                          v.worst->reference, v.worst->error,
                                          v.worst->buffer_set};
    }
    c.validation = judge_validation(counts, c.precision, c.shape.k);
    if (c.validation->passed) return;
    c.status = CaseStatus::kFailed;
    std::string why = "validation failed:";
    if (v.unwritten) why += " " + std::to_string(v.unwritten) + " unwritten;";
    if (v.nan_count || v.inf_count)
        why += " " + std::to_string(v.nan_count) + " NaN and " + std::to_string(v.inf_count) +
               " Inf;";
    if (v.guard_bytes_changed)
        why += " " + std::to_string(v.guard_bytes_changed) + " bytes written outside the output;";
    why += " max error " + format_number(v.max_rel_error, 6) + " (tolerance " +
           format_number(c.validation->tolerance, 6) + ")";
    if (v.worst) {
        why += " at row " + std::to_string(v.worst->row) + ", column " +
               std::to_string(v.worst->col) + " of buffer set " +
               std::to_string(v.worst->buffer_set) + ": " + format_number(v.worst->value, 6) +
               " where the reference is " + format_number(v.worst->reference, 6);
    }
    c.reason = why;
}

void CaseMeasurement::use_kept_candidate(const PlannedCase& plan, GemmCaseDevice& bench) const {
    const auto kept = kept_candidate_.find(key_of(plan));
    if (kept != kept_candidate_.end() && kept->second < bench.candidates().size())
        bench.use_candidate(kept->second);
}

void CaseMeasurement::global_warmup(const PlannedCase& on) {
    const std::string label = "global warm-up to a plateau on " + case_label(on);
    progress_.case_started(label);
    nlohmann::ordered_json record = {{"case", case_label(on)}};
    if (config_.warmup.max_s <= 0) {
        progress_.case_finished("off");
        record["skipped"] = "turned off";
        warmup_record_ = record;
        return;
    }
    const kernels::Support support = device_.gemm_supported(setup_for(on));
    if (!support.ok) {
        progress_.case_finished("skipped: " + support.reason);
        record["skipped"] = support.reason;
        warmup_record_ = record;
        return;
    }
    try {
        const auto bench = device_.open_gemm(setup_for(on));
        GemmIterations runner(*bench);
        const GlobalWarmup w = chipcount::global_warmup(runner, config_.warmup, [this](double f) {
            progress_.case_fraction(f);
        });
        std::vector<double> tflops_per_chunk;
        for (const double ms : w.chunk_medians_ms) tflops_per_chunk.push_back(tflops(on.shape, ms));
        record["seconds"] = w.seconds;
        record["plateau"] = w.plateau;
        record["cv"] = w.cv;
        record["drift"] = w.drift;
        record["limits"] = {{"cv", config_.warmup.max_cv},
                            {"drift", config_.warmup.max_drift},
                            {"window_chunks", config_.warmup.window},
                            {"min_s", config_.warmup.min_s},
                            {"max_s", config_.warmup.max_s}};
        record["chunk_tflops"] = tflops_per_chunk;
        if (!w.plateau) {
            doc_.notes.push_back("the global warm-up reached no plateau in " +
                                 format_number(w.seconds, 1) +
                                 " s: burst figures may still include clock ramping");
        }
        progress_.case_finished(w.plateau ? "plateau after " + format_number(w.seconds, 1) + " s"
                                          : "no plateau after " + format_number(w.seconds, 1) +
                                                " s");
    } catch (const kernels::DeviceLostError&) {
        progress_.case_finished("the GPU context was lost");
        throw;
    } catch (const kernels::KernelError& e) {
        record["skipped"] = e.what();
        progress_.case_finished(std::string("skipped: ") + e.what());
    }
    warmup_record_ = record;
}

template <class Measure>
GemmCase& CaseMeasurement::measured(GemmCase c, Measure&& measure) {
    try {
        measure(c);
    } catch (const kernels::DeviceLostError& e) {
        c.status = CaseStatus::kFailed;
        c.reason = e.what();
        record(std::move(c));
        throw;
    } catch (const kernels::UnsupportedError& e) {
        c.status = CaseStatus::kSkipped;
        c.reason = e.what();
    } catch (const kernels::KernelError& e) {
        c.status = CaseStatus::kFailed;
        c.reason = e.what();
    } catch (const std::runtime_error& e) {  // choose_candidate: no candidate ran
        c.status = CaseStatus::kFailed;
        c.reason = e.what();
    }
    return record(std::move(c));
}

GemmCase& CaseMeasurement::reference_case(const PlannedCase& plan) {
    GemmCase start = unmeasured_case(plan, CaseStatus::kOk, {});
    const kernels::Support support = device_.gemm_supported(setup_for(plan));
    if (!support.ok) return record(unmeasured_case(plan, CaseStatus::kSkipped, support.reason));
    start.idle_gate = idle_gate();
    return measured(std::move(start), [&](GemmCase& c) {
        const auto bench = device_.open_gemm(setup_for(plan));
        if (!bench->candidates().empty()) {
            CandidateIterations candidates(*bench);
            const CandidateChoice choice = choose_candidate(candidates, config_.candidates);
            const auto& configs = bench->candidates();
            AlgorithmChoiceRecord r;
            r.heuristic_first = algorithm_record(configs[choice.heuristic_first],
                                                 choice.heuristic_first,
                                                 choice.timings[choice.heuristic_first].median_ms);
            r.fastest = algorithm_record(configs[choice.fastest], choice.fastest,
                                         choice.timings[choice.fastest].median_ms);
            r.kept = choice.kept == choice.fastest ? "fastest" : "heuristic_first";
            r.candidates_offered = configs.size();
            r.candidates_timed = static_cast<std::size_t>(
                std::count_if(choice.timings.begin(), choice.timings.end(),
                              [](const CandidateTiming& t) { return t.ran; }));
            r.rounds = choice.rounds;
            r.samples_per_candidate = choice.samples_per_candidate;
            r.margin = config_.candidates.margin;
            c.algorithm_choice = r;
            kept_candidate_[key_of(plan)] = choice.kept;
        }
        record_algorithm(c, *bench);
        GemmIterations runner(*bench);
        WindowRecorder window(device_);
        const BurstMeasurement burst =
            measure_burst(runner, config_.method, [&] { window.mark_start(); },
                          [&] { window.mark_end(); });
        c.telemetry = window.finish();
        fill_burst(c, burst);
        validate(c, *bench);
    });
}

GemmCase& CaseMeasurement::own_case(const PlannedCase& plan) {
    GemmCase start = unmeasured_case(plan, CaseStatus::kOk, {});
    const kernels::Support support = device_.gemm_supported(setup_for(plan));
    if (!support.ok) return record(unmeasured_case(plan, CaseStatus::kSkipped, support.reason));
    PlannedCase twin_plan = plan;
    twin_plan.backend = kernels::GemmBackend::kCublasLt;
    start.idle_gate = idle_gate();
    return measured(std::move(start), [&](GemmCase& c) {
        const auto own = device_.open_gemm(setup_for(plan));
        record_algorithm(c, *own);
        GemmIterations own_runner(*own);
        // The cuBLASLt twin, on the candidate its reference case kept; without one (cuBLASLt
        // cannot run this case), the own kernel is timed alone and has no ratio.
        std::unique_ptr<GemmCaseDevice> twin;
        if (device_.gemm_supported(setup_for(twin_plan)).ok) {
            try {
                twin = device_.open_gemm(setup_for(twin_plan));
                use_kept_candidate(twin_plan, *twin);
            } catch (const kernels::DeviceLostError&) {
                throw;
            } catch (const kernels::KernelError&) {
                twin.reset();
            }
        }
        WindowRecorder window(device_);
        if (twin) {
            GemmIterations twin_runner(*twin);
            const InterleavedMeasurement pair =
                measure_interleaved(own_runner, twin_runner, config_.method, 4,
                                    [&] { window.mark_start(); }, [&] { window.mark_end(); });
            fill_burst(c, pair.a);
            c.paired_cublaslt_samples_ms = pair.b.samples_ms;
        } else {
            fill_burst(c, measure_burst(own_runner, config_.method, [&] { window.mark_start(); },
                                        [&] { window.mark_end(); }));
        }
        c.telemetry = window.finish();
        validate(c, *own);
    });
}

GemmCase& CaseMeasurement::soak_case(const PlannedCase& plan) {
    GemmCase start = unmeasured_case(plan, CaseStatus::kOk, {});
    start.phase = "sustained";
    return measured(std::move(start), [&](GemmCase& s) {
        const auto bench = device_.open_gemm(setup_for(plan));
        use_kept_candidate(plan, *bench);
        record_algorithm(s, *bench);
        GemmIterations runner(*bench);
        WindowRecorder window(device_);
        // Stamp 0 is the soak's start; stamp i + 1 the end of batch i.
        std::vector<TimedWindow> stamps{window.stamp()};
        SoakOptions options = config_.soak_options;
        options.duration_s = config_.soak_s;
        options.max_duration_s = std::max(options.max_duration_s, 2 * config_.soak_s);
        const SustainedMeasurement soak = measure_sustained(runner, options, [&](double f) {
            stamps.push_back(window.stamp());
            progress_.case_fraction(f);
        });
        TimedWindow kept;
        kept.start_s = stamps[soak.kept_from_batch].start_s;
        kept.energy_start_j = stamps[soak.kept_from_batch].energy_start_j;
        kept.end_s = stamps.back().end_s;
        kept.energy_end_j = stamps.back().energy_end_j;
        s.telemetry = window.finish(kept);
        s.samples_ms = soak.samples_ms;
        s.timing = summarize(soak.samples_ms);
        s.soak_s = soak.soak_ms / 1000.0;
        for (const double ms : soak.batch_medians) s.soak_batch_tflops.push_back(tflops(s.shape, ms));
        s.plateau = PlateauRecord{soak.plateau, soak.plateau_spread, options.plateau_spread,
                                  soak.kept_ms / 1000.0, soak.trend_per_minute};
        if (!soak.plateau) {
            doc_.notes.push_back(case_label(plan) + " sustained: no plateau after " +
                                 format_number(s.soak_s, 1) + " s (spread " +
                                 format_number(100 * soak.plateau_spread, 2) + "% over " +
                                 format_number(100 * options.plateau_spread, 0) +
                                 "%): the sustained figure is still drifting");
        }
        validate(s, *bench);
    });
}

std::size_t CaseMeasurement::bandwidth_bytes() const {
    // Arrays of 2 GiB (far beyond any L2), or an eighth of memory on a small GPU.
    return std::min<std::size_t>(std::size_t{2} << 30, (device_.info().memory_bytes / 8) &
                                                            ~std::size_t{(1 << 20) - 1});
}

BandwidthCase& CaseMeasurement::bandwidth_case(MemoryPattern pattern) {
    BandwidthCase b = unmeasured_bandwidth(pattern, CaseStatus::kOk, {});
    try {
        if (!bandwidth_) bandwidth_ = device_.open_bandwidth(bandwidth_bytes());
        BandwidthDevice& bench = *bandwidth_;
        b.bytes_per_array = static_cast<double>(bench.bytes_per_array());
        b.bytes_moved = bytes_moved(pattern, b.bytes_per_array);
        b.idle_gate = idle_gate();
        // Warm-up, and the launch time: each timed sample then spans about 20 ms of launches,
        // so one event pair's overhead and the launch latency are a fraction of a percent.
        const std::vector<double> probe = bench.run(pattern, 5, 3);
        const double per_launch = summarize(probe).median;
        b.launches_per_sample = static_cast<int>(
            std::clamp(std::ceil(20.0 / std::max(per_launch, 1e-6)), 5.0, 1000.0));
        WindowRecorder window(device_);
        window.mark_start();
        b.samples_ms = bench.run(pattern, b.launches_per_sample, 30);
        window.mark_end();
        b.telemetry = window.finish();
        b.timing = summarize(b.samples_ms);
        b.errors = bench.count_errors(pattern);
        if (b.errors != 0) {
            b.status = CaseStatus::kFailed;
            b.reason = std::to_string(b.errors) + " output elements wrong";
        }
    } catch (const kernels::DeviceLostError& e) {
        b.status = CaseStatus::kFailed;
        b.reason = e.what();
        doc_.bandwidth.push_back(std::move(b));
        throw;
    } catch (const kernels::KernelError& e) {
        b.status = CaseStatus::kFailed;
        b.reason = e.what();
    }
    b.validation_passed = b.status == CaseStatus::kOk && b.errors == 0;
    doc_.bandwidth.push_back(std::move(b));
    return doc_.bandwidth.back();
}

}  // namespace chipcount::runner
