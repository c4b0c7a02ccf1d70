// Test helpers: run the built chipcount binary and capture what it prints; temporary folders.
#pragma once
#include <filesystem>
#include <map>
#include <string>
#include <vector>

namespace chipcount::test {

struct CommandResult {
    int exit_code = -1;
    std::string out;
    std::string err;
};

// Runs the chipcount binary (CHIPCOUNT_BIN) with `args`, in `cwd` when given. `env` entries are
// added to the environment; an empty value removes the variable.
CommandResult run_chipcount(const std::vector<std::string>& args,
                            const std::map<std::string, std::string>& env = {},
                            const std::filesystem::path& cwd = {});

// Starts chipcount without waiting; stdout and stderr go to /dev/null. Returns the pid.
int start_chipcount(const std::vector<std::string>& args, const std::filesystem::path& cwd);
// Waits for a started chipcount; returns its exit code, or 128 + the signal that ended it.
int wait_chipcount(int pid);

// A fresh directory under the system temp folder, removed with everything in it at scope exit.
class TempDir {
  public:
    TempDir();
    ~TempDir();
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
    const std::filesystem::path& path() const { return path_; }
    std::filesystem::path operator/(const std::string& name) const { return path_ / name; }

  private:
    std::filesystem::path path_;
};

void write_text(const std::filesystem::path& path, const std::string& content);
std::string read_text(const std::filesystem::path& path);

// The repository's source tree and its bundled data.
std::filesystem::path source_dir();
std::filesystem::path profiles_dir();

// Copies the bundled profiles into `dir` so a test can break one file.
std::filesystem::path copy_profiles(const std::filesystem::path& dir);

// A program some tests need besides the compiler. Looked up when a test first asks (not when
// CMake configures), so a tool installed later counts. `path` is empty when it is missing, and
// `why_missing` says what to install.
struct ExternalTool {
    std::string path;
    std::string why_missing;
};
// python3 with the jsonschema module: the independent validator of every output format.
const ExternalTool& python_with_jsonschema();
// Headless Chromium: renders the HTML report in the page tests.
const ExternalTool& chromium();
// True when CHIPCOUNT_REQUIRE_TEST_TOOLS is set, as `make test` does: it has installed every tool
// (scripts/bootstrap --test), so a missing one is a fault to report, not a reason to skip.
bool test_tools_required();

// Validates `files` against results/schema/<schema> with tests/tools/validate_json.py, run by
// python_with_jsonschema(). Returns the validator's exit code (0: all valid).
int validate_json(const std::string& schema, const std::vector<std::filesystem::path>& files);

}  // namespace chipcount::test

// At the top of a test (or a fixture's SetUp) that needs `tool`: skips the test with the reason
// when the tool is missing, or fails it under `make test` (see test_tools_required).
#define CHIPCOUNT_NEED_TOOL(tool)                                                                 \
    do {                                                                                          \
        const ::chipcount::test::ExternalTool& needed_tool_ = (tool);                             \
        if (needed_tool_.path.empty()) {                                                          \
            if (::chipcount::test::test_tools_required())                                         \
                FAIL() << needed_tool_.why_missing                                                \
                       << " (CHIPCOUNT_REQUIRE_TEST_TOOLS is set: make test expects every tool)"; \
            GTEST_SKIP() << needed_tool_.why_missing;                                             \
        }                                                                                         \
    } while (false)
