// The GEMM kernels' tile arithmetic, on the CPU: every output element belongs to exactly one
// tile, the grouped (persistent-scheduler) order visits every tile exactly once, the shared-
// memory swizzle is conflict-free for ldmatrix, and odd sizes pick the safe load paths.
#include <gtest/gtest.h>

#include <set>
#include <vector>

#include "chipcount/kernels/tiling.hpp"

namespace chipcount::kernels::tiling {
namespace {

TEST(Tiling, GridCoversOddSizes) {
    struct Case {
        std::int64_t m, n;
        int tm, tn;
        std::int64_t tiles_m, tiles_n;
    };
    for (const Case c : {Case{1000, 1000, 128, 128, 8, 8}, Case{8191, 8193, 128, 128, 64, 65},
                         Case{8191, 8193, 128, 256, 64, 33}, Case{8192, 8192, 128, 256, 64, 32},
                         Case{1, 1, 128, 128, 1, 1}}) {
        const TileGrid g = tile_grid(c.m, c.n, c.tm, c.tn);
        EXPECT_EQ(g.tiles_m, c.tiles_m);
        EXPECT_EQ(g.tiles_n, c.tiles_n);
        // The last tile row/column reaches past the edge by less than one tile: no element is
        // missed.
        EXPECT_GE(g.tiles_m * c.tm, c.m);
        EXPECT_LT((g.tiles_m - 1) * c.tm, c.m);
        EXPECT_GE(g.tiles_n * c.tn, c.n);
        EXPECT_LT((g.tiles_n - 1) * c.tn, c.n);
    }
}

TEST(Tiling, EveryElementInExactlyOneTile) {
    // Small enough to enumerate: 300 x 515 with 128 x 256 tiles.
    const std::int64_t m = 300, n = 515;
    const TileGrid g = tile_grid(m, n, 128, 256);
    std::vector<int> owners(static_cast<std::size_t>(m * n), 0);
    for (std::int64_t t = 0; t < g.count(); ++t) {
        const TileCoord tile = grouped_tile(t, g, 8);
        for (std::int64_t i = tile.row * 128; i < std::min(m, (tile.row + 1) * 128); ++i) {
            for (std::int64_t j = tile.col * 256; j < std::min(n, (tile.col + 1) * 256); ++j)
                ++owners[static_cast<std::size_t>(i + j * m)];
        }
    }
    for (const int o : owners) ASSERT_EQ(o, 1);
}

TEST(Tiling, GroupedOrderVisitsEveryTileOnce) {
    for (const auto& [tm, tn] : std::vector<std::pair<std::int64_t, std::int64_t>>{
             {64, 32}, {64, 65}, {7, 3}, {1, 9}, {33, 1}, {13, 17}}) {
        for (const int group : {1, 4, 8, 16, 100}) {
            const TileGrid g{tm, tn};
            std::set<std::pair<std::int64_t, std::int64_t>> seen;
            for (std::int64_t t = 0; t < g.count(); ++t) {
                const TileCoord c = grouped_tile(t, g, group);
                ASSERT_GE(c.row, 0);
                ASSERT_LT(c.row, tm);
                ASSERT_GE(c.col, 0);
                ASSERT_LT(c.col, tn);
                ASSERT_TRUE(seen.emplace(c.row, c.col).second)
                    << "tile visited twice: " << c.row << "," << c.col;
            }
            EXPECT_EQ(static_cast<std::int64_t>(seen.size()), g.count());
        }
    }
}

TEST(Tiling, PersistentBlocksSplitTheTilesWithoutOverlap) {
    // A persistent grid of 132 blocks, each taking tiles t = block, block + 132, ...
    const TileGrid g = tile_grid(16384, 4096, 128, 256);
    std::vector<int> visits(static_cast<std::size_t>(g.count()), 0);
    for (std::int64_t block = 0; block < 132; ++block) {
        for (std::int64_t t = block; t < g.count(); t += 132) {
            const TileCoord c = grouped_tile(t, g, 8);
            ++visits[static_cast<std::size_t>(c.row * g.tiles_n + c.col)];
        }
    }
    for (const int v : visits) ASSERT_EQ(v, 1);
}

TEST(Tiling, GroupedOrderKeepsNeighboursClose) {
    // The first 8 * tiles_n indices stay within the first 8 tile rows (the L2 reuse it exists for).
    const TileGrid g{64, 32};
    for (std::int64_t t = 0; t < 8 * g.tiles_n; ++t) EXPECT_LT(grouped_tile(t, g, 8).row, 8);
}

TEST(Tiling, SwizzleIsConflictFreeForLdmatrix) {
    // 64-byte rows of four 16-byte chunks; shared memory has 8 bank groups of 16 bytes per 128
    // bytes.
    for (int first = 0; first < 128; first += 8) {
        for (int chunk = 0; chunk < 4; ++chunk) {
            std::set<int> groups;
            for (int row = first; row < first + 8; ++row)
                groups.insert((row * 4 + swizzle_chunk_4(row, chunk)) % 8);
            EXPECT_EQ(groups.size(), 8u) << "rows " << first << "+ chunk " << chunk;
        }
    }
    for (int row = 0; row < 16; ++row) {
        std::set<int> chunks;
        for (int chunk = 0; chunk < 4; ++chunk) chunks.insert(swizzle_chunk_4(row, chunk));
        EXPECT_EQ(chunks.size(), 4u);  // a permutation of the row's chunks: nothing overwritten
    }
}

TEST(Tiling, AlignmentPicksTheLoadPath) {
    EXPECT_TRUE(rows_16_byte_aligned(8192, 2));
    EXPECT_TRUE(rows_16_byte_aligned(1000, 2));   // 2000 bytes
    EXPECT_FALSE(rows_16_byte_aligned(1025, 2));  // 8191x8193x1025 takes the plain path
    EXPECT_TRUE(rows_16_byte_aligned(1028, 4));   // fp32: float4 loads
    EXPECT_FALSE(rows_16_byte_aligned(1025, 4));
    EXPECT_EQ(ceil_div(1025, 32), 33);
}

}  // namespace
}  // namespace chipcount::kernels::tiling
