// chipcount compare A.json B.json: case-by-case ratios of two benchmark results (B / A).
#include "chipcount/base/errors.hpp"
#include "chipcount/benchmark/compare.hpp"
#include "chipcount/benchmark/publish.hpp"
#include "chipcount/io/file_names.hpp"
#include "chipcount/io/files.hpp"
#include "chipcount/io/json_write.hpp"
#include "cli_common.hpp"

namespace chipcount::cli {

int run_compare(int argc, char** argv) {
    cxxopts::Options options("chipcount compare",
                             "Case-by-case ratios of two benchmark results (B / A)");
    options.positional_help("A.json B.json");
    options.add_options()("files", "two chipcount.result files",
                          cxxopts::value<std::vector<std::string>>());
    options.parse_positional({"files"});
    add_output_options(options);
    const auto parsed = parse_command_line(options, argc, argv);
    if (!parsed) return 0;
    const OutputTarget target = output_target(*parsed);
    const auto files = parsed->count("files") ? (*parsed)["files"].as<std::vector<std::string>>()
                                              : std::vector<std::string>{};
    if (files.size() != 2) throw UsageError("give exactly two result files: A.json B.json");
    const std::string a_text = read_text_file(files[0]), b_text = read_text_file(files[1]);
    const ResultDocument a_result = parse_result(a_text, files[0]);  // A first: errors name A first
    const ResultDocument b_result = parse_result(b_text, files[1]);
    const auto rows = compare_results(a_result, b_result);
    const NamedInput a = named_input(files[0], a_text), b = named_input(files[1], b_text);
    emit(target, target.format == OutputFormat::kJson
                     ? json_document_text(result_comparison_json(rows, a, b), "the comparison")
                     : render(result_comparison_table(rows, a.path, b.path), target.format));
    return 0;
}

}  // namespace chipcount::cli
