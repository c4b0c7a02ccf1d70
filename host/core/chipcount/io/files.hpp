// Output files are written atomically: a temporary file in the same directory, then rename().
// A reader never sees a half-written file, and an existing file is replaced only when asked.
// Input files are read whole, and only when they are regular files under a size cap.
//
// One rule for the exit code of a path the user gave (docs/cli.md): when the path cannot be used
// (missing folder, no permission, a directory, a FIFO, an existing file without --force) it is an
// InputError, exit 2; when writing to a usable path fails part way (disk full, I/O error, the
// file size limit) it is an IoError, exit 1.
#pragma once
#include <signal.h>  // sigset_t

#include <cstddef>
#include <filesystem>
#include <string>
#include <string_view>

namespace chipcount {

// The largest input file read: 256 MiB. The biggest legitimate input is a claims file (1M claims
// of scripts/scale-bench take 80 MB); a larger file would need several GB once parsed.
inline constexpr std::size_t kMaxInputBytes = std::size_t{256} << 20;

struct WriteOptions {
    bool force = false;  // replace an existing regular file (never a directory, FIFO, device, link)
};

// A file written in pieces and published whole: a temporary file in the same directory, renamed
// (or, without `force`, hard-linked so that an existing file is never replaced) on commit().
// Destroyed without commit(), or interrupted by SIGINT, SIGTERM, SIGHUP or SIGQUIT, it leaves
// nothing behind. A signal that the process inherited as ignored (nohup, the SIGINT and SIGQUIT
// of a background job) stays ignored, and each signal's disposition is restored afterwards. The
// file gets mode 0666 less the umask, as an ordinary open() would give it.
class AtomicFile {
  public:
    AtomicFile(const std::filesystem::path& path, WriteOptions options);
    ~AtomicFile();
    AtomicFile(const AtomicFile&) = delete;
    AtomicFile& operator=(const AtomicFile&) = delete;

    void write(std::string_view data);
    void commit();

  private:
    std::filesystem::path path_;
    std::string temp_;
    WriteOptions options_;
    int fd_ = -1;
    bool committed_ = false;
};

// Throws InputError when the directory is missing or the file exists (without `force`, or as
// anything but a regular file), IoError when the write fails; the temporary file is removed on
// every failure.
void write_file_atomically(const std::filesystem::path& path, std::string_view content,
                           WriteOptions options = {});

// Checks what write_file_atomically would refuse, before any long work starts.
void check_output_path(const std::filesystem::path& path, WriteOptions options = {});

// Makes `dir` and its missing parents; InputError or IoError (by the rule above) naming it.
void create_output_directories(const std::filesystem::path& dir);

// Makes a new, empty directory base/name, or base/name-2, base/name-3, ... when that name is
// taken, and returns it; `base` is made when missing. Never returns a directory that existed: of
// several processes racing for one name, exactly one gets it (mkdir is atomic).
std::filesystem::path create_fresh_directory(const std::filesystem::path& base,
                                             const std::string& name);

// Holds SIGINT, SIGTERM, SIGHUP and SIGQUIT back (blocked, kept pending) for its lifetime, in
// this thread: one that arrives meanwhile is delivered when it ends, to the handlers in place
// then. For the step between making a file or folder and putting its clean-up in place.
class CleanupSignalsHeld {
  public:
    CleanupSignalsHeld();
    ~CleanupSignalsHeld();
    CleanupSignalsHeld(const CleanupSignalsHeld&) = delete;
    CleanupSignalsHeld& operator=(const CleanupSignalsHeld&) = delete;

  private:
    sigset_t previous_mask_;
};

// A fresh folder being filled (run's), made under `base` as create_fresh_directory() makes it,
// with the signals held until its clean-up is in place (a signal in between would leave it
// behind). Until destroyed, SIGINT, SIGTERM, SIGHUP or SIGQUIT remove the files named with add()
// (name each before writing it; at most 16) and then the folder, with the same rules as
// AtomicFile's temporary file. One at a time; the files are removed on the way out of an error by
// the caller, not by this.
class FolderRemovedOnSignal {
  public:
    FolderRemovedOnSignal(const std::filesystem::path& base, const std::string& name);
    ~FolderRemovedOnSignal();
    FolderRemovedOnSignal(const FolderRemovedOnSignal&) = delete;
    FolderRemovedOnSignal& operator=(const FolderRemovedOnSignal&) = delete;
    const std::filesystem::path& dir() const { return dir_; }
    void add(const std::filesystem::path& file);

  private:
    std::filesystem::path dir_;
};

// Reads a whole text file; InputError names the file when it is missing, unreadable, not a
// regular file (a directory, FIFO, device or socket: refused before any read can block) or larger
// than `max_bytes` (never more than max_bytes + 1 bytes are read).
std::string read_text_file(const std::filesystem::path& path,
                           std::size_t max_bytes = kMaxInputBytes);

}  // namespace chipcount
