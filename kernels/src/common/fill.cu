// Fills A and B with Thrust: thrust::tabulate writes element i from a counter-based hash of
// (seed, i), so the values do not depend on the launch configuration and the same seed gives the
// same data on every backend and every run.
#include <thrust/execution_policy.h>
#include <thrust/tabulate.h>

#include <type_traits>

#include "common/fill.cuh"
#include "common/gemm_types.cuh"
#include "common/thrust_check.cuh"

namespace chipcount::kernels {
namespace {

__host__ __device__ inline std::uint64_t splitmix64(std::uint64_t x) {
    x += 0x9E3779B97F4A7C15ull;
    x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ull;
    x = (x ^ (x >> 27)) * 0x94D049BB133111EBull;
    return x ^ (x >> 31);
}

template <typename T>
struct FillValue {
    std::uint64_t seed;
    __device__ T operator()(std::size_t i) const {
        const std::uint64_t bits = splitmix64(seed * 0x100000001B3ull + i);
        // 24 random bits -> [-1, 1); then push |x| away from 0 so no element is zero in any type.
        float x = static_cast<float>(bits >> 40) * (2.0f / 16777216.0f) - 1.0f;
        if constexpr (std::is_same_v<T, std::int8_t>) {
            int v = static_cast<int>(x * 127.0f);
            if (v == 0) v = (bits & 1) ? 1 : -1;
            return static_cast<std::int8_t>(v);
        } else {
            if (fabsf(x) < 1.0f / 64) x = copysignf(1.0f / 64, x);
            return from_float<T>(x);
        }
    }
};

}  // namespace

void fill_gemm_input(Precision precision, void* data, std::size_t count, std::uint64_t seed,
                     void* stream) {
    const auto s = static_cast<cudaStream_t>(stream);
    dispatch_gemm_types(precision, [&](auto in_tag, auto) {
        using In = typename decltype(in_tag)::type;
        In* first = static_cast<In*>(data);
        CHIPCOUNT_THRUST_CHECKED(s, thrust::tabulate(thrust::cuda::par_nosync.on(s), first,
                                                     first + count, FillValue<In>{seed}));
    });
}

}  // namespace chipcount::kernels
