// The runner on a simulated GPU: the order of a run (global warm-up, cuBLASLt reference cases
// behind idle gates, own kernels interleaved with their cuBLASLt twin, soaks, bandwidth), the
// candidate choice it records, telemetry of the timed window only with power from the energy
// counter, and a lost GPU context that stops the run and keeps what was measured.
#include <gtest/gtest.h>

#include <algorithm>

#include "chipcount/benchmark/result.hpp"
#include "chipcount/kernels/telemetry.hpp"
#include "chipcount/runner/benchmark_runner.hpp"
#include "chipcount/runner/telemetry_window.hpp"
#include "simulated_gpu.hpp"

namespace chipcount::runner {
namespace {

class Quiet : public BenchProgress {};

BenchConfig two_shapes_bf16() {
    BenchConfig config;
    config.precisions = {Precision::kBf16};
    config.backends = {BackendFamily::kCublasLt, BackendFamily::kOwn};
    config.shapes = {{4096, 4096, 4096}, {8192, 8192, 8192}};
    config.soak = {Precision::kBf16};
    config.soak_s = 20;
    config.bandwidth = true;
    return config;
}

std::vector<std::string> opens(const test::SimulatedGpu& gpu) {
    std::vector<std::string> out;
    for (const std::string& e : gpu.events) {
        if (e.rfind("open ", 0) == 0) out.push_back(e.substr(5));
    }
    return out;
}

const GemmCase& find_case(const ResultDocument& doc, const std::string& backend,
                          std::int64_t m, const std::string& phase = "burst") {
    const auto it = std::find_if(doc.gemm.begin(), doc.gemm.end(), [&](const GemmCase& c) {
        return c.backend == backend && c.shape.m == m && c.phase == phase;
    });
    if (it == doc.gemm.end()) throw std::runtime_error("no case " + backend);
    return *it;
}

TEST(RunOrder, WarmupThenReferenceThenInterleavedOwnKernelsThenSoakThenBandwidth) {
    test::SimulatedGpu gpu;
    Quiet progress;
    const BenchOutcome out = run_benchmark_on(gpu, two_shapes_bf16(), ProfileSet{}, progress);
    const std::vector<std::string> expected = {
        "cublaslt bf16 4096x4096x4096",  // the global warm-up (the soaked shape: the first given)
        "cublaslt bf16 4096x4096x4096",  "cublaslt bf16 8192x8192x8192",
        // each own kernel opens with its cuBLASLt twin
        "mma_sync bf16 4096x4096x4096",  "cublaslt bf16 4096x4096x4096",
        "mma_sync bf16 8192x8192x8192",  "cublaslt bf16 8192x8192x8192",
        "wgmma_tma bf16 4096x4096x4096", "cublaslt bf16 4096x4096x4096",
        "wgmma_tma bf16 8192x8192x8192", "cublaslt bf16 8192x8192x8192",
        "cublaslt bf16 4096x4096x4096",  // the soak, last of the GEMMs
    };
    EXPECT_EQ(opens(gpu), expected);
    // An idle gate before every burst case, none before the soak; bandwidth after the soak.
    std::vector<std::string> kinds;
    for (const std::string& e : gpu.events) kinds.push_back(e.substr(0, e.find(' ')));
    const auto first_bandwidth = std::find(kinds.begin(), kinds.end(), "bandwidth");
    ASSERT_NE(first_bandwidth, kinds.end());
    // 2 reference cases + 4 own cases + the first bandwidth pattern's gate.
    EXPECT_EQ(std::count(kinds.begin(), first_bandwidth, "idle"), 7);
    // Each pattern: its gate, a probe (warm-up and launch time), the timed samples.
    const std::vector<std::string> last_pattern(gpu.events.end() - 3, gpu.events.end());
    EXPECT_EQ(last_pattern, (std::vector<std::string>{"idle", "bandwidth triad", "bandwidth triad"}));
    for (const GemmCase& c : out.document.gemm) {
        if (c.phase == "burst") {
            ASSERT_TRUE(c.idle_gate) << c.backend;
            // The simulated GPU idles at its maximum clock: the gate opens after the short idle.
            EXPECT_EQ(c.idle_gate->outcome, IdleGateOutcome::kClockRecovered);
            EXPECT_DOUBLE_EQ(c.idle_gate->waited_s, 0.25);
        } else {
            EXPECT_FALSE(c.idle_gate);
        }
    }
    EXPECT_TRUE(out.document.run["method"]["warmup"]["plateau"].get<bool>());
    EXPECT_FALSE(any_failed(out.document));
}

TEST(RunOrder, TheFasterCandidateIsKeptAndTheTwinRunsIt) {
    test::SimulatedGpu gpu;
    Quiet progress;
    const BenchOutcome out = run_benchmark_on(gpu, two_shapes_bf16(), ProfileSet{}, progress);
    const GemmCase& lt = find_case(out.document, "cublaslt", 8192);
    ASSERT_TRUE(lt.algorithm_choice);
    // Candidate 2 (rank 2) runs at 700 / 0.95 TFLOPS: 5% faster than the first, beyond 1%.
    EXPECT_EQ(lt.algorithm_choice->kept, "fastest");
    EXPECT_EQ(lt.algorithm_choice->fastest.rank, 2u);
    EXPECT_EQ(lt.algorithm_choice->fastest.id, 11);
    EXPECT_EQ(lt.algorithm_choice->heuristic_first.rank, 1u);
    EXPECT_EQ(lt.algorithm_choice->candidates_timed, 3u);
    EXPECT_NEAR(*lt.tflops_median(), 700 / 0.95, 1e-6);
    // mma_sync at 350 TFLOPS against its twin on the kept candidate (736.8): 0.475, from the
    // interleaved samples, not from the reference case measured earlier.
    const GemmCase& own = find_case(out.document, "mma_sync", 8192);
    ASSERT_FALSE(own.paired_cublaslt_samples_ms.empty());
    ASSERT_TRUE(own.ratio_to_cublaslt);
    EXPECT_NEAR(*own.ratio_to_cublaslt, 350 / (700 / 0.95), 1e-9);
}

TEST(RunOrder, TelemetryCoversTheTimedWindowAndPowerComesFromTheEnergyCounter) {
    test::SimulatedGpu gpu;
    Quiet progress;
    BenchConfig config = two_shapes_bf16();
    config.bandwidth = false;
    const BenchOutcome out = run_benchmark_on(gpu, config, ProfileSet{}, progress);
    const GemmCase& lt = find_case(out.document, "cublaslt", 8192);
    const TelemetrySummary& t = lt.telemetry;
    // The window is the timed samples' GPU time (the simulated GPU has no gaps).
    double timed_s = 0;
    for (const double ms : lt.samples_ms) timed_s += ms / 1000;
    ASSERT_TRUE(t.window_s);
    EXPECT_NEAR(*t.window_s, timed_s, 1e-9);
    // Busy all through the window: 650 W by the counter, not NVML's 700 W average, nor the 80 W
    // of the idle gate before it.
    ASSERT_TRUE(t.power_w_from_energy);
    EXPECT_NEAR(*t.power_w_from_energy, 650, 1e-6);
    EXPECT_NEAR(*t.energy_j, 650 * timed_s, 1e-6);
    EXPECT_DOUBLE_EQ(*t.power_w_median, 700);
    // The boost-clock samples of the case's first second (warm-up, candidates) are left out.
    EXPECT_DOUBLE_EQ(*t.sm_clock_mhz_median, 1755);
    // The soak's telemetry is its kept window (the last quarter of 20 s).
    const GemmCase& soak = find_case(out.document, "cublaslt", 4096, "sustained");
    ASSERT_TRUE(soak.plateau);
    EXPECT_TRUE(soak.plateau->reached);
    EXPECT_NEAR(*soak.telemetry.window_s, soak.plateau->kept_s, 1e-6);
    EXPECT_NEAR(soak.plateau->kept_s, 5, 0.3);
    EXPECT_GE(soak.soak_s, 20);
}

TEST(RunOrder, ALostGpuContextStopsTheRunKeepsWhatWasMeasuredAndNamesTheCase) {
    test::SimulatedGpu gpu;
    gpu.lose_context_at = "mma_sync bf16 4096x4096x4096";
    Quiet progress;
    const BenchOutcome out = run_benchmark_on(gpu, two_shapes_bf16(), ProfileSet{}, progress);
    const ResultDocument& doc = out.document;
    // The reference cases ran first and are kept.
    EXPECT_EQ(find_case(doc, "cublaslt", 4096).status, CaseStatus::kOk);
    EXPECT_EQ(find_case(doc, "cublaslt", 8192).status, CaseStatus::kOk);
    const GemmCase& failed = find_case(doc, "mma_sync", 4096);
    EXPECT_EQ(failed.status, CaseStatus::kFailed);
    EXPECT_NE(failed.reason.find("context is lost"), std::string::npos);
    // Nothing was opened after the failure: every later case is recorded as not run.
    EXPECT_EQ(opens(gpu).back(), "cublaslt bf16 4096x4096x4096");  // the failing case's twin
    EXPECT_TRUE(std::none_of(gpu.events.begin(), gpu.events.end(), [](const std::string& e) {
        return e.rfind("bandwidth", 0) == 0;
    }));
    for (const GemmCase* later : {&find_case(doc, "mma_sync", 8192), &find_case(doc, "wgmma_tma", 4096),
                                  &find_case(doc, "cublaslt", 4096, "sustained")}) {
        EXPECT_EQ(later->status, CaseStatus::kSkipped);
        EXPECT_NE(later->reason.find("mma_sync bf16 4096x4096x4096"), std::string::npos)
            << later->reason;
    }
    ASSERT_EQ(doc.bandwidth.size(), kAllMemoryPatterns.size());
    for (const BandwidthCase& b : doc.bandwidth) EXPECT_EQ(b.status, CaseStatus::kSkipped);
    EXPECT_EQ(doc.run["stopped_early"]["step"], "mma_sync bf16 4096x4096x4096 (interleaved with cuBLASLt)");
    EXPECT_TRUE(any_failed(doc));  // exit code 1
    // The partial result is a valid result that reads back.
    const ResultDocument back = parse_result(result_json(doc, nullptr).dump(), "partial.json");
    EXPECT_EQ(back.gemm.size(), doc.gemm.size());
    EXPECT_EQ(back.gemm[0].status, CaseStatus::kOk);
}

TEST(RunOrder, AnUnsupportedCaseIsSkippedWithTheReasonAndTheRunGoesOn) {
    test::SimulatedGpu gpu;
    Quiet progress;
    BenchConfig config;
    config.precisions = {Precision::kFp64, Precision::kBf16};
    config.shapes = {{4096, 4096, 4096}};
    config.soak_s = 0;
    const BenchOutcome out = run_benchmark_on(gpu, config, ProfileSet{}, progress);
    ASSERT_EQ(out.document.gemm.size(), 2u);
    EXPECT_EQ(out.document.gemm[0].status, CaseStatus::kSkipped);
    EXPECT_EQ(out.document.gemm[0].reason, "simulated: no fp64 here");
    EXPECT_EQ(out.document.gemm[1].status, CaseStatus::kOk);
    EXPECT_FALSE(any_failed(out.document));
}

TEST(TelemetryWindow, KeepsOnlySamplesInsideAndTakesPowerFromTheEnergyDelta) {
    std::vector<kernels::TelemetrySample> samples;
    for (int i = 0; i < 10; ++i) {
        kernels::TelemetrySample s;
        s.time_s = 100 + i;                       // 100 .. 109
        s.sm_clock_mhz = i < 4 ? 1980 : 1700;     // warm-up at boost, then the window
        s.power_w = 500;
        s.temperature_c = 50 + i;
        samples.push_back(s);
    }
    TimedWindow w{104, 108, 1000.0, 3400.0};  // 2400 J over 4 s
    const TelemetrySummary t = summarize_window(samples, w);
    EXPECT_EQ(t.samples, 5u);  // 104 .. 108
    EXPECT_DOUBLE_EQ(*t.sm_clock_mhz_median, 1700);
    EXPECT_DOUBLE_EQ(*t.temperature_c_max, 58);
    EXPECT_DOUBLE_EQ(*t.window_s, 4);
    EXPECT_DOUBLE_EQ(*t.energy_j, 2400);
    EXPECT_DOUBLE_EQ(*t.power_w_from_energy, 600);
    // A counter that went backwards (a driver reload) gives no energy figure, not a negative one.
    const TelemetrySummary back = summarize_window(samples, {104, 108, 3400.0, 1000.0});
    EXPECT_FALSE(back.power_w_from_energy);
    EXPECT_FALSE(summarize_window(samples, {104, 108, std::nullopt, 1.0}).energy_j);
}

}  // namespace
}  // namespace chipcount::runner
