// How outputs name input files: relative under the working directory, else the file name; never
// an absolute path.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>

#include "chipcount/io/file_names.hpp"
#include "test_support.hpp"

namespace chipcount {
namespace {

namespace fs = std::filesystem;
using test::TempDir;

// Changes the working directory for one test and restores it.
class InDirectory {
  public:
    explicit InDirectory(const fs::path& dir) : previous_(fs::current_path()) {
        fs::current_path(dir);
    }
    ~InDirectory() { fs::current_path(previous_); }
    InDirectory(const InDirectory&) = delete;
    InDirectory& operator=(const InDirectory&) = delete;

  private:
    fs::path previous_;
};

TEST(PortablePath, UnderTheWorkingDirectoryIsRelative) {
    TempDir dir;
    fs::create_directories(dir / "claims");
    const InDirectory in(dir.path());
    EXPECT_EQ(portable_path(dir / "claims" / "x.json"), "claims/x.json");
    EXPECT_EQ(portable_path("claims/x.json"), "claims/x.json");
    EXPECT_EQ(portable_path("./claims/../claims/x.json"), "claims/x.json");
    EXPECT_EQ(portable_path(dir / "out" / "not-yet-written.json"), "out/not-yet-written.json");
}

TEST(PortablePath, ARelativeNameIsKeptEvenThroughASymlinkToElsewhere) {
    TempDir dir;
    fs::create_directories(dir / "work");
    fs::create_directories(dir / "data");
    test::write_text(dir / "data" / "x.json", "{}");
    fs::create_directory_symlink(dir / "data", dir / "work" / "claims");
    const InDirectory in(dir / "work");
    EXPECT_EQ(portable_path("claims/x.json"), "claims/x.json");
    EXPECT_EQ(portable_path(dir / "work" / "claims" / "x.json"), "x.json");  // resolves outside
}

TEST(PortablePath, TheRootAsWorkingDirectoryContainsNothing) {
    const InDirectory in("/");
    EXPECT_EQ(portable_path("/home/someone/claims.json"), "claims.json");
    EXPECT_EQ(portable_path("/usr/share/chipcount/profiles/chips/"), "chips");
    EXPECT_EQ(portable_path("tmp/someone/claims.json"), "claims.json");  // relative to "/"
    EXPECT_EQ(portable_argument("--claims=home/someone/claims.json"), "--claims=claims.json");
}

TEST(PortablePath, ElsewhereIsTheFileNameAlone) {
    TempDir dir;
    fs::create_directories(dir / "work");
    fs::create_directories(dir / "data");
    const InDirectory in(dir / "work");
    EXPECT_EQ(portable_path(dir / "data" / "claims.json"), "claims.json");
    EXPECT_EQ(portable_path("../data/claims.json"), "claims.json");
    EXPECT_EQ(portable_path("/usr/share/chipcount/profiles/assumptions.json"), "assumptions.json");
    EXPECT_EQ(portable_path(dir / "data" / ""), "data");  // a folder with a trailing slash
}

TEST(PortablePath, ASymlinkedWorkingDirectoryStillCountsAsUnderIt) {
    TempDir dir;
    fs::create_directories(dir / "real" / "sub");
    fs::create_directory_symlink(dir / "real", dir / "link");
    const InDirectory in(dir / "link");
    EXPECT_EQ(portable_path(dir / "real" / "sub" / "f.json"), "sub/f.json");
    EXPECT_EQ(portable_path(dir / "link" / "sub" / "f.json"), "sub/f.json");
}

TEST(PortablePath, RecordedPathsAndCommandLineWords) {
    TempDir dir;
    const InDirectory in(dir.path());
    EXPECT_EQ(portable_recorded_path("command line"), "command line");
    EXPECT_EQ(portable_recorded_path("claims/x.json"), "claims/x.json");
    EXPECT_EQ(portable_recorded_path("/elsewhere/x.json"), "x.json");
    EXPECT_EQ(portable_recorded_path("../../../home/someone/x.json"), "x.json");  // climbs out
    EXPECT_EQ(portable_argument("-o../../home/someone/out.json"), "-oout.json");
    EXPECT_EQ(portable_argument("/usr/local/bin/chipcount"), "chipcount");
    EXPECT_EQ(portable_argument("--claims=/home/someone/claims.json"), "--claims=claims.json");
    EXPECT_EQ(portable_argument((dir / "mine.json").string()), "mine.json");
    EXPECT_EQ(portable_argument("-o/elsewhere/out.json"), "-oout.json");
    EXPECT_EQ(portable_command_line({"/opt/bin/chipcount", "run", "--claims", "/srv/c.json"}),
              (std::vector<std::string>{"chipcount", "run", "--claims", "c.json"}));
    for (const char* kept : {"run", "--duration", "15", "4000 P", "--x=3", "-o", "out.json"})
        EXPECT_EQ(portable_argument(kept), kept);
}

}  // namespace
}  // namespace chipcount
