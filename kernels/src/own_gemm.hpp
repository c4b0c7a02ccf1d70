// Our own GEMM kernels behind one interface: each backend says whether it can run a case and
// gives a launcher with the same TN operand layout as cuBLASLt (see reference/gemm_reference.hpp).
#pragma once
#include <cuda_runtime.h>

#include <functional>
#include <string>

#include "chipcount/kernels/gemm.hpp"

namespace chipcount::kernels {

struct OwnGemm {
    std::string description;
    std::function<void(const void* a, const void* b, void* d)> launch;
};

Support own_gemm_supported(const DeviceInfo& device, const GemmSetup& setup);
OwnGemm make_own_gemm(const DeviceInfo& device, const GemmSetup& setup, cudaStream_t stream);

}  // namespace chipcount::kernels
