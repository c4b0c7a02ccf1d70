// chipcount publish RESULT.json [--results DIR]: check, copy under results/<profile>/ (never
// overwriting), regenerate results/index.json and the table in results/README.md.
#include <iostream>

#include "chipcount/base/errors.hpp"
#include "chipcount/benchmark/publish.hpp"
#include "chipcount/io/file_names.hpp"
#include "chipcount/io/files.hpp"
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
    const std::string file = (*parsed)["file"].as<std::string>();
    const std::filesystem::path results_dir = (*parsed)["results"].as<std::string>();
    if (!std::filesystem::is_directory(results_dir))
        throw InputError("--results '" + results_dir.string() + "' is not a directory");

    const ProfileSet profiles = load_profiles(*parsed);
    const ResultDocument result = load_result(file);
    check_publishable(result, file, profiles);
    const std::filesystem::path target = published_path(results_dir, result);
    if (std::filesystem::exists(target)) {
        throw InputError(target.string() +
                         " is already published; published files are never overwritten");
    }
    create_output_directories(target.parent_path());
    write_file_atomically(target, read_text_file(file), {false});
    std::cerr << "chipcount: published " << target.string() << "\n";

    const auto index = build_index(results_dir);
    write_file_atomically(results_dir / "index.json", index_json(index).dump(2) + "\n", {true});
    const std::filesystem::path readme = results_dir / "README.md";
    const std::string old_readme =
        std::filesystem::exists(readme) ? read_text_file(readme) : "# Published results\n";
    write_file_atomically(readme, replace_readme_table(old_readme, index_markdown(index)), {true});
    std::cout << target.string() << "\n";
    return 0;
}

}  // namespace chipcount::cli
