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

}  // namespace chipcount::kernels
