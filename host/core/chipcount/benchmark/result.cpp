#include "chipcount/benchmark/result.hpp"
#include "chipcount/io/json_write.hpp"

#include "chipcount/io/json_read.hpp"

#include <algorithm>
#include <set>

namespace chipcount {
namespace {

using ojson = nlohmann::ordered_json;

ojson summary_block(const std::optional<Summary>& s) {
    if (!s) return nullptr;
    return {{"median_ms", s->median}, {"min_ms", s->min},       {"max_ms", s->max},
            {"mean_ms", s->mean},     {"stddev_ms", s->stddev}, {"p10_ms", s->p10},
            {"p90_ms", s->p90},       {"spread", s->spread},    {"count", s->count}};
}

ojson telemetry_json(const TelemetrySummary& t) {
    return {{"samples", t.samples},
            {"window_s", optional_json(t.window_s)},
            {"sm_clock_mhz", {{"median", optional_json(t.sm_clock_mhz_median)}}},
            {"power_w",
             {{"median", optional_json(t.power_w_median)},
              {"from_energy", optional_json(t.power_w_from_energy)}}},
            {"energy_j", optional_json(t.energy_j)},
            {"temperature_c", {{"max", optional_json(t.temperature_c_max)}}},
            {"throttle_reasons", t.throttle_reasons}};
}

ojson idle_gate_json(const IdleGate& g) {
    return {{"outcome", std::string(name_of(kIdleGateOutcomeNames, g.outcome))},
            {"waited_s", g.waited_s},
            {"sm_clock_mhz", optional_json(g.sm_clock_mhz)}};
}

ojson algorithm_json(const AlgorithmRecord& a) {
    return {{"rank", a.rank},
            {"id", a.id >= 0 ? ojson(a.id) : ojson(nullptr)},
            {"tile", a.tile},
            {"stages", a.stages},
            {"split_k", a.split_k},
            {"reduction_scheme", a.reduction_scheme},
            {"cta_swizzling", a.cta_swizzling},
            {"custom_option", a.custom_option},
            {"workspace_bytes", a.workspace_bytes},
            {"waves", a.waves},
            {"median_ms", a.median_ms}};
}

ojson algorithm_choice_json(const std::optional<AlgorithmChoiceRecord>& c) {
    if (!c) return nullptr;
    return {{"heuristic_first", algorithm_json(c->heuristic_first)},
            {"fastest", algorithm_json(c->fastest)},
            {"kept", c->kept},
            {"candidates_offered", c->candidates_offered},
            {"candidates_timed", c->candidates_timed},
            {"rounds", c->rounds},
            {"samples_per_candidate", c->samples_per_candidate},
            {"margin", c->margin}};
}

ojson settings_json(const std::optional<GemmSettingsRecord>& s) {
    if (!s) return nullptr;
    ojson j = {{"compute", s->compute}, {"output", s->output}};
    if (s->fp8_fast_accumulation) j["fp8_fast_accumulation"] = *s->fp8_fast_accumulation;
    if (s->a_scale) j["a_scale"] = *s->a_scale;
    if (s->b_scale) j["b_scale"] = *s->b_scale;
    return j;
}

ojson worst_json(const std::optional<WorstElementRecord>& w) {
    if (!w) return nullptr;
    return {{"row", w->row},
            {"col", w->col},
            {"value", finite_or_null(w->value)},
            {"reference", finite_or_null(w->reference)},
            {"error", finite_or_null(w->error)},
            {"buffer_set", w->buffer_set}};
}

}  // namespace

TelemetrySummary summarize_telemetry(const std::vector<TelemetryPoint>& points) {
    TelemetrySummary t;
    t.samples = points.size();
    std::vector<double> clocks, power;
    std::set<std::string> reasons;
    for (const TelemetryPoint& p : points) {
        if (p.sm_clock_mhz) clocks.push_back(*p.sm_clock_mhz);
        if (p.power_w) power.push_back(*p.power_w);
        if (p.temperature_c)
            t.temperature_c_max =
                std::max(t.temperature_c_max.value_or(*p.temperature_c), *p.temperature_c);
        reasons.insert(p.reasons.begin(), p.reasons.end());
    }
    if (!clocks.empty()) t.sm_clock_mhz_median = summarize(clocks).median;
    if (!power.empty()) t.power_w_median = summarize(power).median;
    t.throttle_reasons.assign(reasons.begin(), reasons.end());
    return t;
}

ValidationResult judge_validation(const ValidationCounts& counts, Precision precision,
                                  std::int64_t k) {
    ValidationResult v;
    v.reference = counts.reference;
    v.checked_elements = counts.checked_elements;
    v.unwritten = counts.unwritten;
    v.nan_count = counts.nan_count;
    v.inf_count = counts.inf_count;
    v.guard_bytes_changed = counts.guard_bytes_changed;
    v.buffer_sets_checked = counts.buffer_sets_checked;
    v.rel_error = counts.max_rel_error;
    v.worst = counts.worst;
    v.checksum = counts.checksum;
    v.tolerance = validation_tolerance(precision, k);
    v.passed = v.unwritten == 0 && v.nan_count == 0 && v.inf_count == 0 &&
               v.guard_bytes_changed == 0 && v.checked_elements > 0 && v.rel_error <= v.tolerance;
    return v;
}

std::optional<double> GemmCase::tflops_median() const {
    if (!timing) return std::nullopt;
    return tflops(shape, timing->median);
}

std::optional<double> GemmCase::tflops_max() const {
    if (!timing) return std::nullopt;
    return tflops(shape, timing->min);
}

std::optional<double> BandwidthCase::tbs_median() const {
    if (!timing) return std::nullopt;
    return terabytes_per_second(bytes_moved, timing->median);
}

std::optional<double> BandwidthCase::tbs_max() const {
    if (!timing) return std::nullopt;
    return terabytes_per_second(bytes_moved, timing->min);
}

std::optional<double> datasheet_peak(const ChipProfile& profile, Precision precision) {
    if (precision == Precision::kFp64) {
        if (const auto tensor = profile.peak(Precision::kFp64Tensor)) return tensor;
    }
    return profile.peak(precision);
}

void apply_efficiency(ResultDocument& document, const ChipProfile* profile) {
    for (GemmCase& c : document.gemm) {
        const auto achieved = c.tflops_median();
        if (!achieved || !profile) continue;
        const auto peak = datasheet_peak(*profile, c.precision);
        if (!peak) continue;
        c.vs_datasheet = *achieved / *peak;
        // Peak scaled to the clock the case actually ran at: separates "the clock dropped" from
        // "the kernel is slow".
        const auto reference_clock = profile->reference_clock_mhz();
        if (reference_clock && c.telemetry.sm_clock_mhz_median) {
            c.vs_clock_peak =
                *achieved / (*peak * *c.telemetry.sm_clock_mhz_median / *reference_clock);
        }
    }
    for (GemmCase& c : document.gemm) {
        if (c.backend == "cublaslt" || !c.tflops_median()) continue;
        if (!c.paired_cublaslt_samples_ms.empty()) {
            // The same FLOP count on both sides: the throughput ratio is the inverse time ratio.
            c.ratio_to_cublaslt = summarize(c.paired_cublaslt_samples_ms).median / c.timing->median;
            continue;
        }
        for (const GemmCase& ref : document.gemm) {
            if (ref.backend == "cublaslt" && ref.precision == c.precision && ref.shape == c.shape &&
                ref.phase == c.phase && ref.tflops_median()) {
                c.ratio_to_cublaslt = *c.tflops_median() / *ref.tflops_median();
            }
        }
    }
    for (BandwidthCase& b : document.bandwidth) {
        if (profile && profile->memory_bandwidth_tbs && b.tbs_median()) {
            b.vs_datasheet = *b.tbs_median() / *profile->memory_bandwidth_tbs;
        }
    }
}

bool any_failed(const ResultDocument& document) {
    for (const GemmCase& c : document.gemm) {
        if (c.status == CaseStatus::kFailed) return true;
    }
    for (const BandwidthCase& b : document.bandwidth) {
        if (b.status == CaseStatus::kFailed) return true;
    }
    return false;
}

std::vector<PrecisionSummary> summarize_precisions(const ResultDocument& document) {
    std::vector<PrecisionSummary> out;
    const auto faster = [](const GemmCase& c, const GemmCase* than) {
        return !than || *c.tflops_median() > *than->tflops_median();
    };
    for (const Precision p : kAllPrecisions) {
        PrecisionSummary s{p, nullptr, nullptr};
        for (const GemmCase& c : document.gemm) {
            if (c.precision != p || c.status != CaseStatus::kOk || !c.tflops_median()) continue;
            const GemmCase*& slot = c.phase == "sustained" ? s.sustained : s.best;
            if (faster(c, slot)) slot = &c;
        }
        if (s.best || s.sustained) out.push_back(s);
    }
    return out;
}

std::optional<double> bandwidth_tbs(const ResultDocument& document, std::string_view pattern) {
    for (const BandwidthCase& b : document.bandwidth) {
        if (b.pattern == pattern && b.status == CaseStatus::kOk) return b.tbs_median();
    }
    return std::nullopt;
}

ojson summary_json(const ResultDocument& document, const ChipProfile* profile) {
    ojson precisions = ojson::object();
    for (const PrecisionSummary& s : summarize_precisions(document)) {
        const Precision p = s.precision;
        const GemmCase* best = s.best;
        const GemmCase* sustained = s.sustained;
        ojson entry;
        entry["best_tflops"] = best ? optional_json(best->tflops_median()) : ojson(nullptr);
        entry["best_backend"] = best ? ojson(best->backend) : ojson(nullptr);
        entry["best_shape"] = best ? ojson(shape_text(best->shape)) : ojson(nullptr);
        entry["sustained_tflops"] =
            sustained ? optional_json(sustained->tflops_median()) : ojson(nullptr);
        entry["sustained_backend"] = sustained ? ojson(sustained->backend) : ojson(nullptr);
        entry["sustained_shape"] = sustained ? ojson(shape_text(sustained->shape)) : ojson(nullptr);
        const auto peak = profile ? datasheet_peak(*profile, p) : std::nullopt;
        entry["datasheet_tflops"] = optional_json(peak);
        entry["best_vs_datasheet"] = best ? optional_json(best->vs_datasheet) : ojson(nullptr);
        entry["sustained_vs_datasheet"] =
            sustained ? optional_json(sustained->vs_datasheet) : ojson(nullptr);
        entry["sustained_vs_clock_peak"] =
            sustained ? optional_json(sustained->vs_clock_peak) : ojson(nullptr);
        precisions[std::string(precision_name(p))] = entry;
    }
    ojson bandwidth = ojson::object();
    for (const BandwidthCase& b : document.bandwidth) {
        if (b.status != CaseStatus::kOk) continue;
        bandwidth[b.pattern] = {{"tbs", optional_json(b.tbs_median())},
                                {"vs_datasheet", optional_json(b.vs_datasheet)}};
    }
    std::size_t cases = 0, passed = 0, failed = 0, skipped = 0;
    for (const GemmCase& c : document.gemm) {
        ++cases;
        if (c.status == CaseStatus::kSkipped)
            ++skipped;
        else if (c.status == CaseStatus::kFailed)
            ++failed;
        else
            ++passed;
    }
    for (const BandwidthCase& b : document.bandwidth) {
        ++cases;
        if (b.status == CaseStatus::kSkipped)
            ++skipped;
        else if (b.status == CaseStatus::kFailed)
            ++failed;
        else
            ++passed;
    }
    return {{"profile", optional_json(document.profile_id)},
            {"precisions", precisions},
            {"bandwidth", bandwidth},
            {"validation",
             {{"cases", cases}, {"passed", passed}, {"failed", failed}, {"skipped", skipped}}}};
}

namespace {

ojson gemm_case_json(const GemmCase& c) {
    ojson j;
    j["kind"] = "gemm";
    j["backend"] = c.backend;
    j["precision"] = std::string(precision_name(c.precision));
    j["m"] = c.shape.m;
    j["n"] = c.shape.n;
    j["k"] = c.shape.k;
    j["layout"] = c.layout;
    j["phase"] = c.phase;
    j["status"] = std::string(case_status_name(c.status));
    j["reason"] = text_or_null(c.reason);
    j["algorithm"] = text_or_null(c.algorithm);
    ojson timing = summary_block(c.timing);
    if (!timing.is_null()) timing["samples_ms"] = c.samples_ms;
    j["timing"] = timing;
    j["tflops"] =
        c.timing ? ojson{{"median", *c.tflops_median()}, {"max", *c.tflops_max()}} : ojson(nullptr);
    j["method"] = {{"buffer_sets", c.buffer_sets},
                   {"bytes_per_set", c.bytes_per_set},
                   {"warmup_iterations", c.warmup_iterations},
                   {"warmup_ms", c.warmup_ms},
                   {"warmup_settled", c.warmup_settled},
                   {"soak_s", c.soak_s},
                   {"soak_batch_tflops", c.soak_batch_tflops}};
    if (c.plateau) {
        j["method"]["plateau"] = {{"reached", c.plateau->reached},
                                  {"spread", c.plateau->spread},
                                  {"limit", c.plateau->limit},
                                  {"kept_s", c.plateau->kept_s},
                                  {"trend_per_minute", c.plateau->trend_per_minute}};
    }
    if (c.idle_gate) j["method"]["idle_gate"] = idle_gate_json(*c.idle_gate);
    if (!c.paired_cublaslt_samples_ms.empty())
        j["method"]["paired_cublaslt_samples_ms"] = c.paired_cublaslt_samples_ms;
    if (c.algorithm_choice) j["algorithm_choice"] = algorithm_choice_json(c.algorithm_choice);
    if (c.settings) j["settings"] = settings_json(c.settings);
    j["telemetry"] = telemetry_json(c.telemetry);
    if (c.validation) {
        j["validation"] = {{"reference", c.validation->reference},
                           {"checked_elements", c.validation->checked_elements},
                           {"unwritten", c.validation->unwritten},
                           {"nan_count", c.validation->nan_count},
                           {"inf_count", c.validation->inf_count},
                           {"guard_bytes_changed", c.validation->guard_bytes_changed},
                           {"buffer_sets_checked", c.validation->buffer_sets_checked},
                           {"rel_error", finite_or_null(c.validation->rel_error)},
                           {"tolerance", c.validation->tolerance},
                           {"passed", c.validation->passed},
                           {"checksum", optional_json(c.validation->checksum)}};
        if (c.validation->worst) j["validation"]["worst"] = worst_json(c.validation->worst);
    } else {
        j["validation"] = nullptr;
    }
    j["efficiency"] = {{"vs_datasheet", optional_json(c.vs_datasheet)},
                       {"vs_clock_peak", optional_json(c.vs_clock_peak)}};
    j["ratio_to_cublaslt"] = optional_json(c.ratio_to_cublaslt);
    return j;
}

ojson bandwidth_case_json(const BandwidthCase& b) {
    ojson j;
    j["kind"] = "bandwidth";
    j["backend"] = "chipcount";
    j["pattern"] = b.pattern;
    j["bytes"] = b.bytes_moved;
    j["bytes_per_array"] = b.bytes_per_array;
    j["status"] = std::string(case_status_name(b.status));
    j["reason"] = text_or_null(b.reason);
    ojson timing = summary_block(b.timing);
    if (!timing.is_null()) timing["samples_ms"] = b.samples_ms;
    j["timing"] = timing;
    j["tbs"] =
        b.timing ? ojson{{"median", *b.tbs_median()}, {"max", *b.tbs_max()}} : ojson(nullptr);
    j["method"] = {{"launches_per_sample", b.launches_per_sample}};
    if (b.idle_gate) j["method"]["idle_gate"] = idle_gate_json(*b.idle_gate);
    j["validation"] = {{"errors", b.errors}, {"passed", b.validation_passed}};
    j["efficiency"] = {{"vs_datasheet", optional_json(b.vs_datasheet)}};
    j["telemetry"] = telemetry_json(b.telemetry);
    return j;
}

}  // namespace

ojson result_json(const ResultDocument& document, const ChipProfile* profile) {
    ojson out;
    out["format"] = "chipcount.result";
    out["version"] = 1;
    out["tool"] = document.tool;
    out["run"] = document.run;
    out["device"] = document.device;
    out["device"]["profile"] = optional_json(document.profile_id);
    out["results"] = ojson::array();
    for (const GemmCase& c : document.gemm) out["results"].push_back(gemm_case_json(c));
    for (const BandwidthCase& b : document.bandwidth)
        out["results"].push_back(bandwidth_case_json(b));
    out["summary"] = summary_json(document, profile);
    out["notes"] = document.notes;
    return out;
}

}  // namespace chipcount
