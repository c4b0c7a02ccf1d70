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

}  // namespace chipcount::test
