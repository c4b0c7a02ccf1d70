// Errors raised by the kernels library. CUDA-free: the CLI catches these without CUDA headers.
#pragma once
#include <stdexcept>
#include <string>

namespace chipcount::kernels {

// A CUDA call or a kernel failed at run time (exit code 1 at the CLI).
class KernelError : public std::runtime_error {
  public:
    using std::runtime_error::runtime_error;
};

// The library or the GPU cannot run this case (no cuBLASLt algorithm for the combination, say):
// the case is skipped with this reason, not failed.
class UnsupportedError : public KernelError {
  public:
    using KernelError::KernelError;
};

}  // namespace chipcount::kernels
