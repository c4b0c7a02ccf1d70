// Runs a benchmark on one GPU: plans the cases, measures each with the core's method (burst, and
// a heat soak for the sustained figure), validates, samples telemetry, and assembles the
// chipcount.result document. Shared by `bench` and `run`; progress goes to a BenchProgress, so
// the runner draws nothing itself.
#pragma once
#include <cstddef>
#include <string>
#include <vector>

#include "chipcount/benchmark/bench_plan.hpp"
#include "chipcount/benchmark/result.hpp"
#include "chipcount/kernels/gemm.hpp"
#include "chipcount/profiles/profile.hpp"

namespace chipcount::runner {

enum class BackendFamily { kCublasLt, kOwn };  // the vendor library, or our kernels
inline constexpr NameTable<BackendFamily, 2> kBackendFamilyNames{
    {{BackendFamily::kCublasLt, "cublaslt"}, {BackendFamily::kOwn, "own"}}};

struct BenchConfig {
    int device = 0;
    std::vector<Precision> precisions = gemm_precisions();
    std::vector<BackendFamily> backends = {BackendFamily::kCublasLt};
    std::vector<Shape> shapes;  // empty: the suite's shapes
    bool full_sweep = false;
    double budget_s = 900;  // full sweep: time for the whole search
    double soak_s = 15;     // heat soak per soaked precision
    std::vector<Precision> soak = {Precision::kBf16, Precision::kFp16};
    bool bandwidth = false;
    std::size_t validation_samples = 4096;
    std::vector<std::string> argv;
};

// What a run tells whoever shows its progress; every call is optional to act on.
class BenchProgress {
  public:
    virtual ~BenchProgress() = default;
    virtual void planned(std::size_t /*cases*/) {}
    virtual void case_started(const std::string& /*label*/) {}
    virtual void case_fraction(double /*done*/) {}  // during a heat soak, 0 to 1
    virtual void case_finished(const std::string& /*outcome*/) {}
};

struct PlannedCase {
    Precision precision;
    kernels::GemmBackend backend;
    Shape shape;
    bool soak;  // also measured after a heat soak, for the sustained figure
};

// The plan: shapes per precision and backend (the quick suite, or a full sweep's wave-quantized
// shapes for `sm_count` SMs, unless shapes are given). The soak goes to the headline shape (or
// the first shape asked for) of each soaked precision, on cuBLASLt.
std::vector<PlannedCase> plan_cases(const BenchConfig& config, int sm_count);

struct BenchOutcome {
    ResultDocument document;
    const ChipProfile* profile = nullptr;  // the GPU's profile, when one matches (in `profiles`)
};

// NoGpuError (exit 3) when there is no GPU; UsageError for a bad device index.
BenchOutcome run_benchmark(const BenchConfig& config, const ProfileSet& profiles,
                           BenchProgress& progress);

}  // namespace chipcount::runner
