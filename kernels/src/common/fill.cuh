// Random, never-zero input data filled on the GPU (zeros and repeated values draw less power and
// flatter the result: bench-anchors.md §0). Values are uniform in [-1, 1] with |x| >= 1/64; int8
// is uniform in [-127, 127] without 0. Deterministic in (seed, index), so backends share inputs.
#pragma once
#include <cstddef>
#include <cstdint>

#include "chipcount/kernels/gemm.hpp"

namespace chipcount::kernels {

// Fills `count` elements of A/B storage for `precision` at `data` on the current device.
void fill_gemm_input(Precision precision, void* data, std::size_t count, std::uint64_t seed,
                     void* stream);

}  // namespace chipcount::kernels
