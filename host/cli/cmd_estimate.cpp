// chipcount estimate CLAIMS.json | --chips N --chip X | --servers N --chip X | --compute "4000 P"
//                    | --power "100 MW"   [--targets ...] [--precision p] [--basis ...]
#include <algorithm>
#include <charconv>
#include <cstdint>
#include <cmath>

#include "chipcount/base/errors.hpp"
#include "chipcount/base/units.hpp"
#include "chipcount/estimate/estimate_report.hpp"
#include "chipcount/estimate/monte_carlo.hpp"
#include "chipcount/io/json_read.hpp"
#include "chipcount/runner/tool_info.hpp"
#include "cli_common.hpp"

namespace chipcount::cli {
namespace {

// The inline claim goes through the same reader as a file, so it gets the same checks.
ClaimSet read_inline_claims(const cxxopts::ParseResult& parsed, const ProfileSet& profiles,
                            const std::string& precision, const std::string& power_basis) {
    InlineClaim flags;
    const auto text = [&parsed](const char* name) -> std::optional<std::string> {
        if (!parsed.count(name)) return std::nullopt;
        return parsed[name].as<std::string>();
    };
    flags.chips = text("chips");
    flags.servers = text("servers");
    flags.gpus_per_server = text("gpus-per-server");
    flags.chip = text("chip");
    flags.compute = text("compute");
    flags.power = text("power");
    flags.money = text("money");
    flags.year = text("year");
    flags.covers = text("covers");
    flags.precision = precision;
    flags.sparsity = parsed["sparsity"].as<std::string>();
    flags.power_basis = power_basis;
    return inline_claims(flags, profiles);
}

void add_estimate_options(cxxopts::Options& options) {
    options.positional_help("[CLAIMS.json]");
    options.add_options("Claim")("claims", "Claims file (format chipcount.claims)",
                                 cxxopts::value<std::string>())(
        "chips", "Inline claim: number of chips", cxxopts::value<std::string>())(
        "servers", "Inline claim: number of servers", cxxopts::value<std::string>())(
        "gpus-per-server", "Inline claim: GPUs per server (default: the chip's server, else 8)",
        cxxopts::value<std::string>())("chip",
                                       "Inline claim: the chip, by id or alias (H100, 910B, ...)",
                                       cxxopts::value<std::string>())(
        "compute", "Inline claim: compute such as \"4000 P\" or \"1.5 EFLOPS\"",
        cxxopts::value<std::string>())("sparsity", "Inline compute claim: dense, sparse or unknown",
                                       cxxopts::value<std::string>()->default_value("unknown"))(
        "power", "Inline claim: power such as \"100 MW\"", cxxopts::value<std::string>())(
        "power-basis", "Inline power claim: it, facility or unknown",
        cxxopts::value<std::string>())(
        "money", "Inline claim: money such as \"13.5 billion yuan\" or \"$2 billion\" (needs --year)",
        cxxopts::value<std::string>())("year", "Inline money claim: the year of its prices",
                                       cxxopts::value<std::string>())(
        "covers", "Inline money claim: what it pays for: capex (default), hardware or chips",
        cxxopts::value<std::string>());
    options.add_options("Estimate")("targets",
                                    "Target chips, comma-separated ids or aliases (default: the "
                                    "assumptions file's default_targets)",
                                    cxxopts::value<std::vector<std::string>>())(
        "precision",
        "Precision of the comparison (and of an inline compute claim); 8bit: Epoch AI's "
        "H100-equivalent basis (fp8, else int8, else 2 x fp16)",
        cxxopts::value<std::string>()->default_value("fp16"))(
        "basis",
        "spec or measured (throughput basis); it, facility or unknown (inline power basis); may "
        "repeat",
        cxxopts::value<std::vector<std::string>>())("measured",
                                                    "chipcount.result files for --basis measured",
                                                    cxxopts::value<std::vector<std::string>>())(
        "assumptions", "Assumptions file (default: the profiles' assumptions.json)",
        cxxopts::value<std::string>())(
        "prices", "Prices file (default: the profiles' prices.json)", cxxopts::value<std::string>())(
        "market",
        "Market a claim's money buys chips in when it names none: list or china (default list)",
        cxxopts::value<std::string>()->default_value("list"))(
        "draws",
        "Monte-Carlo draws: p5, p50 and p95 of every figure, each assumption drawn from its "
        "range (default 0: the sensitivity band alone)",
        cxxopts::value<std::string>()->default_value("0"))(
        "seed", "Seed of the Monte-Carlo draws (default 1)",
        cxxopts::value<std::string>()->default_value("1"));
    options.parse_positional({"claims"});
    add_output_options(options);
    add_profiles_option(options);
}

// --basis takes both vocabularies (design-notes.md): the throughput basis and, for an inline
// power claim, the power basis; --power-basis is the unambiguous spelling of the second.
struct Bases {
    bool measured = false;
    std::string power_basis = "unknown";
};

Bases read_bases(const cxxopts::ParseResult& parsed) {
    Bases bases;
    std::vector<std::string> given;
    if (parsed.count("basis")) given = parsed["basis"].as<std::vector<std::string>>();
    for (const std::string& basis : given) {
        if (basis == "spec")
            bases.measured = false;
        else if (basis == "measured")
            bases.measured = true;
        else if (value_of(kPowerBasisNames, basis))
            bases.power_basis = basis;
        else
            throw UsageError("--basis: expected spec, measured, " + name_choices(kPowerBasisNames) +
                             " (got '" + basis + "')");
    }
    if (parsed.count("power-basis")) bases.power_basis = parsed["power-basis"].as<std::string>();
    const std::string sparsity = parsed["sparsity"].as<std::string>();
    if (!value_of(kSparsityNames, sparsity)) {
        throw UsageError("--sparsity: expected " + name_choices(kSparsityNames) + " (got '" +
                         sparsity + "')");
    }
    return bases;
}

ClaimSet read_claims(const cxxopts::ParseResult& parsed, const ProfileSet& profiles,
                     Precision precision, const std::string& power_basis) {
    const bool inline_claim = parsed.count("chips") || parsed.count("servers") ||
                              parsed.count("compute") || parsed.count("power") ||
                              parsed.count("money") || parsed.count("year") ||
                              parsed.count("covers");
    if (inline_claim && parsed.count("claims"))
        throw UsageError("give a claims file or an inline claim, not both");
    if (!inline_claim && !parsed.count("claims")) {
        throw UsageError(
            "nothing to estimate: give CLAIMS.json or --chips/--servers/--compute/--power/--money");
    }
    return inline_claim ? read_inline_claims(parsed, profiles,
                                             std::string(precision_name(precision)), power_basis)
                        : load_claims(parsed["claims"].as<std::string>(), profiles);
}

EstimateOptions read_estimate_options(const cxxopts::ParseResult& parsed,
                                      const ProfileSet& profiles, const Assumptions& assumptions,
                                      Precision precision, bool measured) {
    EstimateOptions options;
    options.precision = precision;
    options.measured_basis = measured;
    if (parsed.count("targets")) {
        for (const std::string& name : parsed["targets"].as<std::vector<std::string>>()) {
            const std::string& id = profiles.get(name, "--targets").id;
            if (std::find(options.targets.begin(), options.targets.end(), id) !=
                options.targets.end())
                throw UsageError("--targets: '" + name + "' names " + id +
                                 " a second time (each target once)");
            options.targets.push_back(id);
        }
    } else {
        options.targets = default_target_ids(assumptions, profiles);
    }
    if (parsed.count("measured")) {
        options.measurements =
            load_measurements(parsed["measured"].as<std::vector<std::string>>(), profiles);
    }
    const std::string market = parsed["market"].as<std::string>();
    const auto chosen = value_of(kMarketNames, market);
    if (!chosen)
        throw UsageError("--market: expected " + name_choices(kMarketNames) + " (got '" + market +
                         "')");
    options.market = *chosen;
    if (measured && options.measurements.empty()) {
        throw UsageError(
            "--basis measured needs --measured RESULT.json with at least one sustained figure");
    }
    return options;
}

}  // namespace

int run_estimate(int argc, char** argv) {
    cxxopts::Options options("chipcount estimate",
                             "Convert compute claims into equivalent chip counts");
    add_estimate_options(options);
    const auto parsed = parse_command_line(options, argc, argv);
    if (!parsed) return 0;
    const OutputTarget target = output_target(*parsed);

    const std::string precision_text = (*parsed)["precision"].as<std::string>();
    const bool eight_bit = precision_text == "8bit";
    const auto precision = eight_bit ? std::optional(Precision::kFp8) : parse_precision(precision_text);
    if (!precision)
        throw UsageError("--precision: unknown precision '" + precision_text +
                         "' (known: " + precision_list() + ", 8bit)");
    const Bases bases = read_bases(*parsed);

    const ProfileSet profiles = load_profiles(*parsed);
    const std::filesystem::path assumptions_path =
        parsed->count("assumptions")
            ? std::filesystem::path((*parsed)["assumptions"].as<std::string>())
            : profiles.directory() / "assumptions.json";
    Assumptions assumptions = load_assumptions(assumptions_path);
    assumptions.prices = load_prices_for(
        profiles, parsed->count("prices") ? std::optional((*parsed)["prices"].as<std::string>())
                                          : std::nullopt);
    const ClaimSet claims = read_claims(*parsed, profiles, *precision, bases.power_basis);
    EstimateOptions estimate_options =
        read_estimate_options(*parsed, profiles, assumptions, *precision, bases.measured);
    estimate_options.eight_bit = eight_bit;

    Estimate result = estimate(claims, profiles, assumptions, estimate_options);
    const std::string draws_text = (*parsed)["draws"].as<std::string>();
    const auto draws = parse_count(draws_text);
    if (!draws && draws_text != "0")
        throw UsageError("--draws: expected a count such as 10000 (got '" + draws_text + "')");
    if (draws) {
        const std::string seed_text = (*parsed)["seed"].as<std::string>();
        // Every 64-bit seed exactly: digits only, read as an unsigned integer.
        std::uint64_t seed = 0;
        const auto [end, error] =
            std::from_chars(seed_text.data(), seed_text.data() + seed_text.size(), seed);
        if (seed_text.empty() || error != std::errc() || end != seed_text.data() + seed_text.size())
            throw UsageError("--seed: expected a whole number from 0 to 18446744073709551615 (got '" +
                             seed_text + "')");
        if (*draws > static_cast<double>(kMaxDraws))
            throw UsageError("--draws: at most " + std::to_string(kMaxDraws) + " (got " +
                             draws_text + ")");
        result.monte_carlo = monte_carlo(claims, profiles, assumptions, estimate_options,
                                         static_cast<std::size_t>(*draws), seed);
    }
    const EstimateInput input = estimate_input(claims);
    if (target.format == OutputFormat::kJson) {
        emit_stream(target, [&](const std::function<void(std::string_view)>& sink) {
            write_estimate_json(result, assumptions, input, runner::tool_json(), sink);
        });
    } else {
        emit(target, render_estimate(result, target.format));
    }
    return 0;
}

}  // namespace chipcount::cli
