// Dispatch to our own GEMM kernels, after a run-time compute-capability check: sm80/ kernels
// need 8.0+, the sm90a/ kernel exactly 9.0 (its wgmma and TMA instructions exist nowhere else).
#include "common/cuda_check.hpp"
#include "own_gemm.hpp"
#include "sm80/own_kernels.hpp"

namespace chipcount::kernels {

Support own_gemm_supported(const DeviceInfo& device, const GemmSetup& setup) {
    const int cc = device.cc_major * 10 + device.cc_minor;
    const bool half = setup.precision == Precision::kBf16 || setup.precision == Precision::kFp16;
    switch (setup.backend) {
        case GemmBackend::kSimtFp32:
            if (setup.precision != Precision::kFp32) return {false, "simt_fp32 computes fp32 only"};
            return {true, {}};
        case GemmBackend::kMmaSync:
            if (!half) return {false, "mma_sync computes bf16 and fp16 only"};
            if (cc < 80)
                return {false, "mma_sync (bf16/fp16 m16n8k16) needs compute capability 8.0"};
            return {true, {}};
        case GemmBackend::kWgmmaTma:
            if (!half) return {false, "wgmma_tma computes bf16 and fp16 only"};
            if (cc != 90) return {false, "wgmma_tma needs compute capability 9.0 (Hopper, sm_90a)"};
            return wgmma_tma_supported(setup);
        case GemmBackend::kCublasLt:
            break;
    }
    return {true, {}};
}

OwnGemm make_own_gemm(const DeviceInfo& device, const GemmSetup& setup, cudaStream_t stream) {
    const Support support = own_gemm_supported(device, setup);
    if (!support.ok) throw KernelError(support.reason);
    switch (setup.backend) {
        case GemmBackend::kSimtFp32:
            return make_gemm_f32_simt(setup, stream);
        case GemmBackend::kMmaSync:
            return make_gemm_mma_sync(setup, stream);
        case GemmBackend::kWgmmaTma:
            return make_gemm_wgmma_tma(setup, stream);
        case GemmBackend::kCublasLt:
            break;
    }
    throw KernelError("cublaslt is not one of our kernels");
}

}  // namespace chipcount::kernels
