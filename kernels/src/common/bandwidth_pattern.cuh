// The values the bandwidth arrays hold: element i of an array salted `salt` is pattern(i, salt).
// Shared by the kernels (bandwidth.cu) and the independent Thrust check (device_checks.cu).
#pragma once
#include <cstddef>
#include <cstdint>

namespace chipcount::kernels {

__device__ __host__ inline std::uint32_t pattern(std::size_t i, std::uint32_t salt) {
    return static_cast<std::uint32_t>(i * 2654435761u) ^ salt;
}

}  // namespace chipcount::kernels
