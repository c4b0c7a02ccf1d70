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

// The GPU's context is lost: a sticky CUDA error (illegal address, launch failure, illegal
// instruction, misaligned address, hardware exception, kernel assert, ECC) that every later CUDA
// call in this process would return again. The run must stop at once: the runner saves what it
// measured, names the case, and exits 1; it never lets the error turn every later case into the
// same failure.
class DeviceLostError : public KernelError {
  public:
    using KernelError::KernelError;
};

}  // namespace chipcount::kernels
