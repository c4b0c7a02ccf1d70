// A device buffer between two guard regions filled with a known byte, so a kernel that writes
// past either end of its output is caught (validate() counts the guard bytes that changed)
// instead of silently corrupting a neighbouring buffer set. Kernels only ever see get().
#pragma once
#include <cuda_runtime.h>

#include <cstddef>
#include <cstdint>

#include "chipcount/kernels/device_checks.hpp"
#include "common/device_resources.hpp"

namespace chipcount::kernels {

class GuardedBuffer {
  public:
    static constexpr std::size_t kDefaultGuardBytes = std::size_t{64} << 10;
    // The output starts on a 1024-byte boundary, like a cudaMalloc'd buffer at least: TMA and
    // the 16-byte vector paths need far less, and the guard must not cost a kernel its alignment.
    static constexpr std::size_t kAlignment = 1024;

    GuardedBuffer() = default;
    explicit GuardedBuffer(std::size_t bytes, std::size_t guard_bytes = kDefaultGuardBytes)
        : allocation_(bytes + 2 * guard_bytes + kAlignment), bytes_(bytes), guard_(guard_bytes) {
        const auto base = reinterpret_cast<std::uintptr_t>(allocation_.get());
        inner_ = reinterpret_cast<unsigned char*>((base + guard_ + kAlignment - 1) &
                                                  ~std::uintptr_t{kAlignment - 1});
    }

    void* get() const { return inner_; }
    std::size_t bytes() const { return bytes_; }
    std::size_t guard_bytes() const { return guard_; }
    unsigned char* guard_before() const { return inner_ - guard_; }
    unsigned char* guard_after() const { return inner_ + bytes_; }

    // Fills the output with `poison` and both guards with kGuardByte, queued on `stream`.
    void poison(unsigned char poison_byte, cudaStream_t stream) const {
        CHIPCOUNT_CUDA_CHECK(cudaMemsetAsync(inner_, poison_byte, bytes_, stream));
        CHIPCOUNT_CUDA_CHECK(cudaMemsetAsync(guard_before(), kGuardByte, guard_, stream));
        CHIPCOUNT_CUDA_CHECK(cudaMemsetAsync(guard_after(), kGuardByte, guard_, stream));
    }

  private:
    DeviceAllocation allocation_;
    unsigned char* inner_ = nullptr;
    std::size_t bytes_ = 0;
    std::size_t guard_ = 0;
};

}  // namespace chipcount::kernels
