// The report's sections. Each section draws its chart from the documents and puts the same
// numbers in a table beside it, so a reader can check every bar.
#include "chipcount/report/report.hpp"

#include <algorithm>
#include <cmath>
#include <sstream>

#include "chipcount/estimate/estimate_report.hpp"
#include "chipcount/format/svg.hpp"
#include "chipcount/format/table.hpp"
#include "chipcount/io/file_names.hpp"

namespace chipcount {
namespace {

// ---- data extracted from the documents -------------------------------------------------

// ---- charts ------------------------------------------------------------------------------

std::string chart_measured(const std::vector<MeasuredPrecision>& rows) {
    const double width = 760, height = 300, left = 60, right = 20, top = 30, bottom = 40;
    double max_value = 1;
    for (const auto& r : rows) {
        for (const auto& v : {r.datasheet, r.best, r.sustained, r.clock_peak}) {
            if (v) max_value = std::max(max_value, *v);
        }
    }
    const Scale y(0, max_value * 1.1, height - bottom, top, false);
    std::string svg =
        svg_open(width, height, "measured against datasheet throughput per precision");
    for (int i = 0; i <= 5; ++i) {
        const double v = max_value * 1.1 * i / 5;
        svg += svg_line(left, y(v), width - right, y(v), "stroke=\"#ddd\"");
        svg +=
            svg_text(left - 6, y(v) + 4, format_number(v, 0), "text-anchor=\"end\" fill=\"#555\"");
    }
    const double group =
        (width - left - right) / static_cast<double>(std::max<std::size_t>(1, rows.size()));
    const double bar = group / 4.5;
    for (std::size_t i = 0; i < rows.size(); ++i) {
        const MeasuredPrecision& r = rows[i];
        const double x0 = left + group * static_cast<double>(i) + bar * 0.5;
        const std::pair<std::optional<double>, std::string_view> bars[] = {
            {r.datasheet, "#bbbbbb"}, {r.best, palette(0)}, {r.sustained, palette(3)}};
        for (std::size_t b = 0; b < 3; ++b) {
            if (!bars[b].first) continue;
            const double x = x0 + bar * static_cast<double>(b);
            svg += svg_rect(x, y(*bars[b].first), bar * 0.9, y(0) - y(*bars[b].first),
                            "fill=\"" + std::string(bars[b].second) + "\" data-value=\"" +
                                format_number(*bars[b].first, 1) + "\"");
        }
        if (r.clock_peak) {
            svg += svg_line(
                x0 - 2, y(*r.clock_peak), x0 + bar * 3, y(*r.clock_peak),
                "stroke=\"#000\" stroke-dasharray=\"4 2\" stroke-width=\"2\" data-value=\"" +
                    format_number(*r.clock_peak, 1) + "\"");
        }
        svg += svg_text(x0 + bar * 1.5, height - bottom + 16,
                        std::string(precision_name(r.precision)), "text-anchor=\"middle\"");
    }
    svg += svg_text(left, 16,
                    "TFLOPS: datasheet dense peak (grey), best burst (blue), sustained (red); "
                    "dashed: peak at the measured clock",
                    "fill=\"#333\"");
    return svg + std::string(kSvgClose);
}

std::string chart_equivalents(const std::vector<EstimatedClaim>& claims,
                              const std::vector<std::string>& targets) {
    const double row_height = 26, left = 200, right = 30, top = 40;
    const double width = 900;
    const double height = top + row_height * static_cast<double>(claims.size()) + 50 +
                          14.0 * static_cast<double>((targets.size() + 3) / 4);
    double lo = 1e300, hi = 0;
    for (const auto& c : claims) {
        for (const auto& r : c.equivalents) {
            if (!r) continue;
            lo = std::min(lo, std::max(r->low, 1e-3));
            hi = std::max(hi, r->high);
        }
    }
    if (hi <= 0) {
        lo = 1;
        hi = 10;
    }
    const LogAxis axis = log_axis(lo, hi);
    const double d0 = axis.d0, d1 = axis.d1;
    const Scale scale(d0, d1, left, width - right, true);
    // Clamped: a value past the axis stays on the chart, at its edge.
    const auto x = [&](double value) { return scale(std::clamp(value, d0, d1)); };
    std::string svg =
        svg_open(width, height, "equivalent chip counts per claim and target, log scale");
    for (const double tick : axis.ticks) {
        const double baseline = top + row_height * static_cast<double>(claims.size());
        svg += svg_line(x(tick), top - 10, x(tick), baseline, "stroke=\"#ddd\"");
        svg += svg_text(x(tick), baseline + 16, format_number(tick, tick < 1 ? 3 : 0),
                        "text-anchor=\"middle\" fill=\"#555\"");
    }
    for (std::size_t i = 0; i < claims.size(); ++i) {
        const EstimatedClaim& c = claims[i];
        const double yc = top + row_height * (static_cast<double>(i) + 0.5);
        svg += svg_text(left - 8, yc + 4, (c.part_of ? "  " : "") + c.id, "text-anchor=\"end\"");
        for (std::size_t t = 0; t < c.equivalents.size(); ++t) {
            const auto& r = c.equivalents[t];
            if (!r) continue;
            const std::size_t colour = t;  // equivalents are in the targets' order
            const double dy =
                (static_cast<double>(t) - static_cast<double>(c.equivalents.size()) / 2) * 2.2;
            const std::string fill = "stroke=\"" + std::string(palette(colour)) + "\"";
            svg += svg_line(x(r->low), yc + dy, x(r->high), yc + dy, fill + " stroke-width=\"2\"");
            svg += svg_circle(x(r->central), yc + dy, 3.5,
                              "fill=\"" + std::string(palette(colour)) + "\" data-value=\"" +
                                  format_number(r->central, 0) + "\"");
        }
    }
    // Legend: four targets per line.
    for (std::size_t t = 0; t < targets.size(); ++t) {
        const double lx = 20 + 220.0 * static_cast<double>(t % 4);
        const double ly = height - 26 + 14.0 * static_cast<double>(t / 4);
        svg += svg_circle(lx, ly - 4, 4, "fill=\"" + std::string(palette(t)) + "\"");
        svg += svg_text(lx + 7, ly, targets[t], "");
    }
    svg += svg_text(left, 16, "Equivalent chips (log scale): dot = central, line = low-high",
                    "fill=\"#333\"");
    return svg + std::string(kSvgClose);
}

std::string chart_eccn(const std::vector<Classification>& chips, const ExportRules& rules) {
    const double width = 900, height = 520, left = 70, right = 30, top = 30, bottom = 50;
    const double pd_max = 26;
    const Scale x(0, pd_max, left, width - right, false);
    const Scale y(800, 50000, height - bottom, top, true);
    std::string svg = svg_open(
        width, height, "ECCN 3A090 map: total processing performance against performance density");
    // Tier regions, from the rules file. Tiers are checked in order, so a tier's region stops
    // below the TPP floor of any earlier tier that needs no density: a.2 ends where a.1 begins.
    // Drawn from the last tier to the first, so earlier tiers lie on top where they overlap.
    for (std::size_t i = rules.tiers.size(); i-- > 0;) {
        const ExportTier& tier = rules.tiers[i];
        double tpp_top = std::min(tier.tpp_below.value_or(50000), 50000.0);
        for (std::size_t j = 0; j < i; ++j) {
            const ExportTier& earlier = rules.tiers[j];
            if (!earlier.pd_min && !earlier.pd_below && earlier.tpp_min)
                tpp_top = std::min(tpp_top, *earlier.tpp_min);
        }
        const double x0 = x(tier.pd_min.value_or(0)),
                     x1 = x(std::min(tier.pd_below.value_or(pd_max), pd_max));
        const double y0 = y(tpp_top), y1 = y(std::max(tier.tpp_min.value_or(800), 800.0));
        const std::string colour(palette(i + 1));
        svg += svg_rect(x0, y0, x1 - x0, y1 - y0,
                        "fill=\"" + colour + "\" fill-opacity=\"0.18\" stroke=\"" + colour + "\"");
        // Neighbouring tiers' labels are staggered so that they never overlap.
        svg += svg_text(x0 + 4, y0 + 14 + 13.0 * static_cast<double>(i % 2), tier.tier,
                        "fill=\"" + colour + "\" font-weight=\"bold\" font-size=\"11\"");
    }
    for (const double tick : {1000.0, 1600.0, 2400.0, 4800.0, 10000.0, 20000.0, 40000.0}) {
        svg += svg_line(left, y(tick), left - 4, y(tick), "stroke=\"#333\"");
        svg += svg_text(left - 6, y(tick) + 4, format_number(tick, 0),
                        "text-anchor=\"end\" fill=\"#555\"");
    }
    for (double tick = 0; tick <= pd_max; tick += 2) {
        svg += svg_text(x(tick), height - bottom + 16, format_number(tick, 0),
                        "text-anchor=\"middle\" fill=\"#555\"");
    }
    svg += svg_line(left, height - bottom, width - right, height - bottom, "stroke=\"#333\"");
    svg += svg_line(left, top, left, height - bottom, "stroke=\"#333\"");
    svg +=
        svg_text(width / 2, height - 12, "performance density (TPP / mm² of applicable die area)",
                 "text-anchor=\"middle\"");
    svg += svg_text(14, top - 10, "TPP (log scale)", "");
    // Chips at the same point (H100, H200 and H800 share a die and rates) share one label.
    std::vector<std::pair<const Classification*, std::string>> points;
    for (const Classification& c : chips) {
        if (!c.tpp || !c.performance_density) continue;
        auto same = std::find_if(points.begin(), points.end(), [&](const auto& p) {
            return std::fabs(*p.first->tpp - *c.tpp) < 0.5 &&
                   std::fabs(*p.first->performance_density - *c.performance_density) < 0.005;
        });
        if (same == points.end())
            points.emplace_back(&c, c.chip_id);
        else
            same->second += ", " + c.chip_id;
    }
    for (const auto& [c, label] : points) {
        const double cx = x(std::min(*c->performance_density, pd_max)),
                     cy = y(std::clamp(*c->tpp, 800.0, 50000.0));
        svg +=
            svg_circle(cx, cy, 4.5,
                       std::string("fill=\"") + (c->controlled ? "#000" : "#fff") +
                           "\" stroke=\"#000\" data-value=\"" + format_number(*c->tpp, 0) + "\"");
        svg += svg_text(cx + 7, cy + 4, label, "font-size=\"10\"");
    }
    return svg + std::string(kSvgClose);
}

struct TotalsBar {
    std::string label;
    double stated, derived;
};

std::vector<TotalsBar> totals_bars(const EstimateDocument& estimate) {
    std::vector<TotalsBar> bars;
    for (const EstimatedClaim& c : estimate.claims) {
        if (c.part_of) continue;
        for (const EstimatedCheck& check : c.checks) {
            if (check.kind.rfind("parts_", 0) != 0) continue;
            bars.push_back({c.id + ": " + check.kind.substr(6), check.stated, check.derived});
        }
    }
    return bars;
}

std::string chart_totals(const std::vector<TotalsBar>& bars) {
    const double width = 760, row = 54, left = 220, right = 120, top = 30;
    const double height = top + row * static_cast<double>(bars.size()) + 20;
    std::string svg = svg_open(width, height, "totals against the stated totals of the data set");
    for (std::size_t i = 0; i < bars.size(); ++i) {
        const TotalsBar& b = bars[i];
        const double scale_max = std::max(b.stated, b.derived) * 1.05;
        const Scale x(0, scale_max, left, width - right, false);
        const double y0 = top + row * static_cast<double>(i);
        svg += svg_text(left - 8, y0 + 22, b.label, "text-anchor=\"end\"");
        svg += svg_rect(left, y0 + 4, x(b.stated) - left, 18,
                        "fill=\"#bbbbbb\" data-value=\"" + format_number(b.stated, 0) + "\"");
        svg += svg_text(x(b.stated) + 4, y0 + 18, "stated " + format_number(b.stated, 0),
                        "fill=\"#333\"");
        svg += svg_rect(left, y0 + 24, x(b.derived) - left, 18,
                        "fill=\"" + std::string(palette(0)) + "\" data-value=\"" +
                            format_number(b.derived, 0) + "\"");
        svg += svg_text(x(b.derived) + 4, y0 + 38, "parts sum " + format_number(b.derived, 0),
                        "fill=\"#333\"");
    }
    return svg + std::string(kSvgClose);
}

// ---- tables ------------------------------------------------------------------------------

Table measured_table(const std::vector<MeasuredPrecision>& rows) {
    Table t;
    t.header = {"precision", "datasheet",     "best burst",
                "sustained", "peak at clock", "sustained / datasheet"};
    t.right_aligned = {false, true, true, true, true, true};
    for (const auto& r : rows) {
        t.rows.push_back(
            {std::string(precision_name(r.precision)), format_optional(r.datasheet, 1),
             format_optional(r.best, 1), format_optional(r.sustained, 1),
             format_optional(r.clock_peak, 1),
             r.sustained && r.datasheet ? format_percent(*r.sustained / *r.datasheet) : "—"});
    }
    return t;
}

Table equivalents_table(const std::vector<EstimatedClaim>& claims,
                        const std::vector<std::string>& targets) {
    Table t;
    t.header = {"claim"};
    for (const auto& target : targets) t.header.push_back(target);
    for (const auto& c : claims) {
        std::vector<std::string> row = {(c.part_of ? "↳ " : "") + c.id};
        for (const auto& r : c.equivalents) {
            row.push_back(format_range(r));
        }
        t.rows.push_back(row);
    }
    return t;
}

Table eccn_table(const std::vector<Classification>& chips) {
    Table t;
    t.header = {"chip", "TPP", "PD", "tier", "notes"};
    t.right_aligned = {false, true, true, false, false};
    for (const auto& c : chips) {
        std::string notes;
        for (const auto& n : c.notes) notes += (notes.empty() ? "" : "; ") + n;
        t.rows.push_back({c.chip_id, format_optional(c.tpp, 0),
                          format_optional(c.performance_density, 2), c.tier, notes});
    }
    return t;
}

Table totals_table(const std::vector<TotalsBar>& bars) {
    Table t;
    t.header = {"total", "stated", "sum of parts", "difference"};
    t.right_aligned = {false, true, true, true};
    for (const auto& b : bars) {
        t.rows.push_back({b.label, format_number(b.stated, 0), format_number(b.derived, 0),
                          format_percent((b.derived - b.stated) / b.stated)});
    }
    return t;
}

std::string html_table(const Table& t) {
    std::string out = "<table>\n<thead><tr>";
    for (std::size_t i = 0; i < t.header.size(); ++i) {
        const bool right = i < t.right_aligned.size() && t.right_aligned[i];
        out +=
            std::string(right ? "<th class=\"num\">" : "<th>") + html_escape(t.header[i]) + "</th>";
    }
    out += "</tr></thead>\n<tbody>\n";
    for (const auto& row : t.rows) {
        out += "<tr>";
        for (std::size_t i = 0; i < row.size(); ++i) {
            const bool right = i < t.right_aligned.size() && t.right_aligned[i];
            out +=
                std::string(right ? "<td class=\"num\">" : "<td>") + html_escape(row[i]) + "</td>";
        }
        out += "</tr>\n";
    }
    return out + "</tbody>\n</table>\n";
}

constexpr const char* kStyle = R"(
body { font-family: "DejaVu Sans", sans-serif; margin: 24px auto; max-width: 1000px; color: #222; line-height: 1.45; }
h1 { font-size: 26px; margin-bottom: 4px; } h2 { font-size: 19px; margin-top: 36px; border-bottom: 1px solid #ccc; }
.lead { font-size: 17px; background: #f4f7fb; border-left: 4px solid #0072B2; padding: 10px 14px; }
.meta { color: #666; font-size: 12px; }
table { border-collapse: collapse; font-size: 12px; margin: 10px 0; }
th, td { border-bottom: 1px solid #e2e2e2; padding: 3px 8px; text-align: left; vertical-align: top; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
.note { color: #666; font-size: 12px; }
)";

std::string lead_sentence(const ReportInputs& in) {
    std::ostringstream out;
    if (!in.estimates.empty()) {
        const EstimateDocument& e = in.estimates.front();
        if (!e.targets.empty() && !e.totals.empty() && e.totals.front()) {
            const Range& total = *e.totals.front();
            // A bound is said as one ("115,000 or more"), never as a range of one figure.
            out << "The claims add up to " << format_range(total, 0) << " " << e.targets.front()
                << " equivalents on a " << e.basis << " basis at " << e.precision << ". ";
        }
    }
    if (in.results.empty()) {
        out << "Nothing was measured for this report: chip figures are datasheet peaks.";
    } else {
        for (const MeasuredResult& r : in.results) {
            std::optional<double> bf16;
            for (const MeasuredPrecision& p : r.precisions)
                if (p.precision == Precision::kBf16) bf16 = p.sustained;
            out << (r.device_name.empty() ? "a GPU" : r.device_name) << ": bf16 ";
            if (bf16) {
                out << format_number(*bf16, 0) << " TFLOPS sustained. ";
            } else {
                out << "not measured. ";
            }
        }
    }
    return out.str();
}

}  // namespace

MeasuredResult measured_result(const ResultDocument& result, const ProfileSet& profiles) {
    MeasuredResult out;
    out.device_name = result.device.value("name", "");
    out.profile_id = result.profile_id;
    out.git_sha = result.tool.value("git_sha", "");
    const ChipProfile* profile = result.profile_id ? profiles.find(*result.profile_id) : nullptr;
    for (const PrecisionSummary& s : summarize_precisions(result)) {
        MeasuredPrecision row;
        row.precision = s.precision;
        row.datasheet = profile ? datasheet_peak(*profile, s.precision) : std::nullopt;
        row.best = s.best ? s.best->tflops_median() : std::nullopt;
        row.sustained = s.sustained ? s.sustained->tflops_median() : std::nullopt;
        // The datasheet peak scaled to the clock the soak ran at.
        if (row.sustained && s.sustained->vs_clock_peak && *s.sustained->vs_clock_peak > 0)
            row.clock_peak = *row.sustained / *s.sustained->vs_clock_peak;
        out.precisions.push_back(row);
    }
    return out;
}

std::string render_html_report(const ReportInputs& in) {
    std::ostringstream html;
    html << "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
         << "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src "
            "'unsafe-inline'; img-src data:\">\n"
         << "<title>chipcount report</title>\n<style>" << kStyle << "</style>\n</head>\n<body>\n";
    html << "<h1>chipcount report</h1>\n<p class=\"meta\">generated "
         << html_escape(in.generated_at) << " by chipcount "
         << html_escape(in.tool.value("version", "")) << " (git "
         << html_escape(in.tool.value("git_sha", "")) << ")</p>\n";
    html << "<p class=\"lead\">" << html_escape(lead_sentence(in)) << "</p>\n";

    html << "<h2>Equivalent chips per claim</h2>\n";
    for (const EstimateDocument& e : in.estimates) {
        html << "<p class=\"note\">" << html_escape(portable_recorded_path(e.input.path)) << ", "
             << html_escape(e.basis) << " basis, " << html_escape(e.precision) << "</p>\n";
        html << chart_equivalents(e.claims, e.targets)
             << html_table(equivalents_table(e.claims, e.targets));
        const auto bars = totals_bars(e);
        if (!bars.empty()) {
            html << "<h2>Totals against the stated totals</h2>\n"
                 << chart_totals(bars) << html_table(totals_table(bars));
        }
    }
    if (in.estimates.empty()) html << "<p class=\"note\">No estimate given.</p>\n";

    html << "<h2>Measured against datasheet throughput</h2>\n";
    for (const MeasuredResult& r : in.results) {
        html << "<p class=\"note\">" << html_escape(r.device_name) << " (profile "
             << html_escape(r.profile_id.value_or("none")) << "), chipcount git "
             << html_escape(r.git_sha) << "</p>\n";
        html << chart_measured(r.precisions) << html_table(measured_table(r.precisions));
    }
    if (in.results.empty())
        html << "<p class=\"note\">Nothing was measured: no GPU result was given.</p>\n";

    html << "<h2>ECCN 3A090 map</h2>\n<p class=\"note\">" << html_escape(in.rules.citation)
         << "; effective " << html_escape(in.rules.effective_date)
         << ". Filled dots are controlled. Chips without a die area have no density and appear "
            "only in the table.</p>\n";
    html << chart_eccn(in.classifications, in.rules) << html_table(eccn_table(in.classifications));

    html << "<h2>Sources</h2>\n<ul>\n";
    for (const std::string& s : in.sources) html << "<li>" << html_escape(s) << "</li>\n";
    html << "</ul>\n</body>\n</html>\n";
    return html.str();
}

std::string render_markdown_report(const ReportInputs& in) {
    std::ostringstream md;
    md << "# chipcount report\n\n_generated " << markdown_text(in.generated_at) << " by chipcount "
       << markdown_text(in.tool.value("version", "")) << " (git "
       << markdown_text(in.tool.value("git_sha", "")) << ")_\n\n"
       << markdown_text(lead_sentence(in)) << "\n\n";
    for (const EstimateDocument& e : in.estimates) {
        md << "## Equivalent chips per claim\n\n"
           << render(equivalents_table(e.claims, e.targets), OutputFormat::kMarkdown) << "\n";
        const auto bars = totals_bars(e);
        if (!bars.empty())
            md << "## Totals against the stated totals\n\n"
               << render(totals_table(bars), OutputFormat::kMarkdown) << "\n";
    }
    for (const MeasuredResult& r : in.results) {
        md << "## Measured against datasheet throughput: " << markdown_text(r.device_name) << "\n\n"
           << render(measured_table(r.precisions), OutputFormat::kMarkdown) << "\n";
    }
    if (in.results.empty()) md << "Nothing was measured: no GPU result was given.\n\n";
    md << "## ECCN 3A090\n\n"
       << render(eccn_table(in.classifications), OutputFormat::kMarkdown) << "\n## Sources\n\n";
    for (const std::string& s : in.sources) md << "- " << markdown_text(s) << "\n";
    return md.str();
}

}  // namespace chipcount
