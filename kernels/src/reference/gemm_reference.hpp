// Validation of a GEMM output: every element checked written (not still poisoned, finite), and
// sampled elements compared with an fp64 reference computed on the GPU from the same inputs.
#pragma once
#include <cstddef>
#include <cstdint>
#include <vector>

#include "chipcount/kernels/gemm.hpp"

namespace chipcount::kernels {

// Layout TN (column-major, as cuBLAS sees it): A is stored K x M (row i of A contiguous along K),
// B is stored K x N, D is M x N. D(i, j) = sum_l A[l + i*K] * B[l + j*K], at D[i + j*M].
struct GemmOperands {
    const void* a;
    const void* b;
    const void* d;
    Shape shape;
};

// Output elements that are still poisoned or not finite.
std::size_t count_unwritten(Precision precision, const void* d, std::size_t elements);

// Per sample: |d - ref| / sqrt(sum_l (a_il b_lj)^2), the error relative to the size of the terms.
std::vector<double> reference_errors(Precision precision, const GemmOperands& operands,
                                     const std::vector<std::int64_t>& rows,
                                     const std::vector<std::int64_t>& cols);

}  // namespace chipcount::kernels
