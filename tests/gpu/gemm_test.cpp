// GEMM validation on a GPU: cuBLASLt in every precision and our kernels on awkward sizes, each
// checked element by element against the fp64 reference. Skips, with the reason, without a GPU.
#include <gtest/gtest.h>

#include "chipcount/benchmark/bench_plan.hpp"
#include "chipcount/kernels/bandwidth.hpp"
#include "chipcount/kernels/gemm.hpp"

namespace chipcount::kernels {
namespace {

Precision core_precision(GemmPrecision p) {
    switch (p) {
        case GemmPrecision::kFp64:
            return Precision::kFp64;
        case GemmPrecision::kFp32:
            return Precision::kFp32;
        case GemmPrecision::kTf32:
            return Precision::kTf32;
        case GemmPrecision::kFp16:
            return Precision::kFp16;
        case GemmPrecision::kBf16:
            return Precision::kBf16;
        case GemmPrecision::kFp8E4m3:
            return Precision::kFp8;
        case GemmPrecision::kInt8:
            return Precision::kInt8;
    }
    return Precision::kFp32;
}

// Runs one case and checks it; skips, with the reason, when the case cannot run on this GPU.
void check_case(GemmBackend backend, GemmPrecision precision, GemmShape shape) {
    const DeviceList list = query_devices();
    if (list.devices.empty()) GTEST_SKIP() << "no GPU: " << list.why_none;
    GemmSetup setup;
    setup.backend = backend;
    setup.precision = precision;
    setup.shape = shape;
    const Support support = gemm_supported(list.devices[0], setup);
    if (!support.ok) GTEST_SKIP() << support.reason;
    GemmBench bench(setup);
    const std::vector<double> ms = bench.run(3);
    ASSERT_EQ(ms.size(), 3u);
    for (const double t : ms) EXPECT_GT(t, 0.0);
    const GemmValidation v = bench.validate(4096);
    EXPECT_EQ(v.unwritten, 0u) << bench.algorithm();
    EXPECT_GT(v.checked_elements, 0u);
    EXPECT_LE(v.max_rel_error, validation_tolerance(core_precision(precision)))
        << gemm_backend_name(backend) << " " << gemm_precision_name(precision) << " " << shape.m
        << "x" << shape.n << "x" << shape.k << ": " << bench.algorithm();
}

class CublasLtEveryPrecision : public ::testing::TestWithParam<GemmPrecision> {};
TEST_P(CublasLtEveryPrecision, Validates) {
    check_case(GemmBackend::kCublasLt, GetParam(), {1024, 768, 512});
}
INSTANTIATE_TEST_SUITE_P(Gpu, CublasLtEveryPrecision,
                         ::testing::Values(GemmPrecision::kFp64, GemmPrecision::kFp32,
                                           GemmPrecision::kTf32, GemmPrecision::kFp16,
                                           GemmPrecision::kBf16, GemmPrecision::kFp8E4m3,
                                           GemmPrecision::kInt8),
                         [](const auto& param_info) {
                             return std::string(gemm_precision_name(param_info.param));
                         });

struct OwnCase {
    GemmBackend backend;
    GemmPrecision precision;
    GemmShape shape;
};

class OwnKernels : public ::testing::TestWithParam<OwnCase> {};
TEST_P(OwnKernels, ValidateOnAwkwardSizes) {
    check_case(GetParam().backend, GetParam().precision, GetParam().shape);
}
INSTANTIATE_TEST_SUITE_P(
    Gpu, OwnKernels,
    ::testing::Values(OwnCase{GemmBackend::kSimtFp32, GemmPrecision::kFp32, {1000, 1000, 1000}},
                      OwnCase{GemmBackend::kSimtFp32, GemmPrecision::kFp32, {8191, 8193, 1025}},
                      OwnCase{GemmBackend::kSimtFp32, GemmPrecision::kFp32, {512, 512, 512}},
                      OwnCase{GemmBackend::kMmaSync, GemmPrecision::kBf16, {1000, 1000, 1000}},
                      OwnCase{GemmBackend::kMmaSync, GemmPrecision::kBf16, {8191, 8193, 1025}},
                      OwnCase{GemmBackend::kMmaSync, GemmPrecision::kFp16, {2048, 2048, 2048}},
                      OwnCase{GemmBackend::kWgmmaTma, GemmPrecision::kBf16, {1000, 1000, 1000}},
                      OwnCase{GemmBackend::kWgmmaTma, GemmPrecision::kBf16, {4096, 4096, 4096}},
                      OwnCase{GemmBackend::kWgmmaTma, GemmPrecision::kFp16, {2000, 3000, 520}}),
    [](const auto& param_info) {
        const OwnCase& c = param_info.param;
        return std::string(gemm_backend_name(c.backend)) + "_" + gemm_precision_name(c.precision) +
               "_" + std::to_string(c.shape.m) + "x" + std::to_string(c.shape.n) + "x" +
               std::to_string(c.shape.k);
    });

TEST(GpuBandwidth, EveryPatternChecksOut) {
    const DeviceList list = query_devices();
    if (list.devices.empty()) GTEST_SKIP() << "no GPU: " << list.why_none;
    BandwidthBench bench(0, std::size_t{256} << 20);
    for (const auto pattern : {BandwidthPattern::kRead, BandwidthPattern::kWrite,
                               BandwidthPattern::kCopy, BandwidthPattern::kTriad}) {
        EXPECT_EQ(bench.run(pattern, 3).size(), 3u);
        EXPECT_EQ(bench.count_errors(pattern), 0u) << bandwidth_pattern_name(pattern);
    }
}

}  // namespace
}  // namespace chipcount::kernels
