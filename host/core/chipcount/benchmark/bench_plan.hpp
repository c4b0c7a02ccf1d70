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

// Largest |d - ref| / sqrt(sum (a b)^2) accepted for a precision: output rounding and fp32
// accumulation stay far below it, while a wrong element (layout, race, missed tile) is ~1.
double validation_tolerance(Precision precision);

}  // namespace chipcount
