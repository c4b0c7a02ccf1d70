// The input limits (nesting depth, file size, file type) and the output file rules (mode from the
// umask, --force only onto regular files, the exit-code kind of each failure), in the library.
#include <gtest/gtest.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <csignal>
#include <cstring>
#include <functional>
#include <string>

#include "chipcount/base/errors.hpp"
#include "chipcount/estimate/claims.hpp"
#include "chipcount/io/files.hpp"
#include "chipcount/io/json_read.hpp"
#include "chipcount/profiles/profile.hpp"
#include "test_support.hpp"

namespace chipcount {
namespace {

namespace fs = std::filesystem;
using test::TempDir;

std::string nested_arrays(int depth) {
    return std::string(static_cast<std::size_t>(depth), '[') +
           std::string(static_cast<std::size_t>(depth), ']');
}

// The InputError's message, or "" when `f` throws none.
template <class F>
std::string input_error_of(F&& f) {
    try {
        f();
    } catch (const InputError& e) {
        return e.what();
    }
    return "";
}

TEST(JsonDepth, SixtyFourLevelsParseAndSixtyFiveAreRefusedWithTheirPlace) {
    EXPECT_EQ(kMaxJsonDepth, 64);
    const json ok = parse_json_text(nested_arrays(64), "ok.json");
    EXPECT_TRUE(ok.is_array());
    const std::string message =
        input_error_of([] { (void)parse_json_text("\n " + nested_arrays(65), "deep.json"); });
    // The 65th bracket is on line 2, column 1 (the space) + 65.
    EXPECT_NE(message.find("deep.json:2:66: JSON nested deeper than 64 levels"), std::string::npos)
        << message;
}

TEST(JsonDepth, AHundredThousandLevelsAreRefusedAtOnce) {
    const std::string text = nested_arrays(100000);
    const auto start = std::chrono::steady_clock::now();
    const std::string message = input_error_of([&] { (void)parse_json_text(text, "d.json"); });
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    EXPECT_NE(message.find("nested deeper than 64"), std::string::npos) << message;
    EXPECT_LT(seconds, 1.0);
    // Objects count the same as arrays, and a mix as well.
    std::string objects;
    for (int i = 0; i < 100; ++i) objects += i % 2 ? "[" : "{\"k\": ";
    EXPECT_NE(input_error_of([&] { (void)parse_json_text(objects, "o.json"); }).find("o.json:1:"),
              std::string::npos);
}

TEST(JsonDepth, BracketsInsideStringsAreText) {
    const std::string brackets(500, '[');
    // An escaped quote does not end the string: the brackets after it are still text.
    const std::string text = R"({"a": ")" + brackets + R"(", "b": "\"{{)" + brackets + R"("})";
    const json doc = parse_json_text(text, "s.json");
    EXPECT_EQ(doc["a"].get<std::string>().size(), 500u);
    EXPECT_EQ(doc["b"].get<std::string>().size(), 503u);
}

TEST(JsonDepth, AReaderRefusesADeepClaimWithTheFileName) {
    const ProfileSet profiles = ProfileSet::load(test::profiles_dir());
    const std::string deep =
        R"({"format": "chipcount.claims", "version": 1, "claims": [{"id": "c", "stated": )" +
        std::string(5000, '[') + std::string(5000, ']') + "}]}";
    const std::string message =
        input_error_of([&] { (void)parse_claims(deep, "claims.json", profiles); });
    EXPECT_NE(message.find("claims.json:1:"), std::string::npos) << message;
    EXPECT_NE(message.find("nested deeper"), std::string::npos) << message;
}

TEST(InputFiles, TheSizeCapIsChecked) {
    EXPECT_EQ(kMaxInputBytes, 268435456u);  // 256 MiB, as docs/robustness.md says
    TempDir dir;
    test::write_text(dir / "a.json", std::string(100, 'x'));
    EXPECT_EQ(read_text_file(dir / "a.json", 100).size(), 100u);
    EXPECT_NE(input_error_of([&] {
                  (void)read_text_file(dir / "a.json", 99);
              }).find("larger than 99 bytes"),
              std::string::npos);
    // One byte over the real cap, sparse: refused from its size, without reading it.
    {
        std::FILE* f = std::fopen((dir / "big.json").c_str(), "w");
        ASSERT_NE(f, nullptr);
        ASSERT_EQ(::ftruncate(::fileno(f), static_cast<off_t>(kMaxInputBytes) + 1), 0);
        std::fclose(f);
    }
    EXPECT_NE(input_error_of([&] {
                  (void)read_text_file(dir / "big.json");
              }).find("larger than 268435456 bytes"),
              std::string::npos);
}

TEST(InputFiles, AFileLargerThanItsStatedSizeIsReadOnlyUpToTheCap) {
    // /proc files state a size of 0 and hold more: the read itself stops one byte past the cap.
    ASSERT_EQ(fs::file_size("/proc/self/status"), 0u);
    EXPECT_NE(input_error_of([] {
                  (void)read_text_file("/proc/self/status", 16);
              }).find("larger than 16 bytes"),
              std::string::npos);
    EXPECT_GT(read_text_file("/proc/self/status").size(), 16u);
}

TEST(InputFiles, OnlyRegularFilesAreRead) {
    TempDir dir;
    ASSERT_EQ(::mkfifo((dir / "fifo.json").c_str(), 0600), 0);
    // No writer: a blocking open would wait forever; this one returns at once.
    EXPECT_NE(input_error_of([&] { (void)read_text_file(dir / "fifo.json"); }).find("is a FIFO"),
              std::string::npos);
    EXPECT_NE(input_error_of([] { (void)read_text_file("/dev/zero"); }).find("character device"),
              std::string::npos);
    EXPECT_NE(input_error_of([&] { (void)read_text_file(dir.path()); }).find("is a directory"),
              std::string::npos);
    fs::create_symlink(dir / "fifo.json", dir / "link.json");
    EXPECT_NE(input_error_of([&] { (void)read_text_file(dir / "link.json"); }).find("is a FIFO"),
              std::string::npos);

    const int s = ::socket(AF_UNIX, SOCK_STREAM, 0);
    sockaddr_un address{};
    address.sun_family = AF_UNIX;
    const std::string socket_path = (dir / "sock.json").string();
    ASSERT_LT(socket_path.size(), sizeof address.sun_path);
    std::strcpy(address.sun_path, socket_path.c_str());
    ASSERT_EQ(::bind(s, reinterpret_cast<sockaddr*>(&address), sizeof address), 0);
    EXPECT_NE(input_error_of([&] { (void)read_text_file(socket_path); }).find("is a socket"),
              std::string::npos);
    ::close(s);
}

mode_t mode_written_under(mode_t mask, const fs::path& path) {
    const mode_t old = ::umask(mask);
    write_file_atomically(path, "x");
    ::umask(old);
    return static_cast<mode_t>(fs::status(path).permissions());
}

TEST(OutputFiles, ModeIs0666LessTheUmask) {
    TempDir dir;
    EXPECT_EQ(mode_written_under(077, dir / "a"), 0600u);
    EXPECT_EQ(mode_written_under(022, dir / "b"), 0644u);
    EXPECT_EQ(mode_written_under(002, dir / "c"), 0664u);
}

TEST(OutputFiles, ForceReplacesOnlyARegularFile) {
    TempDir dir;
    test::write_text(dir / "file", "old");
    ASSERT_EQ(::mkfifo((dir / "fifo").c_str(), 0600), 0);
    fs::create_symlink(dir / "file", dir / "link");
    fs::create_symlink(dir / "nowhere", dir / "dangling");
    for (const char* name : {"fifo", "link", "dangling"}) {
        EXPECT_NE(input_error_of([&] {
                      write_file_atomically(dir / name, "new", {true});
                  }).find("--force replaces only a regular file"),
                  std::string::npos)
            << name;
    }
    EXPECT_NE(input_error_of([] { check_output_path("/dev/null", {true}); }).find("device"),
              std::string::npos);
    EXPECT_TRUE(fs::is_fifo(dir / "fifo"));
    EXPECT_TRUE(fs::is_symlink(dir / "link"));
    EXPECT_EQ(test::read_text(dir / "file"), "old");
    write_file_atomically(dir / "file", "new", {true});
    EXPECT_EQ(test::read_text(dir / "file"), "new");
    // Without --force, anything there is refused, a dangling link included.
    EXPECT_NE(input_error_of([&] {
                  write_file_atomically(dir / "dangling", "new");
              }).find("already exists"),
              std::string::npos);
}

TEST(OutputFiles, AWriteThatFailsIsAnIoErrorAndLeavesNothing) {
    TempDir dir;
    // The file size limit makes write() fail with EFBIG, as a full disk would with ENOSPC.
    const auto old_handler = std::signal(SIGXFSZ, SIG_IGN);
    rlimit old_limit{};
    ASSERT_EQ(::getrlimit(RLIMIT_FSIZE, &old_limit), 0);
    rlimit limit = old_limit;
    limit.rlim_cur = 4096;
    ASSERT_EQ(::setrlimit(RLIMIT_FSIZE, &limit), 0);
    std::string message;
    try {
        write_file_atomically(dir / "out.json", std::string(100000, 'x'));
    } catch (const IoError& e) {
        message = e.what();
    }
    ::setrlimit(RLIMIT_FSIZE, &old_limit);
    std::signal(SIGXFSZ, old_handler);
    EXPECT_NE(message.find("out.json': write failed: File too large"), std::string::npos)
        << message;
    EXPECT_TRUE(fs::is_empty(dir.path()));  // no output, no temporary file
}

TEST(OutputFiles, AFolderThatCannotBeMadeIsAnInputError) {
    TempDir dir;
    test::write_text(dir / "file", "");
    EXPECT_NE(input_error_of([&] {
                  (void)create_fresh_directory(dir / "file" / "runs", "x");
              }).find("output folder"),
              std::string::npos);
    EXPECT_NE(input_error_of([&] { create_output_directories(dir / "file"); }).find("file"),
              std::string::npos);
    EXPECT_NE(input_error_of([] { create_output_directories(""); }).find("empty"),
              std::string::npos);
    EXPECT_NE(input_error_of([] { check_output_path(""); }).find("empty"), std::string::npos);
}

TEST(ClaimCount, TheTopLevelArrayIsCountedWithoutParsing) {
    EXPECT_EQ(count_top_level_array_items(R"({"claims": [{"id": "a"}, {"id": "b"}, 3]})", "claims"),
              3u);
    EXPECT_EQ(count_top_level_array_items(R"({"claims" : [ ]})", "claims"), 0u);
    EXPECT_EQ(count_top_level_array_items(R"({"claims":[[1,2],{"x":[3,4]}]})", "claims"), 2u);
    // Commas, brackets, quotes and the key itself inside strings are text.
    EXPECT_EQ(count_top_level_array_items(
                  R"({"title": "claims\", [1,2]", "claims": ["a,b", "c\"],[", "\\"]})", "claims"),
              3u);
    // Only the top-level member counts: a "claims" deeper down, or a value "claims", is not it.
    EXPECT_EQ(count_top_level_array_items(R"({"x": {"claims": [1, 2]}, "y": "claims"})", "claims"),
              std::nullopt);
    EXPECT_EQ(count_top_level_array_items(R"({"claims": 5})", "claims"), std::nullopt);
    EXPECT_EQ(count_top_level_array_items("[1, 2]", "claims"), std::nullopt);
    // A key given twice: the larger count (the parser keeps one of them).
    EXPECT_EQ(count_top_level_array_items(R"({"claims": [1], "claims": [1, 2, 3]})", "claims"), 3u);
    // Agrees with the parser on a generated set.
    std::string text = R"({"format": "chipcount.claims", "version": 1, "claims": [)";
    for (int i = 0; i < 1000; ++i)
        text += (i ? "," : "") + std::string(R"({"id": "c)") + std::to_string(i) +
                R"(", "name": "a, [b] {c}", "stated": {"chips": 100, "chip": "H100"}})";
    text += "]}";
    EXPECT_EQ(count_top_level_array_items(text, "claims"), json::parse(text)["claims"].size());
}

extern "C" void test_handler(int) {}

// The disposition of `signal_number` now.
void (*disposition(int signal_number))(int) {
    struct sigaction now {};
    ::sigaction(signal_number, nullptr, &now);
    return now.sa_handler;
}

TEST(OutputFiles, SignalsIgnoredStayIgnoredAndEveryDispositionIsRestored) {
    TempDir dir;
    struct sigaction old_hup {
    }, old_term{}, old_quit{};
    ::sigaction(SIGHUP, nullptr, &old_hup);
    ::sigaction(SIGTERM, nullptr, &old_term);
    ::sigaction(SIGQUIT, nullptr, &old_quit);
    std::signal(SIGHUP, SIG_IGN);  // nohup
    std::signal(SIGTERM, SIG_DFL);
    std::signal(SIGQUIT, test_handler);
    for (int round = 0; round < 2; ++round) {  // the second file finds what the first left
        AtomicFile file(dir / ("out-" + std::to_string(round)), {});
        EXPECT_EQ(disposition(SIGHUP), SIG_IGN) << round;
        EXPECT_NE(disposition(SIGTERM), SIG_DFL) << round;  // the clean-up handler
        file.write("x");
        file.commit();
    }
    {
        // A run folder and a file inside it: the handlers stay until both are gone.
        const FolderRemovedOnSignal folder(dir.path(), "run");
        { AtomicFile file(dir / "inside", {}); }
        EXPECT_NE(disposition(SIGTERM), SIG_DFL);
        EXPECT_EQ(disposition(SIGHUP), SIG_IGN);
    }
    EXPECT_EQ(disposition(SIGHUP), SIG_IGN);
    EXPECT_EQ(disposition(SIGTERM), SIG_DFL);
    EXPECT_EQ(disposition(SIGQUIT), test_handler);
    ::sigaction(SIGHUP, &old_hup, nullptr);
    ::sigaction(SIGTERM, &old_term, nullptr);
    ::sigaction(SIGQUIT, &old_quit, nullptr);
}

// Runs `body` in a child process; returns the signal that ended it, or 0 when it exited.
int signal_ending(const std::function<void()>& body) {
    const pid_t pid = ::fork();
    if (pid == 0) {
        body();
        ::_exit(0);
    }
    int status = 0;
    ::waitpid(pid, &status, 0);
    return WIFSIGNALED(status) ? WTERMSIG(status) : 0;
}

TEST(CleanupSignals, AreHeldUntilTheCleanUpIsInPlaceThenDelivered) {
    TempDir dir;
    // Held: a SIGTERM sent inside waits (the marker is written), and ends the process after.
    EXPECT_EQ(signal_ending([&] {
                  {
                      const CleanupSignalsHeld held;
                      ::raise(SIGTERM);
                      write_file_atomically(dir / "marker", "alive", {});
                  }
                  ::_exit(0);  // not reached: the held SIGTERM ends the process first
              }),
              SIGTERM);
    EXPECT_TRUE(fs::exists(dir / "marker"));
    // The run folder: made, its clean-up in place, so that a SIGTERM then removes it.
    EXPECT_EQ(signal_ending([&] {
                  const FolderRemovedOnSignal folder(dir / "runs", "run");
                  if (!fs::is_directory(dir / "runs" / "run")) ::_exit(3);
                  ::raise(SIGTERM);
              }),
              SIGTERM);
    EXPECT_TRUE(fs::exists(dir / "runs"));
    EXPECT_FALSE(fs::exists(dir / "runs" / "run"));
    // Outside a hold the mask is what it was: SIGTERM is not blocked.
    sigset_t mask;
    ::pthread_sigmask(SIG_SETMASK, nullptr, &mask);
    EXPECT_EQ(::sigismember(&mask, SIGTERM), 0);
}

}  // namespace
}  // namespace chipcount
