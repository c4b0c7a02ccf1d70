// The report: one self-contained HTML page (inline SVG charts, inline CSS, no script, no
// network) or Markdown, from result, estimate and classification documents.
#pragma once
#include <nlohmann/json.hpp>

#include <string>
#include <vector>

#include "chipcount/export_control/export_control.hpp"

namespace chipcount {

struct ReportInputs {
    std::vector<nlohmann::json> results;    // chipcount.result documents
    std::vector<nlohmann::json> estimates;  // chipcount.estimate documents
    std::vector<Classification> classifications;
    ExportRules rules;
    std::vector<std::string> sources;  // the files the report was made from
    nlohmann::ordered_json tool;
    std::string generated_at;
};

std::string render_html_report(const ReportInputs& inputs);
std::string render_markdown_report(const ReportInputs& inputs);

}  // namespace chipcount
