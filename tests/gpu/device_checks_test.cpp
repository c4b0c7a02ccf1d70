// The GPU checks behind validate() and the fill, on data the test chose: each planted fault is
// counted once, the checksum is the sum the test computes, and the fill is deterministic.
// cuBLASLt candidates and settings, cross-backend checksums, the bandwidth read check and the
// Hopper register budget on the real kernels. Skips, with the reason, without a GPU.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <vector>

#include "chipcount/kernels/bandwidth.hpp"
#include "chipcount/kernels/device_checks.hpp"
#include "chipcount/kernels/error.hpp"
#include "chipcount/kernels/gemm.hpp"

namespace chipcount::kernels {
namespace {

#define SKIP_WITHOUT_GPU()                                                      \
    const DeviceList gpus = query_devices();                                    \
    if (gpus.devices.empty()) GTEST_SKIP() << "no GPU: " << gpus.why_none;

constexpr std::size_t kGuard = 4096;

// guard | elements | guard, with `Element`'s bytes copied in.
template <typename Element>
std::vector<unsigned char> with_guards(const std::vector<Element>& elements) {
    std::vector<unsigned char> bytes(2 * kGuard + elements.size() * sizeof(Element), kGuardByte);
    std::memcpy(bytes.data() + kGuard, elements.data(), elements.size() * sizeof(Element));
    return bytes;
}

template <typename Bits>
Bits poison_bits(Precision precision) {
    Bits bits;
    std::memset(&bits, output_poison_byte(precision), sizeof bits);
    return bits;
}

void expect_counts(const OutputCounts& got, const OutputCounts& want) {
    EXPECT_EQ(got.unwritten, want.unwritten);
    EXPECT_EQ(got.nan_count, want.nan_count);
    EXPECT_EQ(got.inf_count, want.inf_count);
    EXPECT_EQ(got.guard_bytes_changed, want.guard_bytes_changed);
    EXPECT_DOUBLE_EQ(got.checksum, want.checksum);
}

TEST(GpuDeviceChecks, Fp32CountsEachPlantedFault) {
    SKIP_WITHOUT_GPU();
    ASSERT_EQ(output_element_bytes(Precision::kFp32), 4u);
    std::vector<float> d(1000);
    for (std::size_t i = 0; i < d.size(); ++i) d[i] = static_cast<float>(i % 7) - 3.0f;
    const auto poison = poison_bits<std::uint32_t>(Precision::kFp32);
    float poisoned;
    std::memcpy(&poisoned, &poison, sizeof poisoned);
    ASSERT_TRUE(std::isnan(poisoned));  // the poison is a NaN, yet counted apart from NaNs
    d[0] = poisoned;
    d[500] = std::numeric_limits<float>::quiet_NaN();  // the canonical NaN a GPU writes
    d[998] = std::numeric_limits<float>::infinity();
    d[999] = -std::numeric_limits<float>::infinity();
    double expected_sum = 0;
    for (std::size_t i = 1; i < 998; ++i) {
        if (i != 500) expected_sum += static_cast<double>(i % 7) - 3.0;
    }
    std::vector<unsigned char> bytes = with_guards(d);
    bytes[0] ^= 1;                     // first byte of the guard before
    bytes[kGuard - 1] ^= 0xFF;         // the byte just before the output
    bytes[bytes.size() - kGuard] = 0;  // the byte just after the output
    expect_counts(check_output_bytes(0, Precision::kFp32, bytes, kGuard),
                  {1, 1, 2, 3, expected_sum});
}

TEST(GpuDeviceChecks, Bf16CountsEachPlantedFault) {
    SKIP_WITHOUT_GPU();
    ASSERT_EQ(output_element_bytes(Precision::kBf16), 2u);
    // bf16 bit patterns: 1.0 = 0x3F80, -2.0 = 0xC000, +Inf = 0x7F80, canonical NaN = 0x7FFF.
    std::vector<std::uint16_t> d(64, 0x3F80);
    d[1] = 0xC000;
    d[2] = poison_bits<std::uint16_t>(Precision::kBf16);
    d[3] = poison_bits<std::uint16_t>(Precision::kBf16);
    d[4] = 0x7FFF;
    d[5] = 0x7F80;
    const double expected_sum = 58 * 1.0 - 2.0;  // 64 - 6 others at 1.0, one at -2
    std::vector<unsigned char> bytes = with_guards(d);
    bytes[kGuard + d.size() * 2 + 10] = 0x00;
    expect_counts(check_output_bytes(0, Precision::kBf16, bytes, kGuard),
                  {2, 1, 1, 1, expected_sum});
}

TEST(GpuDeviceChecks, Int32PoisonIsTheOnlyFault) {
    SKIP_WITHOUT_GPU();
    std::vector<std::int32_t> d = {5, -7, poison_bits<std::int32_t>(Precision::kInt8), 100};
    expect_counts(check_output_bytes(0, Precision::kInt8, with_guards(d), kGuard),
                  {1, 0, 0, 0, 5.0 - 7.0 + 100.0});
}

TEST(GpuDeviceChecks, MisshapenInputIsRefused) {
    SKIP_WITHOUT_GPU();
    const std::vector<unsigned char> bytes(2 * kGuard + 3, kGuardByte);  // 3 bytes: no fp32
    EXPECT_THROW(check_output_bytes(0, Precision::kFp32, bytes, kGuard), KernelError);
}

TEST(GpuFill, DeterministicNonZeroAndSeeded) {
    SKIP_WITHOUT_GPU();
    for (const Precision p : {Precision::kFp32, Precision::kBf16, Precision::kInt8}) {
        const std::vector<double> first = filled_values(0, p, 100000, 7);
        const std::vector<double> again = filled_values(0, p, 100000, 7);
        const std::vector<double> other = filled_values(0, p, 100000, 8);
        ASSERT_EQ(first.size(), 100000u);
        EXPECT_EQ(first, again) << precision_name(p);
        std::size_t same = 0;
        for (std::size_t i = 0; i < first.size(); ++i) {
            ASSERT_NE(first[i], 0.0) << precision_name(p) << " element " << i;
            const double bound = p == Precision::kInt8 ? 127.0 : 1.0;
            ASSERT_LE(std::fabs(first[i]), bound) << precision_name(p) << " element " << i;
            same += first[i] == other[i] ? 1 : 0;
        }
        // Another seed gives other data: at most a few coincidences (int8 has 254 values).
        EXPECT_LT(same, first.size() / 50) << precision_name(p);
    }
}

TEST(GpuBandwidth, ReadCheckAgreesWithThrust) {
    SKIP_WITHOUT_GPU();
    BandwidthBench bench(0, std::size_t{64} << 20);
    const std::vector<double> ms = bench.run(MemoryPattern::kRead, 10, 3);
    ASSERT_EQ(ms.size(), 3u);
    for (const double t : ms) EXPECT_GT(t, 0.0);
    EXPECT_EQ(bench.count_errors(MemoryPattern::kRead), 0u);
}

GemmSetup setup_for(GemmBackend backend, Precision precision, Shape shape) {
    GemmSetup setup;
    setup.backend = backend;
    setup.precision = precision;
    setup.shape = shape;
    return setup;
}

TEST(GpuCublasLt, CandidatesCarryTheirConfiguration) {
    SKIP_WITHOUT_GPU();
    const GemmSetup setup = setup_for(GemmBackend::kCublasLt, Precision::kBf16, {2048, 2048, 2048});
    const Support support = gemm_supported(gpus.devices[0], setup);
    if (!support.ok) GTEST_SKIP() << support.reason;
    GemmBench bench(setup);
    const std::vector<AlgorithmConfig>& candidates = bench.candidates();
    ASSERT_FALSE(candidates.empty());
    EXPECT_LE(candidates.size(), static_cast<std::size_t>(setup.heuristic_candidates));
    for (const AlgorithmConfig& c : candidates) {
        EXPECT_GE(c.id, 0);
        EXPECT_GE(c.split_k, 1);
    }
    if (gpus.devices[0].cc_major == 9) {
        EXPECT_FALSE(candidates[0].tile.empty());
    }
    const std::string first = bench.algorithm();
    EXPECT_NE(first.find("heuristic candidate 1 of"), std::string::npos) << first;
    if (candidates.size() > 1) {
        bench.use_candidate(1);
        EXPECT_NE(bench.algorithm(), first);
        EXPECT_NE(bench.algorithm().find("heuristic candidate 2 of"), std::string::npos);
        EXPECT_EQ(bench.run(2).size(), 2u);  // the chosen candidate runs
    }
    EXPECT_THROW(bench.use_candidate(candidates.size()), KernelError);
    const GemmSettings settings = bench.settings();
    EXPECT_EQ(settings.compute, "fp32");
    EXPECT_EQ(settings.output, "bf16");
    EXPECT_FALSE(settings.fp8_fast_accumulation.has_value());
}

TEST(GpuCublasLt, Fp8SettingsAreRecorded) {
    SKIP_WITHOUT_GPU();
    const GemmSetup setup = setup_for(GemmBackend::kCublasLt, Precision::kFp8, {1024, 1024, 1024});
    const Support support = gemm_supported(gpus.devices[0], setup);
    if (!support.ok) GTEST_SKIP() << support.reason;
    try {
        GemmBench bench(setup);
        const GemmSettings settings = bench.settings();
        EXPECT_EQ(settings.compute, "fp32");
        EXPECT_EQ(settings.output, "bf16");
        ASSERT_TRUE(settings.fp8_fast_accumulation.has_value());
        EXPECT_FALSE(*settings.fp8_fast_accumulation);
        EXPECT_EQ(settings.a_scale, 1.0);
        EXPECT_EQ(settings.b_scale, 1.0);
    } catch (const UnsupportedError& e) {
        GTEST_SKIP() << e.what();
    }
}

TEST(GpuValidation, CublasLtAndMmaSyncAgreeOnTheChecksum) {
    SKIP_WITHOUT_GPU();
    const Shape shape{1024, 1024, 1024};
    const GemmSetup lt_setup = setup_for(GemmBackend::kCublasLt, Precision::kBf16, shape);
    const GemmSetup own_setup = setup_for(GemmBackend::kMmaSync, Precision::kBf16, shape);
    for (const GemmSetup& s : {lt_setup, own_setup}) {
        const Support support = gemm_supported(gpus.devices[0], s);
        if (!support.ok) GTEST_SKIP() << support.reason;
    }
    GemmBench lt(lt_setup);
    GemmBench own(own_setup);
    const GemmValidation a = lt.validate(1024, 2);
    const GemmValidation b = own.validate(1024, 2);
    ASSERT_TRUE(std::isfinite(a.checksum));
    ASSERT_TRUE(std::isfinite(b.checksum));
    EXPECT_NE(a.checksum, 0.0);
    const double scale = std::max(std::fabs(a.checksum), std::fabs(b.checksum));
    EXPECT_LE(std::fabs(a.checksum - b.checksum) / scale, 1e-2)
        << "cuBLASLt " << a.checksum << ", mma_sync " << b.checksum;
}

TEST(GpuWgmmaTma, RegisterBudgetHoldsForTheBuiltKernel) {
    SKIP_WITHOUT_GPU();
    for (const Precision p : {Precision::kBf16, Precision::kFp16}) {
        const GemmSetup setup = setup_for(GemmBackend::kWgmmaTma, p, {1024, 1024, 1024});
        const Support support = gemm_supported(gpus.devices[0], setup);
        if (!support.ok) GTEST_SKIP() << support.reason;
        // make_for refuses (KernelError) a register count other than 168, or any spill.
        EXPECT_NO_THROW({
            GemmBench bench(setup);
            EXPECT_NE(bench.algorithm().find("gemm_wgmma_tma"), std::string::npos);
        }) << precision_name(p);
    }
}

}  // namespace
}  // namespace chipcount::kernels
