#include "chipcount/estimate/monte_carlo.hpp"

#include <algorithm>
#include <functional>
#include <unordered_map>

#include "chipcount/base/errors.hpp"

namespace chipcount {
namespace {

// The figures of an estimate, in one fixed order, each with its label: the same order in every
// draw, since every draw has the same claims, targets and forms.
using Visit = std::function<void(const std::string& claim, const std::string& figure,
                                 const std::string& target, const std::optional<Range>& value)>;

void visit_figures(const Estimate& e, const Visit& visit) {
    const auto& targets = e.options.targets;
    const auto per_target = [&](const std::string& claim, const std::string& figure,
                                const PerTarget& values) {
        for (std::size_t t = 0; t < values.size(); ++t) visit(claim, figure, targets[t], values[t]);
    };
    for (const ClaimEstimate& c : e.claims) {
        const std::string& id = c.claim->id;
        visit(id, "chips", "", c.chips);
        visit(id, "compute_pflops", "", c.compute_pflops);
        visit(id, "power_mw", "", c.power_mw);
        visit(id, "power_it_mw", "", c.power_it_mw);
        per_target(id, "equivalents", c.equivalents);
        for (const auto& [metric, values] : c.by_metric) {
            if (metric == "memory_bandwidth") per_target(id, "bandwidth_equivalents", values);
        }
        per_target(id, "training_hours", c.training_hours);
        if (c.training) visit(id, "training.flop", "", c.training->flop);
        for (const MoneyEstimate& m : c.money) {
            visit(id, "money.chips_usd", "", m.chips_usd);
            visit(id, "money.hardware_usd", "", m.hardware_usd);
            visit(id, "money.capex_usd", "", m.capex_usd);
        }
    }
    visit("", "compute_pflops", "", e.totals.compute_pflops);
    visit("", "power_mw", "", e.totals.power_mw);
    per_target("", "equivalents", e.totals.equivalents);
    per_target("", "bandwidth_equivalents", e.totals.bandwidth_equivalents);
}

void draw_factor(Factor& factor, Draws& draws) {
    factor.range = Range::exact(draw_from(factor.range, factor.spread, draws));
}

void draw_factor(std::optional<Factor>& factor, Draws& draws) {
    if (factor) draw_factor(*factor, draws);
}

// The assumptions of one draw: every factor and price a single value drawn from its range.
// `base` is a copy without the echoed documents, so that a draw copies only figures.
Assumptions drawn(const Assumptions& base, Draws& draws) {
    Assumptions a = base;
    draw_factor(a.server_power_per_gpu_factor, draws);
    draw_factor(a.it_overhead_factor, draws);
    draw_factor(a.pue, draws);
    draw_factor(a.approximate_figure, draws);
    draw_factor(a.fp32_normalised_to_fp16, draws);
    draw_factor(a.training_utilization, draws);
    if (a.prices) {
        draw_factor(a.prices->server_cost_per_chip_price, draws);
        draw_factor(a.prices->cluster_cost_per_server_cost, draws);
        draw_factor(a.prices->hardware_share_of_capex, draws);
        for (PriceEntry& p : a.prices->prices)
            p.price = Range::exact(draw_from(p.price, Spread::kTriangular, draws));
    }
    return a;
}

}  // namespace

double percentile(std::vector<double>& values, double p) {
    if (values.empty()) return 0;
    std::sort(values.begin(), values.end());
    const double at = p * static_cast<double>(values.size() - 1);
    const auto below = static_cast<std::size_t>(at);
    const std::size_t above = std::min(below + 1, values.size() - 1);
    return values[below] + (at - static_cast<double>(below)) * (values[above] - values[below]);
}

MonteCarlo monte_carlo(const ClaimSet& claims, const ProfileSet& profiles,
                       const Assumptions& assumptions, const EstimateOptions& options,
                       std::size_t draws, std::uint64_t seed) {
    if (draws == 0 || draws > kMaxDraws)
        throw UsageError("--draws: expected 1 to " + std::to_string(kMaxDraws) + " (got " +
                         std::to_string(draws) + ")");
    if (draws * claims.claims.size() > kMaxDrawClaims)
        throw UsageError("--draws: " + std::to_string(draws) + " draws of " +
                         std::to_string(claims.claims.size()) + " claims is more than " +
                         std::to_string(kMaxDrawClaims) +
                         " claim estimates; use fewer draws, or the sensitivity band alone");
    MonteCarlo out;
    out.draws = draws;
    out.seed = seed;
    // The deterministic estimate gives the labels and which figures are bounds.
    const Estimate band = estimate(claims, profiles, assumptions, options);
    visit_figures(band, [&out](const std::string& claim, const std::string& figure,
                               const std::string& target, const std::optional<Range>& value) {
        FigurePercentiles f{claim, figure, target, {}};
        if (value) {
            f.p.open_below = value->open_below;
            f.p.open_above = value->open_above;
        }
        out.figures.push_back(std::move(f));
    });
    std::vector<std::vector<double>> values(out.figures.size());
    std::vector<bool> present(out.figures.size(), false);
    Assumptions base = assumptions;
    base.document = nullptr;
    if (base.prices) base.prices->document = nullptr;
    Draws random(seed);
    std::unordered_map<const Amount*, double> ranges;  // this draw's stated ranges
    EstimateOptions drawn_options = options;
    drawn_options.figures_only = true;
    drawn_options.draw_range = [&ranges, &random](const Amount& amount) {
        const auto [at, added] = ranges.emplace(&amount, 0.0);
        if (added)
            at->second = draw_from({amount.value, amount.central(), amount.upper},
                                   Spread::kTriangular, random);
        return at->second;
    };
    for (auto& v : values) v.reserve(draws);
    for (std::size_t d = 0; d < draws; ++d) {
        ranges.clear();
        const Assumptions a = drawn(base, random);
        const Estimate e = estimate(claims, profiles, a, drawn_options);
        std::size_t slot = 0;
        visit_figures(e, [&](const std::string&, const std::string&, const std::string&,
                             const std::optional<Range>& value) {
            if (slot < values.size() && value) {
                values[slot].push_back(value->central);
                present[slot] = true;
            }
            ++slot;
        });
    }
    std::vector<FigurePercentiles> kept;
    for (std::size_t i = 0; i < out.figures.size(); ++i) {
        if (!present[i]) continue;
        FigurePercentiles f = std::move(out.figures[i]);
        f.p.p5 = percentile(values[i], 0.05);
        f.p.p50 = percentile(values[i], 0.50);
        f.p.p95 = percentile(values[i], 0.95);
        kept.push_back(std::move(f));
    }
    out.figures = std::move(kept);
    return out;
}

}  // namespace chipcount
