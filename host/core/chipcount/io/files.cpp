#include "chipcount/io/files.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <cstring>

#include "chipcount/base/errors.hpp"

namespace chipcount {
namespace fs = std::filesystem;
namespace {

std::string quoted(const fs::path& path) {
    return "'" + path.string() + "'";
}

// The temporary file being written, so that SIGINT/SIGTERM can remove it (no partial files).
volatile std::sig_atomic_t g_temp_active = 0;
char g_temp_path[4096] = {};

extern "C" void remove_temp_and_reraise(int signal_number) {
    if (g_temp_active != 0) ::unlink(g_temp_path);
    std::signal(signal_number, SIG_DFL);
    std::raise(signal_number);
}

void install_cleanup(const std::string& path) {
    std::strncpy(g_temp_path, path.c_str(), sizeof g_temp_path - 1);
    g_temp_active = 1;
    std::signal(SIGINT, remove_temp_and_reraise);
    std::signal(SIGTERM, remove_temp_and_reraise);
}

void remove_cleanup() {
    g_temp_active = 0;
    std::signal(SIGINT, SIG_DFL);
    std::signal(SIGTERM, SIG_DFL);
}

}  // namespace

void check_output_path(const fs::path& path, WriteOptions options) {
    std::error_code ec;
    const fs::path parent = path.parent_path().empty() ? fs::path(".") : path.parent_path();
    if (!fs::is_directory(parent, ec)) {
        throw InputError("output " + quoted(path) + ": directory " + quoted(parent) +
                         " does not exist");
    }
    if (fs::is_directory(path, ec)) {
        throw InputError("output " + quoted(path) + " is a directory");
    }
    if (fs::exists(path, ec) && !options.force) {
        throw InputError("output " + quoted(path) + " already exists; pass --force to replace it");
    }
}

AtomicFile::AtomicFile(const fs::path& path, WriteOptions options)
    : path_(path), options_(options) {
    check_output_path(path, options);
    const fs::path parent = path.parent_path().empty() ? fs::path(".") : path.parent_path();
    temp_ = (parent / ("." + path.filename().string() + ".tmp-XXXXXX")).string();
    fd_ = ::mkstemp(temp_.data());
    if (fd_ < 0) {
        throw InputError("output " + quoted(path) +
                         ": cannot create a temporary file: " + std::strerror(errno));
    }
    install_cleanup(temp_);
}

AtomicFile::~AtomicFile() {
    if (fd_ >= 0) ::close(fd_);
    if (!committed_) ::unlink(temp_.c_str());
    remove_cleanup();
}

void AtomicFile::write(std::string_view data) {
    std::size_t written = 0;
    while (written < data.size()) {
        const ssize_t n = ::write(fd_, data.data() + written, data.size() - written);
        if (n < 0) {
            if (errno == EINTR) continue;
            throw InputError("output " + quoted(path_) + ": write failed: " + std::strerror(errno));
        }
        written += static_cast<std::size_t>(n);
    }
}

void AtomicFile::commit() {
    ::fchmod(fd_, 0644);
    const bool flushed = ::fsync(fd_) == 0;
    const bool closed = ::close(fd_) == 0;
    fd_ = -1;
    if (!flushed || !closed)
        throw InputError("output " + quoted(path_) + ": cannot flush: " + std::strerror(errno));
    if (!options_.force) {
        // link() fails if the target appeared meanwhile: an existing file is never replaced.
        if (::link(temp_.c_str(), path_.c_str()) != 0) {
            throw InputError("output " + quoted(path_) +
                             ": cannot create: " + std::strerror(errno));
        }
        ::unlink(temp_.c_str());
    } else if (::rename(temp_.c_str(), path_.c_str()) != 0) {
        throw InputError("output " + quoted(path_) + ": cannot replace: " + std::strerror(errno));
    }
    committed_ = true;
}

void write_file_atomically(const fs::path& path, std::string_view content, WriteOptions options) {
    AtomicFile file(path, options);
    file.write(content);
    file.commit();
}

std::string read_text_file(const fs::path& path) {
    std::error_code ec;
    if (fs::is_directory(path, ec)) throw InputError(quoted(path) + " is a directory, not a file");
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        if (errno == ENOENT) throw InputError(quoted(path) + ": no such file");
        throw InputError(quoted(path) + ": cannot open: " + std::strerror(errno));
    }
    std::string content;
    char buffer[1 << 16];
    while (true) {
        const ssize_t n = ::read(fd, buffer, sizeof buffer);
        if (n == 0) break;
        if (n < 0) {
            if (errno == EINTR) continue;
            const std::string reason = std::strerror(errno);
            ::close(fd);
            throw InputError(quoted(path) + ": cannot read: " + reason);
        }
        content.append(buffer, static_cast<std::size_t>(n));
    }
    ::close(fd);
    return content;
}

fs::path create_fresh_directory(const fs::path& base, const std::string& name) {
    fs::create_directories(base);
    for (int i = 1; i <= 1000; ++i) {
        const fs::path dir = base / (i == 1 ? name : name + "-" + std::to_string(i));
        if (::mkdir(dir.c_str(), 0777) == 0) return dir;
        // EEXIST: the name is taken (by a folder, a file or a link), so try the next.
        if (errno != EEXIST)
            throw fs::filesystem_error("cannot create the folder", dir,
                                       std::error_code(errno, std::generic_category()));
    }
    throw InputError(quoted(base) + ": 1000 folders named " + name +
                     " exist already; choose another folder");
}

}  // namespace chipcount
