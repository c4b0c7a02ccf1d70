#include "chipcount/export_control/export_report.hpp"
#include "chipcount/io/json_write.hpp"

namespace chipcount {

using ojson = nlohmann::ordered_json;

ojson classification_json(const ExportRules& rules, const std::vector<Classification>& results) {
    ojson out;
    out["format"] = "chipcount.classification";
    out["version"] = 1;
    out["rules"] = {{"citation", rules.citation},
                    {"source", rules.source},
                    {"effective_date", rules.effective_date},
                    {"text_as_of", rules.text_as_of},
                    {"later_policy", rules.later_policy}};
    out["chips"] = ojson::array();
    for (const Classification& c : results) {
        ojson chip;
        chip["id"] = c.chip_id;
        chip["name"] = c.chip_name;
        chip["tpp"] = optional_json(c.tpp);
        chip["tpp_precision"] =
            c.tpp_precision ? ojson(std::string(precision_name(*c.tpp_precision))) : ojson(nullptr);
        chip["tpp_rate"] = optional_json(c.tpp_rate);
        chip["die_area_mm2"] = optional_json(c.die_area_mm2);
        chip["performance_density"] = optional_json(c.performance_density);
        chip["datacenter"] = c.datacenter;
        chip["us_origin"] = c.us_origin;
        chip["tier"] = c.tier;
        chip["controlled"] = c.controlled;
        chip["notes"] = c.notes;
        out["chips"].push_back(chip);
    }
    return out;
}

Table classification_table(const ExportRules& rules, const std::vector<Classification>& results) {
    Table table;
    table.title = "ECCN 3A090: " + rules.citation;
    table.header = {"id", "TPP", "set by", "PD", "tier", "notes"};
    table.right_aligned = {false, true, false, true, false, false};
    for (const Classification& c : results) {
        std::string notes;
        for (const auto& note : c.notes) notes += (notes.empty() ? "" : "; ") + note;
        table.rows.push_back({c.chip_id, format_optional(c.tpp, 0),
                              c.tpp_precision ? std::string(precision_name(*c.tpp_precision)) : "—",
                              format_optional(c.performance_density, 2), c.tier, notes});
    }
    return table;
}

}  // namespace chipcount
