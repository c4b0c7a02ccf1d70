// The report: one self-contained HTML page (inline SVG charts, inline CSS, no script, no
// network) or Markdown, from result, estimate and classification documents.
#pragma once
#include <nlohmann/json.hpp>

#include <string>
#include <vector>

#include "chipcount/benchmark/result.hpp"
#include "chipcount/estimate/estimate_read.hpp"
#include "chipcount/export_control/export_control.hpp"
#include "chipcount/profiles/profile.hpp"

namespace chipcount {

// What the report shows of one benchmark result, per measured precision.
struct MeasuredPrecision {
    Precision precision = Precision::kBf16;
    std::optional<double> datasheet, best, sustained, clock_peak;  // TFLOPS
};
struct MeasuredResult {
    std::string device_name;
    std::optional<std::string> profile_id;
    std::string git_sha;
    std::vector<MeasuredPrecision> precisions;
};
// Datasheet peaks come from the GPU's profile in `profiles` (none when it matched no profile).
MeasuredResult measured_result(const ResultDocument& result, const ProfileSet& profiles);

struct ReportInputs {
    std::vector<MeasuredResult> results;      // from chipcount.result documents
    std::vector<EstimateDocument> estimates;  // from chipcount.estimate documents
    std::vector<Classification> classifications;
    ExportRules rules;
    std::vector<std::string> sources;  // the files the report was made from
    nlohmann::ordered_json tool;
    std::string generated_at;
};

std::string render_html_report(const ReportInputs& inputs);
std::string render_markdown_report(const ReportInputs& inputs);

}  // namespace chipcount
