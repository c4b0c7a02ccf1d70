// Names of the kernels API's enums, shared by the CUDA and the CUDA-free builds.
#include "chipcount/kernels/bandwidth.hpp"
#include "chipcount/kernels/gemm.hpp"

namespace chipcount::kernels {

const char* gemm_precision_name(GemmPrecision precision) {
    switch (precision) {
        case GemmPrecision::kFp64:
            return "fp64";
        case GemmPrecision::kFp32:
            return "fp32";
        case GemmPrecision::kTf32:
            return "tf32";
        case GemmPrecision::kFp16:
            return "fp16";
        case GemmPrecision::kBf16:
            return "bf16";
        case GemmPrecision::kFp8E4m3:
            return "fp8";
        case GemmPrecision::kInt8:
            return "int8";
    }
    return "unknown";
}

const char* gemm_backend_name(GemmBackend backend) {
    switch (backend) {
        case GemmBackend::kCublasLt:
            return "cublaslt";
        case GemmBackend::kSimtFp32:
            return "simt_fp32";
        case GemmBackend::kMmaSync:
            return "mma_sync";
        case GemmBackend::kWgmmaTma:
            return "wgmma_tma";
    }
    return "unknown";
}

const char* bandwidth_pattern_name(BandwidthPattern pattern) {
    switch (pattern) {
        case BandwidthPattern::kRead:
            return "read";
        case BandwidthPattern::kWrite:
            return "write";
        case BandwidthPattern::kCopy:
            return "copy";
        case BandwidthPattern::kTriad:
            return "triad";
    }
    return "unknown";
}

}  // namespace chipcount::kernels
