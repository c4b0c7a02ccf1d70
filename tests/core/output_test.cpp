// Run folders: a new one every time, also when several runs race for the same name.
#include <gtest/gtest.h>

#include <barrier>
#include <filesystem>
#include <set>
#include <thread>

#include "chipcount/io/files.hpp"
#include "test_support.hpp"

namespace chipcount {
namespace {

namespace fs = std::filesystem;
using test::TempDir;

TEST(FreshDirectory, ATakenNameGetsTheNextSuffix) {
    TempDir dir;
    const fs::path base = dir / "runs";  // made when missing
    EXPECT_EQ(create_fresh_directory(base, "20261124T101010Z"), base / "20261124T101010Z");
    EXPECT_EQ(create_fresh_directory(base, "20261124T101010Z"), base / "20261124T101010Z-2");
    fs::create_directory(base / "20261124T101010Z-3");  // made by someone else
    EXPECT_EQ(create_fresh_directory(base, "20261124T101010Z"), base / "20261124T101010Z-4");
    EXPECT_TRUE(fs::is_empty(base / "20261124T101010Z-4"));
}

TEST(FreshDirectory, RacersForOneNameEachGetTheirOwn) {
    TempDir dir;
    constexpr int kRacers = 16;
    for (int round = 0; round < 20; ++round) {
        const std::string name = "stamp" + std::to_string(round);
        std::vector<fs::path> got(kRacers);
        std::barrier start(kRacers);
        std::vector<std::thread> racers;
        for (int i = 0; i < kRacers; ++i) {
            racers.emplace_back([&, i] {
                start.arrive_and_wait();  // all ask at the same moment
                got[i] = create_fresh_directory(dir.path(), name);
            });
        }
        for (auto& t : racers) t.join();
        EXPECT_EQ(std::set<fs::path>(got.begin(), got.end()).size(), std::size_t{kRacers})
            << "round " << round;
    }
}

TEST(FreshDirectory, AFileOrLinkInTheWayIsATakenName) {
    TempDir dir;
    test::write_text(dir / "stamp", "a file, not a folder");
    fs::create_symlink(dir / "nowhere", dir / "stamp-2");  // a dangling link
    EXPECT_EQ(create_fresh_directory(dir.path(), "stamp"), dir / "stamp-3");
    EXPECT_TRUE(fs::is_regular_file(dir / "stamp"));
}

}  // namespace
}  // namespace chipcount
