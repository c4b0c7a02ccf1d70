// Tensor-core GEMM with mma.sync (sm_80 and newer): bf16 or fp16 inputs, fp32 accumulation.
//
// Technique (the Ampere recipe of CUTLASS 2.x and the public HGEMM ladders): a 128x128 block
// tile, 8 warps in a 2 x 4 arrangement each owning a 64x32 warp tile, K in slices of 32.
// Slices stream from global to shared memory with 16-byte cp.async into a 3-stage ring, so the
// loads of slice t+2 overlap the math of slice t. Fragments come out of shared memory with
// ldmatrix.x4; the 16-byte chunks of each 64-byte shared-memory row are XOR-swizzled so the eight
// rows an ldmatrix reads fall in eight different bank groups. Each warp issues 4 x 4
// mma.sync.m16n8k16 per 16-wide K step. Edge tiles are zero-filled (cp.async with a zero source
// size) and stores are guarded; K that is not a multiple of 8 (rows not 16-byte aligned) takes a
// plain load path through the same pipeline.
//
// On Hopper, mma.sync cannot reach the wgmma rate (about 65% of peak at best; gemm-kernels.md
// §4.3): this kernel is the portable baseline, gemm_wgmma_tma the Hopper one.
#include <cuda_bf16.h>
#include <cuda_fp16.h>

#include <type_traits>

#include "chipcount/kernels/tiling.hpp"
#include "common/cuda_check.hpp"
#include "common/gemm_types.cuh"  // from_float<T>
#include "sm80/own_kernels.hpp"

namespace chipcount::kernels {
namespace {

constexpr int kBlockM = 128;
constexpr int kBlockN = 128;
constexpr int kBlockK = 32;  // 32 x 2 bytes = 64-byte rows = four 16-byte chunks
constexpr int kStages = 3;
constexpr int kWarpsM = 2;
constexpr int kWarpsN = 4;
constexpr int kThreads = kWarpsM * kWarpsN * 32;  // 256
constexpr int kWarpM = kBlockM / kWarpsM;         // 64
constexpr int kWarpN = kBlockN / kWarpsN;         // 32
constexpr int kMmaM = kWarpM / 16;                // 4 m16 tiles per warp
constexpr int kMmaN = kWarpN / 8;                 // 4 n8 tiles per warp
constexpr int kGroup = 8;

using Element = unsigned short;  // bf16 or fp16 bits; the mma instruction says which

struct SharedStage {
    Element a[kBlockM * kBlockK];
    Element b[kBlockN * kBlockK];
};

static_assert(kBlockK == 32, "the swizzle below is for 32-element rows");
__device__ inline int swizzled(int row, int chunk) {
    return tiling::swizzled_offset_32(row, chunk);
}

__device__ inline unsigned shared_address(const void* p) {
    return static_cast<unsigned>(__cvta_generic_to_shared(p));
}

// One 16-byte chunk (8 elements) of row `row` of a K-contiguous operand into shared memory.
template <bool kAligned>
__device__ inline void copy_chunk(Element* dst, const Element* __restrict__ src, std::int64_t rows,
                                  std::int64_t k, std::int64_t row, std::int64_t kk) {
    const bool inside = row < rows && kk < k;
    if constexpr (kAligned) {
        // Out-of-range chunks read nothing (source size 0) and are zero-filled by cp.async.
        const Element* from = inside ? src + row * k + kk : src;
        asm volatile("cp.async.cg.shared.global [%0], [%1], 16, %2;\n" ::"r"(shared_address(dst)),
                     "l"(from), "r"(inside ? 16 : 0));
    } else {
#pragma unroll
        for (int e = 0; e < 8; ++e)
            dst[e] = (inside && kk + e < k) ? src[row * k + kk + e] : Element(0);
    }
}

template <bool kAligned>
__device__ void load_stage(SharedStage& stage, const Element* __restrict__ a,
                           const Element* __restrict__ b, std::int64_t m, std::int64_t n,
                           std::int64_t k, std::int64_t row0, std::int64_t col0, std::int64_t k0) {
    // 128 rows x 4 chunks per operand = 512 chunks: two per thread for A, two for B.
#pragma unroll
    for (int i = 0; i < (kBlockM * 4) / kThreads; ++i) {
        const int c = threadIdx.x + i * kThreads;
        const int row = c / 4;
        const int chunk = c % 4;
        copy_chunk<kAligned>(stage.a + swizzled(row, chunk), a, m, k, row0 + row, k0 + chunk * 8);
        copy_chunk<kAligned>(stage.b + swizzled(row, chunk), b, n, k, col0 + row, k0 + chunk * 8);
    }
}

__device__ inline void ldmatrix_x4(unsigned (&r)[4], const Element* p) {
    asm volatile("ldmatrix.sync.aligned.m8n8.x4.shared.b16 {%0, %1, %2, %3}, [%4];\n"
                 : "=r"(r[0]), "=r"(r[1]), "=r"(r[2]), "=r"(r[3])
                 : "r"(shared_address(p)));
}

// mma.sync.m16n8k16 with fp32 accumulators; one macro for both input types (TYPE: "bf16", "f16").
#define CHIPCOUNT_MMA_16816(TYPE)                                               \
    asm volatile("mma.sync.aligned.m16n8k16.row.col.f32." TYPE "." TYPE         \
                 ".f32 {%0,%1,%2,%3}, {%4,%5,%6,%7}, {%8,%9}, {%0,%1,%2,%3};\n" \
                 : "+f"(c[0]), "+f"(c[1]), "+f"(c[2]), "+f"(c[3])               \
                 : "r"(a[0]), "r"(a[1]), "r"(a[2]), "r"(a[3]), "r"(b0), "r"(b1))

template <typename T>
__device__ inline void mma_16816(float (&c)[4], const unsigned (&a)[4], unsigned b0, unsigned b1) {
    if constexpr (std::is_same_v<T, __nv_bfloat16>) {
        CHIPCOUNT_MMA_16816("bf16");
    } else {
        CHIPCOUNT_MMA_16816("f16");
    }
}

template <typename T, bool kAligned>
__global__ void __launch_bounds__(kThreads)
    gemm_mma_sync_kernel(const Element* __restrict__ a, const Element* __restrict__ b,
                         T* __restrict__ d, std::int64_t m, std::int64_t n, std::int64_t k) {
    __shared__ __align__(128) SharedStage stages[kStages];
    const tiling::TileGrid grid = tiling::tile_grid(m, n, kBlockM, kBlockN);
    const tiling::TileCoord tile = tiling::grouped_tile(blockIdx.x, grid, kGroup);
    const std::int64_t row0 = tile.row * kBlockM;
    const std::int64_t col0 = tile.col * kBlockN;
    const int lane = threadIdx.x % 32;
    const int warp = threadIdx.x / 32;
    const int warp_m = warp / kWarpsN;
    const int warp_n = warp % kWarpsN;
    const int k_tiles = static_cast<int>(tiling::ceil_div(k, kBlockK));

    float acc[kMmaM][kMmaN][4] = {};

    // Prologue: the first kStages - 1 slices in flight.
#pragma unroll
    for (int s = 0; s < kStages - 1; ++s) {
        if (s < k_tiles)
            load_stage<kAligned>(stages[s], a, b, m, n, k, row0, col0,
                                 static_cast<std::int64_t>(s) * kBlockK);
        asm volatile("cp.async.commit_group;\n" ::);
    }

    for (int t = 0; t < k_tiles; ++t) {
        // Slice t has landed once at most kStages - 2 newer groups are still pending.
        asm volatile("cp.async.wait_group %0;\n" ::"n"(kStages - 2));
        __syncthreads();  // also: every warp is done with the stage about to be refilled
        const int next = t + kStages - 1;
        if (next < k_tiles) {
            load_stage<kAligned>(stages[next % kStages], a, b, m, n, k, row0, col0,
                                 static_cast<std::int64_t>(next) * kBlockK);
        }
        asm volatile("cp.async.commit_group;\n" ::);

        const SharedStage& stage = stages[t % kStages];
#pragma unroll
        for (int ks = 0; ks < kBlockK / 16; ++ks) {
            unsigned af[kMmaM][4];
            unsigned bf[kMmaN / 2][4];
#pragma unroll
            for (int i = 0; i < kMmaM; ++i) {
                const int row = warp_m * kWarpM + i * 16 + tiling::ldmatrix_a_row(lane);
                ldmatrix_x4(af[i], stage.a + swizzled(row, tiling::ldmatrix_a_chunk(lane, ks)));
            }
#pragma unroll
            for (int j = 0; j < kMmaN / 2; ++j) {
                // Two n8 tiles per ldmatrix.x4: {b0, b1} of tile 2j, then {b0, b1} of tile 2j + 1.
                const int row = warp_n * kWarpN + j * 16 + tiling::ldmatrix_b_row(lane);
                ldmatrix_x4(bf[j], stage.b + swizzled(row, tiling::ldmatrix_b_chunk(lane, ks)));
            }
#pragma unroll
            for (int i = 0; i < kMmaM; ++i) {
#pragma unroll
                for (int j = 0; j < kMmaN; ++j) {
                    mma_16816<T>(acc[i][j], af[i], bf[j / 2][(j % 2) * 2],
                                 bf[j / 2][(j % 2) * 2 + 1]);
                }
            }
        }
    }
    asm volatile("cp.async.wait_group 0;\n" ::);

    // Epilogue: the m16n8 accumulator holds rows lane/4 and lane/4 + 8, columns 2*(lane%4) + {0,1}.
#pragma unroll
    for (int i = 0; i < kMmaM; ++i) {
#pragma unroll
        for (int j = 0; j < kMmaN; ++j) {
#pragma unroll
            for (int v = 0; v < 4; ++v) {
                const std::int64_t row =
                    row0 + warp_m * kWarpM + i * 16 + tiling::mma_c_row(lane, v);
                const std::int64_t col =
                    col0 + warp_n * kWarpN + j * 8 + tiling::mma_c_col(lane, v);
                if (row < m && col < n) d[row + col * m] = from_float<T>(acc[i][j][v]);
            }
        }
    }
}

template <typename T>
OwnGemm make_for(const GemmSetup& setup, cudaStream_t stream, const char* type) {
    const Shape s = setup.shape;
    const auto blocks =
        static_cast<unsigned>(tiling::tile_grid(s.m, s.n, kBlockM, kBlockN).count());
    const bool aligned = tiling::rows_16_byte_aligned(s.k, 2);
    OwnGemm gemm;
    gemm.description =
        std::string("gemm_mma_sync ") + type +
        ": 128x128x32 block tile, 2x4 warps of 64x32, mma.sync.m16n8k16, ldmatrix.x4, "
        "XOR-swizzled shared memory, " +
        (aligned ? "3-stage cp.async pipeline" : "plain loads (K not a multiple of 8)") +
        ", grouped tile order";
    gemm.launch = [s, blocks, aligned, stream](const void* a, const void* b, void* d) {
        const auto* ea = static_cast<const Element*>(a);
        const auto* eb = static_cast<const Element*>(b);
        auto* ed = static_cast<T*>(d);
        if (aligned)
            gemm_mma_sync_kernel<T, true>
                <<<blocks, kThreads, 0, stream>>>(ea, eb, ed, s.m, s.n, s.k);
        else
            gemm_mma_sync_kernel<T, false>
                <<<blocks, kThreads, 0, stream>>>(ea, eb, ed, s.m, s.n, s.k);
        CHIPCOUNT_CUDA_CHECK_LAUNCH();
    };
    return gemm;
}

}  // namespace

OwnGemm make_gemm_mma_sync(const GemmSetup& setup, cudaStream_t stream) {
    if (setup.precision == Precision::kBf16) return make_for<__nv_bfloat16>(setup, stream, "bf16");
    return make_for<__half>(setup, stream, "fp16");
}

}  // namespace chipcount::kernels
