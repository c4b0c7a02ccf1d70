#include "common/cuda_check.hpp"

#include <sstream>

namespace chipcount::kernels {

std::string describe(cudaError_t code) {
    return std::string(cudaGetErrorName(code)) + ": " + cudaGetErrorString(code);
}

namespace detail {
void throw_cuda_error(cudaError_t code, const char* call, const char* file, int line) {
    std::ostringstream message;
    message << file << ":" << line << ": " << call << " failed: " << describe(code);
    throw CudaError(code, message.str());
}
}  // namespace detail

}  // namespace chipcount::kernels
