// The validation tolerance's error model against simulated error distributions: GEMM dot products
// computed on the CPU with each precision's roundings (input rounding or truncation, fp32 or
// reduced-precision accumulation, output rounding) must stay within the tolerance, the tolerance
// must not be loose by more than an order of magnitude, and a kernel that drops one 64-wide K
// tile must fail it.
#include <gtest/gtest.h>

#include <cmath>
#include <functional>
#include <random>
#include <vector>

#include "chipcount/benchmark/bench_plan.hpp"

namespace chipcount {
namespace {

// x rounded (or truncated) to `bits` significant bits: the float formats' significands.
double to_bits(double x, int bits, bool truncate = false) {
    if (x == 0 || !std::isfinite(x)) return x;
    int e = 0;
    const double m = std::frexp(x, &e);  // x = m 2^e, 0.5 <= |m| < 1
    const double scaled = std::ldexp(m, bits);
    return std::ldexp(truncate ? std::trunc(scaled) : std::nearbyint(scaled), e - bits);
}

struct Simulated {
    int input_bits;         // the inputs as stored (the reference sees these too)
    int inside_bits;        // what the GEMM rounds them to inside (tf32 truncates fp32 to 11)
    bool truncate_inside;
    int chunk;              // reduced-precision partial sums of this many terms (0: none)
    int chunk_bits;
    bool fp64_accumulate;
    int output_bits;        // 0: the accumulator's own type
};

Simulated simulation_of(Precision p) {
    switch (p) {
        case Precision::kFp64: return {53, 53, false, 0, 0, true, 0};
        case Precision::kFp32: return {24, 24, false, 0, 0, false, 0};
        case Precision::kTf32: return {24, 11, true, 0, 0, false, 0};
        case Precision::kFp16: return {11, 11, false, 0, 0, false, 11};
        case Precision::kBf16: return {8, 8, false, 0, 0, false, 8};
        case Precision::kFp8: return {4, 4, false, 32, 14, false, 8};
        default: return {24, 24, false, 0, 0, false, 0};
    }
}

// The largest error over `samples` simulated output elements, as chipcount measures it:
// |d - ref| / sqrt(sum (a b)^2), with ref in long double. `dropped_tile`: the GEMM skips terms
// 64..127 (a missed K tile).
double max_error(Precision p, std::int64_t k, int samples, bool dropped_tile) {
    const Simulated s = simulation_of(p);
    std::mt19937_64 random(1234 + static_cast<unsigned>(k));
    std::uniform_real_distribution<double> uniform(-1.0, 1.0);
    const auto input = [&] {
        double x = uniform(random);
        if (std::fabs(x) < 1.0 / 64) x = std::copysign(1.0 / 64, x);
        return to_bits(x, s.input_bits);
    };
    double worst = 0;
    for (int e = 0; e < samples; ++e) {
        long double reference = 0, squares = 0;
        double acc64 = 0;
        float acc = 0, chunk_sum = 0;
        for (std::int64_t l = 0; l < k; ++l) {
            const double a = input(), b = input();
            reference += static_cast<long double>(a) * b;
            squares += static_cast<long double>(a * b) * (a * b);
            if (dropped_tile && l >= 64 && l < 128) continue;
            const double ai = to_bits(a, s.inside_bits, s.truncate_inside);
            const double bi = to_bits(b, s.inside_bits, s.truncate_inside);
            if (s.fp64_accumulate) {
                acc64 = std::fma(ai, bi, acc64);
            } else if (s.chunk > 0) {
                chunk_sum = static_cast<float>(to_bits(chunk_sum + ai * bi, s.chunk_bits));
                if ((l + 1) % s.chunk == 0) {
                    acc += chunk_sum;
                    chunk_sum = 0;
                }
            } else {
                acc = std::fma(static_cast<float>(ai), static_cast<float>(bi), acc);
            }
        }
        acc += chunk_sum;
        double value = s.fp64_accumulate ? acc64 : acc;
        if (s.output_bits > 0) value = to_bits(value, s.output_bits);
        const double error = static_cast<double>(std::fabs(value - reference) / std::sqrt(squares));
        worst = std::max(worst, error);
    }
    return worst;
}

struct ModelCase {
    Precision precision;
    std::int64_t k;
};

class ToleranceModel : public ::testing::TestWithParam<ModelCase> {};

TEST_P(ToleranceModel, HoldsACorrectGemmAndRejectsADroppedTile) {
    const auto [p, k] = GetParam();
    const double tolerance = validation_tolerance(p, k);
    const double correct = max_error(p, k, 400, false);
    EXPECT_LE(correct, tolerance) << precision_name(p) << " K=" << k;
    // Not loose: for the precisions whose error is rounding (not fp32/fp64 accumulation, which
    // is tiny), the tolerance is within 10x of what a correct GEMM reaches.
    if (p == Precision::kBf16 || p == Precision::kFp16 || p == Precision::kTf32 ||
        p == Precision::kFp8) {
        EXPECT_LT(tolerance, 10 * correct) << precision_name(p) << " K=" << k;
    }
    if (k <= 16384) {
        const double dropped = max_error(p, k, 400, true);
        EXPECT_GT(dropped, tolerance) << precision_name(p) << " K=" << k;
    }
}

INSTANTIATE_TEST_SUITE_P(
    Simulated, ToleranceModel,
    ::testing::Values(ModelCase{Precision::kFp64, 256}, ModelCase{Precision::kFp64, 8192},
                      ModelCase{Precision::kFp32, 256}, ModelCase{Precision::kFp32, 16384},
                      ModelCase{Precision::kFp32, 65536}, ModelCase{Precision::kTf32, 256},
                      ModelCase{Precision::kTf32, 8192}, ModelCase{Precision::kFp16, 1024},
                      ModelCase{Precision::kFp16, 16384}, ModelCase{Precision::kBf16, 256},
                      ModelCase{Precision::kBf16, 8192}, ModelCase{Precision::kFp8, 1024},
                      ModelCase{Precision::kFp8, 8192}),
    [](const auto& param_info) {
        return std::string(precision_name(param_info.param.precision)) + "_K" +
               std::to_string(param_info.param.k);
    });

TEST(ToleranceModelCheck, TheSimulationSeesTruncationThatTheOldTf32MarginBarelyHeld) {
    // The review's concern: truncated TF32 inputs reach 2.4-3.0e-3 against the old 5e-3. The
    // simulation reproduces that order, and the model leaves a factor of two.
    const double truncated = max_error(Precision::kTf32, 8192, 400, false);
    EXPECT_GT(truncated, 1e-3);
    EXPECT_LT(2 * truncated, validation_tolerance(Precision::kTf32, 8192));
}

}  // namespace
}  // namespace chipcount
