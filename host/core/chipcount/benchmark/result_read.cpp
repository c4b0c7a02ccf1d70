// The one reader of the chipcount.result format, beside its writer (result.cpp). Every figure
// that can be derived is derived again: timing statistics and throughput come from the raw
// samples, and the file's `summary` is not read at all (summarize_precisions recomputes it).
#include <cmath>
#include <cstdint>

#include "chipcount/benchmark/result.hpp"
#include "chipcount/io/files.hpp"
#include "chipcount/io/json_read.hpp"

namespace chipcount {
namespace {

constexpr double kMaxMs = 1e9;  // a single iteration of over 11 days is not a measurement
constexpr std::int64_t kMaxCount = std::int64_t{1} << 50;
// The texts a result names things with are read as text (FieldReader::text: no control, bidi or
// invisible characters), since reports and tables show them: a short label, or a longer one for
// a library's description of an algorithm. The device name is as long as CUDA's.
constexpr std::size_t kMaxLabelBytes = 128;
constexpr std::size_t kMaxDescriptionBytes = 1024;

// A derived figure for a message, at any magnitude ("1e+300"). One past what a double holds (a
// 1e-300 ms sample) reads "over 1.8e308", never "inf", which would read as a figure.
std::string figure(double value) {
    if (std::isfinite(value)) return json(value).dump();
    return value > 0 ? "over 1.8e308" : "not a number";
}

// The schema leaves these counts optional: absent reads as 0.
std::int64_t optional_count(const FieldReader& r, std::string_view key,
                            std::int64_t max = kMaxCount) {
    return r.has(key) ? r.integer(key, 0, max) : 0;
}

std::optional<Summary> read_timing(const FieldReader& c, CaseStatus status,
                                   std::vector<double>& samples_ms) {
    const auto timing = c.optional_object("timing");
    if (!timing) {
        if (status == CaseStatus::kOk) c.fail("timing", "an ok case needs its timing samples");
        return std::nullopt;
    }
    samples_ms = timing->positive_array("samples_ms", kMaxMs);
    if (samples_ms.empty()) timing->fail("samples_ms", "must hold at least one sample");
    return summarize(samples_ms);
}

// A signed figure (an output element, a sum, a trend): finite, within +-max; null reads absent.
std::optional<double> optional_signed(const FieldReader& r, std::string_view key, double max) {
    if (!r.has(key) || r.raw()[std::string(key)].is_null()) return std::nullopt;
    const json& v = r.raw()[std::string(key)];
    if (!v.is_number() || !std::isfinite(v.get<double>()) || std::fabs(v.get<double>()) > max)
        r.fail(std::string(key), "must be a finite number within +-" + figure(max));
    return v.get<double>();
}

std::optional<IdleGate> read_idle_gate(const FieldReader& method) {
    const auto gate = method.optional_object("idle_gate");
    if (!gate) return std::nullopt;
    IdleGate i;
    if (!gate->has("outcome")) gate->fail("outcome", "missing required field");
    i.outcome = *gate->optional_enum("outcome", kIdleGateOutcomeNames);
    i.waited_s = gate->non_negative("waited_s", 1e7);
    i.sm_clock_mhz = gate->optional_non_negative("sm_clock_mhz", 1e7);
    return i;
}

TelemetrySummary read_telemetry(const FieldReader& c) {
    TelemetrySummary t;
    const auto telemetry = c.optional_object("telemetry");
    if (!telemetry) return t;
    t.samples = static_cast<std::size_t>(optional_count(*telemetry, "samples"));
    const auto median = [&](const char* block, const char* key) -> std::optional<double> {
        const auto b = telemetry->optional_object(block);
        return b ? b->optional_non_negative(key, 1e7) : std::nullopt;
    };
    t.window_s = telemetry->optional_non_negative("window_s", 1e7);
    t.sm_clock_mhz_median = median("sm_clock_mhz", "median");
    t.power_w_median = median("power_w", "median");
    t.power_w_from_energy = median("power_w", "from_energy");
    t.energy_j = telemetry->optional_non_negative("energy_j", 1e12);
    if (const auto temperature = telemetry->optional_object("temperature_c"))
        t.temperature_c_max = temperature->optional_non_negative("max", 1000);
    if (telemetry->has("throttle_reasons"))
        t.throttle_reasons = telemetry->string_array("throttle_reasons");
    return t;
}

void read_efficiency(const FieldReader& c, std::optional<double>& vs_datasheet,
                     std::optional<double>* vs_clock_peak) {
    const auto efficiency = c.optional_object("efficiency");
    if (!efficiency) return;
    vs_datasheet = efficiency->optional_non_negative("vs_datasheet", 1e6);
    if (vs_clock_peak) *vs_clock_peak = efficiency->optional_non_negative("vs_clock_peak", 1e6);
}

std::optional<ValidationResult> read_gemm_validation(const FieldReader& c) {
    const auto v = c.optional_object("validation");
    if (!v) return std::nullopt;
    ValidationResult out;
    out.reference = v->text("reference", kMaxLabelBytes);
    out.checked_elements = static_cast<std::size_t>(optional_count(*v, "checked_elements"));
    out.unwritten = static_cast<std::size_t>(optional_count(*v, "unwritten"));
    // null: an output element was NaN or Inf, an error beyond measure (result.cpp writes it so).
    if (!v->raw().contains("rel_error")) v->fail("rel_error", "missing required field");
    out.rel_error =
        v->optional_non_negative("rel_error").value_or(std::numeric_limits<double>::infinity());
    out.tolerance = v->non_negative("tolerance");
    out.passed = v->boolean("passed");
    out.nan_count = static_cast<std::size_t>(optional_count(*v, "nan_count"));
    out.inf_count = static_cast<std::size_t>(optional_count(*v, "inf_count"));
    out.guard_bytes_changed = static_cast<std::size_t>(optional_count(*v, "guard_bytes_changed"));
    out.buffer_sets_checked =
        v->has("buffer_sets_checked") ? static_cast<int>(v->integer("buffer_sets_checked", 1, 1 << 20))
                                      : 1;
    out.checksum = optional_signed(*v, "checksum", 1e300);
    if (const auto w = v->optional_object("worst")) {
        WorstElementRecord worst;
        constexpr std::int64_t kMaxIndex = std::int64_t{1} << 20;
        worst.row = w->integer("row", 0, kMaxIndex);
        worst.col = w->integer("col", 0, kMaxIndex);
        // null: not finite (the writer writes NaN and Inf so).
        const double nan = std::numeric_limits<double>::quiet_NaN();
        worst.value = optional_signed(*w, "value", 1e300).value_or(nan);
        worst.reference = optional_signed(*w, "reference", 1e300).value_or(nan);
        worst.error =
            w->optional_non_negative("error").value_or(std::numeric_limits<double>::infinity());
        worst.buffer_set = static_cast<int>(optional_count(*w, "buffer_set", 1 << 20));
        out.worst = worst;
    }
    return out;
}

AlgorithmRecord read_algorithm(const FieldReader& a) {
    AlgorithmRecord r;
    r.rank = static_cast<std::size_t>(a.integer("rank", 1, 1 << 20));
    r.id = a.has("id") && !a.raw()["id"].is_null() ? static_cast<int>(a.integer("id", 0, 1 << 30))
                                                   : -1;
    r.tile = a.optional_text("tile", kMaxLabelBytes).value_or("");
    r.stages = a.optional_text("stages", kMaxLabelBytes).value_or("");
    r.split_k = a.has("split_k") ? static_cast<int>(a.integer("split_k", 0, 1 << 20)) : 1;
    r.reduction_scheme = static_cast<int>(optional_count(a, "reduction_scheme", 1 << 20));
    r.cta_swizzling = static_cast<int>(optional_count(a, "cta_swizzling", 1 << 20));
    r.custom_option = static_cast<int>(optional_count(a, "custom_option", 1 << 20));
    r.workspace_bytes = a.optional_non_negative("workspace_bytes", 1e15).value_or(0);
    r.waves = a.optional_non_negative("waves", 1e9).value_or(0);
    r.median_ms = a.optional_non_negative("median_ms", kMaxMs).value_or(0);
    return r;
}

std::optional<AlgorithmChoiceRecord> read_algorithm_choice(const FieldReader& c) {
    const auto choice = c.optional_object("algorithm_choice");
    if (!choice) return std::nullopt;
    AlgorithmChoiceRecord r;
    r.heuristic_first = read_algorithm(choice->object("heuristic_first"));
    r.fastest = read_algorithm(choice->object("fastest"));
    r.kept = choice->text("kept", kMaxLabelBytes);
    if (r.kept != "heuristic_first" && r.kept != "fastest")
        choice->fail("kept", "must be heuristic_first or fastest (got \"" + r.kept + "\")");
    r.candidates_offered = static_cast<std::size_t>(optional_count(*choice, "candidates_offered"));
    r.candidates_timed = static_cast<std::size_t>(optional_count(*choice, "candidates_timed"));
    r.rounds = static_cast<int>(optional_count(*choice, "rounds", 1 << 20));
    r.samples_per_candidate =
        static_cast<std::size_t>(optional_count(*choice, "samples_per_candidate"));
    r.margin = choice->optional_non_negative("margin", 1).value_or(0);
    return r;
}

std::optional<GemmSettingsRecord> read_settings(const FieldReader& c) {
    const auto s = c.optional_object("settings");
    if (!s) return std::nullopt;
    GemmSettingsRecord r;
    r.compute = s->text("compute", kMaxLabelBytes);
    r.output = s->text("output", kMaxLabelBytes);
    r.fp8_fast_accumulation = s->optional_boolean("fp8_fast_accumulation");
    r.a_scale = s->optional_positive("a_scale", 1e30);
    r.b_scale = s->optional_positive("b_scale", 1e30);
    return r;
}

void read_gemm_method(const FieldReader& c, GemmCase& g) {
    const auto method = c.optional_object("method");
    if (!method) return;
    g.buffer_sets = static_cast<int>(optional_count(*method, "buffer_sets", 1 << 20));
    g.bytes_per_set = method->optional_non_negative("bytes_per_set").value_or(0);
    g.warmup_iterations = static_cast<int>(optional_count(*method, "warmup_iterations", 1 << 30));
    g.warmup_ms = method->optional_non_negative("warmup_ms").value_or(0);
    g.warmup_settled = method->optional_boolean("warmup_settled").value_or(false);
    g.soak_s = method->optional_non_negative("soak_s").value_or(0);
    if (method->has("soak_batch_tflops"))
        g.soak_batch_tflops = method->positive_array("soak_batch_tflops", 1e9);
    if (const auto plateau = method->optional_object("plateau")) {
        PlateauRecord p;
        p.reached = plateau->boolean("reached");
        p.spread = plateau->non_negative("spread", 1e6);
        p.limit = plateau->non_negative("limit", 1);
        p.kept_s = plateau->non_negative("kept_s", 1e7);
        p.trend_per_minute = optional_signed(*plateau, "trend_per_minute", 1e6).value_or(0);
        g.plateau = p;
    }
    g.idle_gate = read_idle_gate(*method);
    if (method->has("paired_cublaslt_samples_ms"))
        g.paired_cublaslt_samples_ms = method->positive_array("paired_cublaslt_samples_ms", kMaxMs);
}

GemmCase read_gemm(const FieldReader& c, CaseStatus status) {
    GemmCase g;
    g.status = status;
    g.backend = c.text("backend", kMaxLabelBytes);
    const std::string precision = c.text("precision", kMaxLabelBytes);
    const auto p = parse_precision(precision);
    if (!p) c.fail("precision", "unknown precision \"" + precision + "\"");
    g.precision = *p;
    constexpr std::int64_t kMaxDim = std::int64_t{1} << 20;
    g.shape = {c.integer("m", 1, kMaxDim), c.integer("n", 1, kMaxDim), c.integer("k", 1, kMaxDim)};
    g.layout = c.optional_text("layout", kMaxLabelBytes).value_or("TN");
    g.phase = c.text("phase", kMaxLabelBytes);
    if (g.phase != "burst" && g.phase != "sustained")
        c.fail("phase", "must be burst or sustained (got \"" + g.phase + "\")");
    g.reason = c.optional_string("reason").value_or("");
    g.algorithm = c.optional_text("algorithm", kMaxDescriptionBytes).value_or("");
    g.timing = read_timing(c, status, g.samples_ms);
    // Samples so short that no chip could have run them (the fastest over 1e6 TFLOPS).
    if (g.timing && !(*g.tflops_max() <= 1e6))
        c.fail("timing.samples_ms", "implausibly short: the fastest is " + figure(*g.tflops_max()) +
                                        " TFLOPS (limit 1e6)");
    read_gemm_method(c, g);
    g.telemetry = read_telemetry(c);
    g.validation = read_gemm_validation(c);
    read_efficiency(c, g.vs_datasheet, &g.vs_clock_peak);
    g.ratio_to_cublaslt = c.optional_non_negative("ratio_to_cublaslt", 1e6);
    g.algorithm_choice = read_algorithm_choice(c);
    g.settings = read_settings(c);
    return g;
}

BandwidthCase read_bandwidth(const FieldReader& c, CaseStatus status) {
    BandwidthCase b;
    b.status = status;
    b.pattern = c.text("pattern", kMaxLabelBytes);
    b.reason = c.optional_string("reason").value_or("");
    b.bytes_moved = c.optional_non_negative("bytes").value_or(0);
    b.bytes_per_array = c.optional_non_negative("bytes_per_array").value_or(0);
    if (status == CaseStatus::kOk && !(b.bytes_moved > 0))
        c.fail("bytes", "an ok case needs the bytes each iteration moved");
    b.timing = read_timing(c, status, b.samples_ms);
    if (const auto method = c.optional_object("method")) {
        if (method->has("launches_per_sample"))
            b.launches_per_sample =
                static_cast<int>(method->integer("launches_per_sample", 1, 1 << 20));
        b.idle_gate = read_idle_gate(*method);
    }
    if (b.timing && !(*b.tbs_max() <= 1e3))
        c.fail("timing.samples_ms", "implausibly short: the fastest moves " + figure(*b.tbs_max()) +
                                        " TB/s (limit 1e3)");
    if (const auto v = c.optional_object("validation")) {
        b.errors = static_cast<std::size_t>(optional_count(*v, "errors"));
        b.validation_passed = v->optional_boolean("passed").value_or(false);
    }
    read_efficiency(c, b.vs_datasheet, nullptr);
    b.telemetry = read_telemetry(c);
    return b;
}

}  // namespace

ResultDocument parse_result(std::string_view text, const std::string& origin) {
    return read_result(parse_json_text(text, origin), origin);
}

ResultDocument read_result(const json& doc, const std::string& origin) {
    check_format(doc, origin, "chipcount.result", 1);
    const FieldReader top(doc, origin, "result");
    ResultDocument out;
    const FieldReader tool = top.object("tool");
    tool.text("git_sha", kMaxLabelBytes);
    tool.optional_text("version", kMaxLabelBytes);
    tool.boolean("git_dirty");
    out.tool = tool.raw();
    const FieldReader run = top.object("run");
    run.string("started_at");  // a strict UTC timestamp: publish_check reads it
    out.run = run.raw();
    const FieldReader device = top.object("device");
    device.text("name", kMaxDeviceNameBytes);
    if (!device.raw().contains("profile") ||
        !(device.raw()["profile"].is_string() || device.raw()["profile"].is_null())) {
        device.fail("profile", "must be a profile id or null");
    }
    out.profile_id = device.optional_text("profile", kMaxLabelBytes);
    out.device = device.raw();
    out.device.erase("profile");  // held once, in profile_id; the writer puts it back
    const json& results = top.required("results");
    if (!results.is_array()) top.fail("results", "must be an array");
    for (std::size_t i = 0; i < results.size(); ++i) {
        const FieldReader c(results[i], origin, "result", "results[" + std::to_string(i) + "].");
        const std::string kind = c.text("kind", kMaxLabelBytes);
        if (!c.has("status")) c.fail("status", "missing required field");
        const CaseStatus status = *c.optional_enum("status", kCaseStatusNames);  // present: above
        if (kind == "gemm") {
            out.gemm.push_back(read_gemm(c, status));
            out.gemm.back().file_index = i;
        } else if (kind == "bandwidth") {
            out.bandwidth.push_back(read_bandwidth(c, status));
            out.bandwidth.back().file_index = i;
        } else {
            c.fail("kind", "must be gemm or bandwidth (got \"" + kind + "\")");
        }
    }
    if (top.has("notes")) out.notes = top.string_array("notes");
    return out;
}

ResultDocument load_result(const std::filesystem::path& path) {
    return parse_result(read_text_file(path), path.string());
}

}  // namespace chipcount
