#include "chipcount/benchmark/result_report.hpp"

namespace chipcount {

std::string render_bench_table(const ResultDocument& doc, OutputFormat format) {
    Table table;
    table.title =
        "GEMM (TFLOPS; efficiency against the datasheet dense peak and against that peak at the "
        "measured clock)";
    table.header = {"backend", "precision",    "shape",         "phase",     "status", "median",
                    "max",     "vs datasheet", "vs clock peak", "rel error", "SM MHz", "power W"};
    table.right_aligned = {false, false, false, false, false, true,
                           true,  true,  true,  true,  true,  true};
    auto pct = [](const std::optional<double>& v) {
        return v ? format_percent(*v) : std::string("—");
    };
    for (const GemmCase& c : doc.gemm) {
        table.rows.push_back(
            {c.backend, std::string(precision_name(c.precision)), shape_text(c.shape), c.phase,
             std::string(case_status_name(c.status)) + (c.reason.empty() ? "" : ": " + c.reason),
             format_optional(c.tflops_median(), 1), format_optional(c.tflops_max(), 1),
             pct(c.vs_datasheet), pct(c.vs_clock_peak),
             c.validation ? format_number(c.validation->rel_error, 6) : "—",
             format_optional(c.telemetry.sm_clock_mhz_median, 0),
             format_optional(c.telemetry.power_w_median, 0)});
    }
    std::string out = render(table, format);
    if (!doc.bandwidth.empty()) {
        Table bw;
        bw.title = "Memory bandwidth (TB/s, decimal)";
        bw.header = {"pattern", "status", "median", "max", "vs datasheet"};
        bw.right_aligned = {false, false, true, true, true};
        for (const BandwidthCase& b : doc.bandwidth) {
            bw.rows.push_back({b.pattern,
                               std::string(case_status_name(b.status)) +
                                   (b.reason.empty() ? "" : ": " + b.reason),
                               format_optional(b.tbs_median(), 3), format_optional(b.tbs_max(), 3),
                               pct(b.vs_datasheet)});
        }
        out += "\n" + render(bw, format);
    }
    for (const std::string& note : doc.notes) out += "note: " + note + "\n";
    return out;
}

}  // namespace chipcount
