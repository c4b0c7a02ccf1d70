// Output files are written atomically: a temporary file in the same directory, then rename().
// A reader never sees a half-written file, and an existing file is replaced only when asked.
#pragma once
#include <filesystem>
#include <string>
#include <string_view>

namespace chipcount {

struct WriteOptions {
    bool force = false;  // replace an existing file
};

// A file written in pieces and published whole: a temporary file in the same directory, renamed
// (or, without `force`, hard-linked so that an existing file is never replaced) on commit().
// Destroyed without commit(), or interrupted by SIGINT/SIGTERM, it leaves nothing behind.
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

// Throws InputError when the directory is missing, the file exists without `force`, or the
// write fails; the temporary file is removed on every failure.
void write_file_atomically(const std::filesystem::path& path, std::string_view content,
                           WriteOptions options = {});

// Checks what write_file_atomically would refuse, before any long work starts.
void check_output_path(const std::filesystem::path& path, WriteOptions options = {});

// Makes a new, empty directory base/name, or base/name-2, base/name-3, ... when that name is
// taken, and returns it; `base` is made when missing. Never returns a directory that existed: of
// several processes racing for one name, exactly one gets it (mkdir is atomic).
std::filesystem::path create_fresh_directory(const std::filesystem::path& base,
                                             const std::string& name);

// Reads a whole text file; InputError names the file when it is missing, a directory or unreadable.
std::string read_text_file(const std::filesystem::path& path);

}  // namespace chipcount
