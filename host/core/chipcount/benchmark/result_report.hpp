// A benchmark result for people: the per-case GEMM table and the bandwidth table, with notes.
#pragma once
#include <string>

#include "chipcount/benchmark/result.hpp"
#include "chipcount/format/table.hpp"

namespace chipcount {

// kTable, kCsv or kMarkdown (JSON is result_json's).
std::string render_bench_table(const ResultDocument& document, OutputFormat format);

}  // namespace chipcount
