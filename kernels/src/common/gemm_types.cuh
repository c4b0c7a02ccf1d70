// Element types per GEMM precision: storage of A/B and of D, their CUDA data types, and the
// conversions the fill and reference kernels use. One place, so every backend agrees.
#pragma once
#include <cublasLt.h>
#include <cuda_bf16.h>
#include <cuda_fp16.h>
#include <cuda_fp8.h>
#include <cuda_runtime.h>

#include <cstddef>
#include <cstdint>

#include "chipcount/kernels/gemm.hpp"

namespace chipcount::kernels {

struct GemmTypeInfo {
    std::size_t in_bytes;   // one element of A or B
    std::size_t out_bytes;  // one element of D
    cudaDataType_t in_type;
    cudaDataType_t out_type;
    cublasComputeType_t compute;
    cudaDataType_t scale_type;
    bool integer_output;
    unsigned char
        poison_byte;  // 0xFF makes every float a NaN; 0x7F gives an int32 no int8 GEMM can produce
};

inline GemmTypeInfo gemm_type_info(Precision p) {
    switch (p) {
        case Precision::kFp64:
            return {8, 8, CUDA_R_64F, CUDA_R_64F, CUBLAS_COMPUTE_64F, CUDA_R_64F, false, 0xFF};
        case Precision::kFp32:
            return {4, 4, CUDA_R_32F, CUDA_R_32F, CUBLAS_COMPUTE_32F, CUDA_R_32F, false, 0xFF};
        case Precision::kTf32:
            return {4,          4,     CUDA_R_32F, CUDA_R_32F, CUBLAS_COMPUTE_32F_FAST_TF32,
                    CUDA_R_32F, false, 0xFF};
        case Precision::kFp16:
            return {2, 2, CUDA_R_16F, CUDA_R_16F, CUBLAS_COMPUTE_32F, CUDA_R_32F, false, 0xFF};
        case Precision::kBf16:
            return {2, 2, CUDA_R_16BF, CUDA_R_16BF, CUBLAS_COMPUTE_32F, CUDA_R_32F, false, 0xFF};
        case Precision::kFp8:
            return {1, 2, CUDA_R_8F_E4M3, CUDA_R_16BF, CUBLAS_COMPUTE_32F, CUDA_R_32F, false, 0xFF};
        case Precision::kInt8:
            return {1, 4, CUDA_R_8I, CUDA_R_32I, CUBLAS_COMPUTE_32I, CUDA_R_32I, true, 0x7F};
        case Precision::kFp64Tensor:  // fp64 GEMMs already use the tensor cores where they exist
        case Precision::kFp4:         // no fp4 GEMM here; gemm_supported refuses both
            break;
    }
    return {4, 4, CUDA_R_32F, CUDA_R_32F, CUBLAS_COMPUTE_32F, CUDA_R_32F, false, 0xFF};
}

// Conversions used by the fill (float -> T) and reference (T -> double) kernels.
template <typename T>
__device__ inline T from_float(float x);
template <>
__device__ inline double from_float<double>(float x) {
    return x;
}
template <>
__device__ inline float from_float<float>(float x) {
    return x;
}
template <>
__device__ inline __half from_float<__half>(float x) {
    return __float2half_rn(x);
}
template <>
__device__ inline __nv_bfloat16 from_float<__nv_bfloat16>(float x) {
    return __float2bfloat16_rn(x);
}
template <>
__device__ inline __nv_fp8_e4m3 from_float<__nv_fp8_e4m3>(float x) {
    return __nv_fp8_e4m3(x);
}
template <>
__device__ inline std::int8_t from_float<std::int8_t>(float x) {
    return static_cast<std::int8_t>(x);
}

__device__ inline double to_double(double x) {
    return x;
}
__device__ inline double to_double(float x) {
    return x;
}
__device__ inline double to_double(__half x) {
    return __half2float(x);
}
__device__ inline double to_double(__nv_bfloat16 x) {
    return __bfloat162float(x);
}
__device__ inline double to_double(__nv_fp8_e4m3 x) {
    return static_cast<float>(x);
}
__device__ inline double to_double(std::int8_t x) {
    return x;
}
__device__ inline double to_double(std::int32_t x) {
    return x;
}

template <typename T>
struct TypeTag {
    using type = T;
};

// Calls f(TypeTag<In>{}, TypeTag<Out>{}) with the storage types of precision p, so a generic
// lambda can pick its kernel template: [&](auto in, auto out) { using In = typename
// decltype(in)::type; }
template <typename F>
void dispatch_gemm_types(Precision p, F&& f) {
    switch (p) {
        case Precision::kFp64:
            f(TypeTag<double>{}, TypeTag<double>{});
            return;
        case Precision::kFp32:
        case Precision::kTf32:
            f(TypeTag<float>{}, TypeTag<float>{});
            return;
        case Precision::kFp16:
            f(TypeTag<__half>{}, TypeTag<__half>{});
            return;
        case Precision::kBf16:
            f(TypeTag<__nv_bfloat16>{}, TypeTag<__nv_bfloat16>{});
            return;
        case Precision::kFp8:
            f(TypeTag<__nv_fp8_e4m3>{}, TypeTag<__nv_bfloat16>{});
            return;
        case Precision::kInt8:
            f(TypeTag<std::int8_t>{}, TypeTag<std::int32_t>{});
            return;
        case Precision::kFp64Tensor:
        case Precision::kFp4:
            return;  // refused by gemm_supported before any buffer is made
    }
}

}  // namespace chipcount::kernels
