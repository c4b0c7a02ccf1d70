// Run folders: a new one every time, also when several runs race for the same name. Output files:
// published whole, and an existing file is replaced only with force, also when it appears late.
#include <gtest/gtest.h>

#include <barrier>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <set>
#include <thread>

#include "chipcount/base/errors.hpp"
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

// The names of everything in `dir`, so a test can see a temporary file left behind.
std::set<std::string> entries(const fs::path& dir) {
    std::set<std::string> names;
    for (const auto& entry : fs::directory_iterator(dir)) names.insert(entry.path().filename());
    return names;
}

TEST(AtomicWrite, NoForcePublishesTheFileWhenNoneAppears) {
    TempDir dir;
    const fs::path target = dir / "report.json";
    const std::string ours = "ours";
    {
        AtomicFile file(target, WriteOptions{});
        file.write(ours);
        EXPECT_NO_THROW(file.commit());
    }
    EXPECT_EQ(test::read_text(target), ours);
    EXPECT_EQ(entries(dir.path()), std::set<std::string>{"report.json"})
        << "a temporary file was left behind";
}

TEST(AtomicWrite, NoForceNeverReplacesAFileThatAppearsBeforeCommit) {
    TempDir dir;
    const fs::path target = dir / "report.json";
    const std::string theirs = "written by someone else meanwhile";
    {
        AtomicFile file(target, WriteOptions{});  // the up-front check passes: no file yet
        file.write("ours");
        test::write_text(target, theirs);  // appears in the window before commit()
        try {
            file.commit();
            ADD_FAILURE() << "commit() replaced a file that appeared after the check";
        } catch (const InputError& e) {
            const std::string what = e.what();
            EXPECT_NE(what.find("'" + target.string() + "'"), std::string::npos) << what;
            EXPECT_NE(what.find("cannot create"), std::string::npos) << what;
            EXPECT_NE(what.find(std::strerror(EEXIST)), std::string::npos) << what;
        }
    }
    EXPECT_EQ(test::read_text(target), theirs);
    EXPECT_EQ(entries(dir.path()), std::set<std::string>{"report.json"})
        << "a temporary file was left behind";
}

TEST(AtomicWrite, ForceReplacesAFileThatAppearsBeforeCommit) {
    TempDir dir;
    const fs::path target = dir / "report.json";
    const std::string ours = "ours";
    {
        AtomicFile file(target, WriteOptions{.force = true});
        file.write(ours);
        test::write_text(target, "written by someone else meanwhile");
        EXPECT_NO_THROW(file.commit());
    }
    EXPECT_EQ(test::read_text(target), ours);
    EXPECT_EQ(entries(dir.path()), std::set<std::string>{"report.json"})
        << "a temporary file was left behind";
}

}  // namespace
}  // namespace chipcount
