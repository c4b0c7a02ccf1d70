// Every output channel: standard output that fails (a full device, a closed descriptor, a reader
// that goes away), output files under a failing write, signals, the umask; inputs that would
// block (a FIFO, /dev/zero) refused at once; where `run` finds its default claims.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <spawn.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include <nlohmann/json.hpp>

#include <chrono>
#include <csignal>
#include <thread>

#include "test_support.hpp"

extern char** environ;

namespace chipcount::test {
namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

enum class Stdout { kDevFull, kClosed, kPipeReadThenClosed };

struct Finished {
    int exit_code = -1;  // 128 + signal when a signal ended it; -1 when it was killed at the limit
    std::string err;
    double seconds = 0;
};

// Waits for `pid` at most `limit_s`, then kills it.
int wait_at_most(int pid, double limit_s) {
    const auto start = Clock::now();
    int status = 0;
    while (::waitpid(pid, &status, WNOHANG) == 0) {
        if (std::chrono::duration<double>(Clock::now() - start).count() > limit_s) {
            ::kill(pid, SIGKILL);
            ::waitpid(pid, &status, 0);
            return -1;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

// Runs chipcount with its stdout as `how`; stderr is captured.
Finished run_with_stdout(Stdout how, const std::vector<std::string>& args, const fs::path& dir) {
    std::vector<std::string> storage = {CHIPCOUNT_BIN};
    storage.insert(storage.end(), args.begin(), args.end());
    std::vector<char*> argv;
    for (auto& a : storage) argv.push_back(a.data());
    argv.push_back(nullptr);
    const std::string err_path = (dir / "stderr.txt").string();
    int pipe_fds[2] = {-1, -1};
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 2, err_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC,
                                     0644);
    if (how == Stdout::kDevFull)
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/full", O_WRONLY, 0);
    if (how == Stdout::kClosed) posix_spawn_file_actions_addclose(&actions, 1);
    if (how == Stdout::kPipeReadThenClosed) {
        EXPECT_EQ(::pipe(pipe_fds), 0);
        posix_spawn_file_actions_adddup2(&actions, pipe_fds[1], 1);
        posix_spawn_file_actions_addclose(&actions, pipe_fds[0]);
        posix_spawn_file_actions_addclose(&actions, pipe_fds[1]);
    }
    const std::string cwd = dir.string();
    posix_spawn_file_actions_addchdir_np(&actions, cwd.c_str());
    const auto start = Clock::now();
    pid_t pid = 0;
    const int rc = posix_spawn(&pid, argv[0], &actions, nullptr, argv.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    EXPECT_EQ(rc, 0);
    if (how == Stdout::kPipeReadThenClosed) {
        ::close(pipe_fds[1]);
        char first[100];
        EXPECT_GT(::read(pipe_fds[0], first, sizeof first), 0);  // like `| head -c 100`
        ::close(pipe_fds[0]);
    }
    Finished done;
    done.exit_code = wait_at_most(pid, 60);
    done.seconds = std::chrono::duration<double>(Clock::now() - start).count();
    done.err = read_text(err_path);
    fs::remove(err_path);
    return done;
}

std::string many_claims(int n) {
    std::string text = R"({"format": "chipcount.claims", "version": 1, "claims": [)";
    for (int i = 0; i < n; ++i) {
        text += (i ? "," : "") + std::string(R"({"id": "c)") + std::to_string(i) +
                R"(", "stated": {"chips": 100, "chip": "H100"}})";
    }
    return text + "]}";
}

// Lowers a resource limit of this process (and so of the chipcount it starts) for a scope.
class LoweredLimit {
  public:
    LoweredLimit(int resource, rlim_t soft) : resource_(resource) {
        ::getrlimit(resource_, &old_);
        rlimit lowered = old_;
        lowered.rlim_cur = soft;
        ::setrlimit(resource_, &lowered);
    }
    ~LoweredLimit() { ::setrlimit(resource_, &old_); }
    LoweredLimit(const LoweredLimit&) = delete;
    LoweredLimit& operator=(const LoweredLimit&) = delete;

  private:
    int resource_;
    rlimit old_{};
};

void expect_no_temporary_file(const fs::path& dir) {
    for (const auto& entry : fs::recursive_directory_iterator(dir))
        EXPECT_EQ(entry.path().filename().string().find(".tmp-"), std::string::npos)
            << entry.path();
}

// Waits until a temporary file of an output (".NAME.tmp-XXXXXX") exists somewhere under `dir`:
// the moment the clean-up handlers are in place. False after `limit_s`.
bool wait_for_temporary_file(const fs::path& dir, const std::string& name, double limit_s = 60) {
    const auto start = Clock::now();
    while (std::chrono::duration<double>(Clock::now() - start).count() < limit_s) {
        std::error_code ec;
        for (auto it = fs::recursive_directory_iterator(dir, ec);
             !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
            if (it->path().filename().string().rfind("." + name + ".tmp-", 0) == 0) return true;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(2));
    }
    return false;
}

// Starts chipcount through `sh -c 'SETUP; exec chipcount ARGS'` (a trap, a ulimit), stdout to
// /dev/null and stderr to dir/stderr.txt.
int start_through_shell(const std::string& setup, const std::vector<std::string>& args,
                        const fs::path& dir) {
    std::vector<std::string> storage = {"/bin/sh", "-c", setup + "; exec \"$@\"", "sh",
                                        CHIPCOUNT_BIN};
    storage.insert(storage.end(), args.begin(), args.end());
    std::vector<char*> argv;
    for (auto& a : storage) argv.push_back(a.data());
    argv.push_back(nullptr);
    const std::string err_path = (dir / "stderr.txt").string();
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0);
    posix_spawn_file_actions_addopen(&actions, 2, err_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC,
                                     0644);
    const std::string cwd = dir.string();
    posix_spawn_file_actions_addchdir_np(&actions, cwd.c_str());
    pid_t pid = 0;
    const int rc = posix_spawn(&pid, argv[0], &actions, nullptr, argv.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    EXPECT_EQ(rc, 0);
    return pid;
}

std::size_t entries_in(const fs::path& dir) {
    if (!fs::exists(dir)) return 0;
    return static_cast<std::size_t>(
        std::distance(fs::directory_iterator(dir), fs::directory_iterator()));
}

const std::vector<std::string> kSmallEstimate = {"estimate", "--chips",  "5",   "--chip",
                                                 "H100",     "--format", "json"};

TEST(Stdout, AFullDeviceIsExit1WithAMessage) {
    TempDir dir;
    const Finished r = run_with_stdout(Stdout::kDevFull, kSmallEstimate, dir.path());
    EXPECT_EQ(r.exit_code, 1) << r.err;
    EXPECT_NE(r.err.find("cannot write to standard output: No space left on device"),
              std::string::npos)
        << r.err;
    // The same for help and version, which print without a command's error handling.
    for (const char* flag : {"--help", "--version"}) {
        const Finished h = run_with_stdout(Stdout::kDevFull, {flag}, dir.path());
        EXPECT_EQ(h.exit_code, 1) << flag << ": " << h.err;
    }
}

TEST(Stdout, AClosedStdoutIsExit1WithAMessage) {
    TempDir dir;
    const Finished r = run_with_stdout(Stdout::kClosed, kSmallEstimate, dir.path());
    EXPECT_EQ(r.exit_code, 1) << r.err;
    EXPECT_NE(r.err.find("cannot write to standard output: Bad file descriptor"), std::string::npos)
        << r.err;
}

TEST(Stdout, AClosedStdoutNeverLendsItsNumberToAnOutputFile) {
    // With descriptor 1 closed, the output file would get that number and stdout's text with it.
    TempDir dir;
    std::vector<std::string> args = kSmallEstimate;
    args.insert(args.end(), {"-o", (dir / "out.json").string()});
    const Finished r = run_with_stdout(Stdout::kClosed, args, dir.path());
    EXPECT_EQ(r.exit_code, 0) << r.err;
    const auto out = nlohmann::json::parse(read_text(dir / "out.json"));
    EXPECT_EQ(out["format"], "chipcount.estimate");
}

TEST(Stdout, AReaderThatClosesEndsItQuietlyAndLeavesNoFile) {
    TempDir dir;
    write_text(dir / "claims.json",
               many_claims(5000));  // megabytes of JSON: more than a pipe holds
    const Finished r = run_with_stdout(
        Stdout::kPipeReadThenClosed,
        {"estimate", (dir / "claims.json").string(), "--format", "json"}, dir.path());
    EXPECT_EQ(r.exit_code, 128 + SIGPIPE) << r.err;  // as `cat big | head -1` ends
    EXPECT_EQ(r.err, "");
    EXPECT_LT(r.seconds, 30);
    // run, whose summary table of 5000 claims is what overflows the pipe.
    const Finished run =
        run_with_stdout(Stdout::kPipeReadThenClosed,
                        {"run", "--no-bench", "--claims", (dir / "claims.json").string(),
                         "--out-dir", (dir / "runs").string()},
                        dir.path());
    EXPECT_EQ(run.exit_code, 128 + SIGPIPE) << run.err;
    EXPECT_EQ(run.err.find("error"), std::string::npos) << run.err;
    expect_no_temporary_file(dir.path());
    EXPECT_EQ(entries_in(dir / "runs"), 0u);  // removed as on any error
}

TEST(OutputFile, AWriteThatFailsIsExit1AndLeavesNothing) {
    TempDir dir;
    write_text(dir / "claims.json", many_claims(200));
    // The file size limit (inherited) makes the write fail with EFBIG, as a full disk would.
    const auto r = [&] {
        const LoweredLimit file_size(RLIMIT_FSIZE, 64 * 1024);
        return run_chipcount({"estimate", (dir / "claims.json").string(), "--format", "json", "-o",
                              (dir / "out.json").string()},
                             {}, dir.path());
    }();
    EXPECT_EQ(r.exit_code, 1) << r.err;
    EXPECT_NE(r.err.find("I/O error: output '" + (dir / "out.json").string() +
                         "': write failed: File too large"),
              std::string::npos)
        << r.err;
    EXPECT_FALSE(fs::exists(dir / "out.json"));
    expect_no_temporary_file(dir.path());
}

TEST(OutputFile, HangupAndQuitRemoveTheTemporaryFile) {
    TempDir dir;
    write_text(dir / "claims.json", many_claims(60000));
    // No core file from SIGQUIT: the limit is inherited by the child.
    const LoweredLimit no_core(RLIMIT_CORE, 0);
    for (const int signal_number : {SIGHUP, SIGQUIT}) {
        const std::string name = "out-" + std::to_string(signal_number) + ".json";
        const int pid = start_chipcount(
            {"estimate", (dir / "claims.json").string(), "--format", "json", "-o", name},
            dir.path());
        // Signalled while the file is being written (the handler is in place from then on).
        ASSERT_TRUE(wait_for_temporary_file(dir.path(), name)) << name;
        ::kill(pid, signal_number);
        const int code = wait_chipcount(pid);
        if (fs::exists(dir / name)) {  // the write finished first
            EXPECT_EQ(code, 0);
            EXPECT_TRUE(nlohmann::json::accept(read_text(dir / name)));
        } else {
            EXPECT_EQ(code, 128 + signal_number);
        }
        expect_no_temporary_file(dir.path());
    }
}

TEST(OutputFile, ASignalInheritedAsIgnoredStaysIgnored) {
    // `nohup chipcount ... &`, and a background job's SIGINT and SIGQUIT: the clean-up handler
    // must not make a signal fatal that the user chose to ignore, nor after the first file.
    TempDir dir;
    // Enough claims that writing takes a while, and few enough that run's estimate.json stays
    // under the 256 MiB it reads back (about 5 KB a claim).
    write_text(dir / "claims.json", many_claims(40000));
    const std::vector<std::string> estimate = {"estimate", "claims.json", "--format",
                                               "json",     "-o",          "out.json"};
    const std::vector<std::string> run = {"run",         "--no-bench", "--claims",
                                          "claims.json", "--out-dir",  "runs"};
    // run's estimate.json is its second file: the first one's clean-up came and went before.
    for (const auto& [args, name] : {std::pair{estimate, std::string("out.json")},
                                     std::pair{run, std::string("estimate.json")}}) {
        const int pid = start_through_shell("trap '' HUP INT", args, dir.path());
        ASSERT_TRUE(wait_for_temporary_file(dir.path(), name)) << name;
        ::kill(pid, SIGHUP);
        ::kill(pid, SIGINT);
        EXPECT_EQ(wait_chipcount(pid), 0) << args[0] << ": " << read_text(dir / "stderr.txt");
        expect_no_temporary_file(dir.path());
    }
    EXPECT_TRUE(nlohmann::json::accept(read_text(dir / "out.json")));
    ASSERT_EQ(entries_in(dir / "runs"), 1u);
    EXPECT_TRUE(fs::exists(fs::directory_iterator(dir / "runs")->path() / "report.html"));
}

TEST(RunFolder, AFailedStdoutRemovesTheRunFolder) {
    TempDir dir;
    write_text(dir / "claims.json", many_claims(20));
    const std::vector<std::string> args = {"run",         "--no-bench", "--claims",
                                           "claims.json", "--out-dir",  "runs"};
    for (const Stdout how : {Stdout::kDevFull, Stdout::kClosed}) {
        const Finished r = run_with_stdout(how, args, dir.path());
        EXPECT_EQ(r.exit_code, 1) << r.err;
        EXPECT_NE(r.err.find("cannot write to standard output"), std::string::npos) << r.err;
        EXPECT_EQ(entries_in(dir / "runs"), 0u);
    }
}

TEST(RunFolder, TermAndIntDuringARunRemoveTheFolder) {
    TempDir dir;
    write_text(dir / "claims.json", many_claims(20000));
    for (const int signal_number : {SIGTERM, SIGINT}) {
        // After estimate.json, while report.html is being written.
        const int pid = start_chipcount(
            {"run", "--no-bench", "--claims", "claims.json", "--out-dir", "runs"}, dir.path());
        ASSERT_TRUE(wait_for_temporary_file(dir.path(), "report.html"));
        ::kill(pid, signal_number);
        const int code = wait_chipcount(pid);
        if (code == 0) {  // the run finished first
            fs::remove_all(dir / "runs");
            continue;
        }
        EXPECT_EQ(code, 128 + signal_number);
        EXPECT_EQ(entries_in(dir / "runs"), 0u) << "signal " << signal_number;
    }
}

TEST(RunFolder, AnEstimatePastTheInputCapIsRefusedAndLeavesNoFolder) {
    // 80,000 claims (the most a run takes) with long names and sources (within their limits of
    // 256 and 1,000 bytes): the estimate would pass 256 MiB, which `report` could not read back.
    TempDir dir;
    const std::string name(256, 'n');
    const std::string source(500, 's');
    std::string text = R"({"format": "chipcount.claims", "version": 1, "claims": [)";
    for (int i = 0; i < 80000; ++i) {
        text += (i ? "," : "") + std::string(R"({"id": "c)") + std::to_string(i) +
                R"(", "name": ")" + name + R"(", "source": ")" + source +
                R"(", "stated": {"chips": 100, "chip": "H100"}})";
    }
    write_text(dir / "claims.json", text + "]}");
    const auto r = run_chipcount(
        {"run", "--no-bench", "--claims", "claims.json", "--out-dir", "runs"}, {}, dir.path());
    EXPECT_EQ(r.exit_code, 2) << r.err;
    EXPECT_NE(r.err.find("claims.json: too many claims for one run: the estimate would pass the "
                         "256 MiB input limit; split the claims file"),
              std::string::npos)
        << r.err;
    EXPECT_EQ(entries_in(dir / "runs"), 0u);
}

#if defined(__SANITIZE_ADDRESS__)
#define CHIPCOUNT_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define CHIPCOUNT_ASAN 1
#endif
#endif

TEST(Memory, AMillionClaimsUnderAMemoryLimitNeverAbort) {
#ifdef CHIPCOUNT_ASAN
    GTEST_SKIP() << "AddressSanitizer reserves terabytes of address space: no RLIMIT_AS fits";
#else
    TempDir dir;
    write_text(dir / "claims.json", many_claims(1000000));  // 61 MB
    for (const char* kb : {"300000", "600000", "1000000"}) {
        // run counts the claims before building the document: refused, whatever the limit.
        int pid = start_through_shell(
            std::string("ulimit -v ") + kb,
            {"run", "--no-bench", "--claims", "claims.json", "--out-dir", "runs"}, dir.path());
        EXPECT_EQ(wait_chipcount(pid), 2) << kb << ": " << read_text(dir / "stderr.txt");
        EXPECT_NE(read_text(dir / "stderr.txt").find("1000000 claims; run takes at most"),
                  std::string::npos);
        EXPECT_EQ(entries_in(dir / "runs"), 0u);
        // estimate builds it, and runs out of memory: exit 1 with a message, never SIGABRT.
        pid = start_through_shell(std::string("ulimit -v ") + kb,
                                  {"estimate", "claims.json", "--format", "json", "-o", "e.json"},
                                  dir.path());
        EXPECT_EQ(wait_chipcount(pid), 1) << kb << ": " << read_text(dir / "stderr.txt");
        EXPECT_NE(read_text(dir / "stderr.txt").find("chipcount: failure: out of memory"),
                  std::string::npos)
            << read_text(dir / "stderr.txt");
        expect_no_temporary_file(dir.path());
    }
#endif
}

TEST(OutputFile, AnIoErrorShowsTheFileNameAsVisibleText) {
    // Every error branch prints through visible_text, the I/O error too: no escape reaches the
    // terminal from a file name.
    TempDir dir;
    const int pid = start_through_shell(
        "ulimit -f 1", {"profiles", "list", "--format", "json", "-o", "out\x1b[31mRED"},
        dir.path());
    EXPECT_EQ(wait_chipcount(pid), 1);
    const std::string err = read_text(dir / "stderr.txt");
    EXPECT_NE(err.find("chipcount: I/O error: output 'out\\x1b[31mRED'"), std::string::npos) << err;
    EXPECT_EQ(err.find('\x1b'), std::string::npos) << err;
}

TEST(OutputFile, TheModeFollowsTheUmask) {
    TempDir dir;
    for (const auto& [mask, mode] : {std::pair<mode_t, unsigned>{077, 0600}, {022, 0644}}) {
        const fs::path out = dir / ("out-" + std::to_string(mask));
        const mode_t old = ::umask(mask);  // inherited by the child
        const auto r = run_chipcount({"classify", "--all", "-o", out.string()}, {}, dir.path());
        ::umask(old);
        ASSERT_EQ(r.exit_code, 0) << r.err;
        EXPECT_EQ(static_cast<unsigned>(fs::status(out).permissions()), mode) << "umask " << mask;
    }
}

TEST(Inputs, AFifoOrDevZeroIsRefusedAtOnce) {
    TempDir dir;
    ASSERT_EQ(::mkfifo((dir / "claims.json").c_str(), 0600), 0);
    ASSERT_EQ(::mkfifo((dir / "out.json").c_str(), 0600), 0);
    const std::vector<std::vector<std::string>> commands = {
        {"estimate", (dir / "claims.json").string()},
        {"estimate", "/dev/zero"},
        {"report", "/dev/zero"},
        {"estimate", "--chips", "5", "--chip", "H100", "-o", (dir / "out.json").string(),
         "--force"},
    };
    for (const auto& args : commands) {
        // A blocking open or read would hang until the 60 s limit kills it. (Stdout is never
        // written: the command stops before it has anything to print.)
        const Finished r = run_with_stdout(Stdout::kDevFull, args, dir.path());
        EXPECT_EQ(r.exit_code, 2) << args[1] << ": " << r.err;
        EXPECT_LT(r.seconds, 5) << args[1];
    }
    EXPECT_TRUE(fs::is_fifo(dir / "out.json"));
}

TEST(Inputs, RunReadsTheBundledClaimsWhateverProfilesSays) {
    TempDir dir;
    fs::create_directories(dir / "data");
    const fs::path profiles = copy_profiles(dir / "data");
    // A decoy where run used to look (DIR/../claims): never read.
    fs::create_directories(dir / "data/claims");
    write_text(dir / "data/claims/xinjiang-qinghai-2024.json", "not JSON");
    const auto r = run_chipcount({"run", "--no-bench", "--profiles", profiles.string(), "--out-dir",
                                  (dir / "runs").string()},
                                 {}, dir.path());
    ASSERT_EQ(r.exit_code, 0) << r.err;
    ASSERT_EQ(std::distance(fs::directory_iterator(dir / "runs"), fs::directory_iterator()), 1);
    const fs::path run_dir = fs::directory_iterator(dir / "runs")->path();
    const auto estimate = nlohmann::json::parse(read_text(run_dir / "estimate.json"));
    EXPECT_EQ(estimate["input"]["path"], "xinjiang-qinghai-2024.json");
    EXPECT_GT(estimate["claims"].size(), 1u);
}

}  // namespace
}  // namespace chipcount::test
