// The fp64 reference for sampled elements of a GEMM output, computed on the GPU from the same
// inputs. (The whole-output checks, poison, NaN, Inf and guards, are in common/device_checks.)
#pragma once
#include <cuda_runtime.h>

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

// One sampled element: what the GPU wrote, the fp64 reference, and the error
// |value - reference| / sqrt(sum_l (a_il b_lj)^2), relative to the size of the terms (+inf when
// the value is not finite).
struct ReferenceSample {
    double value;
    double reference;
    double error;
};

// The samples at (rows[s], cols[s]), computed on `stream`.
std::vector<ReferenceSample> reference_samples(Precision precision, const GemmOperands& operands,
                                               const std::vector<std::int64_t>& rows,
                                               const std::vector<std::int64_t>& cols,
                                               cudaStream_t stream);

}  // namespace chipcount::kernels
