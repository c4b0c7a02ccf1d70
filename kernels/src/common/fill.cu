#include <type_traits>

#include "common/cuda_check.hpp"
#include "common/fill.cuh"
#include "common/gemm_types.cuh"

namespace chipcount::kernels {
namespace {

__device__ inline std::uint64_t splitmix64(std::uint64_t x) {
    x += 0x9E3779B97F4A7C15ull;
    x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ull;
    x = (x ^ (x >> 27)) * 0x94D049BB133111EBull;
    return x ^ (x >> 31);
}

template <typename T>
__global__ void fill_kernel(T* out, std::size_t n, std::uint64_t seed) {
    const std::size_t stride = static_cast<std::size_t>(gridDim.x) * blockDim.x;
    for (std::size_t i = blockIdx.x * static_cast<std::size_t>(blockDim.x) + threadIdx.x; i < n;
         i += stride) {
        const std::uint64_t bits = splitmix64(seed * 0x100000001B3ull + i);
        // 24 random bits -> [-1, 1); then push |x| away from 0 so no element is zero in any type.
        float x = static_cast<float>(bits >> 40) * (2.0f / 16777216.0f) - 1.0f;
        if constexpr (std::is_same_v<T, std::int8_t>) {
            int v = static_cast<int>(x * 127.0f);
            if (v == 0) v = (bits & 1) ? 1 : -1;
            out[i] = static_cast<std::int8_t>(v);
        } else {
            if (fabsf(x) < 1.0f / 64) x = copysignf(1.0f / 64, x);
            out[i] = from_float<T>(x);
        }
    }
}

}  // namespace

void fill_gemm_input(Precision precision, void* data, std::size_t count, std::uint64_t seed,
                     void* stream) {
    const auto s = static_cast<cudaStream_t>(stream);
    dispatch_gemm_types(precision, [&](auto in_tag, auto out_tag) {
        using In = typename decltype(in_tag)::type;
        using Out = typename decltype(out_tag)::type;
        fill_kernel<In><<<1024, 256, 0, s>>>(static_cast<In*>(data), count, seed);
        CHIPCOUNT_CUDA_CHECK_LAUNCH();
    });
}

}  // namespace chipcount::kernels
