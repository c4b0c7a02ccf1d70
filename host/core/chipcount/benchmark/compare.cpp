#include "chipcount/benchmark/compare.hpp"

#include <map>

#include "chipcount/io/json_read.hpp"
#include "chipcount/io/json_write.hpp"
#include "chipcount/vocabulary.hpp"

namespace chipcount {
namespace {

using ojson = nlohmann::ordered_json;

std::optional<double> median_of(const json& result_case) {
    if (result_case.value("status", "") != "ok") return std::nullopt;
    const char* figure = result_case.value("kind", "") == "bandwidth" ? "tbs" : "tflops";
    const auto it = result_case.find(figure);
    if (it == result_case.end() || !it->is_object()) return std::nullopt;
    const auto median = it->find("median");
    return median != it->end() && median->is_number() ? std::optional(median->get<double>())
                                                      : std::nullopt;
}

}  // namespace

std::string case_key(const json& c) {
    if (c.value("kind", "") == "bandwidth") return "bandwidth " + c.value("pattern", "");
    return "gemm " + c.value("backend", "") + " " + c.value("precision", "") + " " +
           shape_text({c.value("m", std::int64_t{0}), c.value("n", std::int64_t{0}),
                       c.value("k", std::int64_t{0})}) +
           " " + c.value("phase", "");
}

std::vector<CaseComparison> compare_results(const json& a, const json& b) {
    std::map<std::string, const json*> in_b;
    for (const json& c : b["results"]) in_b[case_key(c)] = &c;
    std::vector<CaseComparison> rows;
    for (const json& c : a["results"]) {
        CaseComparison row;
        row.key = case_key(c);
        row.unit = c.value("kind", "") == "bandwidth" ? "TB/s" : "TFLOPS";
        row.a = median_of(c);
        const auto it = in_b.find(row.key);
        if (it != in_b.end()) {
            row.b = median_of(*it->second);
            in_b.erase(it);
        }
        if (row.a && row.b && *row.a > 0) row.ratio = *row.b / *row.a;
        rows.push_back(row);
    }
    for (const auto& [key, c] : in_b) {
        rows.push_back({key, c->value("kind", "") == "bandwidth" ? "TB/s" : "TFLOPS", std::nullopt,
                        median_of(*c), std::nullopt});
    }
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
