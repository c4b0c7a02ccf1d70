// The README's two commands: CI runs them exactly as written, and `make run` starts the binary
// that the build makes (it once named a path where no binary was, and nothing noticed).
#include <gtest/gtest.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <sstream>

#include "test_support.hpp"

namespace chipcount::test {
namespace {

namespace fs = std::filesystem;

// The commands of a shell script or code block: each line less its comment, blank lines and the
// script's own set-up (`set`, `cd`) dropped.
std::vector<std::string> commands_of(const std::string& text) {
    std::vector<std::string> commands;
    std::istringstream lines(text);
    for (std::string line; std::getline(lines, line);) {
        line = line.substr(0, line.find('#'));
        while (!line.empty() && (line.back() == ' ' || line.back() == '\t')) line.pop_back();
        const auto start = line.find_first_not_of(" \t");
        if (start == std::string::npos) continue;
        line = line.substr(start);
        if (line.rfind("set ", 0) == 0 || line.rfind("cd ", 0) == 0) continue;
        commands.push_back(line);
    }
    return commands;
}

// The first ```sh block after the README's set-up heading.
std::string readme_setup_block() {
    const std::string readme = read_text(source_dir() / "README.md");
    const auto heading = readme.find("## Set-up");
    if (heading == std::string::npos) return "";
    const auto open = readme.find("```sh\n", heading);
    if (open == std::string::npos) return "";
    const auto close = readme.find("```", open + 6);
    return readme.substr(open + 6, close - open - 6);
}

TEST(FrontDoor, CiRunsTheReadmeCommandsAsWritten) {
    const std::vector<std::string> readme = commands_of(readme_setup_block());
    ASSERT_EQ(readme, (std::vector<std::string>{"make run", "make test"}));
    const std::string ci = read_text(source_dir() / ".ci/run");
    EXPECT_EQ(commands_of(ci), readme);
    // ... and fails when either fails.
    EXPECT_NE(ci.find("\nset -e"), std::string::npos) << ci;
}

TEST(FrontDoor, MakeRunStartsTheBinaryTheBuildMakes) {
    // This test binary was built beside chipcount in build/<preset>/: ask make what `make run`
    // would do for that preset, without doing it.
    const fs::path binary = CHIPCOUNT_BIN;
    const fs::path build_dir = binary.parent_path().parent_path();
    if (!fs::exists(source_dir() / "build" / build_dir.filename()) ||
        !fs::equivalent(source_dir() / "build" / build_dir.filename(), build_dir))
        GTEST_SKIP() << "built outside build/<preset> (" << build_dir << "), not by make";
    if (std::system("command -v make >/dev/null 2>&1") != 0) GTEST_SKIP() << "no make on PATH";
    const std::string preset = build_dir.filename().string();
    const std::string command = "make --no-print-directory -n -C '" + source_dir().string() +
                                "' run PRESET=" + preset + " 2>&1";
    FILE* pipe = ::popen(command.c_str(), "r");
    ASSERT_NE(pipe, nullptr);
    std::string out;
    char buffer[4096];
    for (std::size_t n; (n = std::fread(buffer, 1, sizeof buffer, pipe)) > 0;)
        out.append(buffer, n);
    ASSERT_EQ(::pclose(pipe), 0) << out;
    const std::vector<std::string> steps = commands_of(out);
    ASSERT_FALSE(steps.empty()) << out;
    const std::string& last = steps.back();
    const auto space = last.find(' ');
    ASSERT_NE(space, std::string::npos) << out;
    ASSERT_EQ(last.substr(space), " run") << out;
    const fs::path started = source_dir() / last.substr(0, space);
    EXPECT_TRUE(fs::exists(started) && fs::equivalent(started, binary))
        << last << " is not " << binary;
    // The main job builds the binary alone, not the test executables.
    EXPECT_NE(out.find("--target chipcount"), std::string::npos) << out;
    EXPECT_EQ(out.find("bootstrap --test"), std::string::npos) << out;
}

}  // namespace
}  // namespace chipcount::test
