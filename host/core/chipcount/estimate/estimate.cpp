#include "chipcount/estimate/estimate.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <functional>
#include <limits>
#include <map>
#include <tuple>

#include "chipcount/base/errors.hpp"
#include "chipcount/estimate/chip_inference.hpp"
#include "chipcount/estimate/fleet.hpp"
#include "chipcount/estimate/third_party.hpp"
#include "chipcount/estimate/totals.hpp"
#include "chipcount/format/table.hpp"
#include "chipcount/io/file_names.hpp"
#include "chipcount/io/files.hpp"
#include "chipcount/io/json_read.hpp"
#include "chipcount/io/sha256.hpp"

namespace chipcount {
namespace {

// The FP32-normalised conversion spans 5-16 (assumptions.json): a wider plausible band.
constexpr double kMaxConversionFactor = 100;

std::string figure_text(double value) {
    return format_number(value, value < 100 ? 2 : 0);
}

// A range as a check or note says it: "5,152", "up to 72,000", "4,947 (4,500-5,300) or more".
std::string range_text(const Range& range) {
    const bool whole = std::floor(range.low) == range.low &&
                       std::floor(range.central) == range.central &&
                       std::floor(range.high) == range.high;
    return format_range(range, range.central < 100 && !whole ? 2 : 0);
}

double deviation(double derived, double stated) {
    return (derived - stated) / stated;
}

std::string signed_percent(double relative) {
    return (relative >= 0 ? "+" : "") + format_percent(relative);
}

// The least and the greatest a range allows, an open side taken as unbounded.
double floor_of(const Range& r) {
    return r.open_below ? 0.0 : r.low;
}
double ceiling_of(const Range& r) {
    return r.open_above ? std::numeric_limits<double>::infinity() : r.high;
}

// Two figures agree when their ranges meet, each side widened by the tolerance. For exact
// figures that is |derived - stated| <= tolerance x stated.
bool ranges_meet(const Range& derived, const Range& stated, double tolerance) {
    return floor_of(derived) <= ceiling_of(stated) * (1 + tolerance) &&
           ceiling_of(derived) >= floor_of(stated) * (1 - tolerance);
}

Check make_check(std::string kind, const Range& derived, const Range& stated, double tolerance,
                 const std::string& what, const std::string& stated_text = "") {
    Check check;
    check.kind = std::move(kind);
    check.derived = derived.central;
    check.stated = stated.central;
    check.deviation = deviation(derived.central, stated.central);
    check.ok = ranges_meet(derived, stated, tolerance);
    check.detail = what + ": " + range_text(derived) + " against stated " +
                   (stated_text.empty() ? range_text(stated) : stated_text) + " (" +
                   signed_percent(check.deviation) +
                   (check.ok ? ", consistent)"
                             : ", differs by more than " + format_percent(tolerance, 0) + ")");
    return check;
}

// A stated figure 10^4 away from what its context implies (give or take 3x) is most likely
// "P" read for "万P" or the other way round (estimator-anchors.md §3.3: a "6P" building).
bool looks_ten_thousand_off(double derived, double stated) {
    const double ratio = derived / stated;
    return (ratio > 1e4 / 3 && ratio < 3e4) || (ratio < 3e-4 && ratio > 1 / 3e4);
}

// A plain number as a number, a bound or range in the claim's words: "more than 5,000".
std::string describe_amount(const Amount& amount) {
    if (amount.bound == Bound::kExact || amount.text.empty()) return range_text(Range::exact(amount.value));
    return "\"" + amount.text + "\"";
}

class Estimator {
  public:
    Estimator(const ClaimSet& claims, const ProfileSet& profiles, const Assumptions& assumptions,
              const EstimateOptions& options)
        : claims_(claims), profiles_(profiles), assumptions_(assumptions), options_(options) {}

    Estimate run() {
        for (const Claim& claim : claims_.claims) check_server_chips(claim);
        Estimate out;
        out.options = options_;
        for (const std::string& id : options_.targets)
            out.target_rates.emplace_back(id, rate(id, options_.precision));
        out.claims.reserve(claims_.claims.size());
        for (const Claim& claim : claims_.claims) out.claims.push_back(estimate_claim(claim));
        if (!options_.figures_only) add_part_checks(out);
        out.totals = make_totals(out, !options_.figures_only);
        check_estimate_figures(out, claims_.origin);
        return out;
    }

  private:
    const ChipProfile& profile(const std::string& id) const {
        return profiles_.get(id, "estimate");
    }

    // --- Stated figures ------------------------------------------------------------------

    const Factor& required_factor(const std::optional<Factor>& factor, const char* key,
                                  const Claim& claim, const std::string& why) const {
        if (factor) return *factor;
        throw InputError(assumptions_.origin + ": assumptions: field 'factors." + key +
                         "': missing, and claim '" + claim.id + "' needs it (" + why + ")");
    }

    // A stated figure as a range: a bound leaves a side open, "about" and "almost" widen it by
    // the approximate_figure factor, a range runs between its ends around its midpoint.
    Range range_of(const Amount& amount, const Claim& claim) const {
        Range r = Range::exact(amount.value);
        switch (amount.bound) {
            case Bound::kExact:
                break;
            case Bound::kAtLeast:
                r.open_above = true;
                break;
            case Bound::kAtMost:
                r.open_below = true;
                break;
            case Bound::kAbout:
            case Bound::kAlmost: {
                const Range f = required_factor(assumptions_.approximate_figure,
                                                "approximate_figure", claim,
                                                "it states " + describe_amount(amount))
                                    .range;
                r.low = amount.value * f.low;
                if (amount.bound == Bound::kAbout) r.high = amount.value * f.high;
                break;
            }
            case Bound::kBetween:
                r = options_.draw_range ? Range::exact(options_.draw_range(amount))
                                        : Range{amount.value, amount.central(), amount.upper};
                break;
        }
        return r;
    }

    int gpus_per_server(const Claim& claim) const {
        if (claim.stated.gpus_per_server) return *claim.stated.gpus_per_server;
        // The chips' server when they all agree on one size; else the default.
        std::optional<int> common;
        for (const std::string& id : hardware_ids(claim)) {
            const ChipProfile& chip = profile(id);
            if (!chip.server || (common && *common != chip.server->gpus)) {
                return assumptions_.gpus_per_server_default;
            }
            common = chip.server->gpus;
        }
        return common.value_or(assumptions_.gpus_per_server_default);
    }

    // Servers x GPUs per server is a chip count too, held to the same cap as stated chips.
    void check_server_chips(const Claim& claim) const {
        if (!claim.stated.servers) return;
        const int gpus = gpus_per_server(claim);
        const double chips = claim.stated.servers->upper * gpus;
        if (chips <= kMaxChips) return;
        throw InputError(claims_.origin + ": claim '" + claim.id + "': field 'stated.servers': " +
                         format_number(claim.stated.servers->upper, 0) + " servers x " +
                         std::to_string(gpus) + " GPUs per server = " + format_number(chips, 0) +
                         " chips, which is not plausible (the limit is " +
                         format_number(kMaxChips, 0) + " chips)");
    }

    // The chip count a claim states directly: chips, else servers x GPUs per server, else the
    // sum of a mix whose every part has a count.
    std::optional<Range> stated_chip_count(const Claim& claim) const {
        if (claim.stated.chips) return range_of(*claim.stated.chips, claim);
        if (claim.stated.servers)
            return range_of(*claim.stated.servers, claim) * gpus_per_server(claim);
        if (!claim.stated.mix_counts_chips()) return std::nullopt;
        Range sum{};
        for (const HardwarePart& part : claim.stated.hardware)
            sum = sum + range_of(*part.chips, claim);
        return sum;
    }

    Fleet fleet_of(const Claim& claim) const {
        std::vector<FleetInput> parts;
        for (const HardwarePart& part : claim.stated.hardware) {
            FleetInput in{part.ids, std::nullopt, std::nullopt};
            if (part.chips) in.count = range_of(*part.chips, claim);
            if (part.share) in.share = range_of(*part.share, claim);
            parts.push_back(std::move(in));
        }
        return make_fleet(parts, stated_chip_count(claim));
    }

    // `chips` of one of the named chips (or the reference chip when none is named).
    Fleet fleet_of_any(const Claim& claim, const Range& chips) const {
        Fleet fleet;
        fleet.open = parts_or_reference(claim);
        fleet.rest = chips;
        fleet.total = chips;
        return fleet;
    }

    // Every chip the claim's hardware names.
    static std::vector<std::string> hardware_ids(const Claim& claim) {
        std::vector<std::string> chips;
        for (const HardwarePart& part : claim.stated.hardware)
            chips.insert(chips.end(), part.ids.begin(), part.ids.end());
        return chips;
    }

    // The claim's hardware as parts of which chip is not known (a count or share aside), or
    // the reference chip when none is named.
    OpenParts parts_or_reference(const Claim& claim) const {
        OpenParts parts;
        for (const HardwarePart& part : claim.stated.hardware) parts.push_back(part.ids);
        if (parts.empty()) parts.push_back({assumptions_.reference_chip});
        return parts;
    }

    // --- Rates ---------------------------------------------------------------------------

    Rate rate(const std::string& id, Precision precision) const {
        const auto key = std::make_pair(id, precision);
        if (const auto cached = rates_.find(key); cached != rates_.end()) return cached->second;
        Rate r = spec_rate(id, precision);
        if (const auto measured = measured_rate(id, precision)) r = *measured;
        return rates_[key] = r;
    }

    bool on_eight_bit_basis(Precision precision) const {
        return options_.eight_bit && precision == Precision::kFp8;
    }

    std::optional<Rate> measured_rate(const std::string& id, Precision precision) const {
        if (!options_.measured_basis) return std::nullopt;
        std::vector<Precision> wanted = {precision};
        if (on_eight_bit_basis(precision)) wanted.push_back(Precision::kInt8);
        for (const Precision p : wanted) {
            for (const Measurement& m : options_.measurements) {
                if (m.profile_id == id && m.precision == p)
                    return Rate{m.sustained_tflops, "measured",
                                m.third_party ? m.file + ": " + m.source : m.file, m.sha256,
                                p == precision ? "" : std::string(precision_name(p)),
                                !m.third_party ? "measured"
                                : m.kind == "sustained" ? "measured by others (sustained)"
                                                        : "measured by others (max achievable)"};
            }
        }
        return std::nullopt;
    }

    // The datasheet dense peak; on the 8-bit basis int8 when there is no fp8, else twice fp16
    // (bf16 when the chip quotes no fp16).
    Rate spec_rate(const std::string& id, Precision precision) const {
        const ChipProfile& chip = profile(id);
        Rate r{chip.peak(precision), "spec", chip.file.filename().string(), "", "",
               chip.confidence_of("peak_dense")};
        if (r.tflops || !on_eight_bit_basis(precision)) return r;
        if (const auto int8 = chip.peak(Precision::kInt8)) {
            r.tflops = int8;
            r.fallback = "int8";
        } else if (const auto fp16 = chip.peak(Precision::kFp16)) {
            r.tflops = 2 * *fp16;
            r.fallback = "2 x fp16";
        } else if (const auto bf16 = chip.peak(Precision::kBf16)) {
            r.tflops = 2 * *bf16;
            r.fallback = "2 x bf16";
        }
        return r;
    }

    ChipFigure tflops_of(Precision precision, bool spec_only) const {
        return [this, precision, spec_only](const std::string& chip) -> std::optional<Range> {
            const Rate r = spec_only ? spec_rate(chip, precision) : rate(chip, precision);
            if (!r.tflops) return std::nullopt;
            return Range::exact(*r.tflops);
        };
    }

    std::string no_rate(const std::string& chip, Precision precision) const {
        return chip + " has no published " + std::string(precision_name(precision)) + " rate";
    }

    // --- Per-claim estimates -------------------------------------------------------------

    ClaimEstimate estimate_claim(const Claim& claim) const {
        ClaimEstimate out;
        out.claim = &claim;
        out.basis = claim.basis();
        out.precision = options_.precision;
        out.missing.assign(options_.targets.size(), "");
        std::optional<Fleet> fleet;
        switch (out.basis) {
            case ClaimBasis::kChips:
            case ClaimBasis::kServers:
                fleet = estimate_from_chips(claim, out);
                break;
            case ClaimBasis::kCompute:
                fleet = estimate_from_compute(claim, out);
                break;
            case ClaimBasis::kPower:
                fleet = estimate_from_power(claim, out);
                break;
            case ClaimBasis::kMoney:
                fleet = estimate_from_money(claim, out);
                break;
            case ClaimBasis::kNone:
                out.notes.push_back(
                    claim.stated.ratio      ? "a ratio claim: checked against the profiles (see "
                                              "checks), not converted"
                    : claim.stated.training ? "a training run: its FLOP and the hours of each "
                                              "target it takes are in 'training'"
                                            : "states no chips, compute or power: nothing to "
                                              "convert");
                break;
        }
        if (out.equivalents.empty()) {
            out.equivalents.assign(options_.targets.size(), std::nullopt);
            const char* why_none = claim.stated.ratio      ? "a ratio claim: nothing to convert"
                                   : claim.stated.training ? "a training run: see its hours per target"
                                                           : "the claim has no figure to convert";
            for (std::string& why : out.missing) {
                if (why.empty()) why = why_none;
            }
        }
        add_by_metric(out, fleet);
        if (fleet && out.basis != ClaimBasis::kPower) add_power(claim, out, *fleet);
        if (fleet && out.basis != ClaimBasis::kMoney) add_money(claim, out, *fleet);
        if (claim.stated.training) add_training(claim, out);
        if (options_.figures_only) return out;
        add_stated_checks(claim, out);
        if (claim.stated.ratio) add_ratio(claim, out);
        add_estimated_figures(out, fleet);
        if (const auto note = server_size_note(claim)) out.notes.push_back(*note);
        return out;
    }

    // Servers of chips whose profiles' servers differ in size (a GB200 rack holds 72, an HGX
    // H100 8) are counted at the default size: say so, with the sizes.
    std::optional<std::string> server_size_note(const Claim& claim) const {
        if (!claim.stated.servers || claim.stated.gpus_per_server) return std::nullopt;
        const std::vector<std::string> ids = hardware_ids(claim);
        if (ids.size() < 2) return std::nullopt;
        std::string sizes;
        std::optional<int> first;
        bool differ = false;
        for (const std::string& id : ids) {
            const ChipProfile& chip = profile(id);
            const int gpus = chip.server ? chip.server->gpus : assumptions_.gpus_per_server_default;
            differ = differ || (first && *first != gpus) || !chip.server;
            if (!first) first = gpus;
            sizes += (sizes.empty() ? "" : ", ") + id + " " +
                     (chip.server ? std::to_string(gpus) : "no server in its profile");
        }
        if (!differ) return std::nullopt;
        return "the named chips' servers differ in size (" + sizes + "): " +
               std::to_string(gpus_per_server(claim)) +
               " GPUs a server assumed (assumptions: gpus_per_server_default); state "
               "gpus_per_server to set it";
    }

    // The figures the claim's equivalents, bandwidth equivalents, compute and power rest on that
    // their profiles mark `estimate`: the targets' own, then the claim's chips'.
    void add_estimated_figures(ClaimEstimate& out, const std::optional<Fleet>& fleet) const {
        add_estimated_target_figures(out, fleet);
        if (fleet) add_estimated_fleet_figures(out, *fleet);
    }

    static void add_estimated(ClaimEstimate& out, const ChipProfile& chip, const std::string& field,
                              Affects affects, bool target_only) {
        if (field.empty() || chip.confidence_of(field) != "estimate") return;
        const EstimatedFigure figure{chip.id, field, affects, target_only};
        for (const EstimatedFigure& f : out.estimated_figures) {
            if (f.chip == figure.chip && f.field == figure.field && f.affects == figure.affects &&
                f.target_only == figure.target_only)
                return;
        }
        out.estimated_figures.push_back(figure);
    }

    // The profile field a chip's rate comes from: peak_dense for a spec rate, none for a
    // measured one (no profile figure).
    std::string rate_field(const std::string& chip, Precision precision, bool spec_only) const {
        return spec_only || rate(chip, precision).basis == "spec" ? "peak_dense" : "";
    }

    void add_estimated_target_figures(ClaimEstimate& out, const std::optional<Fleet>& fleet) const {
        const bool by_chips = out.basis == ClaimBasis::kChips || out.basis == ClaimBasis::kServers;
        const PerTarget* bandwidth = nullptr;
        for (const auto& [metric, values] : out.by_metric) {
            if (metric == "memory_bandwidth") bandwidth = &values;
        }
        for (std::size_t t = 0; t < options_.targets.size(); ++t) {
            const ChipProfile& target = profile(options_.targets[t]);
            if (out.equivalents[t]) {
                // A chips claim compares on one basis (add_fleet_equivalents): measured only
                // when the target and the fleet were measured.
                const bool spec_only =
                    by_chips && fleet && !measured_pair(*fleet, target.id, out.precision);
                add_estimated(out, target,
                              out.basis == ClaimBasis::kPower
                                  ? power_field(target)
                                  : rate_field(target.id, out.precision, spec_only),
                              Affects::kEquivalents, true);
            }
            if (bandwidth && (*bandwidth)[t])
                add_estimated(out, target, "memory_bandwidth_tbs", Affects::kBandwidthEquivalents,
                              true);
        }
    }

    // A fleet chip's figures multiply its count, which comes from the claim's chips, else from
    // its compute (the chip's rate) or its power (the chip's watts).
    void add_estimated_fleet_figures(ClaimEstimate& out, const Fleet& fleet) const {
        const bool by_chips = out.basis == ClaimBasis::kChips || out.basis == ClaimBasis::kServers;
        // On a chips claim a column compares on spec rates unless its target was measured too.
        bool spec_somewhere = !all_measured(fleet, out.precision);
        for (const std::string& id : options_.targets)
            spec_somewhere = spec_somewhere || !measured_rate(id, out.precision);
        bool any_bandwidth = false;
        for (const auto& [metric, values] : out.by_metric) {
            if (metric != "memory_bandwidth") continue;
            for (const auto& value : values) any_bandwidth = any_bandwidth || value.has_value();
        }
        for (const std::string& id : fleet.chips()) {
            const ChipProfile& chip = profile(id);
            const std::string rate = rate_field(id, out.precision, false);
            const std::string counted_by = out.basis == ClaimBasis::kCompute ? rate
                                           : out.basis == ClaimBasis::kPower ? power_field(chip)
                                                                             : "";
            if (by_chips && spec_somewhere)
                add_estimated(out, chip, "peak_dense", Affects::kEquivalents, false);
            if (any_bandwidth) {
                add_estimated(out, chip, "memory_bandwidth_tbs", Affects::kBandwidthEquivalents,
                              false);
                add_estimated(out, chip, counted_by, Affects::kBandwidthEquivalents, false);
            }
            if (out.compute_pflops && out.basis != ClaimBasis::kCompute) {
                add_estimated(out, chip, rate, Affects::kComputePflops, false);
                add_estimated(out, chip, counted_by, Affects::kComputePflops, false);
            }
            if (out.power_mw && out.basis != ClaimBasis::kPower) {
                add_estimated(out, chip, power_field(chip), Affects::kPowerMw, false);
                add_estimated(out, chip, counted_by, Affects::kPowerMw, false);
            }
        }
    }

    // Chips (or servers x GPUs per server) of named hardware: compute at each chip's rate.
    std::optional<Fleet> estimate_from_chips(const Claim& claim, ClaimEstimate& out) const {
        if (claim.stated.hardware.empty()) {
            out.chips = stated_chip_count(claim);
            out.notes.push_back(
                "no chip named and no compute or power stated: the cards cannot be converted "
                "(name the chip, or give the compute to infer it)");
            out.missing.assign(options_.targets.size(), "no chip named");
            return std::nullopt;
        }
        const Fleet fleet = fleet_of(claim);
        out.chips = fleet.total;
        std::string lacking;
        if (const auto tflops = fleet_sum(fleet, tflops_of(out.precision, false), &lacking)) {
            out.compute_pflops = *tflops / 1000.0;
        } else {
            out.notes.push_back(no_rate(lacking, out.precision) + ": no compute figure");
        }
        add_fleet_equivalents(out, fleet);
        return fleet;
    }

    // Equivalents of a fleet on one basis per comparison: measured against measured when the
    // target and every chip of the fleet were measured, else datasheet against datasheet. A
    // measured H100 set against a datasheet H200 would make the H200 look 40% faster.
    bool all_measured(const Fleet& fleet, Precision precision) const {
        for (const std::string& chip : fleet.chips()) {
            if (!measured_rate(chip, precision)) return false;
        }
        return true;
    }

    // A fleet and a target are compared on measured rates only when both were measured.
    bool measured_pair(const Fleet& fleet, const std::string& target, Precision precision) const {
        return measured_rate(target, precision) && all_measured(fleet, precision);
    }

    void add_fleet_equivalents(ClaimEstimate& e, const Fleet& fleet) const {
        const bool fleet_measured = all_measured(fleet, e.precision);
        bool mixed = false;
        for (std::size_t t = 0; t < options_.targets.size(); ++t) {
            const std::string& id = options_.targets[t];
            const bool measured_pair = measured_rate(id, e.precision) && fleet_measured;
            mixed = mixed || (measured_rate(id, e.precision) && !fleet_measured);
            const Rate target = measured_pair ? rate(id, e.precision) : spec_rate(id, e.precision);
            std::string lacking;
            const auto sum = fleet_sum(fleet, tflops_of(e.precision, !measured_pair), &lacking);
            if (!target.tflops) {
                e.equivalents.emplace_back(std::nullopt);
                e.missing[t] = no_rate(id, e.precision);
            } else if (!sum) {
                e.equivalents.emplace_back(std::nullopt);
                e.missing[t] = no_rate(lacking, e.precision);
            } else {
                e.equivalents.emplace_back(*sum / *target.tflops);
            }
        }
        if (mixed) {
            e.notes.push_back(
                "targets measured on one side only are compared with the claim's chips on "
                "datasheet rates (one basis per comparison)");
        }
    }

    void add_compute_equivalents(ClaimEstimate& e) const {
        for (std::size_t t = 0; t < options_.targets.size(); ++t) {
            const std::string& id = options_.targets[t];
            const Rate r = rate(id, e.precision);
            if (!r.tflops) {
                e.equivalents.emplace_back(std::nullopt);
                e.missing[t] = no_rate(id, e.precision);
            } else {
                e.equivalents.emplace_back(*e.compute_pflops * 1000.0 / *r.tflops);
            }
        }
    }

    // Dense compute by the stated sparsity (and convention), in PFLOPS.
    Range dense_compute(const Claim& claim, ClaimEstimate& out) const {
        const ComputeStatement& compute = *claim.stated.compute;
        Range stated = range_of(compute.pflops, claim);
        if (compute.convention == ComputeConvention::kFp32Normalised)
            stated = fp32_normalised_to_fp16(claim, stated, out);
        switch (compute.sparsity) {
            case Sparsity::kDense:
                return stated;
            case Sparsity::kSparse:
                out.notes.push_back("stated as a 2:4-sparse figure: dense compute is half");
                return stated / 2;
            case Sparsity::kUnknown:
                break;
        }
        out.notes.push_back(
            "sparsity unknown: low reads the figure as a sparse datasheet headline (dense = "
            "half), central and high as dense (the convention for Chinese 'P' claims)");
        stated.low /= 2;
        return stated;
    }

    // National statistics "converted to FP32": FP16 tensor compute = the figure x a sourced
    // factor, never the figure read against non-tensor FP32 peaks.
    Range fp32_normalised_to_fp16(const Claim& claim, const Range& stated,
                                  ClaimEstimate& out) const {
        const Factor& factor = required_factor(assumptions_.fp32_normalised_to_fp16,
                                               "fp32_normalised_to_fp16", claim,
                                               "its compute is fp32_normalised");
        out.precision = Precision::kFp16;
        const Range fp16 = stated.times(factor.range);
        std::string literal;
        const std::string& reference = assumptions_.reference_chip;
        if (const auto fp32 = profile(reference).peak(Precision::kFp32)) {
            literal = "; read literally against the " + reference + "'s non-tensor FP32 peak (" +
                      figure_text(*fp32) + " TFLOPS) it would be " +
                      format_number(stated.central * 1000.0 / *fp32, 0) +
                      " chips, wrongly";
        }
        out.notes.push_back(
            "WARNING: an FP32-normalised national statistic, not a peak rate: converted to FP16 "
            "tensor compute x " +
            figure_text(factor.range.low) + "-" + figure_text(factor.range.high) + " (central " +
            figure_text(factor.range.central) + ", assumptions: fp32_normalised_to_fp16)" +
            literal);
        return fp16;
    }

    // Compute: dense compute by the stated sparsity; chips and power of the named (or
    // reference) chips.
    std::optional<Fleet> estimate_from_compute(const Claim& claim, ClaimEstimate& out) const {
        const ComputeStatement& compute = *claim.stated.compute;
        out.precision = compute.precision;
        out.compute_pflops = dense_compute(claim, out);
        add_compute_equivalents(out);
        if (claim.stated.hardware.empty()) add_inference(claim, out);
        std::string lacking;
        const auto any_rate = figure_of_any_part(parts_or_reference(claim),
                                            tflops_of(out.precision, false), &lacking);
        if (!any_rate) {
            out.notes.push_back(no_rate(lacking, out.precision) + ": no chip count or power");
            return std::nullopt;
        }
        out.chips = (*out.compute_pflops * 1000.0).divided_by(*any_rate);
        if (claim.stated.hardware.empty())
            out.notes.push_back("chip count, power and bandwidth equivalents assume " +
                                assumptions_.reference_chip + " chips (the reference chip)");
        return fleet_of_any(claim, *out.chips);
    }

    // Unnamed cards with compute: the per-card rate and the profiled chips it fits.
    void add_inference(const Claim& claim, ClaimEstimate& out) const {
        const auto cards = stated_chip_count(claim);
        if (!cards) return;
        const ComputeStatement& compute = *claim.stated.compute;
        if (compute.convention == ComputeConvention::kFp32Normalised) return;
        const Range per_card = (range_of(compute.pflops, claim) * 1000.0).divided_by(*cards);
        out.inference = infer_chips(per_card, compute.precision, compute.sparsity,
                                    assumptions_.check_tolerance, profiles_);
    }

    // IT-side megawatts of a power statement, as a range over the readings its basis allows.
    Range it_megawatts(const Claim& claim) const {
        const PowerStatement& power = *claim.stated.power;
        const Range stated = range_of(power.mw, claim);
        const Range pue = assumptions_.pue.range;
        switch (power.basis) {
            case PowerBasis::kIt:
                return stated;
            case PowerBasis::kFacility:
                return stated.divided_by(pue);
            case PowerBasis::kUnknown:
                break;
        }
        // Unknown: low and central read it as facility power (Epoch's advice), high as IT power.
        return {stated.low / pue.high, stated.central / pue.central, stated.high,
                stated.open_below, stated.open_above};
    }

    // The claim's stated power as facility and IT megawatts, by its basis.
    void stated_power(const Claim& claim, ClaimEstimate& out) const {
        const PowerStatement& power = *claim.stated.power;
        const Range stated = range_of(power.mw, claim);
        const Range it_mw = it_megawatts(claim);
        out.power_it_mw = it_mw;
        switch (power.basis) {
            case PowerBasis::kFacility:
                out.power_mw = stated;
                break;
            case PowerBasis::kIt:
                out.power_mw = facility_megawatts(it_mw);
                break;
            case PowerBasis::kUnknown:
                out.power_mw = {stated.low, stated.central, stated.high * assumptions_.pue.range.high,
                                stated.open_below, stated.open_above};
                out.notes.push_back(
                    "power basis unknown: low and central read it as facility power, high as IT "
                    "power");
                break;
        }
    }

    // Power: IT megawatts per the stated basis; chips per target from IT watts per chip.
    std::optional<Fleet> estimate_from_power(const Claim& claim, ClaimEstimate& out) const {
        stated_power(claim, out);
        const Range it_mw = *out.power_it_mw;
        for (std::size_t t = 0; t < options_.targets.size(); ++t) {
            const auto it_w = it_watts_per_chip(profile(options_.targets[t]), assumptions_);
            if (!it_w) {
                out.equivalents.emplace_back(std::nullopt);
                out.missing[t] = options_.targets[t] + " has no TDP or server power";
                continue;
            }
            out.equivalents.emplace_back((it_mw * 1e6).divided_by(*it_w));
        }
        std::string lacking;
        const auto any_watts = figure_of_any_part(parts_or_reference(claim), it_watts_of(), &lacking);
        if (!any_watts) {
            out.notes.push_back(lacking + " has no TDP or server power: no chip count or compute");
            return std::nullopt;
        }
        return fleet_of_count(claim, out, (it_mw * 1e6).divided_by(*any_watts),
                              "chip count, compute and bandwidth equivalents");
    }

    // `chips` of the claim's named chips (or the reference chip), as a power or money claim
    // finds them: the claim's chip count and the compute they give; `what` says what rests on
    // the reference chip when none is named.
    Fleet fleet_of_count(const Claim& claim, ClaimEstimate& out, const Range& chips,
                         const char* what) const {
        out.chips = chips;
        Fleet fleet = fleet_of_any(claim, chips);
        if (const auto tflops = fleet_sum(fleet, tflops_of(out.precision, false)))
            out.compute_pflops = *tflops / 1000.0;
        if (claim.stated.hardware.empty())
            out.notes.push_back(std::string(what) + " assume " + assumptions_.reference_chip +
                                " chips (the reference chip)");
        return fleet;
    }

    // --- Money ---------------------------------------------------------------------------

    const PriceTable& prices_for(const Claim& claim) const {
        if (assumptions_.prices) return *assumptions_.prices;
        throw InputError(claims_.origin + ": claim '" + claim.id +
                         "': field 'stated.money': needs prices, and none were loaded "
                         "(profiles/prices.json, or --prices FILE)");
    }

    // The cost of one GPU of a chip in a market and year (ChipPrice::cost), noting in `used`
    // each price entry it rests on.
    // Without a year, each chip's latest price, and `money.year` the latest of them.
    ChipFigure cost_of(Market market, std::optional<int> year, MoneyCovers covers,
                       MoneyEstimate& money) const {
        return [this, market, year, covers, &money](const std::string& chip) -> std::optional<Range> {
            const auto price =
                chip_price(*assumptions_.prices, chip, market, year.value_or(kMaxClaimYear));
            if (!price) return std::nullopt;
            const std::string entry = price->describe();
            if (std::find(money.prices.begin(), money.prices.end(), entry) == money.prices.end())
                money.prices.push_back(entry);
            if (!year) money.year = std::max(money.year, price->entry->year);
            return price->cost(covers);
        };
    }

    // The claim's stated money in US dollars at its year's exchange rate.
    Range stated_usd(const Claim& claim, ClaimEstimate& out) const {
        const MoneyStatement& m = *claim.stated.money;
        const PriceTable& table = prices_for(claim);
        const auto rate = usd_rate(table, m.currency, m.year);
        if (!rate)
            throw InputError(table.origin + ": prices: field 'currencies': has no " + m.currency +
                             " rates, and claim '" + claim.id + "' states money in " + m.currency);
        if (m.currency != "USD") {
            const std::string sum = m.amount.text.empty()
                                        ? format_number(m.amount.value, 0) + " " + m.currency
                                        : "\"" + m.amount.text + "\"";
            out.notes.push_back(
                "money: " + sum + " at " + std::to_string(rate->year) +
                "'s exchange rate, " + figure_text(1 / rate->usd_per_unit) + " " + m.currency +
                " per USD (prices: currencies." + m.currency + ")" +
                (rate->year != m.year ? ", the nearest year to " + std::to_string(m.year) : ""));
        }
        return range_of(m.amount, claim) * rate->usd_per_unit;
    }

    // The year a claim's chips are priced at: its money's, else its date's; none for each
    // chip's latest price.
    static std::optional<int> price_year(const Claim& claim) {
        if (claim.stated.money) return claim.stated.money->year;
        if (claim.date) return std::stoi(claim.date->end.substr(0, 4));
        return std::nullopt;
    }

    // Money: the share of it that buys hardware (or chips), divided by each target's cost per
    // GPU in the claim's market; the named (or reference) chips' count the same way.
    std::optional<Fleet> estimate_from_money(const Claim& claim, ClaimEstimate& out) const {
        const MoneyStatement& m = *claim.stated.money;
        const Range share = prices_for(claim).hardware_share_of_capex.range;
        MoneyEstimate money;
        money.market = m.market.value_or(options_.market);
        money.year = m.year;
        money.stated_usd = stated_usd(claim, out);
        const Range usd = *money.stated_usd;
        switch (m.covers) {
            case MoneyCovers::kCapex:
                money.capex_usd = usd;
                money.hardware_usd = usd.times(share);
                out.notes.push_back("money: servers and network take " + figure_text(share.low) +
                                    "-" + figure_text(share.high) + " (central " +
                                    figure_text(share.central) +
                                    ") of a project's investment (prices: "
                                    "factors.hardware_share_of_capex)");
                break;
            case MoneyCovers::kHardware:
                money.hardware_usd = usd;
                money.capex_usd = usd.divided_by(share);
                break;
            case MoneyCovers::kChips:
                money.chips_usd = usd;
                break;
        }
        const Range spend = m.covers == MoneyCovers::kChips ? usd : *money.hardware_usd;
        const std::string market(name_of(kMarketNames, money.market));
        const ChipFigure cost = cost_of(money.market, money.year, m.covers, money);
        for (std::size_t t = 0; t < options_.targets.size(); ++t) {
            const auto per_gpu = cost(options_.targets[t]);
            if (!per_gpu) {
                out.equivalents.emplace_back(std::nullopt);
                out.missing[t] = options_.targets[t] + " has no " + market + " price";
                continue;
            }
            out.equivalents.emplace_back(spend.divided_by(*per_gpu));
        }
        std::string lacking;
        const auto any_cost = figure_of_any_part(parts_or_reference(claim), cost, &lacking);
        out.notes.push_back("money buys chips at " + market + " prices (the entries used are "
                            "in money.prices)" +
                            (m.covers == MoneyCovers::kChips
                                 ? " (the chips alone)"
                                 : " with their servers (x prices: "
                                   "factors.server_cost_per_chip_price where a chip is priced "
                                   "alone) and network (x factors.cluster_cost_per_server_cost)"));
        out.money.push_back(std::move(money));
        if (!any_cost) {
            out.notes.push_back(lacking + " has no " + market +
                                " price: no chip count, compute or power");
            return std::nullopt;
        }
        return fleet_of_count(claim, out, spend.divided_by(*any_cost),
                              "chip count, compute and power");
    }

    // What a chips claim's chips cost in one market (the stated money's, else --market: a
    // scenario, never blended with the other), when it prices them all; with stated money,
    // checked against it.
    void add_money(const Claim& claim, ClaimEstimate& out, const Fleet& fleet) const {
        const MoneyStatement* stated = claim.stated.money ? &*claim.stated.money : nullptr;
        if (stated) prices_for(claim);  // stated money is never left unchecked for want of prices
        if (!assumptions_.prices) return;
        const std::optional<int> year = price_year(claim);
        const Range share = assumptions_.prices->hardware_share_of_capex.range;
        const Market market = stated ? stated->market.value_or(options_.market) : options_.market;
        {
            MoneyEstimate money;
            money.market = market;
            money.year = year.value_or(0);
            const auto quoted = fleet_sum(fleet, cost_of(market, year, MoneyCovers::kChips, money));
            const auto installed =
                fleet_sum(fleet, cost_of(market, year, MoneyCovers::kHardware, money));
            if (!quoted || !installed) {
                if (stated)
                    out.notes.push_back("money: " + claim.stated.hardware_text + " chips have no " +
                                        std::string(name_of(kMarketNames, market)) +
                                        " price, so the stated money is not checked");
                return;
            }
            money.chips_usd = quoted;
            money.hardware_usd = installed;
            money.capex_usd = installed->divided_by(share);
            if (stated) {
                money.stated_usd = stated_usd(claim, out);
                const Range& implied = stated->covers == MoneyCovers::kChips      ? *quoted
                                       : stated->covers == MoneyCovers::kHardware ? *installed
                                                                                  : *money.capex_usd;
                const std::string sum =
                    (stated->amount.text.empty()
                         ? format_number(stated->amount.value, 0) + " " + stated->currency
                         : "\"" + stated->amount.text + "\"") +
                    " = USD " + range_text(*money.stated_usd);
                add_check(out, make_check("money_vs_chips", implied, *money.stated_usd,
                                          assumptions_.check_tolerance,
                                          claim.stated.hardware_text + " chips at " +
                                              std::string(name_of(kMarketNames, market)) + " " +
                                              std::to_string(money.year) + " prices, USD of " +
                                              std::string(name_of(kMoneyCoversNames,
                                                                  stated->covers)),
                                          sum));
            }
            out.money.push_back(std::move(money));
        }
    }

    // --- Power and other metrics ---------------------------------------------------------

    ChipFigure it_watts_of() const {
        return [this](const std::string& chip) { return it_watts_per_chip(profile(chip), assumptions_); };
    }

    Range facility_megawatts(const Range& it_mw) const {
        return it_mw.times(assumptions_.pue.range);
    }

    void add_power(const Claim& claim, ClaimEstimate& e, const Fleet& fleet) const {
        std::string lacking;
        const auto it_w = fleet_sum(fleet, it_watts_of(), &lacking);
        if (!it_w) {
            if (claim.stated.power) {
                e.notes.push_back("power is the claim's own figure: " + lacking +
                                  " has no TDP or server power in its profile");
                stated_power(claim, e);
            } else {
                e.notes.push_back(lacking +
                                  " has no TDP or server power in its profile: no power estimate");
            }
            return;
        }
        e.power_it_mw = *it_w / 1e6;
        e.power_mw = facility_megawatts(*e.power_it_mw);
    }

    // Equivalents by memory bandwidth (what decode-bound inference needs), memory capacity and
    // TDP: the fleet's total of the metric over the target's.
    void add_by_metric(ClaimEstimate& e, const std::optional<Fleet>& fleet) const {
        for (const auto& [name, member] : kMetrics) {
            const ChipFigure figure = [this, member = member](const std::string& chip) {
                const auto value = profile(chip).*member;
                return value ? std::optional<Range>(Range::exact(*value)) : std::nullopt;
            };
            std::string lacking;
            const auto sum = fleet ? fleet_sum(*fleet, figure, &lacking) : std::nullopt;
            if (fleet && !sum && std::string_view(name) == "memory_bandwidth")
                e.notes.push_back("no bandwidth equivalents: " + lacking +
                                  " has no memory bandwidth in its profile");
            PerTarget values;
            for (const std::string& id : options_.targets) {
                const auto target = profile(id).*member;
                values.emplace_back(sum && target ? std::optional<Range>(*sum / *target)
                                                  : std::nullopt);
            }
            e.by_metric.emplace_back(name, std::move(values));
        }
    }

    static constexpr std::pair<const char*, std::optional<double> ChipProfile::*> kMetrics[] = {
        {"memory_bandwidth", &ChipProfile::memory_bandwidth_tbs},
        {"memory_capacity", &ChipProfile::memory_gb},
        {"tdp", &ChipProfile::tdp_w}};

    // --- Ratio claims --------------------------------------------------------------------

    MetricOf metric_of(const RatioStatement& ratio) const {
        const Precision precision = ratio.precision;
        switch (ratio.metric) {
            case RatioMetric::kCompute:
                // A measured rate with --basis measured, as equivalents use.
                return [this, precision](const std::string& chip) { return rate(chip, precision).tflops; };
            case RatioMetric::kMemoryBandwidth:
                return [this](const std::string& chip) { return profile(chip).memory_bandwidth_tbs; };
            case RatioMetric::kMemoryCapacity:
                return [this](const std::string& chip) { return profile(chip).memory_gb; };
            case RatioMetric::kPower:
                return [this](const std::string& chip) { return profile(chip).tdp_w; };
            case RatioMetric::kInterconnect:
                return [this](const std::string& chip) { return profile(chip).interconnect_gbs; };
        }
        return [](const std::string&) { return std::optional<double>(); };
    }

    void add_ratio(const Claim& claim, ClaimEstimate& out) const {
        const RatioStatement& ratio = *claim.stated.ratio;
        const Range stated = range_of(ratio.value, claim);
        RatioResult result = check_ratio(ratio, stated, assumptions_.check_tolerance, metric_of(ratio));
        if (ratio.metric_text == "inference")
            out.notes.push_back("ratio: inference read as memory bandwidth (decode-bound work)");
        if (ratio.metric_text == "training")
            out.notes.push_back("ratio: training read as dense " +
                                std::string(precision_name(ratio.precision)) + " compute");
        if (result.verdict == RatioVerdict::kUnknown) {
            out.notes.push_back("ratio: " + result.summary);
        } else {
            // The check's numbers: the judged pair nearest the stated ratio, among the failing
            // pairs when it does not hold everywhere (a flagged check shows a miss, not a hit).
            const bool holds = result.verdict == RatioVerdict::kHolds;
            const RatioPair* nearest = nullptr;
            for (const RatioPair& p : result.pairs) {
                if (!p.judged || p.holds != holds) continue;
                if (!nearest || std::abs(std::log(p.ratio / stated.central)) <
                                    std::abs(std::log(nearest->ratio / stated.central)))
                    nearest = &p;
            }
            Check check;
            check.kind = "ratio";
            check.ok = result.verdict == RatioVerdict::kHolds;
            check.derived = nearest->ratio;
            check.stated = stated.central;
            check.deviation = deviation(check.derived, check.stated);
            check.detail = std::string(name_of(kRatioMetricNames, ratio.metric)) + " " +
                           result.summary;
            out.checks.push_back(std::move(check));
        }
        out.ratio = std::move(result);
    }

    // --- Training runs -------------------------------------------------------------------

    void add_training(const Claim& claim, ClaimEstimate& out) const {
        const TrainingStatement& t = *claim.stated.training;
        const std::string precision(precision_name(t.precision));
        TrainingFigures in;
        std::string chip;
        if (claim.stated.hardware.size() == 1 && claim.stated.hardware[0].ids.size() == 1)
            chip = claim.stated.hardware[0].ids[0];
        if (!chip.empty()) in.chip_tflops = rate(chip, t.precision).tflops;
        if (t.chip_hours) {
            in.chip_hours = range_of(*t.chip_hours, claim);
        } else if (t.hours) {
            in.chip_hours = stated_chip_count(claim)->times(range_of(*t.hours, claim));
        }
        if (t.flop) in.flop_stated = range_of(*t.flop, claim);
        if (t.parameters)
            in.flop_6nd = range_of(*t.parameters, claim).times(range_of(*t.tokens, claim)) * 6.0;
        if (t.utilization) {
            in.utilization = range_of(*t.utilization, claim);
        } else if (assumptions_.training_utilization) {
            in.utilization = assumptions_.training_utilization->range;
        } else if (!(in.chip_hours && in.chip_tflops)) {
            required_factor(assumptions_.training_utilization, "training_utilization", claim,
                            "its training FLOP must be turned into chip-hours");
        }
        if (!chip.empty() && !in.chip_tflops)
            out.notes.push_back("training: " + no_rate(chip, t.precision) +
                                ": no FLOP from its hours");
        TrainingEstimate run = estimate_training(in);
        if (run.flop)
            out.notes.push_back("training: " + flop_text(*run.flop) + " FLOP (" +
                                run.flop_basis +
                                (run.flop_basis == "6ND" ? ": 6 x parameters x tokens" : "") +
                                (run.flop_basis == "hardware"
                                     ? ": chip-hours x dense " + precision + " peak x utilization"
                                     : "") +
                                ")");
        if (run.utilization_implied)
            add_utilization_check(out, run, chip, precision, in, t.utilization.has_value());
        out.training_hours.assign(options_.targets.size(), std::nullopt);
        for (std::size_t t_index = 0; t_index < options_.targets.size(); ++t_index) {
            const auto tflops = rate(options_.targets[t_index], t.precision).tflops;
            if (run.peak_flop && tflops) out.training_hours[t_index] = hours_on(*run.peak_flop, *tflops);
        }
        out.training = std::move(run);
    }

    // The run's FLOP (stated or 6ND) over its chip-hours at peak: a utilization above 100% is
    // impossible, and below 5% no published large run has reported (a unit slip, most likely).
    static void add_utilization_check(ClaimEstimate& out, const TrainingEstimate& run,
                                      const std::string& chip, const std::string& precision,
                                      const TrainingFigures& in, bool stated_utilization) {
        constexpr double kLeastPlausible = 0.05;
        const Range& implied = *run.utilization_implied;
        Check check;
        check.kind = "training_utilization";
        check.ok = implied.central <= 1.0 && implied.central >= kLeastPlausible;
        check.derived = implied.central;
        // Against the run's own utilization when it states one; an assumed one is no statement.
        check.stated = stated_utilization ? in.utilization->central : implied.central;
        check.deviation = deviation(check.derived, check.stated);
        check.detail = std::string(run.flop_basis == "stated" ? "stated FLOP" : "6ND") +
                       " over the chip-hours at " + chip + "'s dense " + precision +
                       " peak: utilization " + format_percent(implied.central) +
                       (implied.low != implied.high ? " (" + format_percent(implied.low) + "-" +
                                                          format_percent(implied.high) + ")"
                                                    : "") +
                       (check.ok ? " (plausible: 5% to 100%)"
                                 : " (not plausible: a run uses 5% to 100% of the peak)");
        out.checks.push_back(std::move(check));
    }

    // --- Checks --------------------------------------------------------------------------

    void add_check(ClaimEstimate& e, Check check) const {
        if (looks_ten_thousand_off(check.derived, check.stated)) {
            e.notes.push_back("WARNING: " + check.kind + ": the stated figure is about 10^4 off "
                              "what the claim's other figures imply: P read for 万P (or the "
                              "other way round)?");
        }
        e.checks.push_back(std::move(check));
    }

    void add_stated_checks(const Claim& claim, ClaimEstimate& e) const {
        const Stated& s = claim.stated;
        const double tol = assumptions_.check_tolerance;
        if (s.chips && s.servers) {
            const int gps = gpus_per_server(claim);
            add_check(e, make_check("servers_vs_chips", range_of(*s.servers, claim) * gps,
                                    range_of(*s.chips, claim), tol,
                                    describe_amount(*s.servers) + " servers x " +
                                        std::to_string(gps) + " GPUs",
                                    describe_amount(*s.chips)));
        }
        if (s.hardware.empty() || !stated_chip_count(claim)) return;
        const Fleet fleet = fleet_of(claim);
        if ((s.chips || s.servers) && !fleet.counted.empty()) {
            Range counted{};
            for (const FleetPart& part : fleet.counted) counted = counted + part.count;
            if (fleet.open.empty()) {
                add_check(e, make_check("mix_vs_chips", counted, fleet.total, tol,
                                        "the mix's counts add up to"));
            } else {
                // With a rest, the counts need only leave room for it.
                Range room = fleet.total;
                room.low = 0;
                add_check(e, make_check("mix_vs_chips", counted, room, tol,
                                        "the mix's counts and shares, before the rest, add up to"));
            }
        }
        if (s.compute && s.compute->convention == ComputeConvention::kNative)
            add_compute_check(claim, fleet, e);
        if (s.power) add_power_check(claim, fleet, e);
    }

    void add_compute_check(const Claim& claim, const Fleet& fleet, ClaimEstimate& e) const {
        const ComputeStatement& compute = *claim.stated.compute;
        const auto tflops = fleet_sum(fleet, tflops_of(compute.precision, true));
        if (!tflops) return;
        const double tol = assumptions_.check_tolerance;
        const Range implied = *tflops / 1000.0;
        const Range stated = range_of(compute.pflops, claim);
        const std::string what = claim.stated.hardware_text + " chips at dense " +
                                 std::string(precision_name(compute.precision)) + " = PFLOPS";
        Check check = make_check("compute_vs_chips", implied,
                                 compute.sparsity == Sparsity::kSparse ? stated / 2 : stated, tol,
                                 what);
        if (!check.ok && compute.sparsity == Sparsity::kUnknown) {
            Check sparse = make_check("compute_vs_chips", implied, stated / 2, tol,
                                      claim.stated.hardware_text +
                                          " chips against the sparse reading (half the stated "
                                          "PFLOPS)");
            if (sparse.ok) check = sparse;
        }
        add_check(e, check);
    }

    void add_power_check(const Claim& claim, const Fleet& fleet, ClaimEstimate& e) const {
        const auto it_w = fleet_sum(fleet, it_watts_of());
        if (!it_w) return;
        const PowerStatement& power = *claim.stated.power;
        const double tol = assumptions_.check_tolerance;
        const Range it = *it_w / 1e6;
        const Range facility = facility_megawatts(it);
        const bool is_it = power.basis == PowerBasis::kIt;
        const Range stated = range_of(power.mw, claim);
        Check check = make_check("power_vs_chips", is_it ? it : facility, stated, tol,
                                 claim.stated.hardware_text + " chips draw, MW " +
                                     (is_it ? "IT" : "facility"),
                                 describe_amount(power.mw));
        // Of unknown basis, the stated figure may be IT power too.
        if (!check.ok && power.basis == PowerBasis::kUnknown && ranges_meet(it, stated, tol)) {
            check = make_check("power_vs_chips", it, stated, tol,
                               claim.stated.hardware_text + " chips draw, MW IT",
                               describe_amount(power.mw));
        }
        add_check(e, check);
    }

    // A whole against the sum of its parts (chips, servers, projects, stated compute), and
    // against each of its subsets.
    void add_part_checks(Estimate& out) const {
        const double tol = assumptions_.check_tolerance;
        for (ClaimEstimate& whole : out.claims) {
            const Claim& claim = *whole.claim;
            if (!claim.parts.empty()) add_sum_checks(claim, whole, tol);
            for (const std::size_t i : claim.subsets) add_subset_checks(claim, claims_.claims[i], whole, tol);
        }
    }

    using FigureOf = std::function<std::optional<Range>(const Claim&)>;

    // The figures a whole and its parts are compared on; compute only where its stated units
    // and precision agree.
    std::vector<std::tuple<const char*, const char*, FigureOf>> compared_figures(
        const Claim& whole) const {
        std::vector<std::tuple<const char*, const char*, FigureOf>> out = {
            {"chips", "chips", [this](const Claim& c) { return stated_chip_count(c); }},
            {"servers", "servers",
             [this](const Claim& c) -> std::optional<Range> {
                 if (!c.stated.servers) return std::nullopt;
                 return range_of(*c.stated.servers, c);
             }},
            {"projects", "projects",
             [this](const Claim& c) -> std::optional<Range> {
                 if (!c.stated.projects) return std::nullopt;
                 return range_of(*c.stated.projects, c);
             }}};
        if (whole.stated.compute) {
            const ComputeStatement& wc = *whole.stated.compute;
            out.emplace_back("compute", "PFLOPS", [this, &wc](const Claim& c) -> std::optional<Range> {
                if (!c.stated.compute) return std::nullopt;
                const ComputeStatement& pc = *c.stated.compute;
                if (pc.precision != wc.precision || pc.convention != wc.convention)
                    return std::nullopt;
                return range_of(pc.pflops, c);
            });
        }
        return out;
    }

    void add_sum_checks(const Claim& claim, ClaimEstimate& whole, double tol) const {
        for (const auto& [name, unit, figure_of] : compared_figures(claim)) {
            const auto stated = figure_of(claim);
            if (!stated) continue;
            std::optional<Range> sum = Range{};
            for (const std::size_t part : claim.parts) {
                const auto v = figure_of(claims_.claims[part]);
                if (!v) {
                    sum.reset();
                    break;
                }
                sum = *sum + *v;
            }
            if (!sum) continue;
            const std::string kind = "parts_" + std::string(name);
            Check check = make_check(kind, *sum, *stated, tol,
                                     std::to_string(claim.parts.size()) + " parts sum to " + unit);
            if (!claim.parts_cover_all) {
                // The parts are some of the whole: they may sum to less, never to much more.
                check.ok = floor_of(*sum) <= ceiling_of(*stated) * (1 + tol);
                check.detail = "listed parts (some of the whole) sum to " + std::string(unit) +
                               ": " + range_text(*sum) + " against stated " + range_text(*stated) +
                               (check.ok ? " (within the whole)" : " (exceed the whole)");
            }
            add_check(whole, check);
        }
    }

    void add_subset_checks(const Claim& claim, const Claim& subset, ClaimEstimate& whole,
                           double tol) const {
        for (const auto& [name, unit, figure_of] : compared_figures(claim)) {
            const auto stated = figure_of(claim);
            const auto part = figure_of(subset);
            if (!stated || !part) continue;
            // A count of projects is exact: a subset has never more of them than its whole.
            const double slack = std::string_view(name) == "projects" ? 0.0 : tol;
            Check check = make_check("subset_" + std::string(name), *part, *stated, slack,
                                     "subset '" + subset.id + "' has " + unit);
            check.ok = floor_of(*part) <= ceiling_of(*stated) * (1 + slack);
            check.detail = "subset '" + subset.id + "' has " + unit + ": " + range_text(*part) +
                           " of stated " + range_text(*stated) +
                           (check.ok ? " (within the whole)" : " (exceeds the whole)");
            add_check(whole, check);
        }
    }

    const ClaimSet& claims_;
    const ProfileSet& profiles_;
    const Assumptions& assumptions_;
    const EstimateOptions& options_;
    // Rates by (chip id, precision), computed once: a large claims file asks the same few.
    mutable std::map<std::pair<std::string, Precision>, Rate> rates_;
};

}  // namespace

Assumptions load_assumptions(const std::filesystem::path& path) {
    const std::string origin = path.string();
    const json document = parse_json_file(path);
    check_format(document, origin, "chipcount.assumptions", 1);
    const FieldReader top(document, origin, "assumptions");
    const FieldReader factors = top.object("factors");
    Assumptions a;
    a.origin = origin;
    a.document = nlohmann::ordered_json::parse(document.dump());
    a.server_power_per_gpu_factor = read_factor(factors, "server_power_per_gpu_factor");
    a.it_overhead_factor = read_factor(factors, "it_overhead_factor");
    a.pue = read_factor(factors, "pue");
    if (factors.has("approximate_figure"))
        a.approximate_figure = read_factor(factors, "approximate_figure");
    if (factors.has("training_utilization"))
        a.training_utilization = read_factor(factors, "training_utilization", 1.0, 0.01);
    if (factors.has("fp32_normalised_to_fp16"))
        a.fp32_normalised_to_fp16 =
            read_factor(factors, "fp32_normalised_to_fp16", kMaxConversionFactor);
    a.gpus_per_server_default = static_cast<int>(
        top.object("gpus_per_server_default").integer("value", 1, kMaxGpusPerServer));
    a.reference_chip = top.object("reference_chip").string("value");
    // Optional: an older assumptions file without it still works where targets are given.
    if (const auto targets = top.optional_object("default_targets"))
        a.default_targets = targets->string_array("value");
    a.check_tolerance = top.object("check_tolerance").positive("value", 1.0);
    return a;
}

std::vector<std::string> default_target_ids(const Assumptions& assumptions,
                                            const ProfileSet& profiles) {
    const std::string field = assumptions.origin + ": assumptions: field 'default_targets.value'";
    if (assumptions.default_targets.empty())
        throw InputError(field + ": names no target chip (name some, or give --targets)");
    std::vector<std::string> ids;
    for (const std::string& name : assumptions.default_targets) {
        const std::string& id = profiles.get(name, field).id;
        if (std::find(ids.begin(), ids.end(), id) != ids.end())
            throw InputError(field + ": '" + name + "' names " + id +
                             " a second time (each target once)");
        ids.push_back(id);
    }
    return ids;
}

std::optional<Range> it_watts_per_chip(const ChipProfile& chip, const Assumptions& assumptions) {
    std::optional<Range> server_w;
    if (chip.server && chip.server->max_power_kw) {
        server_w = Range::exact(*chip.server->max_power_kw * 1000.0 / chip.server->gpus);
    } else if (chip.tdp_w) {
        server_w = assumptions.server_power_per_gpu_factor.range * *chip.tdp_w;
    }
    if (!server_w) return std::nullopt;
    return server_w->times(assumptions.it_overhead_factor.range);
}

std::string power_field(const ChipProfile& chip) {
    return chip.server && chip.server->max_power_kw ? "server" : "tdp_w";
}

std::vector<const EstimatedFigure*> estimated_figures_of(const ClaimEstimate& claim,
                                                         Affects affects,
                                                         std::string_view target) {
    std::vector<const EstimatedFigure*> out;
    for (const EstimatedFigure& f : claim.estimated_figures) {
        if (f.affects == affects && (!f.target_only || f.chip == target)) out.push_back(&f);
    }
    return out;
}

std::vector<Measurement> measurements_from(const ResultDocument& result, const NamedInput& source,
                                           const ProfileSet& profiles) {
    const std::string field = source.path + ": result: field 'device.profile'";
    if (!result.profile_id) {
        throw InputError(
            field + ": the measured GPU matched no chip profile, so it cannot stand for a target");
    }
    const std::string id = profiles.get(*result.profile_id, field).id;
    std::vector<Measurement> out;
    for (const PrecisionSummary& s : summarize_precisions(result)) {
        if (!s.sustained) continue;  // measured, but no sustained figure
        // Plausible: the result reader refuses samples that would make it over 1e6 TFLOPS.
        Measurement m;
        m.profile_id = id;
        m.precision = s.precision;
        m.sustained_tflops = *s.sustained->tflops_median();
        m.file = source.path;
        m.sha256 = source.sha256;
        out.push_back(std::move(m));
    }
    return out;
}

std::vector<Measurement> load_measurements(const std::vector<std::string>& paths,
                                           const ProfileSet& profiles) {
    std::vector<Measurement> out;
    for (const std::string& path : paths) {
        const std::string text = read_text_file(path);
        const json head = parse_json_text(text, path);
        const bool third_party = head.is_object() && head.contains("format") &&
                                 head["format"] == "chipcount.measurements";
        const auto found =
            third_party
                ? parse_third_party_measurements(text, path, profiles)
                : measurements_from(parse_result(text, path), named_input(path, text), profiles);
        out.insert(out.end(), found.begin(), found.end());
    }
    // Own measurements first, then sustained third-party ones, then bursts.
    std::stable_sort(out.begin(), out.end(), [](const Measurement& a, const Measurement& b) {
        const auto rank = [](const Measurement& m) {
            return !m.third_party ? 0 : m.kind == "sustained" ? 1 : 2;
        };
        return rank(a) < rank(b);
    });
    return out;
}

void check_estimate_figures(const Estimate& e, const std::string& origin) {
    // `where` makes the label only on failure: this runs on every Monte-Carlo draw.
    const auto check = [&origin](double value, const auto& where) {
        if (std::isfinite(value) && std::fabs(value) <= kMaxEstimateFigure) return;
        throw InputError(origin + ": " + where() + ": the estimate comes to " +
                         format_number(value, 0) + ", beyond any plausible figure (limit " +
                         format_plain(kMaxEstimateFigure) +
                         "); check the chip profiles and assumptions for implausible values");
    };
    const auto check_range = [&check](const std::optional<Range>& range, const auto& where) {
        if (!range) return;
        for (const double value : {range->low, range->central, range->high}) check(value, where);
    };
    const auto& targets = e.options.targets;
    for (const ClaimEstimate& c : e.claims) {
        const auto claim = [&c] { return "claim '" + c.claim->id + "'"; };
        check_range(c.chips, [&] { return claim() + ": chips"; });
        check_range(c.compute_pflops, [&] { return claim() + ": compute_pflops"; });
        check_range(c.power_mw, [&] { return claim() + ": power_mw"; });
        check_range(c.power_it_mw, [&] { return claim() + ": power_it_mw"; });
        for (std::size_t t = 0; t < c.equivalents.size(); ++t)
            check_range(c.equivalents[t], [&] { return claim() + ": equivalents of " + targets[t]; });
        // Not a structured binding: a lambda may not capture one before C++20 compilers agree.
        for (const auto& entry : c.by_metric) {
            const std::string& metric = entry.first;
            const PerTarget& values = entry.second;
            for (std::size_t t = 0; t < values.size(); ++t)
                check_range(values[t], [&] { return claim() + ": by_metric." + metric + " of " + targets[t]; });
        }
        if (c.inference) check_range(c.inference->per_card_tflops, [&] { return claim() + ": inference"; });
        for (const MoneyEstimate& m : c.money) {
            check_range(m.stated_usd, [&] { return claim() + ": money.stated_usd"; });
            check_range(m.chips_usd, [&] { return claim() + ": money.chips_usd"; });
            check_range(m.hardware_usd, [&] { return claim() + ": money.hardware_usd"; });
            check_range(m.capex_usd, [&] { return claim() + ": money.capex_usd"; });
        }
        if (c.training) {
            check_range(c.training->flop, [&] { return claim() + ": training.flop"; });
            check_range(c.training->flop_hardware, [&] { return claim() + ": training.flop_hardware"; });
            check_range(c.training->peak_flop, [&] { return claim() + ": training.peak_flop"; });
            check_range(c.training->chip_hours, [&] { return claim() + ": training.chip_hours"; });
            check_range(c.training->utilization_implied, [&] { return claim() + ": training.utilization"; });
        }
        for (std::size_t t = 0; t < c.training_hours.size(); ++t)
            check_range(c.training_hours[t], [&] { return claim() + ": training hours of " + targets[t]; });
        if (c.ratio) {
            for (const RatioPair& p : c.ratio->pairs) check(p.ratio, [&] { return claim() + ": ratio"; });
        }
        for (const Check& k : c.checks) {
            for (const double value : {k.derived, k.stated, k.deviation})
                check(value, [&] { return claim() + ": check " + k.kind; });
        }
    }
    const auto check_group = [&](const TotalGroup& g, const std::string& where) {
        check_range(g.compute_pflops, [&] { return where + ": compute_pflops"; });
        check_range(g.power_mw, [&] { return where + ": power_mw"; });
        for (std::size_t t = 0; t < g.equivalents.size(); ++t)
            check_range(g.equivalents[t], [&] { return where + ": equivalents of " + targets[t]; });
        for (std::size_t t = 0; t < g.bandwidth_equivalents.size(); ++t)
            check_range(g.bandwidth_equivalents[t],
                        [&] { return where + ": bandwidth_equivalents of " + targets[t]; });
    };
    check_group(e.totals, "totals");
    for (const TotalGroup& g : e.totals.by_status) check_group(g, "totals: status " + g.label);
    for (const TotalGroup& g : e.totals.by_date) check_group(g, "totals: date " + g.label);
}

std::string rate_basis_name(const EstimateOptions& options) {
    return options.eight_bit ? "8bit" : std::string(precision_name(options.precision));
}

Estimate estimate(const ClaimSet& claims, const ProfileSet& profiles,
                  const Assumptions& assumptions, const EstimateOptions& options) {
    for (const std::string& id : options.targets) profiles.get(id, "--targets");
    profiles.get(assumptions.reference_chip, assumptions.origin + ": field 'reference_chip.value'");
    return Estimator(claims, profiles, assumptions, options).run();
}

}  // namespace chipcount
