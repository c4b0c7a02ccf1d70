#include "chipcount/io/files.hpp"

#include <fcntl.h>
#include <pthread.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <csignal>
#include <cstring>
#include <iterator>
#include <stdexcept>

#include "chipcount/base/errors.hpp"

namespace chipcount {
namespace fs = std::filesystem;
namespace {

std::string quoted(const fs::path& path) {
    return "'" + path.string() + "'";
}

// What a file is, for a message that refuses it.
std::string kind_of(mode_t mode) {
    if (S_ISDIR(mode)) return "a directory";
    if (S_ISFIFO(mode)) return "a FIFO";
    if (S_ISCHR(mode)) return "a character device";
    if (S_ISBLK(mode)) return "a block device";
    if (S_ISSOCK(mode)) return "a socket";
    if (S_ISLNK(mode)) return "a symbolic link";
    return "not a regular file";
}

// The errors that say the path itself cannot be used (exit 2); any other failure is the system
// failing while the path was fine (exit 1). See the rule in files.hpp.
bool path_unusable(int error_number) {
    switch (error_number) {
        case EACCES:
        case EPERM:
        case EROFS:
        case ENOENT:
        case ENOTDIR:
        case EISDIR:
        case EEXIST:
        case ENAMETOOLONG:
        case ELOOP:
            return true;
        default:
            return false;
    }
}

[[noreturn]] void throw_for_errno(const std::string& message, int error_number) {
    const std::string text = message + ": " + std::strerror(error_number);
    if (path_unusable(error_number)) throw InputError(text);
    throw IoError(text);
}

// What a signal removes before it ends the process (no partial files, no half-made run folder):
// the temporary file being written, and the folder of a run with the files named in it. Each is
// set before its flag, so the handler never sees half a path.
constexpr int kCleanupSignals[] = {SIGINT, SIGTERM, SIGHUP, SIGQUIT};
constexpr std::size_t kPathBytes = 4096;
constexpr std::size_t kMaxFolderFiles = 16;
volatile std::sig_atomic_t g_temp_active = 0;
char g_temp_path[kPathBytes] = {};
volatile std::sig_atomic_t g_folder_active = 0;
volatile std::sig_atomic_t g_folder_files = 0;
char g_folder_path[kPathBytes] = {};
char g_folder_file_paths[kMaxFolderFiles][kPathBytes] = {};

// The dispositions found when the handlers went in, restored when they come out. A signal that
// was ignored (nohup, a background job's SIGINT and SIGQUIT) is left ignored: it never ends the
// process, so there is nothing to clean up for it.
struct sigaction g_previous[std::size(kCleanupSignals)] = {};
bool g_handled[std::size(kCleanupSignals)] = {};
int g_cleanup_users = 0;  // temporary files and folders registered (not touched by the handler)

void copy_path(char (&to)[kPathBytes], const std::string& from) {
    std::strncpy(to, from.c_str(), kPathBytes - 1);
    to[kPathBytes - 1] = '\0';
}

extern "C" void remove_and_reraise(int signal_number) {
    // unlink and rmdir only: both are async-signal-safe.
    if (g_temp_active != 0) ::unlink(g_temp_path);
    if (g_folder_active != 0) {
        for (int i = 0; i < g_folder_files; ++i) ::unlink(g_folder_file_paths[i]);
        ::rmdir(g_folder_path);
    }
    // Handlers are installed only over SIG_DFL or a handler of this process, never over SIG_IGN,
    // so the default action ends the process (the signal is blocked in the handler and
    // delivered once it returns).
    struct sigaction fallback {};
    fallback.sa_handler = SIG_DFL;
    ::sigemptyset(&fallback.sa_mask);
    ::sigaction(signal_number, &fallback, nullptr);
    ::raise(signal_number);
}

void acquire_cleanup() {
    if (g_cleanup_users++ > 0) return;
    for (std::size_t i = 0; i < std::size(kCleanupSignals); ++i) {
        g_handled[i] = false;
        if (::sigaction(kCleanupSignals[i], nullptr, &g_previous[i]) != 0) continue;
        if (!(g_previous[i].sa_flags & SA_SIGINFO) && g_previous[i].sa_handler == SIG_IGN) continue;
        struct sigaction handler {};
        handler.sa_handler = remove_and_reraise;
        ::sigemptyset(&handler.sa_mask);
        for (const int s : kCleanupSignals) ::sigaddset(&handler.sa_mask, s);  // one at a time
        handler.sa_flags = SA_RESTART;
        g_handled[i] = ::sigaction(kCleanupSignals[i], &handler, nullptr) == 0;
    }
}

void release_cleanup() {
    if (g_cleanup_users == 0 || --g_cleanup_users > 0) return;
    for (std::size_t i = 0; i < std::size(kCleanupSignals); ++i) {
        if (g_handled[i]) ::sigaction(kCleanupSignals[i], &g_previous[i], nullptr);
        g_handled[i] = false;
    }
}

void install_cleanup(const std::string& path) {
    copy_path(g_temp_path, path);
    g_temp_active = 1;
    acquire_cleanup();
}

void remove_cleanup() {
    g_temp_active = 0;
    release_cleanup();
}

// 0666 less the umask: what open(path, O_CREAT, 0666) would give (mkstemp makes 0600).
mode_t new_file_mode() {
    const mode_t mask = ::umask(0);
    ::umask(mask);
    return 0666 & ~mask;
}

// Closes a descriptor on every way out.
class Descriptor {
  public:
    explicit Descriptor(int fd) : fd_(fd) {}
    ~Descriptor() { ::close(fd_); }
    Descriptor(const Descriptor&) = delete;
    Descriptor& operator=(const Descriptor&) = delete;
    int get() const { return fd_; }

  private:
    int fd_;
};

std::string not_a_regular_file(const fs::path& path, mode_t mode) {
    if (S_ISDIR(mode)) return quoted(path) + " is a directory, not a file";
    return quoted(path) + " is " + kind_of(mode) + ", not a regular file";
}

std::string too_large(const fs::path& path, std::size_t max_bytes) {
    return quoted(path) + ": larger than " + std::to_string(max_bytes) +
           " bytes, the limit for an input file (docs/robustness.md)";
}

}  // namespace

void check_output_path(const fs::path& path, WriteOptions options) {
    if (path.empty()) throw InputError("output: the file name is empty");
    std::error_code ec;
    const fs::path parent = path.parent_path().empty() ? fs::path(".") : path.parent_path();
    if (!fs::is_directory(parent, ec)) {
        throw InputError("output " + quoted(path) + ": directory " + quoted(parent) +
                         " does not exist");
    }
    struct stat st {};
    if (::lstat(path.c_str(), &st) != 0) {
        if (errno == ENOENT) return;
        throw_for_errno("output " + quoted(path), errno);
    }
    if (S_ISDIR(st.st_mode)) throw InputError("output " + quoted(path) + " is a directory");
    if (!options.force)
        throw InputError("output " + quoted(path) + " already exists; pass --force to replace it");
    // Replacing a link would replace the link, not the file it names; a FIFO or device is no file.
    if (!S_ISREG(st.st_mode)) {
        throw InputError("output " + quoted(path) + " is " + kind_of(st.st_mode) +
                         "; --force replaces only a regular file");
    }
}

AtomicFile::AtomicFile(const fs::path& path, WriteOptions options)
    : path_(path), options_(options) {
    check_output_path(path, options);
    const fs::path parent = path.parent_path().empty() ? fs::path(".") : path.parent_path();
    temp_ = (parent / ("." + path.filename().string() + ".tmp-XXXXXX")).string();
    int error_number = 0;
    {
        const CleanupSignalsHeld held;  // no signal between making the file and its clean-up
        fd_ = ::mkstemp(temp_.data());
        error_number = errno;
        if (fd_ >= 0) install_cleanup(temp_);
    }
    if (fd_ < 0)
        throw_for_errno("output " + quoted(path) + ": cannot create a temporary file",
                        error_number);
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
            throw_for_errno("output " + quoted(path_) + ": write failed", errno);
        }
        written += static_cast<std::size_t>(n);
    }
}

void AtomicFile::commit() {
    if (::fchmod(fd_, new_file_mode()) != 0 || ::fsync(fd_) != 0) {
        throw_for_errno("output " + quoted(path_) + ": cannot flush", errno);
    }
    const int fd = fd_;
    fd_ = -1;
    if (::close(fd) != 0) throw_for_errno("output " + quoted(path_) + ": cannot flush", errno);
    if (!options_.force) {
        // link() fails if the target appeared meanwhile: an existing file is never replaced.
        if (::link(temp_.c_str(), path_.c_str()) != 0)
            throw_for_errno("output " + quoted(path_) + ": cannot create", errno);
        ::unlink(temp_.c_str());
    } else {
        check_output_path(path_, options_);  // still a regular file (or none) just before rename
        if (::rename(temp_.c_str(), path_.c_str()) != 0)
            throw_for_errno("output " + quoted(path_) + ": cannot replace", errno);
    }
    committed_ = true;
}

void write_file_atomically(const fs::path& path, std::string_view content, WriteOptions options) {
    AtomicFile file(path, options);
    file.write(content);
    file.commit();
}

std::string read_text_file(const fs::path& path, std::size_t max_bytes) {
    // O_NONBLOCK: opening a FIFO that has no writer (or a device) returns at once instead of
    // waiting; the type is then checked on the opened descriptor, so it cannot change meanwhile.
    const int fd = ::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0) {
        const int error_number = errno;
        if (error_number == ENOENT) throw InputError(quoted(path) + ": no such file");
        struct stat st {};
        if (error_number == ENXIO && ::stat(path.c_str(), &st) == 0)  // a socket cannot be opened
            throw InputError(not_a_regular_file(path, st.st_mode));
        throw InputError(quoted(path) + ": cannot open: " + std::strerror(error_number));
    }
    const Descriptor file(fd);
    struct stat st {};
    if (::fstat(fd, &st) != 0)
        throw InputError(quoted(path) + ": cannot read: " + std::strerror(errno));
    if (!S_ISREG(st.st_mode)) throw InputError(not_a_regular_file(path, st.st_mode));
    if (static_cast<std::uintmax_t>(st.st_size) > max_bytes)
        throw InputError(too_large(path, max_bytes));

    std::string content;
    content.reserve(static_cast<std::size_t>(st.st_size));
    char buffer[1 << 16];
    // Up to one byte past the limit, so that a file that grew (or a /proc file whose size reads
    // as 0) is refused without reading the rest of it.
    while (content.size() <= max_bytes) {
        const std::size_t want = std::min(sizeof buffer, max_bytes + 1 - content.size());
        const ssize_t n = ::read(fd, buffer, want);
        if (n == 0) break;
        if (n < 0) {
            if (errno == EINTR) continue;
            throw InputError(quoted(path) + ": cannot read: " + std::strerror(errno));
        }
        content.append(buffer, static_cast<std::size_t>(n));
    }
    if (content.size() > max_bytes) throw InputError(too_large(path, max_bytes));
    return content;
}

void create_output_directories(const fs::path& dir) {
    if (dir.empty()) throw InputError("output folder: the name is empty");
    std::error_code ec;
    fs::create_directories(dir, ec);
    if (ec) throw_for_errno("output folder " + quoted(dir) + ": cannot create", ec.value());
}

fs::path create_fresh_directory(const fs::path& base, const std::string& name) {
    create_output_directories(base);
    for (int i = 1; i <= 1000; ++i) {
        const fs::path dir = base / (i == 1 ? name : name + "-" + std::to_string(i));
        if (::mkdir(dir.c_str(), 0777) == 0) return dir;
        // EEXIST: the name is taken (by a folder, a file or a link), so try the next.
        if (errno != EEXIST)
            throw_for_errno("output folder " + quoted(dir) + ": cannot create", errno);
    }
    throw InputError(quoted(base) + ": 1000 folders named " + name +
                     " exist already; choose another folder");
}

CleanupSignalsHeld::CleanupSignalsHeld() {
    sigset_t cleanup_signals;
    ::sigemptyset(&cleanup_signals);
    for (const int s : kCleanupSignals) ::sigaddset(&cleanup_signals, s);
    ::pthread_sigmask(SIG_BLOCK, &cleanup_signals, &previous_mask_);
}

CleanupSignalsHeld::~CleanupSignalsHeld() {
    ::pthread_sigmask(SIG_SETMASK, &previous_mask_, nullptr);
}

FolderRemovedOnSignal::FolderRemovedOnSignal(const fs::path& base, const std::string& name) {
    // The folders above first, with the signals free: a mkdir that hangs (a network file
    // system) can still be stopped with Ctrl-C.
    create_output_directories(base);
    const CleanupSignalsHeld held;  // no signal between the folder's mkdir and its clean-up
    dir_ = create_fresh_directory(base, name);
    copy_path(g_folder_path, dir_.string());
    g_folder_files = 0;
    g_folder_active = 1;
    acquire_cleanup();
}

FolderRemovedOnSignal::~FolderRemovedOnSignal() {
    g_folder_active = 0;
    g_folder_files = 0;
    release_cleanup();
}

void FolderRemovedOnSignal::add(const fs::path& file) {
    if (g_folder_files >= static_cast<int>(kMaxFolderFiles))
        throw std::logic_error("FolderRemovedOnSignal: more than 16 files");
    copy_path(g_folder_file_paths[g_folder_files], file.string());
    g_folder_files = g_folder_files + 1;
}

}  // namespace chipcount
