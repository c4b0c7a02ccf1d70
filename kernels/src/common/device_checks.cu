// Thrust passes over device memory: the output checks of GemmBench::validate(), the bandwidth
// read check, and the test-facing API around them. Thrust, not hand-written kernels, so the
// checks are independent of the code they check (the read check no longer compares the read
// kernel with itself).
#include <thrust/execution_policy.h>
#include <thrust/functional.h>
#include <thrust/iterator/counting_iterator.h>
#include <thrust/reduce.h>
#include <thrust/transform.h>
#include <thrust/transform_reduce.h>

#include <cstring>
#include <type_traits>

#include "chipcount/kernels/error.hpp"
#include "common/bandwidth_pattern.cuh"
#include "common/device_checks.cuh"
#include "common/fill.cuh"
#include "common/gemm_types.cuh"
#include "common/thrust_check.cuh"

namespace chipcount::kernels {
namespace {

// Per-element tallies, added in any order (counts exactly; the sum up to rounding).
struct Tally {
    unsigned long long unwritten = 0;
    unsigned long long nan = 0;
    unsigned long long inf = 0;
    double sum = 0;
};

struct AddTally {
    __host__ __device__ Tally operator()(const Tally& x, const Tally& y) const {
        return {x.unwritten + y.unwritten, x.nan + y.nan, x.inf + y.inf, x.sum + y.sum};
    }
};

// The unsigned integer with an element's bits, to compare it with the poison bit for bit.
template <typename T>
using BitsOf = std::conditional_t<
    sizeof(T) == 2, std::uint16_t,
    std::conditional_t<sizeof(T) == 4, std::uint32_t, std::uint64_t>>;

template <typename Out>
struct ClassifyElement {
    const Out* d;
    BitsOf<Out> poison;
    __device__ Tally operator()(std::size_t i) const {
        BitsOf<Out> bits;
        memcpy(&bits, d + i, sizeof bits);
        Tally t;
        if (bits == poison) {
            t.unwritten = 1;
            return t;
        }
        const double value = to_double(d[i]);
        if (isnan(value)) {
            t.nan = 1;
        } else if (isinf(value)) {
            t.inf = 1;
        } else {
            t.sum = value;
        }
        return t;
    }
};

// 1 for each byte of the two guard regions (`before` then `after`, `guard` bytes each) that no
// longer holds kGuardByte.
struct GuardChanged {
    const unsigned char* before;
    const unsigned char* after;
    std::size_t guard;
    __device__ unsigned long long operator()(std::size_t i) const {
        const unsigned char byte = i < guard ? before[i] : after[i - guard];
        return byte != kGuardByte ? 1 : 0;
    }
};

struct PatternValue {
    std::uint32_t salt;
    __device__ std::uint32_t operator()(std::size_t i) const { return pattern(i, salt); }
};

template <typename In>
struct ToDouble {
    __device__ double operator()(const In& x) const { return to_double(x); }
};

template <typename T>
BitsOf<T> repeated_byte(unsigned char byte) {
    BitsOf<T> bits = 0;
    for (std::size_t b = 0; b < sizeof bits; ++b) bits = static_cast<BitsOf<T>>(bits << 8 | byte);
    return bits;
}

}  // namespace

OutputCounts count_output(Precision precision, const GuardedBuffer& output, cudaStream_t stream) {
    const GemmTypeInfo types = gemm_type_info(precision);
    const auto policy = thrust::cuda::par.on(stream);
    const thrust::counting_iterator<std::size_t> first(0);
    Tally tally;
    dispatch_gemm_types(precision, [&](auto, auto out_tag) {
        using Out = typename decltype(out_tag)::type;
        const ClassifyElement<Out> classify{static_cast<const Out*>(output.get()),
                                            repeated_byte<Out>(types.poison_byte)};
        const std::size_t elements = output.bytes() / sizeof(Out);
        tally = CHIPCOUNT_THRUST_CHECKED(stream, thrust::transform_reduce(policy, first,
                                                                          first + elements, classify,
                                                                          Tally{}, AddTally{}));
    });
    const GuardChanged changed{output.guard_before(), output.guard_after(), output.guard_bytes()};
    const unsigned long long guard_changed = CHIPCOUNT_THRUST_CHECKED(
        stream, thrust::transform_reduce(policy, first, first + 2 * output.guard_bytes(), changed,
                                         0ull, thrust::plus<unsigned long long>{}));
    OutputCounts counts;
    counts.unwritten = static_cast<std::size_t>(tally.unwritten);
    counts.nan_count = static_cast<std::size_t>(tally.nan);
    counts.inf_count = static_cast<std::size_t>(tally.inf);
    counts.guard_bytes_changed = static_cast<std::size_t>(guard_changed);
    counts.checksum = tally.sum;
    return counts;
}

std::uint32_t wrapping_sum(const std::uint32_t* data, std::size_t count, cudaStream_t stream) {
    return CHIPCOUNT_THRUST_CHECKED(
        stream, thrust::reduce(thrust::cuda::par.on(stream), data, data + count, std::uint32_t{0},
                               thrust::plus<std::uint32_t>{}));
}

std::uint32_t wrapping_sum_of_pattern(std::size_t count, std::uint32_t salt, cudaStream_t stream) {
    const thrust::counting_iterator<std::size_t> first(0);
    return CHIPCOUNT_THRUST_CHECKED(
        stream, thrust::transform_reduce(thrust::cuda::par.on(stream), first, first + count,
                                         PatternValue{salt}, std::uint32_t{0},
                                         thrust::plus<std::uint32_t>{}));
}

unsigned char output_poison_byte(Precision precision) {
    return gemm_type_info(precision).poison_byte;
}

std::size_t output_element_bytes(Precision precision) {
    return gemm_type_info(precision).out_bytes;
}

OutputCounts check_output_bytes(int device, Precision precision,
                                const std::vector<unsigned char>& output_with_guards,
                                std::size_t guard_bytes) {
    const std::size_t element = output_element_bytes(precision);
    if (output_with_guards.size() < 2 * guard_bytes ||
        (output_with_guards.size() - 2 * guard_bytes) % element != 0) {
        throw KernelError("check_output_bytes: " + std::to_string(output_with_guards.size()) +
                          " bytes are not two guards of " + std::to_string(guard_bytes) +
                          " around whole " + std::to_string(element) + "-byte elements");
    }
    const DeviceGuard guard(device);
    const CudaStream stream;
    const GuardedBuffer buffer(output_with_guards.size() - 2 * guard_bytes, guard_bytes);
    const unsigned char* host = output_with_guards.data();
    CHIPCOUNT_CUDA_CHECK(cudaMemcpyAsync(buffer.guard_before(), host, guard_bytes,
                                         cudaMemcpyHostToDevice, stream.get()));
    CHIPCOUNT_CUDA_CHECK(cudaMemcpyAsync(buffer.get(), host + guard_bytes, buffer.bytes(),
                                         cudaMemcpyHostToDevice, stream.get()));
    CHIPCOUNT_CUDA_CHECK(cudaMemcpyAsync(buffer.guard_after(), host + guard_bytes + buffer.bytes(),
                                         guard_bytes, cudaMemcpyHostToDevice, stream.get()));
    return count_output(precision, buffer, stream.get());
}

std::vector<double> filled_values(int device, Precision precision, std::size_t count,
                                  std::uint64_t seed) {
    const DeviceGuard guard(device);
    const CudaStream stream;
    const DeviceAllocation inputs(count * gemm_type_info(precision).in_bytes);
    DeviceBuffer<double> values(count);
    fill_gemm_input(precision, inputs.get(), count, seed, stream.get());
    dispatch_gemm_types(precision, [&](auto in_tag, auto) {
        using In = typename decltype(in_tag)::type;
        const In* first = static_cast<const In*>(inputs.get());
        CHIPCOUNT_THRUST_CHECKED(stream.get(),
                                 thrust::transform(thrust::cuda::par.on(stream.get()), first,
                                                   first + count, values.get(), ToDouble<In>{}));
    });
    std::vector<double> host(count);
    CHIPCOUNT_CUDA_CHECK(cudaMemcpyAsync(host.data(), values.get(), values.bytes(),
                                         cudaMemcpyDeviceToHost, stream.get()));
    stream.synchronize();
    return host;
}

}  // namespace chipcount::kernels
