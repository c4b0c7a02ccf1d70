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
#include "chipcount/report/report_inputs.hpp"
#include "chipcount/runner/tool_info.hpp"
#include "cli_common.hpp"

namespace chipcount::cli {

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
    const OutputTarget target = output_file_target(*parsed);

    const ProfileSet profiles = load_profiles(*parsed);
    ExportRules rules = load_export_rules(profiles.directory() / "rules" / "eccn-3a090.json");
    std::vector<Classification> classifications;
    for (const ChipProfile& p : profiles.all()) classifications.push_back(classify(p, rules));
    ReportInputs in = start_report_inputs(std::move(classifications), std::move(rules),
                                          runner::tool_json(), utc_iso8601());
    for (const std::string& file : (*parsed)["files"].as<std::vector<std::string>>())
        add_report_file(in, file, profiles);
    add_data_sources(in, profiles);
    const std::string page = format == "html" ? render_html_report(in) : render_markdown_report(in);
    emit(target, page);
    return 0;
}

}  // namespace chipcount::cli
