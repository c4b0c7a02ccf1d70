// The GEMM kernels' tile arithmetic, on the CPU: every output element belongs to exactly one
// tile, the grouped (persistent-scheduler) order visits every tile exactly once, the shared-
// memory swizzle is conflict-free for ldmatrix, and odd sizes pick the safe load paths.
#include <gtest/gtest.h>

#include <array>
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

TEST(Tiling, SetmaxnregBudgetOfTheHopperKernel) {
    // gemm_wgmma_tma: 1 producer warpgroup at 40 registers, 2 consumer warpgroups at 232.
    constexpr RegisterSplit hopper{128, 40, 256, 232};
    static_assert(setmaxnreg_budget_fits(168, hopper));  // usable in constant expressions
    EXPECT_EQ(hopper.threads(), 384);
    // The arithmetic by hand: 128*40 + 256*232 = 5120 + 59392 = 64512 = 168 * 384 <= 65536.
    EXPECT_EQ(hopper.redistributed(), 64512);
    EXPECT_EQ(168 * 384, 64512);
    EXPECT_TRUE(setmaxnreg_budget_fits(168, hopper));
    // 160 * 384 = 61440 < 64512: the consumers' setmaxnreg.inc would wait forever.
    EXPECT_LT(160 * 384, 64512);
    EXPECT_FALSE(setmaxnreg_budget_fits(160, hopper));
    // 176 * 384 = 67584 > 65536: the block cannot launch.
    EXPECT_GT(176 * 384, 65536);
    EXPECT_FALSE(setmaxnreg_budget_fits(176, hopper));
    // Registers come in steps of 8 per thread: 161-168 all hold 168; 169 holds 176.
    EXPECT_EQ(allocated_registers(161), 168);
    EXPECT_TRUE(setmaxnreg_budget_fits(161, hopper));
    EXPECT_FALSE(setmaxnreg_budget_fits(169, hopper));
    EXPECT_FALSE(setmaxnreg_budget_fits(0, hopper));
    // A smaller register file refuses what fits 64K.
    EXPECT_FALSE(setmaxnreg_budget_fits(168, hopper, 32 * 1024));
    // No redistribution at all: any count that launches fits.
    EXPECT_TRUE(setmaxnreg_budget_fits(64, RegisterSplit{128, 64, 128, 64}));
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

namespace chipcount::kernels::tiling {
namespace {

// Replays the mma.sync kernel's shared-memory layout and fragment addressing on the CPU, using
// the PTX ISA's definitions of ldmatrix.x4 and mma.m16n8k16 (row.col) fragments as the ground
// truth, and checks that the block tile it produces is A * B^T, each element written once.
TEST(MmaSyncFragments, ReplayOfOneBlockTileIsTheProduct) {
    constexpr int kM = 128, kN = 128, kK = 32;  // the kernel's block tile and K slice
    std::vector<int> a(kM * kK), b(kN * kK);    // K-contiguous, as in global memory
    for (int i = 0; i < kM * kK; ++i) a[i] = (i * 7 + 3) % 11 - 5;
    for (int i = 0; i < kN * kK; ++i) b[i] = (i * 5 + 1) % 13 - 6;
    // Shared memory as load_stage writes it: chunk c of row r at swizzled_offset_32(r, c).
    std::vector<int> sa(kM * kK), sb(kN * kK);
    for (int r = 0; r < kM; ++r) {
        for (int c = 0; c < 4; ++c) {
            for (int e = 0; e < 8; ++e) {
                sa[swizzled_offset_32(r, c) + e] = a[r * kK + c * 8 + e];
                sb[swizzled_offset_32(r, c) + e] = b[r * kK + c * 8 + e];
            }
        }
    }
    // ldmatrix.x4: lanes 8q..8q+7 give the row addresses of matrix q; lane t receives, from each
    // matrix q, row t/4, columns 2(t%4) and 2(t%4)+1 (one 32-bit register of two b16 values).
    using Fragment = std::array<std::array<std::array<int, 2>, 4>, 32>;  // [lane][register][half]
    auto ldmatrix = [](const std::vector<int>& smem, const std::array<int, 32>& address) {
        Fragment f{};
        for (int t = 0; t < 32; ++t) {
            for (int q = 0; q < 4; ++q) {
                const int row_address = address[q * 8 + t / 4];
                f[t][q] = {smem[row_address + 2 * (t % 4)], smem[row_address + 2 * (t % 4) + 1]};
            }
        }
        return f;
    };
    std::vector<int> d(kM * kN, 0), writes(kM * kN, 0);
    for (int warp_m = 0; warp_m < 2; ++warp_m) {
        for (int warp_n = 0; warp_n < 4; ++warp_n) {
            int acc[4][4][32][4] = {};  // [m16 tile][n8 tile][lane][register]
            for (int ks = 0; ks < 2; ++ks) {
                for (int i = 0; i < 4; ++i) {
                    std::array<int, 32> address_a{};
                    for (int l = 0; l < 32; ++l) {
                        address_a[l] = swizzled_offset_32(warp_m * 64 + i * 16 + ldmatrix_a_row(l),
                                                          ldmatrix_a_chunk(l, ks));
                    }
                    const Fragment fa = ldmatrix(sa, address_a);
                    for (int j = 0; j < 4; ++j) {
                        std::array<int, 32> address_b{};
                        for (int l = 0; l < 32; ++l) {
                            address_b[l] =
                                swizzled_offset_32(warp_n * 32 + (j / 2) * 16 + ldmatrix_b_row(l),
                                                   ldmatrix_b_chunk(l, ks));
                        }
                        const Fragment fb = ldmatrix(sb, address_b);
                        // mma.m16n8k16.row.col per the PTX fragment layouts (g = lane/4, c =
                        // lane%4): a0 (g, 2c..), a1 (g+8, 2c..), a2 (g, 2c+8..), a3 (g+8, 2c+8..);
                        // b0 (k 2c.., n g), b1 (k 2c+8.., n g); c0,c1 (g, 2c..), c2,c3 (g+8, 2c..).
                        int ma[16][16] = {}, mb[16][8] = {};
                        for (int l = 0; l < 32; ++l) {
                            const int g = l / 4, c = l % 4;
                            for (int h = 0; h < 2; ++h) {
                                ma[g][2 * c + h] = fa[l][0][h];
                                ma[g + 8][2 * c + h] = fa[l][1][h];
                                ma[g][2 * c + 8 + h] = fa[l][2][h];
                                ma[g + 8][2 * c + 8 + h] = fa[l][3][h];
                                mb[2 * c + h][g] = fb[l][(j % 2) * 2][h];
                                mb[2 * c + 8 + h][g] = fb[l][(j % 2) * 2 + 1][h];
                            }
                        }
                        for (int l = 0; l < 32; ++l) {
                            const int g = l / 4, c = l % 4;
                            for (int v = 0; v < 4; ++v) {
                                const int row = g + (v / 2) * 8, col = 2 * c + v % 2;
                                for (int kk = 0; kk < 16; ++kk)
                                    acc[i][j][l][v] += ma[row][kk] * mb[kk][col];
                            }
                        }
                    }
                }
            }
            // The kernel's epilogue mapping.
            for (int i = 0; i < 4; ++i) {
                for (int j = 0; j < 4; ++j) {
                    for (int l = 0; l < 32; ++l) {
                        for (int v = 0; v < 4; ++v) {
                            const int row = warp_m * 64 + i * 16 + mma_c_row(l, v);
                            const int col = warp_n * 32 + j * 8 + mma_c_col(l, v);
                            d[row + col * kM] = acc[i][j][l][v];
                            ++writes[row + col * kM];
                        }
                    }
                }
            }
        }
    }
    for (int row = 0; row < kM; ++row) {
        for (int col = 0; col < kN; ++col) {
            int expected = 0;
            for (int k = 0; k < kK; ++k) expected += a[row * kK + k] * b[col * kK + k];
            ASSERT_EQ(writes[row + col * kM], 1) << row << "," << col;
            ASSERT_EQ(d[row + col * kM], expected) << row << "," << col;
        }
    }
}

}  // namespace
}  // namespace chipcount::kernels::tiling
