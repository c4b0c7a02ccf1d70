// Checked CUDA calls: every runtime call goes through CHIPCOUNT_CUDA_CHECK, which throws a
// CudaError naming the file, line, call text and CUDA error name.
#pragma once
#include <cuda_runtime.h>

#include <string>

#include "chipcount/kernels/error.hpp"

namespace chipcount::kernels {

class CudaError : public KernelError {
  public:
    CudaError(cudaError_t code, const std::string& what) : KernelError(what), code_(code) {}
    cudaError_t code() const { return code_; }

  private:
    cudaError_t code_;
};

namespace detail {
[[noreturn]] void throw_cuda_error(cudaError_t code, const char* call, const char* file, int line);

inline void check_cuda(cudaError_t code, const char* call, const char* file, int line) {
    if (code != cudaSuccess) throw_cuda_error(code, call, file, line);
}
}  // namespace detail

// "cudaErrorNoDevice: no CUDA-capable device is detected"
std::string describe(cudaError_t code);

}  // namespace chipcount::kernels

#define CHIPCOUNT_CUDA_CHECK(call) \
    ::chipcount::kernels::detail::check_cuda((call), #call, __FILE__, __LINE__)

// After a kernel launch: launch-configuration errors surface here, not at the next sync.
#define CHIPCOUNT_CUDA_CHECK_LAUNCH() CHIPCOUNT_CUDA_CHECK(cudaGetLastError())
