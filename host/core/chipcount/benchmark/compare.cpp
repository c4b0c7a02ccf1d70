#include "chipcount/benchmark/compare.hpp"

#include <algorithm>
#include <map>

#include "chipcount/io/json_write.hpp"

namespace chipcount {
namespace {

using ojson = nlohmann::ordered_json;

struct Figure {
    std::string key;
    std::string unit;
    std::optional<double> median;  // only for a case that measured (status ok)
    std::size_t order = 0;         // position in the file (in memory: GEMM cases, then bandwidth)
};

// Every case's figure, in file order.
std::vector<Figure> figures(const ResultDocument& result) {
    std::vector<Figure> out;
    for (const GemmCase& c : result.gemm) {
        out.push_back({case_key(c), "TFLOPS",
                       c.status == CaseStatus::kOk ? c.tflops_median() : std::nullopt,
                       c.file_index.value_or(out.size())});
    }
    for (const BandwidthCase& b : result.bandwidth) {
        out.push_back({case_key(b), "TB/s",
                       b.status == CaseStatus::kOk ? b.tbs_median() : std::nullopt,
                       b.file_index.value_or(out.size())});
    }
    std::stable_sort(out.begin(), out.end(),
                     [](const Figure& x, const Figure& y) { return x.order < y.order; });
    return out;
}

}  // namespace

std::string case_key(const GemmCase& c) {
    return "gemm " + c.backend + " " + std::string(precision_name(c.precision)) + " " +
           shape_text(c.shape) + " " + c.phase;
}

std::string case_key(const BandwidthCase& b) {
    return "bandwidth " + b.pattern;
}

std::vector<CaseComparison> compare_results(const ResultDocument& a, const ResultDocument& b) {
    // Each case of A beside the same case of B (a repeated key in B: its last case), in A's
    // order; then the cases only B has, by key.
    std::map<std::string, const Figure*> in_b;
    const std::vector<Figure> b_figures = figures(b);
    for (const Figure& f : b_figures) in_b[f.key] = &f;
    std::vector<CaseComparison> rows;
    for (const Figure& f : figures(a)) {
        CaseComparison row{f.key, f.unit, f.median, std::nullopt, std::nullopt};
        if (const auto it = in_b.find(f.key); it != in_b.end()) {
            row.b = it->second->median;
            in_b.erase(it);
        }
        if (row.a && row.b && *row.a > 0) row.ratio = *row.b / *row.a;
        rows.push_back(row);
    }
    for (const auto& [key, f] : in_b)
        rows.push_back({key, f->unit, std::nullopt, f->median, std::nullopt});
    return rows;
}

Table result_comparison_table(const std::vector<CaseComparison>& rows, const std::string& a_name,
                              const std::string& b_name) {
    Table t;
    t.title = "B / A: A = " + a_name + ", B = " + b_name;
    t.header = {"case", "unit", "A median", "B median", "B / A"};
    t.right_aligned = {false, false, true, true, true};
    for (const auto& r : rows) {
        t.rows.push_back({r.key, r.unit, format_optional(r.a, 2), format_optional(r.b, 2),
                          r.ratio ? format_ratio(*r.ratio) : "—"});
    }
    return t;
}

ojson result_comparison_json(const std::vector<CaseComparison>& rows, const NamedInput& a,
                             const NamedInput& b) {
    ojson out;
    out["format"] = "chipcount.result_comparison";
    out["version"] = 1;
    out["a"] = a.path;
    out["a_sha256"] = a.sha256;
    out["b"] = b.path;
    out["b_sha256"] = b.sha256;
    out["cases"] = ojson::array();
    for (const auto& r : rows) {
        out["cases"].push_back({{"case", r.key},
                                {"unit", r.unit},
                                {"a", optional_json(r.a)},
                                {"b", optional_json(r.b)},
                                {"ratio", optional_json(r.ratio)}});
    }
    return out;
}

}  // namespace chipcount
