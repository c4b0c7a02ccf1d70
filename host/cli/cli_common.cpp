#include "cli_common.hpp"

#include <iostream>

#include "chipcount/base/errors.hpp"
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

OutputTarget output_target(const cxxopts::ParseResult& parsed) {
    OutputTarget target;
    target.format = parse_output_format(parsed["format"].as<std::string>());
    if (parsed.count("output") > 0) target.path = parsed["output"].as<std::string>();
    target.force = parsed.count("force") > 0;
    if (!target.path.empty()) check_output_path(target.path, {target.force});
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

void emit(const OutputTarget& target, const std::string& content) {
    if (target.path.empty()) {
        std::cout << content;
        std::cout.flush();
        return;
    }
    write_file_atomically(target.path, content, {target.force});
    std::cerr << "chipcount: wrote " << target.path << "\n";
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
    std::cerr << "chipcount: wrote " << target.path << "\n";
}

}  // namespace chipcount::cli
