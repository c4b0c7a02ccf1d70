// What every subcommand shares: the command table, option parsing that turns cxxopts errors into
// usage errors, and output to stdout or to a file written atomically.
#pragma once
#include <cxxopts.hpp>

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

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

OutputTarget output_target(const cxxopts::ParseResult& parsed);

// --profiles DIR, and the profiles it names (else $CHIPCOUNT_PROFILES, else the bundled ones).
void add_profiles_option(cxxopts::Options& options);
std::optional<std::string> profiles_dir_option(const cxxopts::ParseResult& parsed);
ProfileSet load_profiles(const cxxopts::ParseResult& parsed);

// Writes `content` to stdout, or atomically to the -o file.
void emit(const OutputTarget& target, const std::string& content);
// The same for output produced in pieces: `produce` calls its sink with each piece.
void emit_stream(const OutputTarget& target,
                 const std::function<void(const std::function<void(std::string_view)>&)>& produce);

}  // namespace chipcount::cli
