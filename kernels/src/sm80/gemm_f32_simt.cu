// SIMT fp32 GEMM (no tensor cores): the CUDA-core baseline, to set beside cuBLAS SGEMM.
//
// Technique (the SGEMM ladder of siboehm/SGEMM_CUDA, kernels 5-6): each 256-thread block computes
// a 128x128 tile of D, staging 128x16 slices of A and B in shared memory; each thread computes an
// 8x8 sub-tile from registers (64 FMAs per 16 shared-memory loads). Operands arrive K-contiguous
// (TN layout), so slices are loaded with 16-byte float4 reads and stored transposed (k-major) in
// shared memory, where the inner loop reads them as float4 again. Sizes that are not multiples of
// the tile are handled by guarded, zero-filled loads and guarded stores; K not divisible by 4
// takes the scalar load path.
#include "chipcount/kernels/tiling.hpp"
#include "common/cuda_check.hpp"
#include "sm80/own_kernels.hpp"

namespace chipcount::kernels {
namespace {

constexpr int kBlockM = 128;
constexpr int kBlockN = 128;
constexpr int kBlockK = 16;
constexpr int kThreadM = 8;
constexpr int kThreadN = 8;
constexpr int kThreads = (kBlockM / kThreadM) * (kBlockN / kThreadN);  // 256
constexpr int kGroup = 8;                                              // tile rows per L2 group

// Loads a kBlockM x kBlockK slice of a K-contiguous operand (rows from `row0`) into shared
// memory as [k][row], zero-filling past the matrix edge.
template <bool kVector>
__device__ void load_slice(const float* __restrict__ src, std::int64_t rows, std::int64_t k,
                           std::int64_t row0, std::int64_t k0, float (*dst)[kBlockM]) {
    if constexpr (kVector) {
        // 128 rows x 4 float4 = 512 vectors: two per thread.
        for (int v = threadIdx.x; v < kBlockM * (kBlockK / 4); v += kThreads) {
            const int r = v / (kBlockK / 4);
            const int c = (v % (kBlockK / 4)) * 4;
            float4 x = make_float4(0.f, 0.f, 0.f, 0.f);
            if (row0 + r < rows && k0 + c < k)
                x = *reinterpret_cast<const float4*>(src + (row0 + r) * k + k0 + c);
            dst[c + 0][r] = x.x;
            dst[c + 1][r] = x.y;
            dst[c + 2][r] = x.z;
            dst[c + 3][r] = x.w;
        }
    } else {
        for (int e = threadIdx.x; e < kBlockM * kBlockK; e += kThreads) {
            const int r = e / kBlockK;
            const int c = e % kBlockK;
            dst[c][r] = (row0 + r < rows && k0 + c < k) ? src[(row0 + r) * k + k0 + c] : 0.f;
        }
    }
}

template <bool kVector>
__global__ void __launch_bounds__(kThreads)
    gemm_f32_simt_kernel(const float* __restrict__ a, const float* __restrict__ b,
                         float* __restrict__ d, std::int64_t m, std::int64_t n, std::int64_t k) {
    __shared__ __align__(16) float as[kBlockK][kBlockM];
    __shared__ __align__(16) float bs[kBlockK][kBlockN];
    const tiling::TileGrid grid = tiling::tile_grid(m, n, kBlockM, kBlockN);
    const tiling::TileCoord tile = tiling::grouped_tile(blockIdx.x, grid, kGroup);
    const std::int64_t row0 = tile.row * kBlockM;
    const std::int64_t col0 = tile.col * kBlockN;
    const int ty = threadIdx.x / (kBlockN / kThreadN);  // which 8 rows of the tile
    const int tx = threadIdx.x % (kBlockN / kThreadN);  // which 8 columns

    float acc[kThreadM][kThreadN] = {};
    for (std::int64_t k0 = 0; k0 < k; k0 += kBlockK) {
        load_slice<kVector>(a, m, k, row0, k0, as);
        load_slice<kVector>(b, n, k, col0, k0, bs);
        __syncthreads();
#pragma unroll
        for (int kk = 0; kk < kBlockK; ++kk) {
            float ra[kThreadM], rb[kThreadN];
            const float4 a0 = *reinterpret_cast<const float4*>(&as[kk][ty * kThreadM]);
            const float4 a1 = *reinterpret_cast<const float4*>(&as[kk][ty * kThreadM + 4]);
            const float4 b0 = *reinterpret_cast<const float4*>(&bs[kk][tx * kThreadN]);
            const float4 b1 = *reinterpret_cast<const float4*>(&bs[kk][tx * kThreadN + 4]);
            ra[0] = a0.x;
            ra[1] = a0.y;
            ra[2] = a0.z;
            ra[3] = a0.w;
            ra[4] = a1.x;
            ra[5] = a1.y;
            ra[6] = a1.z;
            ra[7] = a1.w;
            rb[0] = b0.x;
            rb[1] = b0.y;
            rb[2] = b0.z;
            rb[3] = b0.w;
            rb[4] = b1.x;
            rb[5] = b1.y;
            rb[6] = b1.z;
            rb[7] = b1.w;
#pragma unroll
            for (int i = 0; i < kThreadM; ++i) {
#pragma unroll
                for (int j = 0; j < kThreadN; ++j) acc[i][j] = fmaf(ra[i], rb[j], acc[i][j]);
            }
        }
        __syncthreads();  // the next slice overwrites as/bs
    }
    // D is column-major: D(i, j) at d[i + j * m].
#pragma unroll
    for (int j = 0; j < kThreadN; ++j) {
        const std::int64_t col = col0 + tx * kThreadN + j;
        if (col >= n) continue;
#pragma unroll
        for (int i = 0; i < kThreadM; ++i) {
            const std::int64_t row = row0 + ty * kThreadM + i;
            if (row < m) d[row + col * m] = acc[i][j];
        }
    }
}

}  // namespace

OwnGemm make_gemm_f32_simt(const GemmSetup& setup, cudaStream_t stream) {
    const Shape s = setup.shape;
    const auto blocks =
        static_cast<unsigned>(tiling::tile_grid(s.m, s.n, kBlockM, kBlockN).count());
    const bool vector = tiling::rows_16_byte_aligned(s.k, sizeof(float));
    OwnGemm gemm;
    gemm.description = std::string("gemm_f32_simt: 128x128x16 block tile, 8x8 per thread, ") +
                       (vector ? "float4 loads" : "scalar loads (K not a multiple of 4)") +
                       ", grouped tile order";
    gemm.launch = [s, blocks, vector, stream](const void* a, const void* b, void* d) {
        const auto* fa = static_cast<const float*>(a);
        const auto* fb = static_cast<const float*>(b);
        auto* fd = static_cast<float*>(d);
        if (vector)
            gemm_f32_simt_kernel<true><<<blocks, kThreads, 0, stream>>>(fa, fb, fd, s.m, s.n, s.k);
        else
            gemm_f32_simt_kernel<false><<<blocks, kThreads, 0, stream>>>(fa, fb, fd, s.m, s.n, s.k);
        CHIPCOUNT_CUDA_CHECK_LAUNCH();
    };
    return gemm;
}

}  // namespace chipcount::kernels
