#include "test_support.hpp"

#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <random>
#include <sstream>
#include <stdexcept>

extern char** environ;

namespace chipcount::test {
namespace fs = std::filesystem;

CommandResult run_chipcount(const std::vector<std::string>& args,
                            const std::map<std::string, std::string>& env, const fs::path& cwd) {
    TempDir capture;
    const std::string out_path = (capture / "stdout").string();
    const std::string err_path = (capture / "stderr").string();

    std::vector<std::string> argv_storage = {CHIPCOUNT_BIN};
    argv_storage.insert(argv_storage.end(), args.begin(), args.end());
    std::vector<char*> argv;
    for (auto& arg : argv_storage) argv.push_back(arg.data());
    argv.push_back(nullptr);

    std::map<std::string, std::string> merged;
    for (char** e = environ; *e != nullptr; ++e) {
        const std::string entry = *e;
        const auto eq = entry.find('=');
        if (eq != std::string::npos) merged[entry.substr(0, eq)] = entry.substr(eq + 1);
    }
    merged.erase("CHIPCOUNT_PROFILES");  // tests say explicitly which profiles they use
    for (const auto& [key, value] : env) {
        if (value.empty())
            merged.erase(key);
        else
            merged[key] = value;
    }
    std::vector<std::string> env_storage;
    for (const auto& [key, value] : merged) env_storage.push_back(key + "=" + value);
    std::vector<char*> envp;
    for (auto& entry : env_storage) envp.push_back(entry.data());
    envp.push_back(nullptr);

    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 1, out_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC,
                                     0644);
    posix_spawn_file_actions_addopen(&actions, 2, err_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC,
                                     0644);
    const std::string dir = cwd.empty() ? fs::current_path().string() : cwd.string();
    posix_spawn_file_actions_addchdir_np(&actions, dir.c_str());
    pid_t pid = 0;
    const int rc = posix_spawn(&pid, argv[0], &actions, nullptr, argv.data(), envp.data());
    posix_spawn_file_actions_destroy(&actions);
    if (rc != 0) throw std::runtime_error(std::string("cannot start ") + CHIPCOUNT_BIN);
    int status = 0;
    waitpid(pid, &status, 0);
    CommandResult result;
    result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    result.out = read_text(out_path);
    result.err = read_text(err_path);
    return result;
}

int start_chipcount(const std::vector<std::string>& args, const fs::path& cwd) {
    std::vector<std::string> argv_storage = {CHIPCOUNT_BIN};
    argv_storage.insert(argv_storage.end(), args.begin(), args.end());
    std::vector<char*> argv;
    for (auto& arg : argv_storage) argv.push_back(arg.data());
    argv.push_back(nullptr);
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0);
    posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0);
    const std::string dir = cwd.string();
    posix_spawn_file_actions_addchdir_np(&actions, dir.c_str());
    pid_t pid = 0;
    const int rc = posix_spawn(&pid, argv[0], &actions, nullptr, argv.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    if (rc != 0) throw std::runtime_error(std::string("cannot start ") + CHIPCOUNT_BIN);
    return pid;
}

int wait_chipcount(int pid) {
    int status = 0;
    waitpid(pid, &status, 0);
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

TempDir::TempDir() {
    std::random_device random;
    for (int attempt = 0; attempt < 100; ++attempt) {
        path_ = fs::temp_directory_path() / ("chipcount-test-" + std::to_string(random()));
        if (fs::create_directory(path_)) return;
    }
    throw std::runtime_error("cannot create a temporary directory");
}

TempDir::~TempDir() {
    std::error_code ec;
    fs::permissions(path_, fs::perms::owner_all, fs::perm_options::add, ec);
    fs::remove_all(path_, ec);
}

void write_text(const fs::path& path, const std::string& content) {
    std::ofstream out(path, std::ios::binary);
    out << content;
    if (!out) throw std::runtime_error("cannot write " + path.string());
}

std::string read_text(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream buffer;
    buffer << in.rdbuf();
    return buffer.str();
}

fs::path source_dir() {
    return CHIPCOUNT_SOURCE_DIR;
}
fs::path profiles_dir() {
    return source_dir() / "profiles";
}

fs::path copy_profiles(const fs::path& dir) {
    const fs::path target = dir / "profiles";
    fs::copy(profiles_dir(), target, fs::copy_options::recursive);
    return target;
}

namespace {

std::string quoted(const std::string& text) {
    std::string out = "'";
    for (char c : text) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
    return out + "'";
}

bool succeeds(const std::string& command) {
    const int status = std::system((command + " >/dev/null 2>&1").c_str());
    return status != -1 && WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

// The first of `names` that is an executable file on PATH, or "".
std::string find_on_path(const std::vector<std::string>& names) {
    const char* path = std::getenv("PATH");
    std::istringstream dirs(path != nullptr ? path : "/usr/bin:/bin");
    std::vector<std::string> folders;
    for (std::string dir; std::getline(dirs, dir, ':');) folders.push_back(dir.empty() ? "." : dir);
    for (const std::string& name : names) {
        for (const std::string& dir : folders) {
            const fs::path candidate = fs::path(dir) / name;
            if (::access(candidate.c_str(), X_OK) == 0 && fs::is_regular_file(candidate))
                return candidate.string();
        }
    }
    return "";
}

}  // namespace

const ExternalTool& python_with_jsonschema() {
    static const ExternalTool tool = [] {
        // PATH's python3 first; Debian's own when PATH's (a virtual environment, say) lacks it.
        std::vector<std::string> candidates = {find_on_path({"python3"}), "/usr/bin/python3"};
        for (const std::string& python : candidates) {
            if (!python.empty() && succeeds(quoted(python) + " -c 'import jsonschema'"))
                return ExternalTool{python, ""};
        }
        return ExternalTool{"",
                            "no python3 with the jsonschema module (Debian: python3-jsonschema)"};
    }();
    return tool;
}

const ExternalTool& chromium() {
    static const ExternalTool tool = [] {
        const std::string path = find_on_path({"chromium", "chromium-browser", "google-chrome"});
        return path.empty() ? ExternalTool{"", "no chromium on PATH (Debian: chromium)"}
                            : ExternalTool{path, ""};
    }();
    return tool;
}

bool test_tools_required() {
    const char* value = std::getenv("CHIPCOUNT_REQUIRE_TEST_TOOLS");
    return value != nullptr && *value != '\0' && std::string(value) != "0";
}

int validate_json(const std::string& schema, const std::vector<fs::path>& files) {
    const std::string& python = python_with_jsonschema().path;
    if (python.empty()) throw std::runtime_error(python_with_jsonschema().why_missing);
    std::string command = quoted(python) + " " +
                          quoted((source_dir() / "tests/tools/validate_json.py").string()) + " " +
                          quoted((source_dir() / "results/schema" / schema).string());
    for (const auto& file : files) command += " " + quoted(file.string());
    const int status = std::system(command.c_str());
    return status != -1 && WIFEXITED(status) ? WEXITSTATUS(status) : 128;
}

}  // namespace chipcount::test
