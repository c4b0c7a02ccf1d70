// chipcount classify [ID... | --all]: TPP, performance density and the ECCN 3A090 tier.
#include "chipcount/base/errors.hpp"
#include "chipcount/export_control/export_control.hpp"
#include "chipcount/export_control/export_report.hpp"
#include "chipcount/io/json_write.hpp"
#include "cli_common.hpp"

namespace chipcount::cli {

int run_classify(int argc, char** argv) {
    cxxopts::Options options("chipcount classify", "ECCN 3A090 classification of chip profiles");
    options.add_options()("all", "Classify every profile")(
        "ids", "Profile ids or aliases", cxxopts::value<std::vector<std::string>>());
    options.parse_positional({"ids"});
    options.positional_help("[ID... | --all]");
    add_output_options(options);
    add_profiles_option(options);
    const auto parsed = parse_command_line(options, argc, argv);
    if (!parsed) return 0;
    const OutputTarget target = output_target(*parsed);
    const ProfileSet profiles = load_profiles(*parsed);
    const ExportRules rules = load_export_rules(profiles.directory() / "rules" / "eccn-3a090.json");

    std::vector<const ChipProfile*> chosen;
    if (parsed->count("ids") > 0) {
        if (parsed->count("all") > 0) throw UsageError("give chip ids or --all, not both");
        for (const auto& id : (*parsed)["ids"].as<std::vector<std::string>>()) {
            chosen.push_back(&profiles.get(id, "classify"));
        }
    } else {
        for (const auto& p : profiles.all()) chosen.push_back(&p);
    }
    std::vector<Classification> results;
    for (const ChipProfile* p : chosen) results.push_back(classify(*p, rules));
    emit(target, target.format == OutputFormat::kJson
                     ? json_document_text(classification_json(rules, results), "the classification")
                     : render(classification_table(rules, results), target.format));
    return 0;
}

}  // namespace chipcount::cli
