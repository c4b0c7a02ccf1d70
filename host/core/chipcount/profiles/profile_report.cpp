#include "chipcount/profiles/profile_report.hpp"
#include "chipcount/io/json_write.hpp"

#include "chipcount/io/json_read.hpp"

namespace chipcount {
namespace {

using ojson = nlohmann::ordered_json;

std::string source_of(const ChipProfile& profile, const std::string& field) {
    const auto it = profile.sources.find(field);
    return it == profile.sources.end() ? "" : it->second;
}

// A figure's value with its own confidence where field_confidence gives one: "800 W (estimate)".
std::string with_confidence(const ChipProfile& profile, const std::string& field,
                            std::string value) {
    const auto it = profile.field_confidence.find(field);
    return it == profile.field_confidence.end() ? value : value + " (" + it->second + ")";
}

}  // namespace

ojson profile_json(const ChipProfile& p) {
    ojson out;
    out["format"] = "chipcount.profile";
    out["version"] = 1;
    out["id"] = p.id;
    out["vendor"] = p.vendor;
    out["name"] = p.name;
    out["aliases"] = p.aliases;
    out["datacenter"] = p.datacenter;
    out["us_origin"] = p.us_origin;
    ojson peaks = ojson::object();
    for (const auto& [precision, rate] : p.peak_dense)
        peaks[std::string(precision_name(precision))] = rate;
    out["peak_dense"] = peaks;
    out["datasheet_headline_sparse"] = p.datasheet_headline_sparse;
    out["memory_gb"] = optional_json(p.memory_gb);
    out["memory_bandwidth_tbs"] = optional_json(p.memory_bandwidth_tbs);
    out["tdp_w"] = optional_json(p.tdp_w);
    out["interconnect_gbs"] = optional_json(p.interconnect_gbs);
    out["die_area_mm2"] = optional_json(p.die_area_mm2);
    out["compute_units"] = optional_json(p.compute_units);
    out["boost_clock_mhz"] = optional_json(p.boost_clock_mhz);
    out["peak_clock_mhz"] = optional_json(p.peak_clock_mhz);
    if (p.server) {
        out["server"] = {{"name", p.server->name},
                         {"gpus", p.server->gpus},
                         {"max_power_kw", optional_json(p.server->max_power_kw)}};
    } else {
        out["server"] = nullptr;
    }
    if (p.match) {
        out["match"] = {{"name_regex", p.match->name_regex},
                        {"compute_units", optional_json(p.match->compute_units)}};
    }
    out["sources"] = p.sources;
    out["references"] = p.references;
    out["confidence"] = p.confidence;
    out["field_confidence"] = p.field_confidence;
    out["notes"] = p.notes;
    return out;
}

Table profile_list_table(const std::vector<ChipProfile>& profiles) {
    Table table;
    table.header = {"id",   "name", "fp16",      "bf16", "fp8",
                    "int8", "fp32", "memory GB", "TB/s", "TDP W"};
    table.right_aligned = {false, false, true, true, true, true, true, true, true, true};
    table.title = "Dense peaks in TFLOPS (int8 in TOPS); — = not published";
    for (const ChipProfile& p : profiles) {
        table.rows.push_back(
            {p.id, p.name, format_optional(p.peak(Precision::kFp16), 1),
             format_optional(p.peak(Precision::kBf16), 1),
             format_optional(p.peak(Precision::kFp8), 1),
             format_optional(p.peak(Precision::kInt8), 1),
             format_optional(p.peak(Precision::kFp32), 1), format_optional(p.memory_gb, 0),
             format_optional(p.memory_bandwidth_tbs, 2), format_optional(p.tdp_w, 0)});
    }
    return table;
}

Table profile_detail_table(const ChipProfile& p) {
    Table table;
    table.title = p.name + " (" + p.id + "), confidence: " + p.confidence +
                  (p.field_confidence.empty() ? "" : " unless a field says otherwise");
    table.header = {"field", "value", "source"};
    auto add = [&](const std::string& field, const std::string& value,
                   const std::string& source_field) {
        table.rows.push_back({field, value, source_of(p, source_field)});
    };
    add("vendor", p.vendor, "");
    std::string aliases;
    for (const auto& alias : p.aliases) aliases += (aliases.empty() ? "" : ", ") + alias;
    add("aliases", aliases, "");
    add("datacenter", p.datacenter ? "yes" : "no", "");
    add("US origin", p.us_origin ? "yes" : "no", "");
    for (const auto& [precision, rate] : p.peak_dense) {
        add("dense " + std::string(precision_name(precision)),
            with_confidence(p, "peak_dense",
                            format_number(rate, 1) + (is_integer(precision) ? " TOPS" : " TFLOPS")),
            "peak_dense");
    }
    add("datasheet headline sparse",
        p.datasheet_headline_sparse ? "yes (dense = headline / 2)" : "no", "peak_dense");
    auto add_optional = [&](const std::string& field, const std::optional<double>& value,
                            int decimals, const std::string& unit,
                            const std::string& source_field) {
        if (value) {
            add(field,
                with_confidence(p, source_field, format_number(*value, decimals) + " " + unit),
                source_field);
        }
    };
    add_optional("memory", p.memory_gb, 0, "GB", "memory_gb");
    add_optional("memory bandwidth", p.memory_bandwidth_tbs, 3, "TB/s", "memory_bandwidth_tbs");
    add_optional("TDP", p.tdp_w, 0, "W", "tdp_w");
    add_optional("interconnect", p.interconnect_gbs, 0, "GB/s", "interconnect_gbs");
    add_optional("die area", p.die_area_mm2, 1, "mm2", "die_area_mm2");
    if (p.compute_units) {
        add("compute units", with_confidence(p, "compute_units", std::to_string(*p.compute_units)),
            "compute_units");
    }
    add_optional("boost clock", p.boost_clock_mhz, 0, "MHz", "boost_clock_mhz");
    add_optional("peak clock", p.peak_clock_mhz, 0, "MHz", "peak_clock_mhz");
    if (p.server) {
        std::string text = p.server->name + ", " + std::to_string(p.server->gpus) + " per server";
        if (p.server->max_power_kw)
            text += ", " + format_number(*p.server->max_power_kw, 1) + " kW max";
        add("server", with_confidence(p, "server", text), "server");
    }
    if (p.match) add("device match", p.match->name_regex, "");
    for (const auto& [key, citation] : p.references)
        table.rows.push_back({"[" + key + "]", "", citation});
    if (!p.notes.empty()) table.rows.push_back({"notes", p.notes, ""});
    return table;
}

std::vector<ComparisonRow> compare_profiles(const ChipProfile& a, const ChipProfile& b) {
    std::vector<ComparisonRow> rows;
    auto add = [&](std::string metric, std::string unit, std::optional<double> va,
                   std::optional<double> vb) {
        ComparisonRow row{std::move(metric), std::move(unit), va, vb, std::nullopt};
        if (va && vb) row.ratio = *va / *vb;
        rows.push_back(std::move(row));
    };
    for (const Precision precision : kAllPrecisions) {
        const auto va = a.peak(precision);
        const auto vb = b.peak(precision);
        if (!va && !vb) continue;
        add("dense " + std::string(precision_name(precision)),
            is_integer(precision) ? "TOPS" : "TFLOPS", va, vb);
    }
    add("memory bandwidth", "TB/s", a.memory_bandwidth_tbs, b.memory_bandwidth_tbs);
    add("memory capacity", "GB", a.memory_gb, b.memory_gb);
    add("TDP", "W", a.tdp_w, b.tdp_w);
    for (const Precision precision :
         {Precision::kFp16, Precision::kBf16, Precision::kFp8, Precision::kInt8}) {
        const auto per_watt = [precision](const ChipProfile& p) -> std::optional<double> {
            if (!p.peak(precision) || !p.tdp_w) return std::nullopt;
            return *p.peak(precision) / *p.tdp_w;
        };
        if (!per_watt(a) && !per_watt(b)) continue;
        add("dense " + std::string(precision_name(precision)) + " per watt",
            is_integer(precision) ? "TOPS/W" : "TFLOPS/W", per_watt(a), per_watt(b));
    }
    return rows;
}

Table profile_comparison_table(const ChipProfile& a, const ChipProfile& b,
                               const std::vector<ComparisonRow>& rows) {
    Table table;
    table.title = a.id + " vs " + b.id + " (ratio = " + a.id + " / " + b.id + ")";
    table.header = {"metric", "unit", a.id, b.id, "ratio"};
    table.right_aligned = {false, false, true, true, true};
    for (const auto& row : rows) {
        const int decimals = row.unit.find("/W") != std::string::npos ? 3 : 2;
        table.rows.push_back({row.metric, row.unit, format_optional(row.a, decimals),
                              format_optional(row.b, decimals),
                              row.ratio ? format_ratio(*row.ratio) : "—"});
    }
    return table;
}

nlohmann::ordered_json profile_comparison_json(const ChipProfile& a, const ChipProfile& b,
                                               const std::vector<ComparisonRow>& rows) {
    ojson out;
    out["format"] = "chipcount.comparison";
    out["version"] = 1;
    out["a"] = a.id;
    out["b"] = b.id;
    out["metrics"] = ojson::array();
    for (const auto& row : rows) {
        out["metrics"].push_back({{"metric", row.metric},
                                  {"unit", row.unit},
                                  {"a", optional_json(row.a)},
                                  {"b", optional_json(row.b)},
                                  {"ratio", optional_json(row.ratio)}});
    }
    return out;
}

}  // namespace chipcount
