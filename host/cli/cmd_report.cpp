// chipcount report FILE... [-o report.html] [--format html|md]
#include <iostream>

#include "chipcount/base/errors.hpp"
#include "chipcount/base/time.hpp"
#include "chipcount/benchmark/publish.hpp"
#include "chipcount/export_control/export_control.hpp"
#include "chipcount/io/file_names.hpp"
#include "chipcount/io/files.hpp"
#include "chipcount/io/json_read.hpp"
#include "chipcount/report/report.hpp"
#include "chipcount/runner/tool_info.hpp"
#include "cli_common.hpp"
#include "report_inputs.hpp"

namespace chipcount::cli {

namespace {

// One entry of the report's "Sources": a file's name and, when known, the sha256 of its bytes.
std::string source_line(const NamedInput& input) {
    return input.path + (input.sha256.empty() ? "" : " (sha256 " + input.sha256 + ")");
}

// The claims an estimate was made from, as the estimate names them (with their sha256).
// parse_estimate checked that `input` is an object; its fields may still be missing.
std::string claims_source(const json& estimate) {
    const json& input = estimate.at("input");
    const auto text = [&input](const char* key) {
        const auto it = input.find(key);
        return it != input.end() && it->is_string() ? it->get<std::string>() : std::string();
    };
    const std::string path = text("path");
    return "claims: " + source_line({path.empty() ? "(not named)" : portable_recorded_path(path),
                                     text("sha256")});
}

}  // namespace

ReportInputs report_inputs(const std::vector<std::string>& files, const ProfileSet& profiles) {
    ReportInputs in;
    in.rules = load_export_rules(profiles.directory() / "rules" / "eccn-3a090.json");
    for (const ChipProfile& p : profiles.all()) in.classifications.push_back(classify(p, in.rules));
    for (const std::string& file : files) {
        const std::string text = read_text_file(file);
        const json doc = parse_json_text(text, file);
        if (!doc.is_object()) throw InputError(file + ": expected a JSON object at the top level");
        const std::string format = doc.contains("format") && doc["format"].is_string()
                                       ? doc["format"].get<std::string>()
                                       : "";
        if (format == "chipcount.result") {
            in.results.push_back(measured_result(parse_result(text, file), profiles));
        } else if (format == "chipcount.estimate") {
            in.estimates.push_back(parse_estimate(text, file));
            in.sources.push_back(claims_source(in.estimates.back()));
        } else {
            throw InputError(
                file + ": field 'format': expected chipcount.result or chipcount.estimate (got \"" +
                format + "\")");
        }
        in.sources.push_back(source_line(named_input(file, text)));
    }
    in.sources.push_back(portable_path(profiles.directory() / "chips") + " (" +
                         std::to_string(profiles.all().size()) + " profiles)");
    in.sources.push_back(source_line(named_input(in.rules.file, read_text_file(in.rules.file))) +
                         ": " + in.rules.citation);
    in.tool = runner::tool_json();
    in.generated_at = utc_iso8601();
    return in;
}

int run_report(int argc, char** argv) {
    cxxopts::Options options("chipcount report",
                             "A self-contained HTML (or Markdown) report with charts");
    options.positional_help("FILE...");
    options.add_options()("files", "chipcount.result and chipcount.estimate files",
                          cxxopts::value<std::vector<std::string>>());
    options.parse_positional({"files"});
    options.add_options("Output")("format", "html or md",
                                  cxxopts::value<std::string>()->default_value("html"))(
        "o,output", "Write to FILE (atomically) instead of stdout", cxxopts::value<std::string>())(
        "force", "Replace FILE if it exists");
    add_profiles_option(options);
    const auto parsed = parse_command_line(options, argc, argv);
    if (!parsed) return 0;
    const std::string format = (*parsed)["format"].as<std::string>();
    if (format != "html" && format != "md")
        throw UsageError("--format: expected html or md (got '" + format + "')");
    if (parsed->count("files") == 0) throw UsageError("give at least one result or estimate file");
    const std::string out = parsed->count("output") ? (*parsed)["output"].as<std::string>() : "";
    const bool force = parsed->count("force") > 0;
    if (!out.empty()) check_output_path(out, {force});

    const ProfileSet profiles = load_profiles(*parsed);
    const ReportInputs in =
        report_inputs((*parsed)["files"].as<std::vector<std::string>>(), profiles);
    const std::string page = format == "html" ? render_html_report(in) : render_markdown_report(in);
    if (out.empty()) {
        std::cout << page;
    } else {
        write_file_atomically(out, page, {force});
        std::cerr << "chipcount: wrote " << out << "\n";
    }
    return 0;
}

}  // namespace chipcount::cli
