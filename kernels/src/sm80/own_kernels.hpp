// Factories for our kernels; each returns a launcher taking the TN operands (see own_gemm.hpp).
#pragma once
#include <cuda_runtime.h>

#include "own_gemm.hpp"

namespace chipcount::kernels {

OwnGemm make_gemm_f32_simt(const GemmSetup& setup, cudaStream_t stream);
OwnGemm make_gemm_mma_sync(const GemmSetup& setup, cudaStream_t stream);   // bf16, fp16
OwnGemm make_gemm_wgmma_tma(const GemmSetup& setup, cudaStream_t stream);  // bf16, fp16; sm_90a
// Shape limits of the Hopper kernel (TMA needs 16-byte-aligned row strides).
Support wgmma_tma_supported(const GemmSetup& setup);

}  // namespace chipcount::kernels
