// Checked CUDA calls: every runtime call goes through CHIPCOUNT_CUDA_CHECK, which throws a
// CudaError naming the file, line, call text and CUDA error name, or a DeviceLostError when the
// error is sticky (the context is corrupt and every later call would fail the same way).
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

// True for the errors after which the CUDA context is unusable: the driver returns them again
// from every later call, so the process must stop rather than run its next case (driver_types.h:
// "leaves the process in an inconsistent state ... must be terminated and relaunched").
bool is_sticky(cudaError_t code);

namespace detail {
// DeviceLostError when `code` is sticky, CudaError otherwise.
[[noreturn]] void throw_cuda_error(cudaError_t code, const char* call, const char* file, int line);

inline void check_cuda(cudaError_t code, const char* call, const char* file, int line) {
    if (code != cudaSuccess) throw_cuda_error(code, call, file, line);
}

// For a failure reported by a library (cuBLASLt, Thrust) that may hide a sticky CUDA error:
// DeviceLostError when the runtime shows a sticky error now (cudaPeekAtLastError, or a query of
// `stream`), otherwise KernelError with `message`.
[[noreturn]] void throw_library_error(const std::string& message, cudaStream_t stream);

// A Thrust failure: `code` is its CUDA error when `cuda_category`, else unknown (an allocation
// failure or a non-CUDA category); see common/thrust_check.cuh.
[[noreturn]] void throw_thrust_error(int code, bool cuda_category, const char* what,
                                     const char* call, cudaStream_t stream);
}  // namespace detail

// "cudaErrorNoDevice: no CUDA-capable device is detected"
std::string describe(cudaError_t code);

}  // namespace chipcount::kernels

#define CHIPCOUNT_CUDA_CHECK(call) \
    ::chipcount::kernels::detail::check_cuda((call), #call, __FILE__, __LINE__)

// After a kernel launch: launch-configuration errors surface here, not at the next sync.
#define CHIPCOUNT_CUDA_CHECK_LAUNCH() CHIPCOUNT_CUDA_CHECK(cudaGetLastError())
