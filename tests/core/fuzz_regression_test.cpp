// Replays the fuzz seed corpus and every input that ever made a fuzzer fail
// (tests/fuzz/regressions/<target>/) through the same harnesses, in the ordinary build.
#include <gtest/gtest.h>

#include <filesystem>

#include "fuzz_targets.hpp"
#include "test_support.hpp"

namespace chipcount {
namespace {

namespace fs = std::filesystem;

std::size_t replay(const std::string& target, void (*harness)(const std::uint8_t*, std::size_t)) {
    std::size_t inputs = 0;
    for (const char* kind : {"corpus", "regressions"}) {
        const fs::path dir = test::source_dir() / "tests/fuzz" / kind / target;
        if (!fs::is_directory(dir)) continue;
        for (const auto& entry : fs::directory_iterator(dir)) {
            if (!entry.is_regular_file() || entry.path().filename() == ".gitkeep") continue;
            const std::string bytes = test::read_text(entry.path());
            harness(reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size());
            ++inputs;
        }
    }
    return inputs;
}

TEST(FuzzRegressions, Claims) {
    EXPECT_GT(replay("claims", fuzz::claims), 0u);
}
TEST(FuzzRegressions, Profile) {
    EXPECT_GT(replay("profile", fuzz::profile), 0u);
}
TEST(FuzzRegressions, Result) {
    EXPECT_GT(replay("result", fuzz::result), 0u);
}
TEST(FuzzRegressions, Units) {
    EXPECT_GT(replay("units", fuzz::units), 0u);
}
TEST(FuzzRegressions, StatedFigure) {
    EXPECT_GT(replay("stated_figure", fuzz::stated_figure), 0u);
}
TEST(FuzzRegressions, DeepJson) {
    EXPECT_GT(replay("deep_json", fuzz::deep_json), 0u);
}

TEST(FuzzRegressions, Flags) {
    EXPECT_GT(replay("flags", fuzz::flags), 0u);
}

}  // namespace
}  // namespace chipcount
