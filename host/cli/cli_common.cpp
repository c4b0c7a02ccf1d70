#include "cli_common.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <cstring>
#include <iostream>

#include "chipcount/base/errors.hpp"
#include "chipcount/base/text.hpp"
#include "chipcount/io/files.hpp"

namespace chipcount::cli {

std::optional<cxxopts::ParseResult> parse_command_line(cxxopts::Options& options, int argc,
                                                       char** argv) {
    options.add_options("Help")("h,help", "Show this help");
    try {
        cxxopts::ParseResult parsed = options.parse(argc, argv);
        if (parsed.count("help") > 0) {
            std::cout << options.help();
            return std::nullopt;
        }
        if (!parsed.unmatched().empty()) {
            throw UsageError("unexpected argument '" + parsed.unmatched().front() + "' (see " +
                             options.program() + " --help)");
        }
        return parsed;
    } catch (const cxxopts::exceptions::exception& e) {
        throw UsageError(std::string(e.what()) + " (see " + options.program() + " --help)");
    }
}

void add_output_options(cxxopts::Options& options, const std::string& default_format) {
    options.add_options("Output")("format", "Output format: table, json, csv or md",
                                  cxxopts::value<std::string>()->default_value(default_format))(
        "o,output", "Write to FILE (atomically) instead of stdout", cxxopts::value<std::string>())(
        "force", "Replace FILE if it exists");
}

OutputTarget output_file_target(const cxxopts::ParseResult& parsed) {
    OutputTarget target;
    if (parsed.count("output") > 0) {
        target.path = parsed["output"].as<std::string>();
        if (target.path.empty())
            throw UsageError("-o/--output: the file name is empty (leave out -o for stdout)");
    }
    target.force = parsed.count("force") > 0;
    if (!target.path.empty()) check_output_path(target.path, {target.force});
    return target;
}

OutputTarget output_target(const cxxopts::ParseResult& parsed) {
    OutputTarget target = output_file_target(parsed);
    target.format = parse_output_format(parsed["format"].as<std::string>());
    return target;
}

void add_profiles_option(cxxopts::Options& options) {
    options.add_options("Data")("profiles",
                                "Chip profiles directory (default: $CHIPCOUNT_PROFILES, "
                                "then the bundled profiles)",
                                cxxopts::value<std::string>());
}

std::optional<std::string> profiles_dir_option(const cxxopts::ParseResult& parsed) {
    if (parsed.count("profiles") == 0) return std::nullopt;
    return parsed["profiles"].as<std::string>();
}

ProfileSet load_profiles(const cxxopts::ParseResult& parsed) {
    return ProfileSet::load(find_profiles_dir(profiles_dir_option(parsed)));
}

void say_wrote(const std::filesystem::path& path) {
    std::cerr << "chipcount: wrote " << visible_text(path.string()) << "\n";
}

void emit(const OutputTarget& target, const std::string& content) {
    if (target.path.empty()) {
        std::cout << content;
        std::cout.flush();
        return;
    }
    write_file_atomically(target.path, content, {target.force});
    say_wrote(target.path);
}

void emit_stream(const OutputTarget& target,
                 const std::function<void(const std::function<void(std::string_view)>&)>& produce) {
    if (target.path.empty()) {
        produce([](std::string_view piece) {
            std::cout.write(piece.data(), static_cast<std::streamsize>(piece.size()));
        });
        std::cout.flush();
        return;
    }
    AtomicFile file(target.path, {target.force});
    produce([&file](std::string_view piece) { file.write(piece); });
    file.commit();
    say_wrote(target.path);
}

namespace {

// std::cout's buffer: writes descriptor 1 itself, so that a failure is seen with its errno.
// Line-buffered on a terminal, 64 KiB at a time otherwise (as stdio would).
class CheckedStdoutBuffer : public std::streambuf {
  public:
    CheckedStdoutBuffer() : line_buffered_(::isatty(STDOUT_FILENO) == 1) { reset(); }

  protected:
    int_type overflow(int_type c) override {
        drain();
        if (!traits_type::eq_int_type(c, traits_type::eof())) {
            *pptr() = traits_type::to_char_type(c);
            pbump(1);
        }
        return traits_type::not_eof(c);
    }
    std::streamsize xsputn(const char* s, std::streamsize n) override {
        const std::streamsize put = std::streambuf::xsputn(s, n);
        if (line_buffered_ && std::memchr(s, '\n', static_cast<std::size_t>(n)) != nullptr) drain();
        return put;
    }
    int sync() override {
        drain();
        return 0;
    }

  private:
    void reset() { setp(buffer_, buffer_ + sizeof buffer_); }
    void drain() {
        const char* from = pbase();
        const char* const end = pptr();
        while (from < end) {
            const ssize_t n = ::write(STDOUT_FILENO, from, static_cast<std::size_t>(end - from));
            if (n < 0) {
                if (errno == EINTR) continue;
                const int error_number = errno;
                reset();  // the lost output is dropped: nothing is retried at exit
                throw StdoutError(error_number);
            }
            from += n;
        }
        reset();
    }

    bool line_buffered_;
    char buffer_[1 << 16];
};

}  // namespace

StdoutError::StdoutError(int error_number)
    : IoError(std::string("cannot write to standard output: ") + std::strerror(error_number)),
      error_number_(error_number) {}

void prepare_standard_streams() {
    for (int fd = STDIN_FILENO; fd <= STDERR_FILENO; ++fd) {
        // open() takes the lowest free number, which is `fd` since the lower ones are open.
        if (::fcntl(fd, F_GETFD) == -1 && errno == EBADF) ::open("/dev/null", O_RDONLY);
    }
    std::signal(SIGPIPE, SIG_IGN);
    std::signal(SIGXFSZ, SIG_IGN);
    // Never destroyed: std::cout is flushed once more after main returns.
    static auto* const buffer = new CheckedStdoutBuffer;
    std::cout.rdbuf(buffer);
    std::cout.exceptions(std::ios::badbit);  // rethrows the buffer's StdoutError
    // Writing to stderr no longer flushes stdout first, so that an error message never meets a
    // second StdoutError; stdout is flushed at each line on a terminal anyway.
    std::cerr.tie(nullptr);
}

int finish_standard_output(int exit_code) {
    // A stream already failed was reported where it failed; flushing it again would throw.
    if (!std::cout.bad()) {
        try {
            std::cout.flush();
        } catch (const StdoutError& e) {
            exit_code = exit_for(e);
        }
    }
    // Nothing may throw once main has returned (std::cout is flushed again at exit).
    std::cout.exceptions(std::ios::goodbit);
    return exit_code;
}

int exit_for(const StdoutError& e) {
    if (e.error_number() == EPIPE) {
        std::signal(SIGPIPE, SIG_DFL);
        std::raise(SIGPIPE);
        return 128 + SIGPIPE;  // if SIGPIPE is blocked
    }
    std::cerr << "chipcount: error: " << visible_text(e.what()) << "\n";
    return kExitFailure;
}

}  // namespace chipcount::cli
