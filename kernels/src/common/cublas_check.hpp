// Checked cuBLASLt calls and RAII owners for its handle and descriptors.
#pragma once
#include <cublasLt.h>

#include <memory>
#include <string>

#include "common/cublaslt_library.hpp"
#include "common/cuda_check.hpp"

namespace chipcount::kernels {

namespace detail {
[[noreturn]] void throw_cublas_error(cublasStatus_t status, const char* call, const char* file,
                                     int line);
inline void check_cublas(cublasStatus_t status, const char* call, const char* file, int line) {
    if (status != CUBLAS_STATUS_SUCCESS) throw_cublas_error(status, call, file, line);
}
}  // namespace detail

#define CHIPCOUNT_CUBLAS_CHECK(call) \
    ::chipcount::kernels::detail::check_cublas((call), #call, __FILE__, __LINE__)

// unique_ptr with the matching cublasLt*Destroy as deleter; destroy failures cannot be acted on.
// A non-null pointer came from the library, so cublaslt() is loaded whenever a deleter runs.
struct LtHandleDeleter {
    void operator()(cublasLtContext* p) const { cublaslt().cublasLtDestroy(p); }
};
struct LtDescDeleter {
    void operator()(cublasLtMatmulDescOpaque_t* p) const {
        cublaslt().cublasLtMatmulDescDestroy(p);
    }
};
struct LtLayoutDeleter {
    void operator()(cublasLtMatrixLayoutOpaque_t* p) const {
        cublaslt().cublasLtMatrixLayoutDestroy(p);
    }
};
struct LtPreferenceDeleter {
    void operator()(cublasLtMatmulPreferenceOpaque_t* p) const {
        cublaslt().cublasLtMatmulPreferenceDestroy(p);
    }
};
using LtHandle = std::unique_ptr<cublasLtContext, LtHandleDeleter>;
using LtMatmulDesc = std::unique_ptr<cublasLtMatmulDescOpaque_t, LtDescDeleter>;
using LtLayout = std::unique_ptr<cublasLtMatrixLayoutOpaque_t, LtLayoutDeleter>;
using LtPreference = std::unique_ptr<cublasLtMatmulPreferenceOpaque_t, LtPreferenceDeleter>;

}  // namespace chipcount::kernels
