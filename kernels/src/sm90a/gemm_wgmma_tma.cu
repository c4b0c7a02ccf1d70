// Hopper GEMM (sm_90a only): bf16 or fp16 inputs, fp32 accumulation, written for the H100/H200.
//
// Technique (the steps of gemm-kernels.md §2.2, each a known gain over the one before):
// - TMA loads: one thread issues cp.async.bulk.tensor for a whole 128x64 slice of A and 256x64 of
//   B; the tensor maps use the 128-byte swizzle that wgmma reads without bank conflicts, and zero-
//   fill past the matrix edge (M, N and K need not be multiples of the tile).
// - A 4-stage shared-memory ring (48 KiB per stage) completed on mbarriers: "full" barriers count
//   the TMA bytes in, "empty" barriers count the consumers out; waits use phase parity.
// - Warp specialisation: warpgroup 0 produces (setmaxnreg 40 frees its registers), warpgroups 1
//   and 2 consume (setmaxnreg 232), each issuing wgmma.m64n256k16 for 64 rows of the 128x256 tile.
// - A persistent grid (one block per SM) walks the tiles in grouped order (tiling.hpp), so
//   neighbouring blocks share A and B panels in L2.
// - The epilogue does not stall the pipeline: the producer is already filling stages for the next
//   tile while the consumers write this tile's accumulators (guarded stores, column-major D).
// Rows of A and B must start on 16-byte boundaries for TMA: K must be a multiple of 8.
#include <cuda.h>
#include <cuda_bf16.h>
#include <cuda_fp16.h>

#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <type_traits>
#include <utility>

#include "chipcount/kernels/tiling.hpp"
#include "common/cuda_check.hpp"
#include "common/gemm_types.cuh"  // from_float<T>
#include "sm80/own_kernels.hpp"

#if defined(__CUDA_ARCH__) && !defined(__CUDA_ARCH_FEAT_SM90_ALL)
#error "gemm_wgmma_tma.cu must be compiled for sm_90a only"
#endif

namespace chipcount::kernels {
namespace {

constexpr int kBlockM = 128;
constexpr int kBlockN = 256;
constexpr int kBlockK = 64;  // 64 x 2 bytes = one 128-byte swizzle row
constexpr int kStages = 4;
constexpr int kConsumers = 2;                     // warpgroups 1 and 2
constexpr int kThreads = 128 * (1 + kConsumers);  // 384
constexpr int kGroup = 8;
// setmaxnreg: the producer warpgroup gives registers back, the consumers take them. The split
// balances only at a compiled count of 168 per thread (tiling::setmaxnreg_budget_fits), checked
// with cudaFuncGetAttributes before the first launch.
constexpr int kProducerRegisters = 40;
constexpr int kConsumerRegisters = 232;
constexpr tiling::RegisterSplit kRegisterSplit{128, kProducerRegisters, 128 * kConsumers,
                                               kConsumerRegisters};
constexpr int kExpectedRegisters = 168;
static_assert(tiling::setmaxnreg_budget_fits(kExpectedRegisters, kRegisterSplit));
constexpr int kStageABytes = kBlockM * kBlockK * 2;  // 16 KiB
constexpr int kStageBBytes = kBlockN * kBlockK * 2;  // 32 KiB
constexpr int kSharedBytes =
    kStages * (kStageABytes + kStageBBytes) + 2 * kStages * 8 + 1024;  // + barriers, alignment

__device__ inline std::uint32_t smem(const void* p) {
    return static_cast<std::uint32_t>(__cvta_generic_to_shared(p));
}

// --- mbarriers ---------------------------------------------------------------------------
__device__ inline void barrier_init(std::uint64_t* bar, int count) {
    asm volatile("mbarrier.init.shared::cta.b64 [%0], %1;\n" ::"r"(smem(bar)), "r"(count));
}
__device__ inline void barrier_expect_bytes(std::uint64_t* bar, int bytes) {
    asm volatile("mbarrier.arrive.expect_tx.shared::cta.b64 _, [%0], %1;\n" ::"r"(smem(bar)),
                 "r"(bytes));
}
__device__ inline void barrier_arrive(std::uint64_t* bar) {
    asm volatile("mbarrier.arrive.shared::cta.b64 _, [%0];\n" ::"r"(smem(bar)));
}
// Waits until the phase with this parity has completed.
__device__ inline void barrier_wait(std::uint64_t* bar, int parity) {
    asm volatile(
        "{\n"
        ".reg .pred done;\n"
        "wait_%=:\n"
        "mbarrier.try_wait.parity.shared::cta.b64 done, [%0], %1;\n"
        "@!done bra wait_%=;\n"
        "}\n" ::"r"(smem(bar)),
        "r"(parity));
}

// --- TMA -------------------------------------------------------------------------------
__device__ inline void tma_load_2d(void* dst, const CUtensorMap* map, int x, int y,
                                   std::uint64_t* bar) {
    asm volatile(
        "cp.async.bulk.tensor.2d.shared::cluster.global.mbarrier::complete_tx::bytes [%0], [%1, "
        "{%2, %3}], [%4];\n" ::"r"(smem(dst)),
        "l"(map), "r"(x), "r"(y), "r"(smem(bar))
        : "memory");
}

// --- wgmma -------------------------------------------------------------------------------
// Shared-memory matrix descriptor for a K-major tile with the 128-byte swizzle: start address,
// leading byte offset 16, stride byte offset 1024 (8 rows of 128 bytes), swizzle mode 1 (128B).
__device__ inline std::uint64_t descriptor(const void* p) {
    auto encode = [](std::uint64_t x) { return (x & 0x3FFFF) >> 4; };
    return encode(smem(p)) | (encode(16) << 16) | (encode(1024) << 32) | (1ull << 62);
}

// wgmma.m64n256k16 with fp32 accumulators: 128 registers per thread, D = A*B (+ D when
// scale_d is non-zero). One macro for both input types, so the long operand list exists once.
#define CHIPCOUNT_WGMMA_M64N256K16(TYPE)                                                          \
    asm volatile(                                                                                 \
        "{\n"                                                                                     \
        ".reg .pred p;\n"                                                                         \
        "setp.ne.b32 p, %130, 0;\n"                                                               \
        "wgmma.mma_async.sync.aligned.m64n256k16.f32." TYPE "." TYPE                              \
        " {"                                                                                      \
        "%0, %1, %2, %3, %4, %5, %6, %7, %8, %9, %10, %11, %12, %13, %14, %15, %16, %17, "        \
        "%18, %19, %20, %21, %22, %23, %24, %25, %26, %27, %28, %29, %30, %31, %32, %33, "        \
        "%34, %35, %36, %37, %38, %39, %40, %41, %42, %43, %44, %45, %46, %47, %48, %49, "        \
        "%50, %51, %52, %53, %54, %55, %56, %57, %58, %59, %60, %61, %62, %63, %64, %65, "        \
        "%66, %67, %68, %69, %70, %71, %72, %73, %74, %75, %76, %77, %78, %79, %80, %81, "        \
        "%82, %83, %84, %85, %86, %87, %88, %89, %90, %91, %92, %93, %94, %95, %96, %97, "        \
        "%98, %99, %100, %101, %102, %103, %104, %105, %106, %107, %108, %109, %110, "            \
        "%111, %112, %113, %114, %115, %116, %117, %118, %119, %120, %121, %122, %123, "          \
        "%124, %125, %126, %127"                                                                  \
        "}, %128, %129, p, 1, 1, 0, 0;\n"                                                         \
        "}\n"                                                                                     \
        : "+f"(d[0]), "+f"(d[1]), "+f"(d[2]), "+f"(d[3]), "+f"(d[4]), "+f"(d[5]), "+f"(d[6]),     \
          "+f"(d[7]), "+f"(d[8]), "+f"(d[9]), "+f"(d[10]), "+f"(d[11]), "+f"(d[12]), "+f"(d[13]), \
          "+f"(d[14]), "+f"(d[15]), "+f"(d[16]), "+f"(d[17]), "+f"(d[18]), "+f"(d[19]),           \
          "+f"(d[20]), "+f"(d[21]), "+f"(d[22]), "+f"(d[23]), "+f"(d[24]), "+f"(d[25]),           \
          "+f"(d[26]), "+f"(d[27]), "+f"(d[28]), "+f"(d[29]), "+f"(d[30]), "+f"(d[31]),           \
          "+f"(d[32]), "+f"(d[33]), "+f"(d[34]), "+f"(d[35]), "+f"(d[36]), "+f"(d[37]),           \
          "+f"(d[38]), "+f"(d[39]), "+f"(d[40]), "+f"(d[41]), "+f"(d[42]), "+f"(d[43]),           \
          "+f"(d[44]), "+f"(d[45]), "+f"(d[46]), "+f"(d[47]), "+f"(d[48]), "+f"(d[49]),           \
          "+f"(d[50]), "+f"(d[51]), "+f"(d[52]), "+f"(d[53]), "+f"(d[54]), "+f"(d[55]),           \
          "+f"(d[56]), "+f"(d[57]), "+f"(d[58]), "+f"(d[59]), "+f"(d[60]), "+f"(d[61]),           \
          "+f"(d[62]), "+f"(d[63]), "+f"(d[64]), "+f"(d[65]), "+f"(d[66]), "+f"(d[67]),           \
          "+f"(d[68]), "+f"(d[69]), "+f"(d[70]), "+f"(d[71]), "+f"(d[72]), "+f"(d[73]),           \
          "+f"(d[74]), "+f"(d[75]), "+f"(d[76]), "+f"(d[77]), "+f"(d[78]), "+f"(d[79]),           \
          "+f"(d[80]), "+f"(d[81]), "+f"(d[82]), "+f"(d[83]), "+f"(d[84]), "+f"(d[85]),           \
          "+f"(d[86]), "+f"(d[87]), "+f"(d[88]), "+f"(d[89]), "+f"(d[90]), "+f"(d[91]),           \
          "+f"(d[92]), "+f"(d[93]), "+f"(d[94]), "+f"(d[95]), "+f"(d[96]), "+f"(d[97]),           \
          "+f"(d[98]), "+f"(d[99]), "+f"(d[100]), "+f"(d[101]), "+f"(d[102]), "+f"(d[103]),       \
          "+f"(d[104]), "+f"(d[105]), "+f"(d[106]), "+f"(d[107]), "+f"(d[108]), "+f"(d[109]),     \
          "+f"(d[110]), "+f"(d[111]), "+f"(d[112]), "+f"(d[113]), "+f"(d[114]), "+f"(d[115]),     \
          "+f"(d[116]), "+f"(d[117]), "+f"(d[118]), "+f"(d[119]), "+f"(d[120]), "+f"(d[121]),     \
          "+f"(d[122]), "+f"(d[123]), "+f"(d[124]), "+f"(d[125]), "+f"(d[126]), "+f"(d[127])      \
        : "l"(desc_a), "l"(desc_b), "r"(scale_d))

template <typename T>
__device__ inline void wgmma_m64n256k16(float (&d)[128], std::uint64_t desc_a, std::uint64_t desc_b,
                                        int scale_d) {
    if constexpr (std::is_same_v<T, __nv_bfloat16>) {
        CHIPCOUNT_WGMMA_M64N256K16("bf16");
    } else {
        CHIPCOUNT_WGMMA_M64N256K16("f16");
    }
}

__device__ inline void wgmma_fence() {
    asm volatile("wgmma.fence.sync.aligned;\n" ::: "memory");
}
__device__ inline void wgmma_commit() {
    asm volatile("wgmma.commit_group.sync.aligned;\n" ::: "memory");
}
__device__ inline void wgmma_wait_all() {
    asm volatile("wgmma.wait_group.sync.aligned 0;\n" ::: "memory");
}

template <int kRegisters>
__device__ inline void registers_decrease() {
    asm volatile("setmaxnreg.dec.sync.aligned.u32 %0;\n" ::"n"(kRegisters));
}
template <int kRegisters>
__device__ inline void registers_increase() {
    asm volatile("setmaxnreg.inc.sync.aligned.u32 %0;\n" ::"n"(kRegisters));
}

template <typename T>
__global__ void __launch_bounds__(kThreads, 1)
    gemm_wgmma_tma_kernel(const __grid_constant__ CUtensorMap map_a,
                          const __grid_constant__ CUtensorMap map_b, T* d, std::int64_t m,
                          std::int64_t n, std::int64_t k) {
    extern __shared__ unsigned char raw_shared[];
    // The 128-byte swizzle repeats every 1024 bytes: stage buffers start on 1024-byte boundaries.
    unsigned char* base = reinterpret_cast<unsigned char*>(
        (reinterpret_cast<std::uintptr_t>(raw_shared) + 1023) & ~std::uintptr_t{1023});
    unsigned char* stage_a = base;
    unsigned char* stage_b = base + kStages * kStageABytes;
    auto* full = reinterpret_cast<std::uint64_t*>(stage_b + kStages * kStageBBytes);
    std::uint64_t* empty = full + kStages;

    const int warpgroup = threadIdx.x / 128;
    if (threadIdx.x == 0) {
        for (int s = 0; s < kStages; ++s) {
            barrier_init(&full[s], 1);            // the producer's expect_tx arrival
            barrier_init(&empty[s], kConsumers);  // one arrival per consumer warpgroup
        }
        asm volatile("fence.mbarrier_init.release.cluster;\n" ::: "memory");
    }
    __syncthreads();

    const tiling::TileGrid grid = tiling::tile_grid(m, n, kBlockM, kBlockN);
    const int k_tiles = static_cast<int>(tiling::ceil_div(k, kBlockK));

    if (warpgroup == 0) {
        registers_decrease<kProducerRegisters>();
        if (threadIdx.x == 0) {
            int stage = 0;
            int phase = 0;
            for (std::int64_t t = blockIdx.x; t < grid.count(); t += gridDim.x) {
                const tiling::TileCoord tile = tiling::grouped_tile(t, grid, kGroup);
                for (int kt = 0; kt < k_tiles; ++kt) {
                    barrier_wait(&empty[stage],
                                 phase ^ 1);  // the first pass finds every stage free
                    barrier_expect_bytes(&full[stage], kStageABytes + kStageBBytes);
                    tma_load_2d(stage_a + stage * kStageABytes, &map_a, kt * kBlockK,
                                static_cast<int>(tile.row * kBlockM), &full[stage]);
                    tma_load_2d(stage_b + stage * kStageBBytes, &map_b, kt * kBlockK,
                                static_cast<int>(tile.col * kBlockN), &full[stage]);
                    if (++stage == kStages) {
                        stage = 0;
                        phase ^= 1;
                    }
                }
            }
        }
        return;
    }

    registers_increase<kConsumerRegisters>();
    const int consumer = warpgroup - 1;  // rows 64 * consumer .. + 63 of the block tile
    const int lane = threadIdx.x % 32;
    const int warp = (threadIdx.x % 128) / 32;
    int stage = 0;
    int phase = 0;
    float acc[128];
    for (std::int64_t t = blockIdx.x; t < grid.count(); t += gridDim.x) {
        const tiling::TileCoord tile = tiling::grouped_tile(t, grid, kGroup);
        for (int kt = 0; kt < k_tiles; ++kt) {
            barrier_wait(&full[stage], phase);
            const unsigned char* a =
                stage_a + stage * kStageABytes + consumer * 64 * 128;  // 64 rows of 128 bytes
            const unsigned char* b = stage_b + stage * kStageBBytes;
            wgmma_fence();
#pragma unroll
            for (int ks = 0; ks < kBlockK / 16; ++ks) {
                // Each 16-wide K step is 32 bytes further along the swizzled 128-byte rows.
                wgmma_m64n256k16<T>(acc, descriptor(a + ks * 32), descriptor(b + ks * 32),
                                    (kt > 0 || ks > 0) ? 1 : 0);
            }
            wgmma_commit();
            wgmma_wait_all();
            if (threadIdx.x % 128 == 0) barrier_arrive(&empty[stage]);
            if (++stage == kStages) {
                stage = 0;
                phase ^= 1;
            }
        }
        // Epilogue, while the producer already loads the next tile: each n8 block j of the
        // accumulator holds rows (16 warp + lane/4, +8) and columns 8j + 2(lane%4) + {0,1}.
        const std::int64_t row_base = tile.row * kBlockM + consumer * 64 + warp * 16 + lane / 4;
        const std::int64_t col_base = tile.col * kBlockN + 2 * (lane % 4);
#pragma unroll
        for (int j = 0; j < kBlockN / 8; ++j) {
#pragma unroll
            for (int v = 0; v < 4; ++v) {
                const std::int64_t row = row_base + (v / 2) * 8;
                const std::int64_t col = col_base + j * 8 + v % 2;
                if (row < m && col < n) d[row + col * m] = from_float<T>(acc[j * 4 + v]);
            }
        }
    }
}

using EncodeTiled = CUresult (*)(CUtensorMap*, CUtensorMapDataType, cuuint32_t, void*,
                                 const cuuint64_t*, const cuuint64_t*, const cuuint32_t*,
                                 const cuuint32_t*, CUtensorMapInterleave, CUtensorMapSwizzle,
                                 CUtensorMapL2promotion, CUtensorMapFloatOOBfill);

// cuTensorMapEncodeTiled lives in the driver library; fetched through the runtime so the binary
// does not link libcuda (it still starts on machines without a driver).
EncodeTiled encode_tiled() {
    static EncodeTiled fn = [] {
        void* symbol = nullptr;
        cudaDriverEntryPointQueryResult status{};
        CHIPCOUNT_CUDA_CHECK(cudaGetDriverEntryPointByVersion("cuTensorMapEncodeTiled", &symbol,
                                                              12000, cudaEnableDefault, &status));
        if (status != cudaDriverEntryPointSuccess || symbol == nullptr)
            throw KernelError("cuTensorMapEncodeTiled is not available");
        return reinterpret_cast<EncodeTiled>(symbol);
    }();
    return fn;
}

// A K-contiguous rows x k operand as a 2D tensor map with boxes of box_rows x 64.
CUtensorMap tensor_map(const void* data, std::int64_t rows, std::int64_t k, int box_rows,
                       CUtensorMapDataType type) {
    CUtensorMap map{};
    const cuuint64_t dims[2] = {static_cast<cuuint64_t>(k), static_cast<cuuint64_t>(rows)};
    const cuuint64_t strides[1] = {static_cast<cuuint64_t>(k) * 2};
    const cuuint32_t box[2] = {kBlockK, static_cast<cuuint32_t>(box_rows)};
    const cuuint32_t element_strides[2] = {1, 1};
    const CUresult rc =
        encode_tiled()(&map, type, 2, const_cast<void*>(data), dims, strides, box, element_strides,
                       CU_TENSOR_MAP_INTERLEAVE_NONE, CU_TENSOR_MAP_SWIZZLE_128B,
                       CU_TENSOR_MAP_L2_PROMOTION_L2_256B, CU_TENSOR_MAP_FLOAT_OOB_FILL_NONE);
    if (rc != CUDA_SUCCESS)
        throw KernelError("cuTensorMapEncodeTiled failed with CUresult " +
                          std::to_string(static_cast<int>(rc)));
    return map;
}

// Refuses a build whose register count breaks the setmaxnreg split: too few and the consumers'
// setmaxnreg.inc hangs the GPU, too many and the block cannot launch; spills would mean ptxas
// squeezed the kernel. Once per GemmBench, before any launch.
template <typename T>
void check_register_budget(const char* name) {
    cudaFuncAttributes attributes{};
    CHIPCOUNT_CUDA_CHECK(cudaFuncGetAttributes(&attributes, gemm_wgmma_tma_kernel<T>));
    if (!tiling::setmaxnreg_budget_fits(attributes.numRegs, kRegisterSplit)) {
        throw KernelError(
            std::string("gemm_wgmma_tma ") + name + " was compiled to " +
            std::to_string(attributes.numRegs) + " registers per thread; setmaxnreg " +
            std::to_string(kProducerRegisters) + "/" + std::to_string(kConsumerRegisters) +
            " balances only at " + std::to_string(kExpectedRegisters) +
            " (x 384 threads = 64512): fewer and setmaxnreg.inc would hang waiting for registers, "
            "more and the block cannot launch; refusing to run it");
    }
    if (attributes.localSizeBytes > 0) {
        throw KernelError(std::string("gemm_wgmma_tma ") + name + " spills " +
                          std::to_string(attributes.localSizeBytes) +
                          " bytes of local memory per thread at " +
                          std::to_string(attributes.numRegs) +
                          " registers: the build is not the one the register budget assumes");
    }
}

template <typename T>
OwnGemm make_for(const GemmSetup& setup, cudaStream_t stream, CUtensorMapDataType type,
                 const char* name) {
    const Shape s = setup.shape;
    check_register_budget<T>(name);
    int sms = 0;
    CHIPCOUNT_CUDA_CHECK(
        cudaDeviceGetAttribute(&sms, cudaDevAttrMultiProcessorCount, setup.device));
    CHIPCOUNT_CUDA_CHECK(cudaFuncSetAttribute(
        gemm_wgmma_tma_kernel<T>, cudaFuncAttributeMaxDynamicSharedMemorySize, kSharedBytes));
    const std::int64_t tiles = tiling::tile_grid(s.m, s.n, kBlockM, kBlockN).count();
    const auto blocks = static_cast<unsigned>(tiles < sms ? tiles : sms);
    // Tensor maps embed the operand addresses: one pair per buffer set, made on first use.
    auto maps = std::make_shared<
        std::map<std::pair<const void*, const void*>, std::pair<CUtensorMap, CUtensorMap>>>();
    OwnGemm gemm;
    gemm.description = std::string("gemm_wgmma_tma ") + name +
                       ": 128x256x64 tile, TMA with 128B swizzle into a 4-stage mbarrier ring, 1 "
                       "producer + 2 consumer "
                       "warpgroups (setmaxnreg 40/232), wgmma.m64n256k16, persistent grid of " +
                       std::to_string(blocks) + " blocks in grouped tile order";
    gemm.launch = [s, blocks, stream, type, maps](const void* a, const void* b, void* d) {
        auto it = maps->find({a, b});
        if (it == maps->end()) {
            it = maps->emplace(std::make_pair(a, b),
                               std::make_pair(tensor_map(a, s.m, s.k, kBlockM, type),
                                              tensor_map(b, s.n, s.k, kBlockN, type)))
                     .first;
        }
        gemm_wgmma_tma_kernel<T><<<blocks, kThreads, kSharedBytes, stream>>>(
            it->second.first, it->second.second, static_cast<T*>(d), s.m, s.n, s.k);
        CHIPCOUNT_CUDA_CHECK_LAUNCH();
    };
    return gemm;
}

}  // namespace

Support wgmma_tma_supported(const GemmSetup& setup) {
    if (!tiling::rows_16_byte_aligned(setup.shape.k, 2)) {
        return {
            false,
            "wgmma_tma loads with TMA, which needs 16-byte row strides: K must be a multiple of 8"};
    }
    if (setup.shape.m > (std::int64_t{1} << 31) || setup.shape.n > (std::int64_t{1} << 31)) {
        return {false, "wgmma_tma: M and N must fit TMA's 32-bit coordinates"};
    }
    return {true, {}};
}

OwnGemm make_gemm_wgmma_tma(const GemmSetup& setup, cudaStream_t stream) {
    if (setup.precision == Precision::kBf16)
        return make_for<__nv_bfloat16>(setup, stream, CU_TENSOR_MAP_DATA_TYPE_BFLOAT16, "bf16");
    return make_for<__half>(setup, stream, CU_TENSOR_MAP_DATA_TYPE_FLOAT16, "fp16");
}

}  // namespace chipcount::kernels
