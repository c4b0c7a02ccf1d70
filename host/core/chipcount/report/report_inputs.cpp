#include "chipcount/report/report_inputs.hpp"

#include "chipcount/base/errors.hpp"
#include "chipcount/io/files.hpp"
#include "chipcount/io/json_read.hpp"

namespace chipcount {
namespace {

// One entry of the report's "Sources": a file's name and, when known, the sha256 of its bytes.
std::string source_line(const NamedInput& input) {
    return input.path + (input.sha256.empty() ? "" : " (sha256 " + input.sha256 + ")");
}

}  // namespace

ReportInputs start_report_inputs(std::vector<Classification> classifications, ExportRules rules,
                                 nlohmann::ordered_json tool, std::string generated_at) {
    ReportInputs in;
    in.classifications = std::move(classifications);
    in.rules = std::move(rules);
    in.tool = std::move(tool);
    in.generated_at = std::move(generated_at);
    return in;
}

void add_result(ReportInputs& in, const ResultDocument& result, const NamedInput& file,
                const ProfileSet& profiles) {
    in.results.push_back(measured_result(result, profiles));
    in.sources.push_back(source_line(file));
}

void add_estimate(ReportInputs& in, EstimateDocument estimate, const NamedInput& file) {
    // The claims the estimate was made from, as the estimate names them (with their sha256).
    const NamedInput& claims = estimate.input;
    in.sources.push_back(
        "claims: " +
        source_line({claims.path.empty() ? "(not named)" : portable_recorded_path(claims.path),
                     claims.sha256}));
    in.estimates.push_back(std::move(estimate));
    in.sources.push_back(source_line(file));
}

void add_report_file(ReportInputs& in, const std::string& file, const ProfileSet& profiles) {
    const std::string text = read_text_file(file);
    const json doc = parse_json_text(text, file);
    if (!doc.is_object()) throw InputError(file + ": expected a JSON object at the top level");
    const auto format = doc.find("format");
    const std::string name =
        format != doc.end() && format->is_string() ? format->get<std::string>() : "";
    if (name == "chipcount.result") {
        add_result(in, read_result(doc, file), named_input(file, text), profiles);
    } else if (name == "chipcount.estimate") {
        add_estimate(in, read_estimate(doc, file), named_input(file, text));
    } else {
        throw InputError(
            file + ": field 'format': expected chipcount.result or chipcount.estimate (got \"" +
            name + "\")");
    }
}

void add_data_sources(ReportInputs& in, const ProfileSet& profiles) {
    in.sources.push_back(portable_path(profiles.directory() / "chips") + " (" +
                         std::to_string(profiles.all().size()) + " profiles)");
    in.sources.push_back(source_line({portable_path(in.rules.file), in.rules.sha256}) + ": " +
                         in.rules.citation);
}

}  // namespace chipcount
