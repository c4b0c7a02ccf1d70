// ECCN 3A090 classifications as JSON (format chipcount.classification) and as a table.
#pragma once
#include <nlohmann/json.hpp>

#include <vector>

#include "chipcount/export_control/export_control.hpp"
#include "chipcount/format/table.hpp"

namespace chipcount {

nlohmann::ordered_json classification_json(const ExportRules& rules,
                                           const std::vector<Classification>& results);
Table classification_table(const ExportRules& rules, const std::vector<Classification>& results);

}  // namespace chipcount
