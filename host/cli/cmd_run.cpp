// chipcount run: the main job. Devices; the default benchmark when there is a GPU; the ECCN
// classification; the estimate of the bundled claims (measured basis when a benchmark ran);
// result, estimate and report under results/runs/<stamp>/; a short summary at the end.
#include <filesystem>
#include <iostream>

#include "chipcount/base/errors.hpp"
#include "chipcount/base/time.hpp"
#include "chipcount/benchmark/result_report.hpp"
#include "chipcount/estimate/estimate_report.hpp"
#include "chipcount/export_control/export_report.hpp"
#include "chipcount/io/file_names.hpp"
#include "chipcount/io/files.hpp"
#include "chipcount/kernels/device.hpp"
#include "chipcount/report/report.hpp"
#include "chipcount/runner/benchmark_runner.hpp"
#include "chipcount/runner/devices.hpp"
#include "chipcount/runner/tool_info.hpp"
#include "cli_common.hpp"
#include "progress.hpp"
#include "report_inputs.hpp"

namespace chipcount::cli {
namespace fs = std::filesystem;

namespace {

// Removes a folder and what is in it when destroyed before keep(): on the way out of an error.
class RemovedUnlessKept {
  public:
    explicit RemovedUnlessKept(fs::path dir) : dir_(std::move(dir)) {}
    ~RemovedUnlessKept() {
        // Best effort: the error that brought us here is the one to report.
        std::error_code ignored;
        if (!kept_) fs::remove_all(dir_, ignored);
    }
    RemovedUnlessKept(const RemovedUnlessKept&) = delete;
    RemovedUnlessKept& operator=(const RemovedUnlessKept&) = delete;
    void keep() { kept_ = true; }

  private:
    fs::path dir_;
    bool kept_ = false;
};

void write_json(const fs::path& path, const nlohmann::ordered_json& doc) {
    write_file_atomically(path, doc.dump(2) + "\n", {false});
}

}  // namespace

int run_main_job(int argc, char** argv) {
    cxxopts::Options options("chipcount run",
                             "The main job: devices, benchmark, classification, estimate, report");
    options.add_options()("claims",
                          "Claims to estimate (default: the bundled Xinjiang/Qinghai data set)",
                          cxxopts::value<std::string>())(
        "out-dir", "Where the run's folder is made",
        cxxopts::value<std::string>()->default_value("results/runs"))(
        "duration", "Heat soak in seconds for the sustained figures",
        cxxopts::value<double>()->default_value("15"))(
        "no-bench", "Skip the benchmark even when a GPU is present");
    add_profiles_option(options);
    const auto parsed = parse_command_line(options, argc, argv);
    if (!parsed) return 0;
    const ProfileSet profiles = load_profiles(*parsed);
    const fs::path claims_path =
        parsed->count("claims")
            ? fs::path((*parsed)["claims"].as<std::string>())
            : (profiles.directory() / ".." / "claims" / "xinjiang-qinghai-2024.json")
                  .lexically_normal();
    const ClaimSet claims = load_claims(claims_path, profiles);  // bad input stops before any work
    const Assumptions assumptions = load_assumptions(profiles.directory() / "assumptions.json");
    const ExportRules rules = load_export_rules(profiles.directory() / "rules" / "eccn-3a090.json");
    const std::vector<std::string> targets = default_targets();
    for (const std::string& id : targets) profiles.get(id, "run: default estimate target");
    const double soak_s = (*parsed)["duration"].as<double>();
    if (!(soak_s >= 0 && soak_s <= 86400))
        throw UsageError("--duration: expected 0 to 86400 seconds");

    std::cout << "== devices\n";
    const runner::DeviceView view =
        runner::match_devices(kernels::query_devices(), profiles.directory().string());
    const kernels::DeviceList& list = view.list;
    std::cout << runner::render_devices(view, OutputFormat::kTable);
    // Named after the UTC second; another run in the same second gets "-2", "-3", ...
    const fs::path dir =
        create_fresh_directory((*parsed)["out-dir"].as<std::string>(), utc_stamp());
    RemovedUnlessKept run_folder(dir);  // a run that stops on an error leaves no partial folder
    std::vector<std::string> written;
    std::vector<std::string> report_files;

    std::cout << "\n== benchmark\n";
    bool bench_failed = false;
    // Held in memory for the estimate: the result is never read back from the disk.
    std::vector<Measurement> measurements;
    if (list.devices.empty()) {
        std::cout << "nothing measured: " << list.why_none
                  << ". The estimate uses datasheet figures.\n";
    } else if (parsed->count("no-bench")) {
        std::cout << "skipped (--no-bench). The estimate uses datasheet figures.\n";
    } else {
        runner::BenchConfig config;
        config.bandwidth = true;
        config.soak_s = soak_s;
        for (int i = 0; i < argc; ++i) config.argv.emplace_back(argv[i]);
        TerminalProgress progress;
        const runner::BenchOutcome outcome = runner::run_benchmark(config, profiles, progress);
        const fs::path result_path = dir / "result.json";
        const std::string result_text =
            result_json(outcome.document, outcome.profile).dump(2) + "\n";
        write_file_atomically(result_path, result_text, {false});
        written.push_back(result_path.string());
        report_files.push_back(result_path.string());
        // An unmatched GPU is measured but stands for no target.
        if (outcome.profile) {
            measurements = measurements_from(
                outcome.document, named_input(result_path.string(), result_text), profiles);
        }
        bench_failed = any_failed(outcome.document);
        std::cout << render_bench_table(outcome.document, OutputFormat::kTable);
    }

    std::cout << "\n== classification (ECCN 3A090)\n";
    std::vector<Classification> classifications;
    for (const ChipProfile& p : profiles.all()) classifications.push_back(classify(p, rules));
    write_json(dir / "classification.json", classification_json(rules, classifications));
    written.push_back((dir / "classification.json").string());
    std::size_t controlled = 0;
    for (const auto& c : classifications) controlled += c.controlled ? 1 : 0;
    std::cout << controlled << " of " << classifications.size()
              << " profiled chips meet a 3A090 tier (see classification.json)\n";

    std::cout << "\n== estimate\n";
    EstimateOptions estimate_options;
    estimate_options.targets = targets;
    estimate_options.measurements = measurements;
    estimate_options.measured_basis = !measurements.empty();
    const Estimate estimate_result = estimate(claims, profiles, assumptions, estimate_options);
    const fs::path estimate_path = dir / "estimate.json";
    const EstimateInput input = estimate_input(claims);
    write_file_atomically(
        estimate_path, estimate_json_text(estimate_result, assumptions, input, runner::tool_json()),
        {false});
    written.push_back(estimate_path.string());
    report_files.push_back(estimate_path.string());
    std::cout << claims.claims.size() << " claims from " << input.path << " as "
              << estimate_options.targets.size() << " target chips (see estimate.json)\n";

    const fs::path report_path = dir / "report.html";
    write_file_atomically(report_path, render_html_report(report_inputs(report_files, profiles)),
                          {false});
    written.push_back(report_path.string());

    // The summary: what the totals come to, per target, next to what was stated.
    Table summary;
    summary.title = "Summary: " + claims.title;
    summary.header = {"claim", "stated chips"};
    summary.right_aligned = {false, true};
    for (const auto& id : estimate_options.targets) {
        summary.header.push_back(id);
        summary.right_aligned.push_back(true);
    }
    for (const ClaimEstimate& c : estimate_result.claims) {
        if (c.claim->part_of) continue;
        std::vector<std::string> row = {
            c.claim->id, c.claim->stated.chips ? format_number(*c.claim->stated.chips, 0) : "—"};
        for (const auto& range : c.equivalents)
            row.push_back(range ? format_number(range->central, 0) : "—");
        summary.rows.push_back(row);
    }
    std::size_t checks = 0, flagged = 0;
    for (const ClaimEstimate& c : estimate_result.claims) {
        for (const Check& check : c.checks) {
            ++checks;
            flagged += check.ok ? 0 : 1;
        }
    }
    run_folder.keep();
    // The files first, so that the run ends with its summary.
    std::cout << "\n== files\n";
    for (const std::string& path : written) std::cout << path << "\n";
    std::cout << "open " << report_path.string() << " in a browser for the charts\n\n";
    std::cout << render(summary, OutputFormat::kTable);
    std::cout << "basis: "
              << (estimate_options.measured_basis ? "measured (sustained)" : "datasheet")
              << "; checks: " << checks - flagged << " consistent, " << flagged << " flagged\n";
    return bench_failed ? kExitFailure : kExitOk;
}

}  // namespace chipcount::cli
