// The GPU-side checks behind GemmBench::validate() and the input fill, callable with data the
// caller chose, so the GPU tests can plant a poisoned element, a NaN, an Inf or a changed guard
// byte and see each one counted. CUDA-free. These run the very functions validate() and the fill
// use (kernels/src/common/device_checks.cu, common/fill.cu), not copies.
#pragma once
#include <cstddef>
#include <cstdint>
#include <vector>

#include "chipcount/vocabulary.hpp"

namespace chipcount::kernels {

// What validate() counts over one output and its guard regions.
struct OutputCounts {
    std::size_t unwritten = 0;            // elements bit-equal to the poison
    std::size_t nan_count = 0;            // NaN elements other than the poison
    std::size_t inf_count = 0;            // +-Inf elements
    std::size_t guard_bytes_changed = 0;  // guard bytes that no longer hold kGuardByte
    double checksum = 0;                  // fp64 sum of the finite elements
};

// Every guard byte before and after an output holds this; validate() refills them before each
// checked launch.
inline constexpr unsigned char kGuardByte = 0xA5;

// The byte the output is filled with before a checked launch: 0xFF for floating-point outputs (a
// negative NaN with an all-ones payload; GPUs write NaN as the positive canonical 0x7FFF... or
// keep an input's payload, and the inputs hold no NaN, so no kernel writes this pattern) and 0x7F
// for int32 (0x7F7F7F7F is beyond any int8 GEMM's reach: |sum| <= 127 * 127 * K needs K > 132000).
unsigned char output_poison_byte(Precision precision);
// Bytes of one output (D) element.
std::size_t output_element_bytes(Precision precision);

// Uploads `output_with_guards` (guard_bytes, then the output, then guard_bytes) to `device` and
// counts it as validate() does. KernelError when the sizes do not fit the precision.
OutputCounts check_output_bytes(int device, Precision precision,
                                const std::vector<unsigned char>& output_with_guards,
                                std::size_t guard_bytes);

// The first `count` A/B input values that GemmBench fills for `precision` and `seed`, as doubles.
std::vector<double> filled_values(int device, Precision precision, std::size_t count,
                                  std::uint64_t seed);

}  // namespace chipcount::kernels
