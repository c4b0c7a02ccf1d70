// Case-by-case comparison of two benchmark results: each case's median in A and in B, and B / A.
#pragma once
#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <vector>

#include "chipcount/benchmark/result.hpp"
#include "chipcount/format/table.hpp"
#include "chipcount/io/file_names.hpp"

namespace chipcount {

// "gemm cublaslt bf16 8192x8192x8192 burst" or "bandwidth copy": what identifies a case.
std::string case_key(const GemmCase& result_case);
std::string case_key(const BandwidthCase& result_case);

struct CaseComparison {
    std::string key;  // "gemm cublaslt bf16 8192x8192x8192 burst" or "bandwidth copy"
    std::string unit;
    std::optional<double> a, b;
    std::optional<double> ratio;  // b / a
};

// Every case of A beside the same case of B (matched by case_key), then the cases only B has.
std::vector<CaseComparison> compare_results(const ResultDocument& a, const ResultDocument& b);
Table result_comparison_table(const std::vector<CaseComparison>& rows, const std::string& a_name,
                              const std::string& b_name);
nlohmann::ordered_json result_comparison_json(const std::vector<CaseComparison>& rows,
                                              const NamedInput& a, const NamedInput& b);

}  // namespace chipcount
