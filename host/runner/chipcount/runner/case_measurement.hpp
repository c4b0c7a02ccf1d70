// How each kind of step of a run is measured on a BenchDevice: the global warm-up, a cuBLASLt
// burst case (candidate choice, then the timed window), one of our kernels interleaved with its
// cuBLASLt twin, a sustained soak, and a bandwidth pattern. Each records its case in the result;
// a DeviceLostError is recorded as the case's failure and then rethrown, for the runner to stop.
#pragma once
#include <map>
#include <optional>
#include <string>
#include <tuple>
#include <utility>

#include "chipcount/benchmark/result.hpp"
#include "chipcount/runner/bench_device.hpp"
#include "chipcount/runner/benchmark_runner.hpp"

namespace chipcount::runner {

class CaseMeasurement {
  public:
    CaseMeasurement(BenchDevice& device, const BenchConfig& config, BenchProgress& progress,
                    ResultDocument& doc)
        : device_(device), config_(config), progress_(progress), doc_(doc) {}

    // Runs `on` to a plateau; records run.method.warmup. Skipped (with a note) when disabled or
    // when the case cannot run.
    void global_warmup(const PlannedCase& on);
    GemmCase& reference_case(const PlannedCase& plan);
    GemmCase& own_case(const PlannedCase& plan);
    GemmCase& soak_case(const PlannedCase& plan);
    BandwidthCase& bandwidth_case(MemoryPattern pattern);
    // What the global warm-up did, for the result's run.method.warmup (null before it ran).
    const nlohmann::ordered_json& warmup_record() const { return warmup_record_; }

  private:
    kernels::GemmSetup setup_for(const PlannedCase& plan) const;
    IdleGate idle_gate();
    void record_algorithm(GemmCase& c, GemmCaseDevice& bench);
    void validate(GemmCase& c, GemmCaseDevice& bench);
    void use_kept_candidate(const PlannedCase& plan, GemmCaseDevice& bench) const;
    GemmCase& record(GemmCase c);
    // Runs `measure` on the case and records it: skipped when the library cannot run it, failed
    // with the reason on a kernel error; a lost GPU context is recorded as the case's failure and
    // rethrown, for the runner to stop.
    template <class Measure>
    GemmCase& measured(GemmCase c, Measure&& measure);
    std::size_t bandwidth_bytes() const;

    BenchDevice& device_;
    const BenchConfig& config_;
    BenchProgress& progress_;
    ResultDocument& doc_;
    // The cuBLASLt candidate each (precision, shape) kept: twins and soaks run the same one.
    std::map<std::tuple<Precision, std::int64_t, std::int64_t, std::int64_t>, std::size_t>
        kept_candidate_;
    std::unique_ptr<BandwidthDevice> bandwidth_;
    nlohmann::ordered_json warmup_record_;
};

// A case that did not run, with the reason.
GemmCase unmeasured_case(const PlannedCase& plan, CaseStatus status, std::string reason);
BandwidthCase unmeasured_bandwidth(MemoryPattern pattern, CaseStatus status, std::string reason);

}  // namespace chipcount::runner
