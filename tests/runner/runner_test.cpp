// The benchmark runner without the CLI: what it plans, and what it says when there is no GPU.
#include <gtest/gtest.h>

#include <algorithm>

#include "chipcount/base/errors.hpp"
#include "chipcount/kernels/device.hpp"
#include "chipcount/runner/benchmark_runner.hpp"

namespace chipcount::runner {
namespace {

std::size_t count_soaked(const std::vector<PlannedCase>& plan) {
    return static_cast<std::size_t>(
        std::count_if(plan.begin(), plan.end(), [](const PlannedCase& c) { return c.soak; }));
}

TEST(Plan, DefaultSuiteIsEveryPrecisionTimesTheQuickSweepOnCublasLt) {
    const BenchConfig config;
    const auto plan = plan_cases(config, 132);
    ASSERT_EQ(plan.size(), config.precisions.size() * quick_sweep().size());
    for (const PlannedCase& c : plan) EXPECT_EQ(c.backend, kernels::GemmBackend::kCublasLt);
    // One soak per soaked precision (bf16, fp16), on the headline shape.
    ASSERT_EQ(count_soaked(plan), config.soak.size());
    for (const PlannedCase& c : plan) {
        if (!c.soak) continue;
        EXPECT_EQ(c.shape, kHeadlineShape);
        EXPECT_NE(std::find(config.soak.begin(), config.soak.end(), c.precision),
                  config.soak.end());
    }
}

TEST(Plan, OwnKernelsCoverTheirPrecisionsAndAreNeverSoaked) {
    BenchConfig config;
    config.backends = {BackendFamily::kOwn};
    config.shapes = {{1024, 1024, 1024}, {2048, 2048, 2048}};
    const auto plan = plan_cases(config, 132);
    // fp32: the SIMT kernel; bf16 and fp16: mma.sync and wgmma; no other precision has one.
    ASSERT_EQ(plan.size(), (1 + 2 + 2) * config.shapes.size());
    EXPECT_EQ(count_soaked(plan), 0u);
    for (const PlannedCase& c : plan) {
        if (c.precision == Precision::kFp32) {
            EXPECT_EQ(c.backend, kernels::GemmBackend::kSimtFp32);
        } else {
            EXPECT_TRUE(c.precision == Precision::kBf16 || c.precision == Precision::kFp16);
            EXPECT_NE(c.backend, kernels::GemmBackend::kSimtFp32);
        }
    }
}

TEST(Plan, GivenShapesSoakTheFirstOne) {
    BenchConfig config;
    config.precisions = {Precision::kBf16};
    config.shapes = {{4096, 4096, 4096}, {8192, 8192, 8192}};
    const auto plan = plan_cases(config, 132);
    ASSERT_EQ(plan.size(), 2u);
    EXPECT_TRUE(plan[0].soak);
    EXPECT_FALSE(plan[1].soak);
}

TEST(Plan, FullSweepUsesWholeWavesOfTheSms) {
    BenchConfig config;
    config.precisions = {Precision::kBf16};
    config.full_sweep = true;
    const auto plan = plan_cases(config, 132);
    ASSERT_FALSE(plan.empty());
    for (const PlannedCase& c : plan) {
        // M = 128 i, N = 256 j, i j a whole number of waves over 132 SMs.
        ASSERT_EQ(c.shape.m % 128, 0);
        ASSERT_EQ(c.shape.n % 256, 0);
        EXPECT_EQ((c.shape.m / 128) * (c.shape.n / 256) % 132, 0) << shape_text(c.shape);
    }
}

class NoProgress : public BenchProgress {};

TEST(RunBenchmark, WithoutAGpuSaysWhyAsNoGpuError) {
    const kernels::DeviceList list = kernels::query_devices();
    if (!list.devices.empty()) GTEST_SKIP() << "this machine has a GPU";
    NoProgress progress;
    try {
        run_benchmark(BenchConfig{}, ProfileSet{}, progress);
        FAIL() << "ran without a GPU";
    } catch (const NoGpuError& e) {
        EXPECT_EQ(std::string(e.what()), list.why_none);
    }
}

}  // namespace
}  // namespace chipcount::runner
