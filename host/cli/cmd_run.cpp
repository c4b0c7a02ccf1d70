// chipcount run: the main job. Devices; the default benchmark when there is a GPU; the ECCN
// classification; the estimate of the bundled claims (measured basis when a benchmark ran);
// result, estimate and report under results/runs/<stamp>/; a short summary at the end.
#include <filesystem>
#include <iostream>
#include <optional>
#include <string_view>

#include "chipcount/base/errors.hpp"
#include "chipcount/base/time.hpp"
#include "chipcount/benchmark/result_report.hpp"
#include "chipcount/estimate/estimate_report.hpp"
#include "chipcount/export_control/export_report.hpp"
#include "chipcount/io/file_names.hpp"
#include "chipcount/io/files.hpp"
#include "chipcount/io/json_read.hpp"
#include "chipcount/io/json_write.hpp"
#include "chipcount/kernels/device.hpp"
#include "chipcount/report/report.hpp"
#include "chipcount/report/report_inputs.hpp"
#include "chipcount/runner/benchmark_runner.hpp"
#include "chipcount/runner/devices.hpp"
#include "chipcount/runner/tool_info.hpp"
#include "cli_common.hpp"
#include "progress.hpp"

namespace chipcount::cli {
namespace fs = std::filesystem;

namespace {

// Every input of the run, read and checked before any work: bad input stops the run before a
// folder is made or a GPU is touched.
struct RunInputs {
    ProfileSet profiles;
    ClaimSet claims;
    Assumptions assumptions;
    ExportRules rules;
    std::vector<std::string> targets;  // the assumptions' default targets
    double soak_s = runner::kMinSoakSeconds;
    bool bench = true;
    std::string out_dir;
};

// The most claims one run takes: its report is one HTML page holding every claim, and its
// estimate.json must stay under the input cap (kMaxInputBytes) so that `report` reads it back.
// 80,000 claims make a 150 MB page and a 245 MB estimate against the default targets; a set
// whose estimate would still pass the cap is refused while the estimate is written (see
// write_estimate_file). `chipcount estimate` streams larger sets.
constexpr std::size_t kRunMaxClaims = 80000;

// --claims FILE, else the bundled data set, which ships beside the bundled profiles: the same
// file whatever --profiles says (a folder of one's own profiles has no claims beside it).
fs::path run_claims_path(const cxxopts::ParseResult& parsed) {
    if (parsed.count("claims") > 0) return parsed["claims"].as<std::string>();
    return (bundled_profiles_dir() / ".." / "claims" / "xinjiang-qinghai-2024.json")
        .lexically_normal();
}

RunInputs read_run_inputs(const cxxopts::ParseResult& parsed) {
    RunInputs in;
    in.out_dir = parsed["out-dir"].as<std::string>();
    if (in.out_dir.empty()) throw UsageError("--out-dir: the folder name is empty");
    in.profiles = load_profiles(parsed);
    const fs::path claims_path = run_claims_path(parsed);
    // Counted before the document is built: a million claims would take gigabytes once parsed.
    const std::string claims_text = read_text_file(claims_path);
    const std::optional<std::size_t> count = count_top_level_array_items(claims_text, "claims");
    const auto too_many = [&](std::size_t n) {
        return InputError(claims_path.string() + ": " + std::to_string(n) +
                          " claims; run takes at most " + std::to_string(kRunMaxClaims) +
                          " (use chipcount estimate for larger sets)");
    };
    if (count && *count > kRunMaxClaims) throw too_many(*count);
    in.claims = parse_claims(claims_text, claims_path.string(), in.profiles);
    if (in.claims.claims.size() > kRunMaxClaims) throw too_many(in.claims.claims.size());
    in.assumptions = load_assumptions(in.profiles.directory() / "assumptions.json");
    in.assumptions.prices = load_prices_for(in.profiles, std::nullopt);
    in.rules = load_export_rules(in.profiles.directory() / "rules" / "eccn-3a090.json");
    in.targets = default_target_ids(in.assumptions, in.profiles);
    in.soak_s = parsed["duration"].as<double>();
    if (!(in.soak_s == 0 || (in.soak_s >= runner::kMinSoakSeconds && in.soak_s <= 86400)))
        throw UsageError("--duration: expected 0 (no sustained figure) or 20 to 86400 seconds: a "
                         "sustained figure needs a soak of at least 20 s");
    in.bench = parsed.count("no-bench") == 0;
    return in;
}

// The run's folder: each file written whole, and listed in the order written. Removed with what
// is in it when destroyed before keep() (on the way out of an error), or by SIGINT, SIGTERM,
// SIGHUP or SIGQUIT before keep(): a run that stops leaves no folder.
class RunFolder {
  public:
    RunFolder(const fs::path& base, const std::string& name)
        : on_signal_(std::in_place, base, name), dir_(on_signal_->dir()) {}
    ~RunFolder() {
        // Best effort: the error that brought us here is the one to report.
        std::error_code ignored;
        if (!kept_) fs::remove_all(dir_, ignored);
    }
    RunFolder(const RunFolder&) = delete;
    RunFolder& operator=(const RunFolder&) = delete;

    NamedInput write(const std::string& name, const std::string& text) {
        const fs::path path = dir_ / name;
        on_signal_->add(path);  // named before it exists, so that no signal misses it
        write_file_atomically(path, text, {false});
        written_.push_back(path.string());
        return named_input(path, text);
    }
    const std::vector<std::string>& written() const { return written_; }
    void keep() {
        on_signal_.reset();
        kept_ = true;
    }

  private:
    std::optional<FolderRemovedOnSignal> on_signal_;  // first: it makes the folder
    fs::path dir_;
    std::vector<std::string> written_;
    bool kept_ = false;
};

// estimate.json, never larger than chipcount reads back (kMaxInputBytes): a set whose estimate
// would pass it stops the run with exit 2 while the text is made, before anything is written.
NamedInput write_estimate_file(RunFolder& folder, const Estimate& result, const RunInputs& in,
                               const EstimateInput& input) {
    std::string text;
    write_estimate_json(
        result, in.assumptions, input, runner::tool_json(), [&](std::string_view piece) {
            if (text.size() + piece.size() > kMaxInputBytes) {
                throw InputError(in.claims.origin +
                                 ": too many claims for one run: the estimate would pass the "
                                 "256 MiB input limit; split the claims file");
            }
            text.append(piece);
        });
    return folder.write("estimate.json", text);
}

// The benchmark's document, held for the estimate and the report (never read back from disk).
struct BenchStep {
    std::optional<ResultDocument> result;
    NamedInput file;
    std::vector<Measurement> measurements;  // empty when the GPU matched no profile
    bool failed = false;
};

BenchStep run_benchmark_step(const RunInputs& in, const kernels::DeviceList& list,
                             const std::vector<std::string>& argv, RunFolder& folder) {
    BenchStep step;
    if (list.devices.empty()) {
        std::cout << "nothing measured: " << list.why_none
                  << ". The estimate uses datasheet figures.\n";
        return step;
    }
    if (!in.bench) {
        std::cout << "skipped (--no-bench). The estimate uses datasheet figures.\n";
        return step;
    }
    runner::BenchConfig config;
    config.bandwidth = true;
    config.soak_s = in.soak_s;
    config.argv = argv;
    TerminalProgress progress;
    runner::BenchOutcome outcome = runner::run_benchmark(config, in.profiles, progress);
    step.file = folder.write(
        "result.json",
        json_document_text(result_json(outcome.document, outcome.profile), "the result"));
    // An unmatched GPU is measured but stands for no target.
    if (outcome.profile)
        step.measurements = measurements_from(outcome.document, step.file, in.profiles);
    step.failed = any_failed(outcome.document);
    std::cout << render_bench_table(outcome.document, OutputFormat::kTable);
    step.result = std::move(outcome.document);
    return step;
}

std::vector<Classification> run_classification_step(const RunInputs& in, RunFolder& folder) {
    std::vector<Classification> classifications;
    for (const ChipProfile& p : in.profiles.all()) classifications.push_back(classify(p, in.rules));
    folder.write(
        "classification.json",
        json_document_text(classification_json(in.rules, classifications), "the classification"));
    std::size_t controlled = 0;
    for (const auto& c : classifications) controlled += c.controlled ? 1 : 0;
    std::cout << controlled << " of " << classifications.size()
              << " profiled chips meet a 3A090 tier (see classification.json)\n";
    return classifications;
}

}  // namespace

int run_main_job(int argc, char** argv) {
    cxxopts::Options options("chipcount run",
                             "The main job: devices, benchmark, classification, estimate, report");
    options.add_options()("claims",
                          "Claims to estimate, at most 80,000 (default: the bundled "
                          "Xinjiang/Qinghai data set, whatever --profiles says)",
                          cxxopts::value<std::string>())(
        "out-dir", "Where the run's folder is made",
        cxxopts::value<std::string>()->default_value("results/runs"))(
        "duration", "Heat soak in seconds for the sustained figures (0: none; at least 20)",
        cxxopts::value<double>()->default_value("20"))(
        "no-bench", "Skip the benchmark even when a GPU is present");
    add_profiles_option(options);
    const auto parsed = parse_command_line(options, argc, argv);
    if (!parsed) return 0;
    const RunInputs in = read_run_inputs(*parsed);

    std::cout << "== devices\n";
    const runner::DeviceView view =
        runner::match_devices(kernels::query_devices(), in.profiles.directory().string());
    std::cout << runner::render_devices(view, OutputFormat::kTable);
    // Named after the UTC second; another run in the same second gets "-2", "-3", ...
    RunFolder folder(in.out_dir, utc_stamp());

    std::cout << "\n== benchmark\n";
    const BenchStep bench =
        run_benchmark_step(in, view.list, std::vector<std::string>(argv, argv + argc), folder);

    std::cout << "\n== classification (ECCN 3A090)\n";
    std::vector<Classification> classifications = run_classification_step(in, folder);

    std::cout << "\n== estimate\n";
    EstimateOptions estimate_options;
    estimate_options.targets = in.targets;
    estimate_options.measurements = bench.measurements;
    estimate_options.measured_basis = !bench.measurements.empty();
    const Estimate result = estimate(in.claims, in.profiles, in.assumptions, estimate_options);
    const EstimateInput input = estimate_input(in.claims);
    const NamedInput estimate_file = write_estimate_file(folder, result, in, input);
    std::cout << in.claims.claims.size() << " claims from " << input.path << " as "
              << in.targets.size() << " target chips (see estimate.json)\n";

    // The report from the documents in hand, with the classifications made above.
    ReportInputs report = start_report_inputs(std::move(classifications), in.rules,
                                              runner::tool_json(), utc_iso8601());
    if (bench.result) add_result(report, *bench.result, bench.file, in.profiles);
    add_estimate(report, estimate_document(result, input), estimate_file);
    add_data_sources(report, in.profiles);
    folder.write("report.html", render_html_report(report));

    // The files first, so that the run ends with its summary.
    std::cout << "\n== files\n";
    for (const std::string& path : folder.written()) std::cout << path << "\n";
    std::cout << "open " << folder.written().back() << " in a browser for the charts\n\n";
    std::cout << render(claims_summary_table(result, "Summary: " + in.claims.title),
                        OutputFormat::kTable);
    const CheckCounts checks = count_checks(result);
    std::cout << "basis: " << (estimate_options.measured_basis ? "measured (sustained)" : "spec")
              << "; checks: " << checks.total - checks.flagged << " consistent, " << checks.flagged
              << " flagged\n";
    // Kept only once everything is printed: a standard output that fails (a full disk, a closed
    // stdout, a reader that went away) throws here, and the folder goes as on any error.
    std::cout.flush();
    folder.keep();
    return bench.failed ? kExitFailure : kExitOk;
}

}  // namespace chipcount::cli
