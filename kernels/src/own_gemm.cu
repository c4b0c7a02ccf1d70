// Dispatch to our own GEMM kernels (sm80/ and sm90a/), after a run-time compute-capability check.
#include "common/cuda_check.hpp"
#include "own_gemm.hpp"

namespace chipcount::kernels {

Support own_gemm_supported(const DeviceInfo& /*device*/, const GemmSetup& setup) {
    return {false, std::string(gemm_backend_name(setup.backend)) + " is not built yet"};
}

OwnGemm make_own_gemm(const DeviceInfo& device, const GemmSetup& setup, cudaStream_t /*stream*/) {
    throw KernelError(own_gemm_supported(device, setup).reason);
}

}  // namespace chipcount::kernels
