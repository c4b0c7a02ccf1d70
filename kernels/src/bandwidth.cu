// Memory bandwidth: read (a reduction), write, copy and triad over arrays far larger than L2,
// with 16-byte (uint4) accesses, several loads in flight per thread, and streaming cache hints
// (__ldcs/__stcs) so L1/L2 hold nothing back for the next pass. Integer data makes every check
// exact: element i holds pattern(i), and triad computes a = b + 3c in wrapping uint32 arithmetic.
#include "chipcount/kernels/bandwidth.hpp"
#include "common/bandwidth_pattern.cuh"
#include "common/cuda_check.hpp"
#include "common/device_checks.cuh"
#include "common/device_resources.hpp"

namespace chipcount::kernels {
namespace {

constexpr int kThreads = 256;
constexpr int kUnroll = 4;  // independent 16-byte loads in flight per thread

__device__ inline uint4 pattern4(std::size_t v, unsigned salt) {
    return make_uint4(pattern(4 * v, salt), pattern(4 * v + 1, salt), pattern(4 * v + 2, salt),
                      pattern(4 * v + 3, salt));
}

__global__ void init_kernel(uint4* out, std::size_t n, unsigned salt) {
    for (std::size_t v = blockIdx.x * static_cast<std::size_t>(blockDim.x) + threadIdx.x; v < n;
         v += static_cast<std::size_t>(gridDim.x) * blockDim.x) {
        out[v] = pattern4(v, salt);
    }
}

// Sum of all uint32 lanes, wrapping: order-independent, so exact whatever the schedule.
__global__ void read_kernel(const uint4* in, std::size_t n, unsigned* block_sums) {
    unsigned sum = 0;
    const std::size_t stride = static_cast<std::size_t>(gridDim.x) * blockDim.x;
    std::size_t v = blockIdx.x * static_cast<std::size_t>(blockDim.x) + threadIdx.x;
    for (; v + (kUnroll - 1) * stride < n; v += kUnroll * stride) {
        uint4 x[kUnroll];
#pragma unroll
        for (int u = 0; u < kUnroll; ++u) x[u] = __ldcs(in + v + u * stride);
#pragma unroll
        for (int u = 0; u < kUnroll; ++u) sum += x[u].x + x[u].y + x[u].z + x[u].w;
    }
    for (; v < n; v += stride) {
        const uint4 x = __ldcs(in + v);
        sum += x.x + x.y + x.z + x.w;
    }
    for (int offset = 16; offset > 0; offset /= 2)
        sum += __shfl_down_sync(0xffffffffu, sum, offset);
    if ((threadIdx.x & 31) == 0) atomicAdd(block_sums + blockIdx.x, sum);
}

__global__ void write_kernel(uint4* out, std::size_t n, unsigned salt) {
    const std::size_t stride = static_cast<std::size_t>(gridDim.x) * blockDim.x;
    for (std::size_t v = blockIdx.x * static_cast<std::size_t>(blockDim.x) + threadIdx.x; v < n;
         v += stride) {
        __stcs(out + v, pattern4(v, salt));
    }
}

__global__ void copy_kernel(const uint4* in, uint4* out, std::size_t n) {
    const std::size_t stride = static_cast<std::size_t>(gridDim.x) * blockDim.x;
    std::size_t v = blockIdx.x * static_cast<std::size_t>(blockDim.x) + threadIdx.x;
    for (; v + (kUnroll - 1) * stride < n; v += kUnroll * stride) {
        uint4 x[kUnroll];
#pragma unroll
        for (int u = 0; u < kUnroll; ++u) x[u] = __ldcs(in + v + u * stride);
#pragma unroll
        for (int u = 0; u < kUnroll; ++u) __stcs(out + v + u * stride, x[u]);
    }
    for (; v < n; v += stride) __stcs(out + v, __ldcs(in + v));
}

__global__ void triad_kernel(uint4* a, const uint4* b, const uint4* c, std::size_t n) {
    const std::size_t stride = static_cast<std::size_t>(gridDim.x) * blockDim.x;
    for (std::size_t v = blockIdx.x * static_cast<std::size_t>(blockDim.x) + threadIdx.x; v < n;
         v += stride) {
        const uint4 x = __ldcs(b + v);
        const uint4 y = __ldcs(c + v);
        __stcs(a + v, make_uint4(x.x + 3u * y.x, x.y + 3u * y.y, x.z + 3u * y.z, x.w + 3u * y.w));
    }
}

// Counts elements of `out` that differ from the expected pattern for the given check.
__global__ void check_kernel(const uint4* out, std::size_t n, unsigned salt_b, unsigned salt_c,
                             bool triad, unsigned long long* errors) {
    unsigned long long local = 0;
    for (std::size_t v = blockIdx.x * static_cast<std::size_t>(blockDim.x) + threadIdx.x; v < n;
         v += static_cast<std::size_t>(gridDim.x) * blockDim.x) {
        const uint4 got = out[v];
        const uint4 b = pattern4(v, salt_b);
        uint4 want = b;
        if (triad) {
            const uint4 c = pattern4(v, salt_c);
            want = make_uint4(b.x + 3u * c.x, b.y + 3u * c.y, b.z + 3u * c.z, b.w + 3u * c.w);
        }
        local += (got.x != want.x) + (got.y != want.y) + (got.z != want.z) + (got.w != want.w);
    }
    if (local != 0) atomicAdd(errors, local);
}

constexpr unsigned kSaltB = 0x2468ACE0u;
constexpr unsigned kSaltC = 0x0F1E2D3Cu;

}  // namespace

struct BandwidthBench::Impl {
    DeviceGuard guard;
    CudaStream stream;
    std::size_t vectors;  // uint4 elements per array
    DeviceBuffer<uint4> a, b, c;
    DeviceBuffer<std::uint32_t> block_sums;
    int blocks;

    Impl(int device, std::size_t bytes)
        : guard(device),
          vectors(bytes / sizeof(uint4)),
          a(vectors),
          b(vectors),
          c(vectors),
          block_sums(0),
          blocks(0) {
        int sms = 0;
        CHIPCOUNT_CUDA_CHECK(cudaDeviceGetAttribute(&sms, cudaDevAttrMultiProcessorCount, device));
        blocks = sms * 8;  // enough resident blocks to keep every SM's memory pipeline busy
        block_sums = DeviceBuffer<std::uint32_t>(static_cast<std::size_t>(blocks));
    }

    void reset_inputs() {
        init_kernel<<<blocks, kThreads, 0, stream.get()>>>(b.get(), vectors, kSaltB);
        CHIPCOUNT_CUDA_CHECK_LAUNCH();
        init_kernel<<<blocks, kThreads, 0, stream.get()>>>(c.get(), vectors, kSaltC);
        CHIPCOUNT_CUDA_CHECK_LAUNCH();
        CHIPCOUNT_CUDA_CHECK(
            cudaMemsetAsync(a.get(), 0xFF, a.bytes(), stream.get()));  // poison the output
    }

    void launch(MemoryPattern pattern) {
        switch (pattern) {
            case MemoryPattern::kRead:
                // Timed runs accumulate into block_sums unchecked; count_errors zeroes it first.
                read_kernel<<<blocks, kThreads, 0, stream.get()>>>(b.get(), vectors,
                                                                   block_sums.get());
                break;
            case MemoryPattern::kWrite:
                write_kernel<<<blocks, kThreads, 0, stream.get()>>>(a.get(), vectors, kSaltB);
                break;
            case MemoryPattern::kCopy:
                copy_kernel<<<blocks, kThreads, 0, stream.get()>>>(b.get(), a.get(), vectors);
                break;
            case MemoryPattern::kTriad:
                triad_kernel<<<blocks, kThreads, 0, stream.get()>>>(a.get(), b.get(), c.get(),
                                                                    vectors);
                break;
        }
        CHIPCOUNT_CUDA_CHECK_LAUNCH();
    }
};

BandwidthBench::BandwidthBench(int device, std::size_t bytes_per_array)
    : impl_(std::make_unique<Impl>(device, bytes_per_array)) {
    impl_->reset_inputs();
    impl_->stream.synchronize();
}

BandwidthBench::~BandwidthBench() = default;

std::size_t BandwidthBench::bytes_per_array() const {
    return impl_->vectors * sizeof(uint4);
}

std::vector<double> BandwidthBench::run(MemoryPattern pattern, int launches, int samples) {
    if (launches < 1 || samples < 0) {
        throw KernelError("bandwidth run: launches must be at least 1 and samples not negative");
    }
    Impl& im = *impl_;
    std::vector<double> ms;
    ms.reserve(static_cast<std::size_t>(samples));
    EventTimer timer;
    for (int i = 0; i < samples; ++i) {
        // One event pair around many back-to-back launches: the GPU never idles between them, so
        // the launch latency (a few microseconds, about 1% of a 256 MiB pass) stays out.
        timer.start(im.stream.get());
        for (int l = 0; l < launches; ++l) im.launch(pattern);
        timer.stop(im.stream.get());
        ms.push_back(static_cast<double>(timer.elapsed_ms()) / launches);
    }
    return ms;
}

std::size_t BandwidthBench::count_errors(MemoryPattern pattern) {
    Impl& im = *impl_;
    im.reset_inputs();
    CHIPCOUNT_CUDA_CHECK(
        cudaMemsetAsync(im.block_sums.get(), 0, im.block_sums.bytes(), im.stream.get()));
    im.launch(pattern);
    if (pattern == MemoryPattern::kRead) {
        // The kernel's wrapping total against two independent ones: Thrust's reduction of the
        // same array, and the sum the fill pattern implies (computed from indices, not memory).
        const auto lanes = reinterpret_cast<const std::uint32_t*>(im.b.get());
        const std::size_t count = im.vectors * 4;
        const std::uint32_t reduced = wrapping_sum(lanes, count, im.stream.get());
        const std::uint32_t implied = wrapping_sum_of_pattern(count, kSaltB, im.stream.get());
        const std::uint32_t kernel =
            wrapping_sum(im.block_sums.get(), im.block_sums.size(), im.stream.get());
        return kernel == reduced && kernel == implied ? 0 : 1;
    }
    DeviceBuffer<unsigned long long> errors(1);
    CHIPCOUNT_CUDA_CHECK(cudaMemsetAsync(errors.get(), 0, errors.bytes(), im.stream.get()));
    const bool triad = pattern == MemoryPattern::kTriad;
    check_kernel<<<im.blocks, kThreads, 0, im.stream.get()>>>(im.a.get(), im.vectors, kSaltB,
                                                              kSaltC, triad, errors.get());
    CHIPCOUNT_CUDA_CHECK_LAUNCH();
    unsigned long long host = 0;
    im.stream.synchronize();
    CHIPCOUNT_CUDA_CHECK(cudaMemcpy(&host, errors.get(), sizeof host, cudaMemcpyDeviceToHost));
    return static_cast<std::size_t>(host);
}

}  // namespace chipcount::kernels
