#include "fuzz_targets.hpp"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "chipcount/base/errors.hpp"
#include "chipcount/base/figure.hpp"
#include "chipcount/base/units.hpp"
#include "chipcount/benchmark/bench_plan.hpp"
#include "chipcount/benchmark/compare.hpp"
#include "chipcount/benchmark/publish.hpp"
#include "chipcount/estimate/claims.hpp"
#include "chipcount/estimate/estimate.hpp"
#include "chipcount/estimate/estimate_read.hpp"
#include "chipcount/estimate/estimate_report.hpp"
#include "chipcount/io/json_read.hpp"
#include "chipcount/profiles/profile.hpp"

namespace chipcount::fuzz {
namespace {

std::string_view text(const std::uint8_t* data, std::size_t size) {
    return {reinterpret_cast<const char*>(data), size};
}

const ProfileSet& bundled_profiles() {
    static const ProfileSet set = ProfileSet::load(std::string(CHIPCOUNT_SOURCE_DIR) + "/profiles");
    return set;
}

const Assumptions& bundled_assumptions() {
    static const Assumptions a =
        load_assumptions(std::string(CHIPCOUNT_SOURCE_DIR) + "/profiles/assumptions.json");
    return a;
}

// Only the documented error kinds may escape a parser.
template <typename F>
void expect_clean(F&& f) {
    try {
        f();
    } catch (const InputError&) {
    } catch (const UsageError&) {
    }
}

}  // namespace

void claims(const std::uint8_t* data, std::size_t size) {
    expect_clean([&] {
        const ClaimSet set =
            parse_claims(std::string(text(data, size)), "fuzz.json", bundled_profiles());
        // A file that parses must also estimate and serialise without trouble.
        EstimateOptions options;
        options.targets = default_target_ids(bundled_assumptions(), bundled_profiles());
        const Estimate e = estimate(set, bundled_profiles(), bundled_assumptions(), options);
        std::size_t bytes = 0;
        write_estimate_json(e, bundled_assumptions(), {"fuzz.json", set.sha256}, {},
                            [&](std::string_view s) { bytes += s.size(); });
        (void)render_estimate(e, OutputFormat::kTable);
    });
}

void profile(const std::uint8_t* data, std::size_t size) {
    expect_clean([&] { (void)parse_profile(text(data, size), "fuzz.json", std::nullopt); });
}

void result(const std::uint8_t* data, std::size_t size) {
    expect_clean([&] {
        const auto doc = parse_result(text(data, size), "fuzz.json");
        (void)compare_results(doc, doc);
    });
    expect_clean([&] { (void)parse_estimate(text(data, size), "fuzz.json"); });
}

void units(const std::uint8_t* data, std::size_t size) {
    const std::string_view input = text(data, size);
    if (const auto q = parse_quantity(input)) {
        (void)compute_unit_to_pflops(q->unit);
        (void)power_unit_to_mw(q->unit);
    }
    expect_clean([&] { (void)parse_shapes(input); });
}

void stated_figure(const std::uint8_t* data, std::size_t size) {
    const auto figure = parse_stated_figure(text(data, size));
    if (!figure) return;
    // Any exception above is already a finding; a figure that an estimate could not use is one
    // too, so it aborts for the fuzzer to keep.
    const bool usable = std::isfinite(figure->value) && figure->value > 0 &&
                        std::isfinite(figure->upper) && figure->upper >= figure->value;
    if (!usable) std::abort();
    (void)compute_unit_to_pflops(figure->unit);
    (void)power_unit_to_mw(figure->unit);
    (void)count_unit_factor(figure->unit, CountOf::kChips);
    (void)count_unit_factor(figure->unit, CountOf::kServers);
}

void deep_json(const std::uint8_t* data, std::size_t size) {
    expect_clean([&] {
        // dump() recurses: it must never meet a document deeper than the parser lets through.
        const json document = parse_json_text(text(data, size), "fuzz.json");
        (void)document.dump();
    });
    expect_clean([&] { (void)parse_estimate(text(data, size), "fuzz.json"); });
}

void flags(const std::uint8_t* data, std::size_t size) {
    const std::string_view input = text(data, size);
    std::vector<std::optional<std::string>> values;
    std::size_t start = 0;
    while (values.size() < 6) {
        const std::size_t end = std::min(input.find('\n', start), input.size());
        const std::string_view line = input.substr(std::min(start, input.size()), end - start);
        values.push_back(line.empty() ? std::nullopt : std::optional<std::string>(line));
        if (end >= input.size()) break;
        start = end + 1;
    }
    values.resize(6);
    InlineClaim claim;
    claim.chips = values[0];
    claim.servers = values[1];
    claim.gpus_per_server = values[2];
    claim.chip = values[3];
    claim.compute = values[4];
    claim.power = values[5];
    expect_clean([&] {
        const ClaimSet set = inline_claims(claim, bundled_profiles());
        EstimateOptions options;
        options.targets = default_target_ids(bundled_assumptions(), bundled_profiles());
        const Estimate e = estimate(set, bundled_profiles(), bundled_assumptions(), options);
        (void)render_estimate(e, OutputFormat::kCsv);
    });
    expect_clean([&] { (void)parse_shapes(input); });
}

}  // namespace chipcount::fuzz
