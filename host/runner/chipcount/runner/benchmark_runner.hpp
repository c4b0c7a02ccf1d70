// Runs a benchmark on one GPU, in an order that keeps thermal history out of the figures and a
// failing kernel from sinking the run: a global warm-up to a plateau; every cuBLASLt burst case
// (the reference) behind an idle gate, its algorithm chosen by timing the heuristic's candidates;
// then our own kernels, each timed in alternating rounds with cuBLASLt at the same shape (their
// ratio comes from one thermal state); then the sustained soaks; then bandwidth. A sticky CUDA
// error ends the run at once: the cases measured so far are kept, the failing case is named,
// the rest are recorded as not run. Shared by `bench` and `run`; progress goes to a
// BenchProgress, so the runner draws nothing itself.
#pragma once
#include <cstddef>
#include <string>
#include <vector>

#include "chipcount/benchmark/algorithm_choice.hpp"
#include "chipcount/benchmark/bench_method.hpp"
#include "chipcount/benchmark/bench_plan.hpp"
#include "chipcount/benchmark/result.hpp"
#include "chipcount/benchmark/thermal.hpp"
#include "chipcount/kernels/gemm.hpp"
#include "chipcount/profiles/profile.hpp"

namespace chipcount::runner {

class BenchDevice;

enum class BackendFamily { kCublasLt, kOwn };  // the vendor library, or our kernels
inline constexpr NameTable<BackendFamily, 2> kBackendFamilyNames{
    {{BackendFamily::kCublasLt, "cublaslt"}, {BackendFamily::kOwn, "own"}}};

// A sustained figure needs a soak of at least this long (mamf-finder's MSMF soak is 20 s).
inline constexpr double kMinSoakSeconds = 20;

struct BenchConfig {
    int device = 0;
    std::vector<Precision> precisions = gemm_precisions();
    std::vector<BackendFamily> backends = {BackendFamily::kCublasLt};
    std::vector<Shape> shapes;  // empty: the suite's shapes
    bool full_sweep = false;
    double budget_s = 900;  // full sweep: time for the whole search
    double soak_s = kMinSoakSeconds;  // heat soak per soaked precision (0: no sustained figure)
    std::vector<Precision> soak = {Precision::kBf16, Precision::kFp16};
    bool bandwidth = false;
    std::size_t validation_samples = 4096;
    int validation_sets = 3;  // buffer sets checked per case
    GlobalWarmupOptions warmup;  // max_s 0: no global warm-up
    IdleGateOptions idle_gate;
    MethodOptions method;
    CandidateOptions candidates;
    SoakOptions soak_options;  // duration_s and max_duration_s follow soak_s
    std::vector<std::string> argv;
};

// What a run tells whoever shows its progress; every call is optional to act on.
class BenchProgress {
  public:
    virtual ~BenchProgress() = default;
    virtual void planned(std::size_t /*steps*/) {}
    virtual void case_started(const std::string& /*label*/) {}
    virtual void case_fraction(double /*done*/) {}  // during a long step (warm-up, soak), 0 to 1
    virtual void case_finished(const std::string& /*outcome*/) {}
};

struct PlannedCase {
    Precision precision;
    kernels::GemmBackend backend;
    Shape shape;
    bool soak;  // also measured after a heat soak, for the sustained figure
};

// The burst cases in the order they run: every cuBLASLt case first (precision by precision), then
// our own kernels; shapes per precision and backend (the quick suite, or a full sweep's
// wave-quantized shapes for `sm_count` SMs, unless shapes are given). The soak goes to the
// headline shape (or the first shape asked for) of each soaked precision, on cuBLASLt.
std::vector<PlannedCase> plan_cases(const BenchConfig& config, int sm_count);

std::string case_label(const PlannedCase& c);

struct BenchOutcome {
    ResultDocument document;
    const ChipProfile* profile = nullptr;  // the GPU's profile, when one matches (in `profiles`)
};

// On the GPU --device names: NoGpuError (exit 3) when there is none; UsageError for a bad index.
BenchOutcome run_benchmark(const BenchConfig& config, const ProfileSet& profiles,
                           BenchProgress& progress);
// On any BenchDevice (tests pass a simulated one).
BenchOutcome run_benchmark_on(BenchDevice& device, const BenchConfig& config,
                              const ProfileSet& profiles, BenchProgress& progress);

}  // namespace chipcount::runner
