// Tile arithmetic shared by our GEMM kernels and tested on the CPU: the tile grid, the grouped
// tile order that keeps L2 reuse high, the shared-memory swizzle, and the alignment test that
// picks the vectorised load path. Plain C++ (host and device), no CUDA header.
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

// The 16-byte (cp.async / float4) path needs every row of a K-contiguous operand to start on a
// 16-byte boundary: K * element size must be a multiple of 16.
CHIPCOUNT_HOST_DEVICE constexpr bool rows_16_byte_aligned(std::int64_t k, int element_bytes) {
    return (k * element_bytes) % 16 == 0;
}

}  // namespace chipcount::kernels::tiling
