// Loads the documents a report is drawn from (shared by `report` and `run`).
#pragma once
#include <string>
#include <vector>

#include "chipcount/profiles/profile.hpp"
#include "chipcount/report/report.hpp"

namespace chipcount::cli {

ReportInputs report_inputs(const std::vector<std::string>& files, const ProfileSet& profiles);

}  // namespace chipcount::cli
