// The command line's skeleton: version, help, dispatch, exit codes, devices without a GPU.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "test_support.hpp"

namespace chipcount::test {
namespace {

TEST(CliBasics, VersionNamesGitShaAndCudaBuild) {
    const auto r = run_chipcount({"--version"});
    EXPECT_EQ(r.exit_code, 0);
    EXPECT_NE(r.out.find("chipcount 0."), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("(git "), std::string::npos) << r.out;
    EXPECT_TRUE(r.out.find("built with CUDA") != std::string::npos ||
                r.out.find("built without CUDA") != std::string::npos)
        << r.out;
}

TEST(CliBasics, HelpListsEveryCommand) {
    const auto r = run_chipcount({"--help"});
    EXPECT_EQ(r.exit_code, 0);
    for (const char* command : {"run", "devices", "profiles", "classify"}) {
        EXPECT_NE(r.out.find(std::string("  ") + command + " "), std::string::npos) << command;
    }
}

TEST(CliBasics, UnknownCommandExitsTwoWithTheList) {
    const auto r = run_chipcount({"frobnicate"});
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_NE(r.err.find("unknown command 'frobnicate'"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("devices"), std::string::npos) << r.err;
}

TEST(CliBasics, NoCommandIsAUsageError) {
    const auto r = run_chipcount({});
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_NE(r.err.find("usage: chipcount"), std::string::npos);
}

TEST(CliBasics, UnknownOptionIsAUsageError) {
    const auto r = run_chipcount({"devices", "--no-such-option"});
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_NE(r.err.find("no-such-option"), std::string::npos) << r.err;
}

TEST(CliBasics, SubcommandHelpExitsZero) {
    const auto r = run_chipcount({"devices", "--help"});
    EXPECT_EQ(r.exit_code, 0);
    EXPECT_NE(r.out.find("--format"), std::string::npos);
}

TEST(CliBasics, DevicesWithoutGpuIsANormalStateWithAReason) {
    const auto version = run_chipcount({"--version"});
    const bool built_with_cuda = version.out.find("built with CUDA") != std::string::npos;
    const auto r = run_chipcount({"devices", "--format", "json"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    const auto doc = nlohmann::json::parse(r.out);
    EXPECT_EQ(doc["format"], "chipcount.devices");
    if (!doc["devices"].empty()) GTEST_SKIP() << "a GPU is present";
    ASSERT_TRUE(doc["why_none"].is_string());
    const std::string why = doc["why_none"];
    if (!built_with_cuda) {
        EXPECT_EQ(why, "built without CUDA");
    } else {
        // With CUDA but no GPU: the CUDA error text is part of the reason.
        EXPECT_TRUE(why.rfind("no NVIDIA driver", 0) == 0 || why.rfind("no CUDA device", 0) == 0 ||
                    why.rfind("CUDA is not usable", 0) == 0)
            << why;
        EXPECT_NE(why.find("cudaError"), std::string::npos) << why;
    }
    const auto table = run_chipcount({"devices"});
    EXPECT_EQ(table.exit_code, 0);
    EXPECT_EQ(table.out, "no GPU: " + why + "\n");
}

}  // namespace
}  // namespace chipcount::test
