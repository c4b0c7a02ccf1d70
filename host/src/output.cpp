#include "chipcount/output.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <cstring>
#include <fstream>
#include <sstream>

#include "chipcount/errors.hpp"

namespace chipcount {
namespace fs = std::filesystem;
namespace {

std::string quoted(const fs::path& path) { return "'" + path.string() + "'"; }

// The temporary file being written, so that SIGINT/SIGTERM can remove it (no partial files).
volatile std::sig_atomic_t g_temp_active = 0;
char g_temp_path[4096] = {};

extern "C" void remove_temp_and_reraise(int signal_number) {
    if (g_temp_active != 0) ::unlink(g_temp_path);
    std::signal(signal_number, SIG_DFL);
    std::raise(signal_number);
}

struct TempFileGuard {
    explicit TempFileGuard(const std::string& path) {
        std::strncpy(g_temp_path, path.c_str(), sizeof g_temp_path - 1);
        g_temp_active = 1;
        previous_int = std::signal(SIGINT, remove_temp_and_reraise);
        previous_term = std::signal(SIGTERM, remove_temp_and_reraise);
    }
    ~TempFileGuard() {
        if (!committed) ::unlink(g_temp_path);
        g_temp_active = 0;
        std::signal(SIGINT, previous_int);
        std::signal(SIGTERM, previous_term);
    }
    bool committed = false;
    void (*previous_int)(int) = SIG_DFL;
    void (*previous_term)(int) = SIG_DFL;
};

}  // namespace

void check_output_path(const fs::path& path, WriteOptions options) {
    std::error_code ec;
    const fs::path parent = path.parent_path().empty() ? fs::path(".") : path.parent_path();
    if (!fs::is_directory(parent, ec)) {
        throw InputError("output " + quoted(path) + ": directory " + quoted(parent) + " does not exist");
    }
    if (fs::is_directory(path, ec)) {
        throw InputError("output " + quoted(path) + " is a directory");
    }
    if (fs::exists(path, ec) && !options.force) {
        throw InputError("output " + quoted(path) + " already exists; pass --force to replace it");
    }
}

void write_file_atomically(const fs::path& path, std::string_view content, WriteOptions options) {
    check_output_path(path, options);
    const fs::path parent = path.parent_path().empty() ? fs::path(".") : path.parent_path();
    std::string temp = (parent / ("." + path.filename().string() + ".tmp-XXXXXX")).string();
    const int fd = ::mkstemp(temp.data());
    if (fd < 0) {
        throw InputError("output " + quoted(path) + ": cannot create a temporary file: " +
                         std::strerror(errno));
    }
    TempFileGuard guard(temp);
    std::size_t written = 0;
    while (written < content.size()) {
        const ssize_t n = ::write(fd, content.data() + written, content.size() - written);
        if (n < 0) {
            if (errno == EINTR) continue;
            const std::string reason = std::strerror(errno);
            ::close(fd);
            throw InputError("output " + quoted(path) + ": write failed: " + reason);
        }
        written += static_cast<std::size_t>(n);
    }
    ::fchmod(fd, 0644);
    if (::fsync(fd) != 0 || ::close(fd) != 0) {
        throw InputError("output " + quoted(path) + ": cannot flush: " + std::strerror(errno));
    }
    // Without --force the target must still be absent: link() fails if it appeared meanwhile.
    if (!options.force) {
        if (::link(temp.c_str(), path.c_str()) != 0) {
            throw InputError("output " + quoted(path) + ": cannot create: " + std::strerror(errno));
        }
    } else if (::rename(temp.c_str(), path.c_str()) != 0) {
        throw InputError("output " + quoted(path) + ": cannot replace: " + std::strerror(errno));
    }
    guard.committed = options.force;  // after link() the temp name is removed by the guard
}

std::string read_text_file(const fs::path& path) {
    std::error_code ec;
    if (fs::is_directory(path, ec)) throw InputError(quoted(path) + " is a directory, not a file");
    if (!fs::exists(path, ec)) throw InputError(quoted(path) + ": no such file");
    std::ifstream in(path, std::ios::binary);
    if (!in) throw InputError(quoted(path) + ": cannot open: " + std::strerror(errno));
    std::ostringstream buffer;
    buffer << in.rdbuf();
    if (in.bad()) throw InputError(quoted(path) + ": read failed");
    return buffer.str();
}

}  // namespace chipcount
