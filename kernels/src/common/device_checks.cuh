// The Thrust passes that check a GEMM output and the bandwidth read kernel, in one place: the
// validation, the bandwidth check and the test-facing API (device_checks.hpp) all call these.
#pragma once
#include <cuda_runtime.h>

#include <cstddef>
#include <cstdint>

#include "chipcount/kernels/device_checks.hpp"
#include "common/guarded_buffer.hpp"

namespace chipcount::kernels {

// Counts `output`'s unwritten (poison), NaN and Inf elements and changed guard bytes, and sums
// its finite elements in fp64; on `stream`, which it synchronizes.
OutputCounts count_output(Precision precision, const GuardedBuffer& output, cudaStream_t stream);

// Sum of `count` uint32 values, wrapping modulo 2^32: the same whatever the order.
std::uint32_t wrapping_sum(const std::uint32_t* data, std::size_t count, cudaStream_t stream);

// The same sum of the values the bandwidth fill writes (common/bandwidth_pattern.cuh), computed
// from the indices alone, without reading memory.
std::uint32_t wrapping_sum_of_pattern(std::size_t count, std::uint32_t salt, cudaStream_t stream);

}  // namespace chipcount::kernels
