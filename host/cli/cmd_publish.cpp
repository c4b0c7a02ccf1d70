// chipcount publish RESULT.json [--results DIR]: check the result and the tree it joins, copy it
// under results/<profile>/ (never overwriting), regenerate results/index.json and the table in
// results/README.md. The rules are in benchmark/publish.hpp.
#include <iostream>

#include "chipcount/base/errors.hpp"
#include "chipcount/base/text.hpp"
#include "chipcount/benchmark/publish.hpp"
#include "cli_common.hpp"

namespace chipcount::cli {

int run_publish(int argc, char** argv) {
    cxxopts::Options options("chipcount publish", "Publish a benchmark result under results/");
    options.positional_help("RESULT.json");
    options.add_options()("file", "chipcount.result file", cxxopts::value<std::string>())(
        "results", "The results directory",
        cxxopts::value<std::string>()->default_value("results"));
    options.parse_positional({"file"});
    add_profiles_option(options);
    const auto parsed = parse_command_line(options, argc, argv);
    if (!parsed) return 0;
    if (parsed->count("file") == 0) throw UsageError("give the result file to publish");

    const ProfileSet profiles = load_profiles(*parsed);
    const PublishOutcome outcome = publish_result((*parsed)["file"].as<std::string>(),
                                                  (*parsed)["results"].as<std::string>(), profiles);
    for (const auto& leftover : outcome.removed_leftovers)
        std::cerr << "chipcount: removed " << visible_text(leftover.string())
                  << ", left behind by an interrupted write\n";
    std::cerr << "chipcount: " << visible_text(outcome.target.string())
              << (outcome.already_published
                      ? " was already published (the same bytes); the index is up to date\n"
                      : ": published\n");
    std::cout << outcome.target.string() << "\n";
    return 0;
}

}  // namespace chipcount::cli
