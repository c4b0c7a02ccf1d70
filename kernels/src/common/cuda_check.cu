#include "common/cuda_check.hpp"

#include <sstream>

namespace chipcount::kernels {

bool is_sticky(cudaError_t code) {
    switch (code) {
        // Kernel faults: driver_types.h says each "leaves the process in an inconsistent state".
        case cudaErrorIllegalAddress:
        case cudaErrorLaunchTimeout:
        case cudaErrorHardwareStackError:
        case cudaErrorIllegalInstruction:
        case cudaErrorMisalignedAddress:
        case cudaErrorInvalidAddressSpace:
        case cudaErrorInvalidPc:
        case cudaErrorLaunchFailure:
        case cudaErrorTensorMemoryLeak:
        // A device-side assert: "the device cannot be used again".
        case cudaErrorAssert:
        // Hardware: uncorrectable ECC or NVLink errors, contained errors, an external device's
        // async error; all invalidate the context's allocations.
        case cudaErrorECCUncorrectable:
        case cudaErrorNvlinkUncorrectable:
        case cudaErrorContained:
        case cudaErrorExternalDevice:
            return true;
        default:
            return false;
    }
}

std::string describe(cudaError_t code) {
    return std::string(cudaGetErrorName(code)) + ": " + cudaGetErrorString(code);
}

namespace detail {
namespace {

[[noreturn]] void throw_device_lost(cudaError_t code, const std::string& where) {
    throw DeviceLostError(where + ": " + describe(code) +
                          " (a sticky error: the GPU context is lost and every later CUDA call "
                          "in this process would fail the same way)");
}

// The sticky error the runtime holds now, or cudaSuccess. Neither call waits for the GPU.
cudaError_t pending_sticky_error(cudaStream_t stream) {
    if (const cudaError_t last = cudaPeekAtLastError(); is_sticky(last)) return last;
    if (const cudaError_t queried = cudaStreamQuery(stream); is_sticky(queried)) return queried;
    return cudaSuccess;
}

}  // namespace

void throw_cuda_error(cudaError_t code, const char* call, const char* file, int line) {
    std::ostringstream where;
    where << file << ":" << line << ": " << call << " failed";
    if (is_sticky(code)) throw_device_lost(code, where.str());
    throw CudaError(code, where.str() + ": " + describe(code));
}

void throw_library_error(const std::string& message, cudaStream_t stream) {
    if (const cudaError_t sticky = pending_sticky_error(stream); sticky != cudaSuccess)
        throw_device_lost(sticky, message);
    throw KernelError(message);
}

void throw_thrust_error(int code, bool cuda_category, const char* what, const char* call,
                        cudaStream_t stream) {
    const std::string message = std::string(call) + " failed (Thrust): " + what;
    if (cuda_category) {
        const auto cuda_code = static_cast<cudaError_t>(code);
        if (is_sticky(cuda_code)) throw_device_lost(cuda_code, message);
        throw CudaError(cuda_code, message);
    }
    throw_library_error(message, stream);
}

}  // namespace detail

}  // namespace chipcount::kernels
