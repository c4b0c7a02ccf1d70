#include "chipcount/benchmark/compare.hpp"

#include <map>

#include "chipcount/io/json_write.hpp"

namespace chipcount {
namespace {

using ojson = nlohmann::ordered_json;

struct Figure {
    std::string unit;
    std::optional<double> median;  // only for a case that measured (status ok)
};

std::map<std::string, Figure> figures_by_case(const ResultDocument& result,
                                              std::vector<std::string>& order) {
    std::map<std::string, Figure> out;
    for (const GemmCase& c : result.gemm) {
        const std::string key = case_key(c);
        order.push_back(key);
        out[key] = {"TFLOPS", c.status == CaseStatus::kOk ? c.tflops_median() : std::nullopt};
    }
    for (const BandwidthCase& b : result.bandwidth) {
        const std::string key = case_key(b);
        order.push_back(key);
        out[key] = {"TB/s", b.status == CaseStatus::kOk ? b.tbs_median() : std::nullopt};
    }
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
    std::vector<std::string> a_order, b_order;
    const auto in_a = figures_by_case(a, a_order);
    auto in_b = figures_by_case(b, b_order);
    std::vector<CaseComparison> rows;
    for (const std::string& key : a_order) {
        CaseComparison row{key, in_a.at(key).unit, in_a.at(key).median, std::nullopt, std::nullopt};
        if (const auto it = in_b.find(key); it != in_b.end()) {
            row.b = it->second.median;
            in_b.erase(it);
        }
        if (row.a && row.b && *row.a > 0) row.ratio = *row.b / *row.a;
        rows.push_back(row);
    }
    for (const auto& [key, figure] : in_b)
        rows.push_back({key, figure.unit, std::nullopt, figure.median, std::nullopt});
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
