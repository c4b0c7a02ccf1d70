// RAII owners for device memory, streams and events. Move-only; destructors never throw (a
// failure while releasing is reported on stderr, since it cannot be recovered from there).
#pragma once
#include <cuda_runtime.h>

#include <cstddef>
#include <cstdio>
#include <utility>

#include "common/cuda_check.hpp"

namespace chipcount::kernels {

namespace detail {
inline void report_release_failure(cudaError_t code, const char* what) {
    if (code != cudaSuccess && code != cudaErrorCudartUnloading) {
        std::fprintf(stderr, "chipcount: warning: %s failed: %s\n", what, describe(code).c_str());
    }
}
}  // namespace detail

// Untyped device allocation; DeviceBuffer<T> adds the element type.
class DeviceAllocation {
  public:
    DeviceAllocation() = default;
    explicit DeviceAllocation(std::size_t bytes) : bytes_(bytes) {
        if (bytes_ > 0) CHIPCOUNT_CUDA_CHECK(cudaMalloc(&ptr_, bytes_));
    }
    ~DeviceAllocation() { release(); }
    DeviceAllocation(const DeviceAllocation&) = delete;
    DeviceAllocation& operator=(const DeviceAllocation&) = delete;
    DeviceAllocation(DeviceAllocation&& other) noexcept
        : ptr_(std::exchange(other.ptr_, nullptr)), bytes_(std::exchange(other.bytes_, 0)) {}
    DeviceAllocation& operator=(DeviceAllocation&& other) noexcept {
        if (this != &other) {
            release();
            ptr_ = std::exchange(other.ptr_, nullptr);
            bytes_ = std::exchange(other.bytes_, 0);
        }
        return *this;
    }
    void* get() const { return ptr_; }
    std::size_t bytes() const { return bytes_; }

  private:
    void release() noexcept {
        if (ptr_ != nullptr) detail::report_release_failure(cudaFree(ptr_), "cudaFree");
        ptr_ = nullptr;
    }
    void* ptr_ = nullptr;
    std::size_t bytes_ = 0;
};

template <typename T>
class DeviceBuffer {
  public:
    DeviceBuffer() = default;
    explicit DeviceBuffer(std::size_t count) : allocation_(count * sizeof(T)), count_(count) {}
    T* get() const { return static_cast<T*>(allocation_.get()); }
    std::size_t size() const { return count_; }
    std::size_t bytes() const { return allocation_.bytes(); }

  private:
    DeviceAllocation allocation_;
    std::size_t count_ = 0;
};

class CudaStream {
  public:
    CudaStream() {
        CHIPCOUNT_CUDA_CHECK(cudaStreamCreateWithFlags(&stream_, cudaStreamNonBlocking));
    }
    ~CudaStream() {
        if (stream_ != nullptr)
            detail::report_release_failure(cudaStreamDestroy(stream_), "cudaStreamDestroy");
    }
    CudaStream(const CudaStream&) = delete;
    CudaStream& operator=(const CudaStream&) = delete;
    CudaStream(CudaStream&& other) noexcept : stream_(std::exchange(other.stream_, nullptr)) {}
    CudaStream& operator=(CudaStream&&) = delete;
    cudaStream_t get() const { return stream_; }
    void synchronize() const { CHIPCOUNT_CUDA_CHECK(cudaStreamSynchronize(stream_)); }

  private:
    cudaStream_t stream_ = nullptr;
};

class CudaEvent {
  public:
    CudaEvent() { CHIPCOUNT_CUDA_CHECK(cudaEventCreate(&event_)); }
    ~CudaEvent() {
        if (event_ != nullptr)
            detail::report_release_failure(cudaEventDestroy(event_), "cudaEventDestroy");
    }
    CudaEvent(const CudaEvent&) = delete;
    CudaEvent& operator=(const CudaEvent&) = delete;
    CudaEvent(CudaEvent&& other) noexcept : event_(std::exchange(other.event_, nullptr)) {}
    CudaEvent& operator=(CudaEvent&&) = delete;
    cudaEvent_t get() const { return event_; }
    void record(cudaStream_t stream) const {
        CHIPCOUNT_CUDA_CHECK(cudaEventRecord(event_, stream));
    }

  private:
    cudaEvent_t event_ = nullptr;
};

// Times GPU work between two events on one stream: only the kernels, never host overhead.
class EventTimer {
  public:
    void start(cudaStream_t stream) const { start_.record(stream); }
    void stop(cudaStream_t stream) const { stop_.record(stream); }
    float elapsed_ms() const {
        CHIPCOUNT_CUDA_CHECK(cudaEventSynchronize(stop_.get()));
        float ms = 0.0f;
        CHIPCOUNT_CUDA_CHECK(cudaEventElapsedTime(&ms, start_.get(), stop_.get()));
        return ms;
    }

  private:
    CudaEvent start_;
    CudaEvent stop_;
};

// Makes `device` current for the lifetime of the guard and restores the previous one.
class DeviceGuard {
  public:
    explicit DeviceGuard(int device) {
        CHIPCOUNT_CUDA_CHECK(cudaGetDevice(&previous_));
        CHIPCOUNT_CUDA_CHECK(cudaSetDevice(device));
    }
    ~DeviceGuard() { detail::report_release_failure(cudaSetDevice(previous_), "cudaSetDevice"); }
    DeviceGuard(const DeviceGuard&) = delete;
    DeviceGuard& operator=(const DeviceGuard&) = delete;

  private:
    int previous_ = 0;
};

}  // namespace chipcount::kernels
