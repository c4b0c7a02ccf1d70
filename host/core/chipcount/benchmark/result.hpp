// The result of a benchmark run (design §2, format chipcount.result): every case with its raw
// samples, telemetry, validation and efficiency, and a summary the estimator reads.
#pragma once
#include <nlohmann/json.hpp>

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "chipcount/base/stats.hpp"
#include "chipcount/benchmark/bench_plan.hpp"
#include "chipcount/benchmark/thermal.hpp"
#include "chipcount/profiles/profile.hpp"
#include "chipcount/vocabulary.hpp"

namespace chipcount {

enum class CaseStatus { kOk, kSkipped, kFailed };
inline constexpr NameTable<CaseStatus, 3> kCaseStatusNames{
    {{CaseStatus::kOk, "ok"}, {CaseStatus::kSkipped, "skipped"}, {CaseStatus::kFailed, "failed"}}};
constexpr std::string_view case_status_name(CaseStatus status) {
    return name_of(kCaseStatusNames, status);
}

// One telemetry reading; the kernels layer's samples are converted into these.
struct TelemetryPoint {
    std::optional<double> sm_clock_mhz;
    std::optional<double> power_w;
    std::optional<double> temperature_c;
    std::vector<std::string> reasons;
};

// Telemetry of a case's timed window only (not its warm-up, not the start of a soak).
struct TelemetrySummary {
    std::size_t samples = 0;
    std::optional<double> window_s;  // the timed window's length
    std::optional<double> sm_clock_mhz_median;
    std::optional<double> power_w_median;  // NVML power readings (each a one-second average)
    // The NVML total-energy counter's delta over the window, divided by its length: the mean
    // power of exactly the timed window.
    std::optional<double> power_w_from_energy;
    std::optional<double> energy_j;
    std::optional<double> temperature_c_max;
    std::vector<std::string> throttle_reasons;  // every reason seen during the case
};

TelemetrySummary summarize_telemetry(const std::vector<TelemetryPoint>& points);

// The sampled element with the largest error: where it is, what it held, what it should.
struct WorstElementRecord {
    std::int64_t row = 0;
    std::int64_t col = 0;
    double value = 0;      // NaN or Inf possible (written as null)
    double reference = 0;
    double error = 0;      // +inf when the value is not finite (written as null)
    int buffer_set = 0;
};

// What the GPU found when it checked a case's output.
struct ValidationCounts {
    std::string reference;
    std::size_t checked_elements = 0;
    std::size_t unwritten = 0;
    double max_rel_error = 0;
    std::size_t nan_count = 0;
    std::size_t inf_count = 0;
    std::size_t guard_bytes_changed = 0;  // stray writes around the output
    int buffer_sets_checked = 1;
    std::optional<WorstElementRecord> worst;
    std::optional<double> checksum;
};

struct ValidationResult {
    std::string reference;
    std::size_t checked_elements = 0;
    std::size_t unwritten = 0;
    std::size_t nan_count = 0;
    std::size_t inf_count = 0;
    std::size_t guard_bytes_changed = 0;
    int buffer_sets_checked = 1;
    double rel_error = 0;  // +inf when an output element was NaN or Inf (written as null)
    double tolerance = 0;
    bool passed = false;
    std::optional<WorstElementRecord> worst;
    std::optional<double> checksum;
};

// Passed when every element was written, none is NaN or Inf, no guard byte changed, and the
// largest error is within the tolerance for the precision at this K.
ValidationResult judge_validation(const ValidationCounts& counts, Precision precision,
                                  std::int64_t k);

// The cuBLASLt algorithm a case ran, as the library describes it, and its timing.
struct AlgorithmRecord {
    std::size_t rank = 1;  // the heuristic's order, from 1
    int id = -1;
    std::string tile;
    std::string stages;
    int split_k = 1;
    int reduction_scheme = 0;
    int cta_swizzling = 0;
    int custom_option = 0;
    double workspace_bytes = 0;
    double waves = 0;
    double median_ms = 0;  // over the candidate timing rounds
};

// How the algorithm was chosen: the heuristic's first choice and the fastest timed, and which
// was kept (the fastest only when it beat the first by more than the noise margin).
struct AlgorithmChoiceRecord {
    AlgorithmRecord heuristic_first;
    AlgorithmRecord fastest;
    std::string kept;  // "heuristic_first" or "fastest"
    std::size_t candidates_offered = 0;
    std::size_t candidates_timed = 0;
    int rounds = 0;
    std::size_t samples_per_candidate = 0;
    double margin = 0;
};

// The settings that shape the figures: accumulation and output types, fp8's scales and mode.
struct GemmSettingsRecord {
    std::string compute;
    std::string output;
    std::optional<bool> fp8_fast_accumulation;
    std::optional<double> a_scale;
    std::optional<double> b_scale;
};

// A sustained case's plateau gate and trend (SustainedMeasurement, as recorded).
struct PlateauRecord {
    bool reached = false;
    double spread = 0;
    double limit = 0;
    double kept_s = 0;
    double trend_per_minute = 0;
};

struct GemmCase {
    std::string backend;  // cublaslt, simt_fp32, mma_sync, wgmma_tma
    Precision precision = Precision::kBf16;
    Shape shape;
    std::string layout = "TN";
    std::string phase = "burst";  // burst, or sustained (after a heat soak)
    CaseStatus status = CaseStatus::kOk;
    std::string reason;
    std::string algorithm;
    std::vector<double> samples_ms;
    std::optional<Summary> timing;
    int buffer_sets = 0;
    double bytes_per_set = 0;
    int warmup_iterations = 0;
    double warmup_ms = 0;
    bool warmup_settled = false;
    double soak_s = 0;                      // sustained only
    std::vector<double> soak_batch_tflops;  // sustained only: the trend through the soak
    std::optional<PlateauRecord> plateau;   // sustained only
    std::optional<IdleGate> idle_gate;      // burst cases: the gate before the case
    // Own kernels: cuBLASLt at the same precision and shape, timed in rounds alternating with
    // this case's, so ratio_to_cublaslt compares the two in one thermal state.
    std::vector<double> paired_cublaslt_samples_ms;
    std::optional<AlgorithmChoiceRecord> algorithm_choice;  // cuBLASLt
    std::optional<GemmSettingsRecord> settings;
    TelemetrySummary telemetry;
    std::optional<ValidationResult> validation;
    std::optional<double> vs_datasheet;
    std::optional<double> vs_clock_peak;
    std::optional<double> ratio_to_cublaslt;

    std::optional<std::size_t> file_index;  // position in a file's `results`, when read from one

    std::optional<double> tflops_median() const;
    std::optional<double> tflops_max() const;  // from the fastest iteration
};

struct BandwidthCase {
    std::string pattern;  // read, write, copy, triad
    double bytes_per_array = 0;
    double bytes_moved = 0;  // per iteration
    CaseStatus status = CaseStatus::kOk;
    std::string reason;
    std::vector<double> samples_ms;  // per launch: each sample is one event pair around many
    int launches_per_sample = 1;
    std::optional<IdleGate> idle_gate;
    std::optional<Summary> timing;
    std::size_t errors = 0;
    bool validation_passed = false;  // every output element checked out (the runner's verdict)
    std::optional<double> vs_datasheet;
    TelemetrySummary telemetry;

    std::optional<std::size_t> file_index;  // position in a file's `results`, when read from one

    std::optional<double> tbs_median() const;
    std::optional<double> tbs_max() const;
};

struct ResultDocument {
    // Provenance, echoed as written: the tool's build, the run's times and command line, and the
    // GPU. The reader checks the fields others use (tool.git_sha, run.started_at, device.name).
    nlohmann::ordered_json tool;
    nlohmann::ordered_json run;
    nlohmann::ordered_json device;          // without "profile": that is profile_id
    std::optional<std::string> profile_id;  // the GPU's chip profile, when one matched
    std::vector<GemmCase> gemm;
    std::vector<BandwidthCase> bandwidth;
    std::vector<std::string> notes;
};

// Reads a chipcount.result file back (result_read.cpp). InputError names the file and field.
ResultDocument parse_result(std::string_view text, const std::string& origin);
ResultDocument read_result(const nlohmann::json& document, const std::string& origin);
ResultDocument load_result(const std::filesystem::path& path);

// A precision's headline figures: its fastest burst case and its fastest sustained case.
struct PrecisionSummary {
    Precision precision = Precision::kBf16;
    const GemmCase* best = nullptr;
    const GemmCase* sustained = nullptr;
};
// Every precision with a measured (ok) case, in kAllPrecisions order. Points into `document`.
std::vector<PrecisionSummary> summarize_precisions(const ResultDocument& document);
// The throughput of an ok bandwidth case with this pattern name ("copy"), if there is one.
std::optional<double> bandwidth_tbs(const ResultDocument& document, std::string_view pattern);

// Fills vs_datasheet and vs_clock_peak from the profile (nothing without one), and each own
// kernel's ratio to cuBLASLt: from its interleaved cuBLASLt samples when it has them (the same
// thermal state), else to the cuBLASLt case of the same precision, shape and phase.
void apply_efficiency(ResultDocument& document, const ChipProfile* profile);

// The datasheet peak a precision is compared with: fp64 uses the tensor-core (DMMA) rate when
// the chip has one, as cuBLAS does.
std::optional<double> datasheet_peak(const ChipProfile& profile, Precision precision);

nlohmann::ordered_json result_json(const ResultDocument& document, const ChipProfile* profile);
nlohmann::ordered_json summary_json(const ResultDocument& document, const ChipProfile* profile);

// True when any case failed (validation or a CUDA error): the run's exit code is then 1.
bool any_failed(const ResultDocument& document);

}  // namespace chipcount
