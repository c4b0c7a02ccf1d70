// Runs a benchmark on one GPU: plans the cases, measures each with the core's method, validates,
// samples telemetry, and assembles the chipcount.result document. Shared by `bench` and `run`.
#pragma once
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "chipcount/benchmark/bench_plan.hpp"
#include "chipcount/benchmark/result.hpp"
#include "chipcount/format/table.hpp"
#include "chipcount/profiles/profile.hpp"

namespace chipcount::cli {

struct BenchConfig {
    int device = 0;
    std::vector<Precision> precisions = gemm_precisions();
    std::vector<std::string> backends = {"cublaslt"};  // cublaslt, own
    std::vector<Shape> shapes;                         // empty: the suite's shapes
    bool full_sweep = false;
    double budget_s = 900;  // full sweep: time for the whole search
    double soak_s = 15;     // heat soak per soaked precision
    std::vector<Precision> soak = {Precision::kBf16, Precision::kFp16};
    bool bandwidth = false;
    std::size_t validation_samples = 4096;
    std::vector<std::string> argv;
};

struct BenchOutcome {
    ResultDocument document;
    nlohmann::ordered_json json;
    const ChipProfile* profile = nullptr;
};

// NoGpuError (exit 3) when there is no GPU; UsageError for a bad device index.
BenchOutcome run_benchmark(const BenchConfig& config, const ProfileSet& profiles);

// results/runs/<UTC stamp>-<profile or GPU name>.json
std::filesystem::path default_result_path(const BenchOutcome& outcome);
std::string utc_stamp();    // 20261123T181500Z
std::string utc_iso8601();  // 2026-11-23T18:15:00Z

// The per-case table printed after a run.
std::string render_bench_table(const ResultDocument& document, OutputFormat format);

}  // namespace chipcount::cli
