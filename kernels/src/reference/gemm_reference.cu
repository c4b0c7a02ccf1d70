#include <cmath>

#include "common/cuda_check.hpp"
#include "common/device_resources.hpp"
#include "common/gemm_types.cuh"
#include "reference/gemm_reference.hpp"

namespace chipcount::kernels {
namespace {

template <typename In, typename Out>
__global__ void reference_kernel(const In* a, const In* b, const Out* d, std::int64_t m,
                                 std::int64_t k, const std::int64_t* rows, const std::int64_t* cols,
                                 std::size_t samples, ReferenceSample* out) {
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
    out[s] = {value, sum, isfinite(value) ? fabs(value - sum) / scale : INFINITY};
}

}  // namespace

std::vector<ReferenceSample> reference_samples(Precision precision, const GemmOperands& operands,
                                               const std::vector<std::int64_t>& rows,
                                               const std::vector<std::int64_t>& cols,
                                               cudaStream_t stream) {
    const std::size_t samples = rows.size();
    if (samples == 0) return {};  // a launch of 0 blocks is an error
    DeviceBuffer<std::int64_t> device_rows(samples);
    DeviceBuffer<std::int64_t> device_cols(samples);
    DeviceBuffer<ReferenceSample> device_samples(samples);
    CHIPCOUNT_CUDA_CHECK(cudaMemcpyAsync(device_rows.get(), rows.data(), device_rows.bytes(),
                                         cudaMemcpyHostToDevice, stream));
    CHIPCOUNT_CUDA_CHECK(cudaMemcpyAsync(device_cols.get(), cols.data(), device_cols.bytes(),
                                         cudaMemcpyHostToDevice, stream));
    const auto blocks = static_cast<unsigned>((samples + 127) / 128);
    dispatch_gemm_types(precision, [&](auto in_tag, auto out_tag) {
        using In = typename decltype(in_tag)::type;
        using Out = typename decltype(out_tag)::type;
        reference_kernel<In, Out><<<blocks, 128, 0, stream>>>(
            static_cast<const In*>(operands.a), static_cast<const In*>(operands.b),
            static_cast<const Out*>(operands.d), operands.shape.m, operands.shape.k,
            device_rows.get(), device_cols.get(), samples, device_samples.get());
        CHIPCOUNT_CUDA_CHECK_LAUNCH();
    });
    std::vector<ReferenceSample> host(samples);
    CHIPCOUNT_CUDA_CHECK(cudaMemcpyAsync(host.data(), device_samples.get(), device_samples.bytes(),
                                         cudaMemcpyDeviceToHost, stream));
    CHIPCOUNT_CUDA_CHECK(cudaStreamSynchronize(stream));
    return host;
}

}  // namespace chipcount::kernels
