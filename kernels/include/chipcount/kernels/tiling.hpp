// Tile arithmetic shared by our GEMM kernels and tested on the CPU: the tile grid, the grouped
// tile order that keeps L2 reuse high, the shared-memory swizzle, the alignment test that
// picks the vectorised load path, and the setmaxnreg register budget. Plain C++ (host and device), no CUDA header.
#pragma once
#include <cstdint>

#if defined(__CUDACC__)
#define CHIPCOUNT_HOST_DEVICE __host__ __device__
#else
#define CHIPCOUNT_HOST_DEVICE
#endif

namespace chipcount::kernels::tiling {

CHIPCOUNT_HOST_DEVICE constexpr std::int64_t ceil_div(std::int64_t a, std::int64_t b) {
    return (a + b - 1) / b;
}

struct TileGrid {
    std::int64_t tiles_m = 0;
    std::int64_t tiles_n = 0;
    CHIPCOUNT_HOST_DEVICE constexpr std::int64_t count() const { return tiles_m * tiles_n; }
};

// Tiles of tile_m x tile_n covering an m x n output; the last row and column of tiles may be
// partial (the kernels guard every load and store).
CHIPCOUNT_HOST_DEVICE constexpr TileGrid tile_grid(std::int64_t m, std::int64_t n, int tile_m,
                                                   int tile_n) {
    return {ceil_div(m, tile_m), ceil_div(n, tile_n)};
}

struct TileCoord {
    std::int64_t row = 0;  // tile row (along M)
    std::int64_t col = 0;  // tile column (along N)
};

// Grouped order: consecutive indices walk down `group` tile rows before moving one column right,
// so the blocks running at the same time share panels of A and B in L2. A bijection from
// [0, grid.count()) onto the grid, for any group >= 1 (the last group may be shorter).
CHIPCOUNT_HOST_DEVICE constexpr TileCoord grouped_tile(std::int64_t index, TileGrid grid,
                                                       int group) {
    const std::int64_t per_group = static_cast<std::int64_t>(group) * grid.tiles_n;
    const std::int64_t group_id = index / per_group;
    const std::int64_t first_row = group_id * group;
    const std::int64_t rows = grid.tiles_m - first_row < group ? grid.tiles_m - first_row : group;
    const std::int64_t within = index % per_group;
    return {first_row + within % rows, within / rows};
}

// Shared-memory rows of four 16-byte chunks (32 bf16/fp16 values) are read by ldmatrix eight
// rows at a time at the same logical chunk. Without a swizzle those eight reads hit only two
// distinct 16-byte bank groups; XOR-ing the chunk with bits 1-2 of the row spreads them over all
// eight, so ldmatrix runs without bank conflicts.
CHIPCOUNT_HOST_DEVICE constexpr int swizzle_chunk_4(int row, int chunk) {
    return chunk ^ ((row >> 1) & 3);
}

// Element offset of 16-byte chunk `chunk` of row `row` in a tile of 32-element (64-byte) rows.
CHIPCOUNT_HOST_DEVICE constexpr int swizzled_offset_32(int row, int chunk) {
    return row * 32 + swizzle_chunk_4(row, chunk) * 8;
}

// The 16-byte (cp.async / float4) path needs every row of a K-contiguous operand to start on a
// 16-byte boundary: K * element size must be a multiple of 16.
CHIPCOUNT_HOST_DEVICE constexpr bool rows_16_byte_aligned(std::int64_t k, int element_bytes) {
    return (k * element_bytes) % 16 == 0;
}

// setmaxnreg moves registers between the warpgroups of a block that already holds them: the
// block is launched with its compiled count per thread, then `producer_threads` drop to
// `producer_registers` and `consumer_threads` rise to `consumer_registers`. That works only when
// (1) the launch fits the SM's register file, else the kernel cannot launch at all, and (2) the
// registers the block holds cover the redistributed total, else setmaxnreg.inc waits forever for
// registers that never come free (a hang, not an error). The hardware allocates registers per
// warp in units of 256, i.e. per thread in steps of 8, so the compiled count is rounded up first.
struct RegisterSplit {
    int producer_threads;
    int producer_registers;
    int consumer_threads;
    int consumer_registers;
    CHIPCOUNT_HOST_DEVICE constexpr int threads() const {
        return producer_threads + consumer_threads;
    }
    CHIPCOUNT_HOST_DEVICE constexpr std::int64_t redistributed() const {
        return std::int64_t{producer_threads} * producer_registers +
               std::int64_t{consumer_threads} * consumer_registers;
    }
};

inline constexpr int kRegisterAllocationStep = 8;       // registers per thread (256 per warp)
inline constexpr std::int64_t kSmRegisters = 64 * 1024;  // 32-bit registers per SM (sm_80-sm_90)

CHIPCOUNT_HOST_DEVICE constexpr int allocated_registers(int compiled_registers) {
    return static_cast<int>(ceil_div(compiled_registers, kRegisterAllocationStep)) *
           kRegisterAllocationStep;
}

// Whether a kernel compiled to `compiled_registers` per thread can run `split`.
CHIPCOUNT_HOST_DEVICE constexpr bool setmaxnreg_budget_fits(int compiled_registers,
                                                            RegisterSplit split,
                                                            std::int64_t sm_registers = kSmRegisters) {
    const std::int64_t launched =
        std::int64_t{allocated_registers(compiled_registers)} * split.threads();
    return compiled_registers > 0 && launched <= sm_registers && split.redistributed() <= launched;
}

// Fragment addressing of the mma.sync kernel, kept here so that the CPU tests can replay it
// against the PTX fragment layouts (tests/core/tiling_test.cpp).
//
// ldmatrix.x4 of a 16x16 A block: lanes 0-15 give rows 0-15 at k 0-7, lanes 16-31 the same rows
// at k 8-15, so the four 8x8 matrices come back in the order mma.m16n8k16 wants {a0, a1, a2, a3}.
CHIPCOUNT_HOST_DEVICE constexpr int ldmatrix_a_row(int lane) {
    return lane % 16;
}
CHIPCOUNT_HOST_DEVICE constexpr int ldmatrix_a_chunk(int lane, int k_step) {
    return k_step * 2 + lane / 16;
}
// ldmatrix.x4 of B stored n-major (16 n x 16 k): the four matrices are {b0, b1} of n 0-7, then
// {b0, b1} of n 8-15.
CHIPCOUNT_HOST_DEVICE constexpr int ldmatrix_b_row(int lane) {
    return lane % 8 + (lane / 16) * 8;
}
CHIPCOUNT_HOST_DEVICE constexpr int ldmatrix_b_chunk(int lane, int k_step) {
    return k_step * 2 + (lane / 8) % 2;
}
// Accumulator v (0-3) of a lane in an m16n8 tile.
CHIPCOUNT_HOST_DEVICE constexpr int mma_c_row(int lane, int v) {
    return lane / 4 + (v / 2) * 8;
}
CHIPCOUNT_HOST_DEVICE constexpr int mma_c_col(int lane, int v) {
    return (lane % 4) * 2 + v % 2;
}

}  // namespace chipcount::kernels::tiling
