// An interrupted run leaves no partial file: the output is either absent or complete, and no
// temporary file is left behind.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <chrono>
#include <csignal>
#include <filesystem>
#include <thread>

#include "test_support.hpp"

namespace chipcount::test {
namespace {

namespace fs = std::filesystem;

TEST(Interrupt, OutputIsAbsentOrCompleteNeverPartial) {
    TempDir dir;
    // Large enough that the estimate is still running (or writing) when the signal arrives.
    std::string claims = R"({"format": "chipcount.claims", "version": 1, "claims": [)";
    for (int i = 0; i < 60000; ++i) {
        claims += (i ? "," : "") + std::string(R"({"id": "c)") + std::to_string(i) +
                  R"(", "stated": {"chips": 100, "chip": "H100"}})";
    }
    write_text(dir / "claims.json", claims + "]}");
    for (const int delay_ms : {150, 400, 800}) {
        const fs::path out = dir / ("out-" + std::to_string(delay_ms) + ".json");
        const int pid = start_chipcount(
            {"estimate", (dir / "claims.json").string(), "--format", "json", "-o", out.string()},
            dir.path());
        std::this_thread::sleep_for(std::chrono::milliseconds(delay_ms));
        ::kill(pid, SIGINT);
        const int code = wait_chipcount(pid);
        if (fs::exists(out)) {
            EXPECT_EQ(code, 0);
            EXPECT_TRUE(nlohmann::json::accept(read_text(out)));  // complete, valid JSON
        } else {
            EXPECT_EQ(code, 128 + SIGINT);
        }
        for (const auto& entry : fs::directory_iterator(dir.path())) {
            EXPECT_EQ(entry.path().filename().string().find(".tmp-"), std::string::npos)
                << entry.path();
        }
    }
}

}  // namespace
}  // namespace chipcount::test
