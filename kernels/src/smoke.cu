// The GPU smoke test: a trivial kernel whose every output element is checked on the host.
// It proves that the build, the driver and a launch work before any benchmark is trusted.
#include <cmath>
#include <vector>

#include "chipcount/kernels/device.hpp"
#include "common/cuda_check.hpp"
#include "common/device_resources.hpp"

namespace chipcount::kernels {
namespace {

__global__ void axpb_kernel(const float* x, float a, float b, float* out, std::size_t n) {
    const std::size_t i = blockIdx.x * static_cast<std::size_t>(blockDim.x) + threadIdx.x;
    if (i < n) out[i] = a * x[i] + b;
}

}  // namespace

SmokeResult run_smoke_test(int device, std::size_t elements) {
    SmokeResult result;
    result.elements = elements;
    const DeviceList list = query_devices();
    if (list.devices.empty()) {
        result.reason = list.why_none;
        return result;
    }
    if (device < 0 || device >= static_cast<int>(list.devices.size())) {
        result.reason = "no device with index " + std::to_string(device);
        return result;
    }

    DeviceGuard guard(device);
    std::vector<float> host_x(elements);
    for (std::size_t i = 0; i < elements; ++i)
        host_x[i] = static_cast<float>(i % 1021) * 0.5f - 7.0f;
    DeviceBuffer<float> x(elements);
    DeviceBuffer<float> out(elements);
    CHIPCOUNT_CUDA_CHECK(cudaMemcpy(x.get(), host_x.data(), x.bytes(), cudaMemcpyHostToDevice));
    // Poison the output so that an element the kernel never wrote cannot pass.
    CHIPCOUNT_CUDA_CHECK(cudaMemset(out.get(), 0xFF, out.bytes()));

    constexpr float a = 3.0f;
    constexpr float b = -1.25f;
    constexpr int threads = 256;
    const auto blocks = static_cast<unsigned>((elements + threads - 1) / threads);
    axpb_kernel<<<blocks, threads>>>(x.get(), a, b, out.get(), elements);
    CHIPCOUNT_CUDA_CHECK_LAUNCH();
    CHIPCOUNT_CUDA_CHECK(cudaDeviceSynchronize());

    std::vector<float> host_out(elements);
    CHIPCOUNT_CUDA_CHECK(
        cudaMemcpy(host_out.data(), out.get(), out.bytes(), cudaMemcpyDeviceToHost));
    for (std::size_t i = 0; i < elements; ++i) {
        const float expected = a * host_x[i] + b;
        if (!(std::fabs(host_out[i] - expected) <= 1e-6f * std::fabs(expected) + 1e-6f))
            ++result.mismatches;
    }
    result.ran = true;
    return result;
}

}  // namespace chipcount::kernels
