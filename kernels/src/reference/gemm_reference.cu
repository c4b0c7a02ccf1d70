#include <type_traits>

#include <cmath>

#include "common/cuda_check.hpp"
#include "common/device_resources.hpp"
#include "common/gemm_types.cuh"
#include "reference/gemm_reference.hpp"

namespace chipcount::kernels {
namespace {

template <typename Out>
__global__ void count_unwritten_kernel(const Out* d, std::size_t n, unsigned long long* count) {
    unsigned long long local = 0;
    const std::size_t stride = static_cast<std::size_t>(gridDim.x) * blockDim.x;
    for (std::size_t i = blockIdx.x * static_cast<std::size_t>(blockDim.x) + threadIdx.x; i < n;
         i += stride) {
        if constexpr (std::is_same_v<Out, std::int32_t>) {
            local += d[i] == 0x7F7F7F7F ? 1 : 0;  // the int32 poison, out of reach of an int8 GEMM
        } else {
            local += isfinite(to_double(d[i])) ? 0 : 1;  // the float poison is NaN
        }
    }
    if (local != 0) atomicAdd(count, local);
}

template <typename In, typename Out>
__global__ void reference_kernel(const In* a, const In* b, const Out* d, std::int64_t m,
                                 std::int64_t k, const std::int64_t* rows, const std::int64_t* cols,
                                 std::size_t samples, double* errors) {
    const std::size_t s = blockIdx.x * static_cast<std::size_t>(blockDim.x) + threadIdx.x;
    if (s >= samples) return;
    const std::int64_t i = rows[s];
    const std::int64_t j = cols[s];
    double sum = 0;
    double squares = 0;
    for (std::int64_t l = 0; l < k; ++l) {
        const double product = to_double(a[l + i * k]) * to_double(b[l + j * k]);
        sum += product;
        squares += product * product;
    }
    const double value = to_double(d[i + j * m]);
    const double scale = squares > 0 ? sqrt(squares) : 1.0;
    errors[s] = isfinite(value) ? fabs(value - sum) / scale : INFINITY;
}

}  // namespace

std::size_t count_unwritten(Precision precision, const void* d, std::size_t elements) {
    DeviceBuffer<unsigned long long> count(1);
    CHIPCOUNT_CUDA_CHECK(cudaMemset(count.get(), 0, sizeof(unsigned long long)));
    dispatch_gemm_types(precision, [&](auto in_tag, auto out_tag) {
        using In = typename decltype(in_tag)::type;
        using Out = typename decltype(out_tag)::type;
        count_unwritten_kernel<Out>
            <<<1024, 256>>>(static_cast<const Out*>(d), elements, count.get());
        CHIPCOUNT_CUDA_CHECK_LAUNCH();
    });
    unsigned long long host = 0;
    CHIPCOUNT_CUDA_CHECK(cudaMemcpy(&host, count.get(), sizeof host, cudaMemcpyDeviceToHost));
    return static_cast<std::size_t>(host);
}

std::vector<double> reference_errors(Precision precision, const GemmOperands& operands,
                                     const std::vector<std::int64_t>& rows,
                                     const std::vector<std::int64_t>& cols) {
    const std::size_t samples = rows.size();
    DeviceBuffer<std::int64_t> device_rows(samples);
    DeviceBuffer<std::int64_t> device_cols(samples);
    DeviceBuffer<double> device_errors(samples);
    CHIPCOUNT_CUDA_CHECK(
        cudaMemcpy(device_rows.get(), rows.data(), device_rows.bytes(), cudaMemcpyHostToDevice));
    CHIPCOUNT_CUDA_CHECK(
        cudaMemcpy(device_cols.get(), cols.data(), device_cols.bytes(), cudaMemcpyHostToDevice));
    const auto blocks = static_cast<unsigned>((samples + 127) / 128);
    dispatch_gemm_types(precision, [&](auto in_tag, auto out_tag) {
        using In = typename decltype(in_tag)::type;
        using Out = typename decltype(out_tag)::type;
        reference_kernel<In, Out><<<blocks, 128>>>(
            static_cast<const In*>(operands.a), static_cast<const In*>(operands.b),
            static_cast<const Out*>(operands.d), operands.shape.m, operands.shape.k,
            device_rows.get(), device_cols.get(), samples, device_errors.get());
        CHIPCOUNT_CUDA_CHECK_LAUNCH();
    });
    std::vector<double> errors(samples);
    CHIPCOUNT_CUDA_CHECK(cudaMemcpy(errors.data(), device_errors.get(), device_errors.bytes(),
                                    cudaMemcpyDeviceToHost));
    return errors;
}

}  // namespace chipcount::kernels
