// GEMM validation on a GPU: cuBLASLt in every precision and our kernels on awkward sizes, each
// checked element by element against the fp64 reference. Skips, with the reason, without a GPU.
#include <gtest/gtest.h>

#include <cmath>

#include "chipcount/benchmark/bench_plan.hpp"
#include "chipcount/kernels/bandwidth.hpp"
#include "chipcount/kernels/gemm.hpp"

namespace chipcount {
// Beside Precision (namespace chipcount), so gtest prints parameters by name, not as a number.
void PrintTo(Precision p, std::ostream* out) {
    *out << precision_name(p);
}
}  // namespace chipcount

namespace chipcount::kernels {
namespace {

// Runs one case and checks it; skips, with the reason, when the case cannot run on this GPU.
void check_case(GemmBackend backend, Precision precision, Shape shape) {
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
    EXPECT_EQ(v.nan_count, 0u) << bench.algorithm();
    EXPECT_EQ(v.inf_count, 0u) << bench.algorithm();
    EXPECT_EQ(v.guard_bytes_changed, 0u) << bench.algorithm();
    if (bench.buffer_sets() > 1) {
        EXPECT_GT(v.buffer_sets_checked, 1) << v.reference;
    }
    EXPECT_GT(v.checked_elements, 0u);
    EXPECT_TRUE(std::isfinite(v.checksum));
    ASSERT_TRUE(v.worst.has_value());
    EXPECT_EQ(v.worst->error, v.max_rel_error);
    EXPECT_LE(v.max_rel_error, validation_tolerance(precision, shape.k))
        << gemm_backend_name(backend) << " " << precision_name(precision) << " "
        << shape_text(shape) << ": " << bench.algorithm() << "; worst at (" << v.worst->row
        << ", " << v.worst->col << ") of set " << v.worst->buffer_set << ": " << v.worst->value
        << " against " << v.worst->reference;
}

class CublasLtEveryPrecision : public ::testing::TestWithParam<Precision> {};
TEST_P(CublasLtEveryPrecision, Validates) {
    check_case(GemmBackend::kCublasLt, GetParam(), {1024, 768, 512});
}
INSTANTIATE_TEST_SUITE_P(Gpu, CublasLtEveryPrecision, ::testing::ValuesIn(gemm_precisions()),
                         [](const auto& param_info) {
                             return std::string(precision_name(param_info.param));
                         });

struct OwnCase {
    GemmBackend backend;
    Precision precision;
    Shape shape;
};

// ctest lists the case by name, not as the struct's raw bytes.
void PrintTo(const OwnCase& c, std::ostream* out) {
    *out << gemm_backend_name(c.backend) << " " << precision_name(c.precision) << " "
         << shape_text(c.shape);
}

class OwnKernels : public ::testing::TestWithParam<OwnCase> {};
TEST_P(OwnKernels, ValidateOnAwkwardSizes) {
    check_case(GetParam().backend, GetParam().precision, GetParam().shape);
}
INSTANTIATE_TEST_SUITE_P(
    Gpu, OwnKernels,
    ::testing::Values(OwnCase{GemmBackend::kSimtFp32, Precision::kFp32, {1000, 1000, 1000}},
                      OwnCase{GemmBackend::kSimtFp32, Precision::kFp32, {8191, 8193, 1025}},
                      OwnCase{GemmBackend::kSimtFp32, Precision::kFp32, {512, 512, 512}},
                      OwnCase{GemmBackend::kMmaSync, Precision::kBf16, {1000, 1000, 1000}},
                      OwnCase{GemmBackend::kMmaSync, Precision::kBf16, {8191, 8193, 1025}},
                      OwnCase{GemmBackend::kMmaSync, Precision::kFp16, {2048, 2048, 2048}},
                      OwnCase{GemmBackend::kWgmmaTma, Precision::kBf16, {1000, 1000, 1000}},
                      OwnCase{GemmBackend::kWgmmaTma, Precision::kBf16, {4096, 4096, 4096}},
                      OwnCase{GemmBackend::kWgmmaTma, Precision::kFp16, {2000, 3000, 520}}),
    [](const auto& param_info) {
        const OwnCase& c = param_info.param;
        return std::string(gemm_backend_name(c.backend)) + "_" +
               std::string(precision_name(c.precision)) + "_" + shape_text(c.shape);
    });

TEST(GpuBandwidth, EveryPatternChecksOut) {
    const DeviceList list = query_devices();
    if (list.devices.empty()) GTEST_SKIP() << "no GPU: " << list.why_none;
    BandwidthBench bench(0, std::size_t{256} << 20);
    for (const MemoryPattern pattern : kAllMemoryPatterns) {
        EXPECT_EQ(bench.run(pattern, 4, 3).size(), 3u);
        EXPECT_EQ(bench.count_errors(pattern), 0u) << memory_pattern_name(pattern);
    }
}

}  // namespace
}  // namespace chipcount::kernels
