// What every subcommand shares: the command table, option parsing that turns cxxopts errors into
// usage errors, and output to stdout or to a file written atomically.
#pragma once
#include <cxxopts.hpp>

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "chipcount/base/errors.hpp"
#include "chipcount/format/table.hpp"
#include "chipcount/profiles/profile.hpp"

namespace chipcount::cli {

using CommandFn = int (*)(int argc, char** argv);

struct CommandSpec {
    const char* name;
    const char* summary;
    CommandFn run;
};

const std::vector<CommandSpec>& commands();

// Parses argv; prints the help and returns nullopt for --help; throws UsageError otherwise.
std::optional<cxxopts::ParseResult> parse_command_line(cxxopts::Options& options, int argc,
                                                       char** argv);

// --format FORMAT (table|json|csv|md), -o/--output FILE and --force.
void add_output_options(cxxopts::Options& options, const std::string& default_format = "table");

struct OutputTarget {
    OutputFormat format = OutputFormat::kTable;
    std::string path;  // empty: stdout
    bool force = false;
};

// --format, and -o/--force as below.
OutputTarget output_target(const cxxopts::ParseResult& parsed);
// -o FILE and --force only (the format left at its default), the file checked at once; an empty
// FILE ("-o ''") is a usage error, never standard output.
OutputTarget output_file_target(const cxxopts::ParseResult& parsed);

// --profiles DIR, and the profiles it names (else $CHIPCOUNT_PROFILES, else the bundled ones).
void add_profiles_option(cxxopts::Options& options);
std::optional<std::string> profiles_dir_option(const cxxopts::ParseResult& parsed);
ProfileSet load_profiles(const cxxopts::ParseResult& parsed);

// "chipcount: wrote PATH" on stderr, the path shown as visible_text.
void say_wrote(const std::filesystem::path& path);
// Writes `content` to stdout, or atomically to the -o file.
void emit(const OutputTarget& target, const std::string& content);
// The same for output produced in pieces: `produce` calls its sink with each piece.
void emit_stream(const OutputTarget& target,
                 const std::function<void(const std::function<void(std::string_view)>&)>& produce);

// Standard output goes through a checked buffer: a write that fails (a full disk, a closed
// stdout, a reader that went away) throws StdoutError at once, so that a command never ends with
// exit 0 after its output was lost, and the usual clean-up (temporary files, the run folder) runs.
class StdoutError : public IoError {
  public:
    explicit StdoutError(int error_number);
    int error_number() const { return error_number_; }

  private:
    int error_number_;
};

// First thing in main: descriptors 0-2 held open (a closed one by /dev/null opened read-only, so
// that no output file takes its number and writes to it fail), SIGPIPE and SIGXFSZ ignored (a
// closed pipe or the file size limit become errors that clean up), std::cout checked as above.
void prepare_standard_streams();
// Last thing in main: flushes std::cout and returns `exit_code`, or the code for a failed stdout.
int finish_standard_output(int exit_code);
// The exit for a StdoutError: a reader that went away (EPIPE, `| head -1`) ends quietly by
// SIGPIPE, as other command-line tools do; any other failure is exit 1 with a message.
int exit_for(const StdoutError& e);

}  // namespace chipcount::cli
