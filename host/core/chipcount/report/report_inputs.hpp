// Gathering what a report is drawn from: the documents, the 3A090 map, and the lines of its
// "Sources" (each file with the sha256 of its bytes). `report` adds files it reads; `run` adds
// the documents it holds in memory, so nothing is read back from the disk.
#pragma once
#include <nlohmann/json.hpp>

#include <string>
#include <vector>

#include "chipcount/benchmark/result.hpp"
#include "chipcount/estimate/estimate_read.hpp"
#include "chipcount/export_control/export_control.hpp"
#include "chipcount/io/file_names.hpp"
#include "chipcount/profiles/profile.hpp"
#include "chipcount/report/report.hpp"

namespace chipcount {

ReportInputs start_report_inputs(std::vector<Classification> classifications, ExportRules rules,
                                 nlohmann::ordered_json tool, std::string generated_at);

// `file` names the document as the report's Sources will.
void add_result(ReportInputs& in, const ResultDocument& result, const NamedInput& file,
                const ProfileSet& profiles);
void add_estimate(ReportInputs& in, EstimateDocument estimate, const NamedInput& file);

// Reads a chipcount.result or chipcount.estimate file (parsed once) and adds it.
void add_report_file(ReportInputs& in, const std::string& file, const ProfileSet& profiles);

// The last Sources lines: the profiles directory and the rules file with its citation.
void add_data_sources(ReportInputs& in, const ProfileSet& profiles);

}  // namespace chipcount
