// chipcount profiles [list | show ID | compare A B]
#include "chipcount/base/errors.hpp"
#include "chipcount/io/json_write.hpp"
#include "chipcount/profiles/profile_report.hpp"
#include "cli_common.hpp"

namespace chipcount::cli {

int run_profiles(int argc, char** argv) {
    cxxopts::Options options("chipcount profiles", "Chip profiles: list | show ID | compare A B");
    options.add_options()("args", "list | show ID | compare A B",
                          cxxopts::value<std::vector<std::string>>());
    options.parse_positional({"args"});
    options.positional_help("[list | show ID | compare A B]");
    add_output_options(options);
    add_profiles_option(options);
    const auto parsed = parse_command_line(options, argc, argv);
    if (!parsed) return 0;
    const OutputTarget target = output_target(*parsed);
    std::vector<std::string> args;
    if (parsed->count("args") > 0) args = (*parsed)["args"].as<std::vector<std::string>>();
    const std::string action = args.empty() ? "list" : args[0];
    const ProfileSet profiles = load_profiles(*parsed);
    const bool as_json = target.format == OutputFormat::kJson;

    if (action == "list" && args.size() <= 1) {
        if (as_json) {
            nlohmann::ordered_json out = nlohmann::ordered_json::array();
            for (const auto& p : profiles.all()) out.push_back(profile_json(p));
            emit(target, json_document_text(out, "the profile list"));
        } else {
            emit(target, render(profile_list_table(profiles.all()), target.format));
        }
        return 0;
    }
    if (action == "show" && args.size() == 2) {
        const ChipProfile& p = profiles.get(args[1], "profiles show");
        emit(target, as_json ? json_document_text(profile_json(p), "the profile")
                             : render(profile_detail_table(p), target.format));
        return 0;
    }
    if (action == "compare" && args.size() == 3) {
        const ChipProfile& a = profiles.get(args[1], "profiles compare");
        const ChipProfile& b = profiles.get(args[2], "profiles compare");
        const auto rows = compare_profiles(a, b);
        emit(target, as_json
                         ? json_document_text(profile_comparison_json(a, b, rows), "the comparison")
                         : render(profile_comparison_table(a, b, rows), target.format));
        return 0;
    }
    throw UsageError("usage: chipcount profiles [list | show ID | compare A B]");
}

}  // namespace chipcount::cli
