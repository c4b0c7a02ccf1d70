// bench without a GPU: exit 3 with the reason, and option errors are usage errors (exit 2).
#include <gtest/gtest.h>

#include "test_support.hpp"

namespace chipcount::test {
namespace {

bool machine_has_gpu() {
    const auto r = run_chipcount({"devices", "--format", "csv"});
    return r.out.find('\n') != std::string::npos && r.out.find("\n0,") != std::string::npos;
}

TEST(BenchCli, NoGpuExitsThreeWithTheReason) {
    if (machine_has_gpu()) GTEST_SKIP() << "a GPU is present";
    TempDir dir;
    const auto r = run_chipcount({"bench", "--precision", "bf16"}, {}, dir.path());
    EXPECT_EQ(r.exit_code, 3) << r.err;
    EXPECT_NE(r.err.find("no usable GPU: "), std::string::npos) << r.err;
    EXPECT_TRUE(r.err.find("built without CUDA") != std::string::npos ||
                r.err.find("cudaError") != std::string::npos)
        << r.err;
    // Nothing written.
    EXPECT_FALSE(std::filesystem::exists(dir / "results"));
}

TEST(BenchCli, BadOptionsAreUsageErrors) {
    for (const std::vector<std::string>& args :
         std::vector<std::vector<std::string>>{{"bench", "--precision", "fp12"},
                                               {"bench", "--precision", "fp4"},
                                               {"bench", "--backend", "magic"},
                                               {"bench", "--shapes", "8192x8192"},
                                               {"bench", "--sweep", "huge"},
                                               {"bench", "--duration", "-1"},
                                               // a sustained figure needs 20 s of soak
                                               {"bench", "--duration", "5"},
                                               {"run", "--duration", "19.5"},
                                               {"bench", "--device", "x"}}) {
        const auto r = run_chipcount(args);
        EXPECT_EQ(r.exit_code, 2) << args[1] << " " << args[2] << ": " << r.err;
    }
    const auto short_soak = run_chipcount({"bench", "--duration", "5"});
    EXPECT_NE(short_soak.err.find("at least 20 s"), std::string::npos) << short_soak.err;
}

}  // namespace
}  // namespace chipcount::test
