// chipcount bench: measured matmul throughput (and memory bandwidth) on one GPU, validated,
// written as a chipcount.result JSON. No GPU: exit 3 with the reason.
#include <algorithm>
#include <filesystem>
#include <iostream>

#include "chipcount/base/errors.hpp"
#include "chipcount/base/time.hpp"
#include "chipcount/benchmark/result_report.hpp"
#include "chipcount/io/files.hpp"
#include "chipcount/io/json_write.hpp"
#include "cli_common.hpp"
#include "progress.hpp"

namespace chipcount::cli {
namespace {

std::vector<Precision> parse_precisions(const std::vector<std::string>& names, const char* option) {
    std::vector<Precision> out;
    const auto benchable = gemm_precisions();
    for (const std::string& name : names) {
        if (name == "all") return benchable;
        const auto p = parse_precision(name);
        if (!p || std::find(benchable.begin(), benchable.end(), *p) == benchable.end()) {
            std::string known;
            for (const Precision b : benchable)
                known += (known.empty() ? "" : ", ") + std::string(precision_name(b));
            throw UsageError(std::string(option) + ": '" + name +
                             "' is not a benchmarked precision (" + known + ")");
        }
        out.push_back(*p);
    }
    return out;
}

// results/runs/<UTC stamp>-<profile id, or unmatched-gpu>.json
std::filesystem::path default_result_path(const ResultDocument& document) {
    const std::string name = document.profile_id.value_or("unmatched-gpu");
    return std::filesystem::path("results") / "runs" / (utc_stamp() + "-" + name + ".json");
}

void add_bench_options(cxxopts::Options& options) {
    options.add_options("Benchmark")("device", "GPU index",
                                     cxxopts::value<int>()->default_value("0"))(
        "precision", "Precisions, comma-separated, or all",
        cxxopts::value<std::vector<std::string>>()->default_value("all"))(
        "backend", "cublaslt, own (our kernels) or all",
        cxxopts::value<std::string>()->default_value("cublaslt"))(
        "shapes", "Shapes MxNxK,... instead of the suite", cxxopts::value<std::string>())(
        "sweep", "quick (8192^3 and a short sweep) or full (search shapes for the maximum)",
        cxxopts::value<std::string>()->default_value("quick"))(
        "budget", "Full sweep: time budget in seconds",
        cxxopts::value<double>()->default_value("900"))(
        "duration", "Heat soak in seconds for the sustained figure (0: none; at least 20)",
        cxxopts::value<double>()->default_value("20"))(
        "soak", "Precisions that get a sustained figure",
        cxxopts::value<std::vector<std::string>>()->default_value("bf16,fp16"))(
        "bandwidth", "Also measure memory bandwidth (read, write, copy, triad)")(
        "samples", "Output elements compared with the fp64 reference",
        cxxopts::value<std::size_t>()->default_value("4096"));
    add_output_options(options);
    add_profiles_option(options);
}

runner::BenchConfig read_bench_config(const cxxopts::ParseResult& parsed, int argc, char** argv) {
    runner::BenchConfig config;
    config.device = parsed["device"].as<int>();
    config.precisions =
        parse_precisions(parsed["precision"].as<std::vector<std::string>>(), "--precision");
    config.soak = parse_precisions(parsed["soak"].as<std::vector<std::string>>(), "--soak");
    const std::string backend = parsed["backend"].as<std::string>();
    if (backend == "all") {
        config.backends = {runner::BackendFamily::kCublasLt, runner::BackendFamily::kOwn};
    } else if (const auto family = value_of(runner::kBackendFamilyNames, backend)) {
        config.backends = {*family};
    } else {
        throw UsageError("--backend: expected " + name_list(runner::kBackendFamilyNames) +
                         " or all (got '" + backend + "')");
    }
    if (parsed.count("shapes")) config.shapes = parse_shapes(parsed["shapes"].as<std::string>());
    const std::string sweep = parsed["sweep"].as<std::string>();
    if (sweep != "quick" && sweep != "full")
        throw UsageError("--sweep: expected quick or full (got '" + sweep + "')");
    config.full_sweep = sweep == "full";
    config.budget_s = parsed["budget"].as<double>();
    config.soak_s = parsed["duration"].as<double>();
    if (!(config.soak_s == 0 || (config.soak_s >= runner::kMinSoakSeconds &&
                                  config.soak_s <= 24 * 3600)))
        throw UsageError("--duration: expected 0 (no sustained figure) or 20 to 86400 seconds: a "
                         "sustained figure needs a soak of at least 20 s");
    if (!(config.budget_s > 0)) throw UsageError("--budget: expected a positive number of seconds");
    config.bandwidth = parsed.count("bandwidth") > 0;
    config.validation_samples = std::max<std::size_t>(16, parsed["samples"].as<std::size_t>());
    for (int i = 0; i < argc; ++i) config.argv.emplace_back(argv[i]);
    return config;
}

}  // namespace

int run_bench(int argc, char** argv) {
    cxxopts::Options options("chipcount bench",
                             "Measure matmul throughput and memory bandwidth on a GPU");
    add_bench_options(options);
    const auto parsed = parse_command_line(options, argc, argv);
    if (!parsed) return 0;

    const runner::BenchConfig config = read_bench_config(*parsed, argc, argv);
    const OutputTarget target = output_target(*parsed);
    const ProfileSet profiles = load_profiles(*parsed);
    TerminalProgress progress;
    const runner::BenchOutcome outcome = runner::run_benchmark(config, profiles, progress);
    const std::string json =
        json_document_text(result_json(outcome.document, outcome.profile), "the result");

    // The result JSON always goes to a file: -o, or results/runs/ by default.
    const std::filesystem::path path = target.path.empty() ? default_result_path(outcome.document)
                                                           : std::filesystem::path(target.path);
    if (target.path.empty()) create_output_directories(path.parent_path());
    write_file_atomically(path, json, {target.force});
    say_wrote(path);
    std::cout << (target.format == OutputFormat::kJson
                      ? json
                      : render_bench_table(outcome.document, target.format));
    return any_failed(outcome.document) ? kExitFailure : kExitOk;
}

}  // namespace chipcount::cli
