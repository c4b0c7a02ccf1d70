#include "chipcount/estimate/estimate_report.hpp"
#include "chipcount/io/json_write.hpp"

#include "chipcount/io/file_names.hpp"

namespace chipcount {
namespace {

using ojson = nlohmann::ordered_json;

ojson range_json(const std::optional<Range>& range) {
    if (!range) return nullptr;
    return {{"low", range->low}, {"central", range->central}, {"high", range->high}};
}

ojson per_target_json(const std::vector<std::string>& targets, const PerTarget& values) {
    ojson out = ojson::object();
    for (std::size_t i = 0; i < values.size(); ++i) out[targets[i]] = range_json(values[i]);
    return out;
}

std::string short_id(const std::string& id) {
    // Column headers: drop the vendor prefix ("nvidia-h100-sxm" -> "h100-sxm").
    const auto dash = id.find('-');
    return dash == std::string::npos ? id : id.substr(dash + 1);
}

}  // namespace

namespace {

// Indents every line after the first by `spaces`, so a dumped value nests inside the document.
std::string indent_nested(const std::string& text, std::size_t spaces) {
    std::string out;
    out.reserve(text.size() + text.size() / 8);
    const std::string pad(spaces, ' ');
    for (const char c : text) {
        out += c;
        if (c == '\n') out += pad;
    }
    return out;
}

ojson claim_json(const Estimate& e, const ClaimEstimate& c) {
    ojson claim;
    claim["id"] = c.claim->id;
    claim["name"] = c.claim->name;
    claim["region"] = c.claim->region;
    claim["source"] = c.claim->source;
    claim["part_of"] = optional_json(c.claim->part_of);
    ojson parts = ojson::array();
    for (const std::size_t part : c.claim->parts) parts.push_back(e.claims[part].claim->id);
    claim["parts"] = parts;
    claim["stated"] = c.claim->stated_json;
    claim["basis"] = std::string(claim_basis_name(c.basis));
    claim["precision"] = std::string(precision_name(c.precision));
    claim["chips"] = range_json(c.chips);
    claim["compute_pflops"] = range_json(c.compute_pflops);
    claim["equivalents"] = per_target_json(e.options.targets, c.equivalents);
    ojson by_metric = ojson::object();
    for (const auto& [metric, values] : c.by_metric) {
        ojson per = ojson::object();
        for (std::size_t i = 0; i < values.size(); ++i)
            per[e.options.targets[i]] = optional_json(values[i]);
        by_metric[metric] = per;
    }
    claim["by_metric"] = by_metric;
    claim["power_mw"] = range_json(c.power_mw);
    claim["power_it_mw"] = range_json(c.power_it_mw);
    claim["checks"] = ojson::array();
    for (const Check& check : c.checks) {
        claim["checks"].push_back({{"kind", check.kind},
                                   {"ok", check.ok},
                                   {"derived", check.derived},
                                   {"stated", check.stated},
                                   {"deviation", check.deviation},
                                   {"detail", check.detail}});
    }
    claim["notes"] = c.notes;
    return claim;
}

}  // namespace

EstimateInput estimate_input(const ClaimSet& claims) {
    // Inline claims have no file: their origin ("command line") is kept as it is.
    if (claims.sha256.empty()) return {claims.origin, ""};
    return {portable_path(claims.origin), claims.sha256};
}

void write_estimate_json(const Estimate& e, const Assumptions& assumptions,
                         const EstimateInput& input, const ojson& tool,
                         const std::function<void(std::string_view)>& sink) {
    ojson head;
    head["format"] = "chipcount.estimate";
    head["version"] = 1;
    head["tool"] = tool;
    head["input"] = {{"path", input.path}, {"sha256", text_or_null(input.sha256)}};
    ojson a;
    a["precision"] = std::string(precision_name(e.options.precision));
    a["basis"] = e.options.measured_basis ? "measured" : "spec";
    a["file"] = portable_path(assumptions.origin);
    for (const auto& [key, value] : assumptions.document.items()) {
        if (key != "format" && key != "version") a[key] = value;
    }
    head["assumptions"] = a;
    head["targets"] = e.options.targets;
    ojson rates = ojson::object();
    for (const auto& [id, rate] : e.target_rates) {
        rates[id] = {{"tflops", optional_json(rate.tflops)},
                     {"basis", rate.basis},
                     {"source", rate.source},
                     {"source_sha256", text_or_null(rate.source_sha256)}};
    }
    head["target_rates"] = rates;
    std::string text = head.dump(2);
    text.resize(text.size() - 2);  // drop the closing "\n}": the claims and totals follow
    sink(text);
    sink(",\n  \"claims\": [");
    for (std::size_t i = 0; i < e.claims.size(); ++i) {
        sink(i == 0 ? "\n    " : ",\n    ");
        sink(indent_nested(claim_json(e, e.claims[i]).dump(2), 4));
    }
    const ojson totals = {{"claims", e.totals.claims},
                          {"compute_pflops", range_json(e.totals.compute_pflops)},
                          {"equivalents", per_target_json(e.options.targets, e.totals.equivalents)},
                          {"power_mw", range_json(e.totals.power_mw)},
                          {"notes", e.totals.notes}};
    sink("\n  ],\n  \"totals\": ");
    sink(indent_nested(totals.dump(2), 2));
    sink("\n}\n");
}

std::string estimate_json_text(const Estimate& e, const Assumptions& assumptions,
                               const EstimateInput& input, const ojson& tool) {
    std::string out;
    write_estimate_json(e, assumptions, input, tool,
                        [&out](std::string_view piece) { out.append(piece); });
    return out;
}

namespace {

// CSV is long form: a row per claim and target (and the totals), plain numbers.
Table long_form_table(const Estimate& e) {
    Table long_form;
    long_form.header = {"claim", "target", "basis", "precision", "low", "central", "high"};
    const auto add_rows = [&](const std::string& claim, const std::string& basis,
                              const std::string& precision, const PerTarget& values) {
        for (std::size_t i = 0; i < values.size(); ++i) {
            const auto& range = values[i];
            long_form.rows.push_back({claim, e.options.targets[i], basis, precision,
                                      range ? format_plain(range->low) : "",
                                      range ? format_plain(range->central) : "",
                                      range ? format_plain(range->high) : ""});
        }
    };
    for (const ClaimEstimate& c : e.claims) {
        add_rows(c.claim->id, std::string(claim_basis_name(c.basis)),
                 std::string(precision_name(c.precision)), c.equivalents);
    }
    add_rows("TOTAL", "", std::string(precision_name(e.options.precision)), e.totals.equivalents);
    return long_form;
}

Table claims_table(const Estimate& e) {
    Table claims;
    claims.title = "Claims (" + std::string(e.options.measured_basis ? "measured" : "spec") +
                   " basis, " + std::string(precision_name(e.options.precision)) +
                   "; ranges are low-high)";
    claims.header = {"claim", "basis", "compute PFLOPS", "power MW (facility)", "checks"};
    claims.right_aligned = {false, false, true, true, false};
    for (const ClaimEstimate& c : e.claims) {
        int flagged = 0;
        for (const Check& check : c.checks) flagged += check.ok ? 0 : 1;
        const std::string checks = c.checks.empty() ? ""
                                   : flagged == 0   ? std::to_string(c.checks.size()) + " ok"
                                                    : std::to_string(flagged) + " FLAGGED";
        const std::string indent = c.claim->part_of ? "  " : "";
        claims.rows.push_back(
            {indent + c.claim->id, std::string(claim_basis_name(c.basis)),
             format_range(c.compute_pflops,
                          c.compute_pflops && c.compute_pflops->central < 10 ? 2 : 0),
             format_range(c.power_mw, c.power_mw && c.power_mw->central < 1 ? 3 : 1), checks});
    }
    return claims;
}

Table equivalents_per_target_table(const Estimate& e) {
    Table equivalents;
    equivalents.title = "Equivalent chips per target: central (low-high)";
    equivalents.header = {"claim"};
    equivalents.right_aligned = {false};
    for (const auto& id : e.options.targets) {
        equivalents.header.push_back(short_id(id));
        equivalents.right_aligned.push_back(true);
    }
    for (const ClaimEstimate& c : e.claims) {
        std::vector<std::string> row = {(c.claim->part_of ? "  " : "") + c.claim->id};
        for (const auto& range : c.equivalents) row.push_back(format_range(range));
        equivalents.rows.push_back(row);
    }
    std::vector<std::string> total_row = {"TOTAL"};
    for (const auto& range : e.totals.equivalents) total_row.push_back(format_range(range));
    equivalents.rows.push_back(total_row);
    return equivalents;
}

Table rates_table(const Estimate& e) {
    Table rates;
    rates.title = "Throughput used per target (TFLOPS at " +
                  std::string(precision_name(e.options.precision)) + ")";
    rates.header = {"target", "TFLOPS", "basis", "source"};
    rates.right_aligned = {false, true, false, false};
    for (const auto& [id, rate] : e.target_rates)
        rates.rows.push_back({id, format_optional(rate.tflops, 1), rate.basis, rate.source});
    return rates;
}

Table checks_and_notes_table(const Estimate& e) {
    Table details;
    details.title = "Checks and notes";
    details.header = {"claim", "kind", "detail"};
    for (const ClaimEstimate& c : e.claims) {
        for (const Check& check : c.checks)
            details.rows.push_back(
                {c.claim->id, check.kind + (check.ok ? "" : " FLAG"), check.detail});
        for (const std::string& note : c.notes) details.rows.push_back({c.claim->id, "note", note});
    }
    for (const std::string& note : e.totals.notes) details.rows.push_back({"TOTAL", "note", note});
    return details;
}

}  // namespace

std::string render_estimate(const Estimate& e, OutputFormat format) {
    if (format == OutputFormat::kCsv) return render(long_form_table(e), format);
    std::string out = render(claims_table(e), format) + "\n" +
                      render(equivalents_per_target_table(e), format) + "\n" +
                      render(rates_table(e), format) + "\n";
    const Table details = checks_and_notes_table(e);
    if (!details.rows.empty()) out += render(details, format);
    return out;
}

Table claims_summary_table(const Estimate& e, const std::string& title) {
    Table summary;
    summary.title = title;
    summary.header = {"claim", "stated chips"};
    summary.right_aligned = {false, true};
    for (const auto& id : e.options.targets) {
        summary.header.push_back(id);
        summary.right_aligned.push_back(true);
    }
    for (const ClaimEstimate& c : e.claims) {
        if (c.claim->part_of) continue;
        std::vector<std::string> row = {
            c.claim->id, c.claim->stated.chips ? format_number(*c.claim->stated.chips, 0) : "—"};
        for (const auto& range : c.equivalents)
            row.push_back(range ? format_number(range->central, 0) : "—");
        summary.rows.push_back(row);
    }
    return summary;
}

CheckCounts count_checks(const Estimate& e) {
    CheckCounts counts;
    for (const ClaimEstimate& c : e.claims) {
        for (const Check& check : c.checks) {
            ++counts.total;
            counts.flagged += check.ok ? 0 : 1;
        }
    }
    return counts;
}

}  // namespace chipcount
