// What a benchmark run measures and how numbers are counted: shapes, suites, FLOP and byte
// counts, and the validation tolerance per precision. Pure arithmetic, tested on the CPU.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "chipcount/vocabulary.hpp"

namespace chipcount {

// "MxNxK,MxNxK"; UsageError naming the bad item otherwise.
std::vector<Shape> parse_shapes(std::string_view text);

// Matrix multiplication counts 2*M*N*K floating-point operations (one multiply-add = 2).
double gemm_flops(const Shape& shape);
double tflops(const Shape& shape, double milliseconds);

// Bytes one pass moves: read and write touch one array, copy two, triad three.
double bytes_moved(MemoryPattern pattern, double bytes_per_array);
double terabytes_per_second(double bytes, double milliseconds);

// The precisions a GEMM benchmark covers, in report order.
std::vector<Precision> gemm_precisions();

// The default suite: the headline shape (8192^3) and a short sweep around it.
inline constexpr Shape kHeadlineShape{8192, 8192, 8192};
std::vector<Shape> quick_sweep();

// mamf-finder-style search: M = 128*i, N = 256*j with i*j a whole number of waves over the SMs
// (no partly-filled last wave), for each K; largest first, within [min_dim, max_dim].
std::vector<Shape> wave_quantized_shapes(int sm_count, const std::vector<std::int64_t>& k_values,
                                         std::int64_t min_dim, std::int64_t max_dim,
                                         std::size_t limit);

// The error model behind the validation tolerance, in units of sqrt(sum_l (a_il b_lj)^2) (the
// size of the terms, so that the tolerance needs no knowledge of the data): each is a unit
// roundoff (2^-p for p bits of precision).
struct ErrorModel {
    double output = 0;       // rounding the result to the output type (bf16: 2^-8)
    double input = 0;        // rounding the inputs inside the GEMM (tf32 truncates fp32: 2^-10;
                             // fp8 tensor cores accumulate a chunk in reduced precision: 2^-10)
    double accumulate = 0;   // each addition of the accumulator (fp32: 2^-24); grows as sqrt(K)
};
ErrorModel error_model(Precision precision);

// The safety factor over the model: the largest of ~12,000 sampled elements of a correct GEMM
// reaches about 4 units (|d| is a normal variable of about one unit), so 8 leaves a factor of two,
// while a wrong element scores ~1 and a missed 64-wide K tile sqrt(64/K).
inline constexpr double kToleranceSafety = 8.0;

// Largest |d - ref| / sqrt(sum (a b)^2) accepted for a precision at this K:
// kToleranceSafety x (output + input + accumulate x sqrt(K)). int8 (int32 accumulation) is exact.
double validation_tolerance(Precision precision, std::int64_t k);

}  // namespace chipcount
