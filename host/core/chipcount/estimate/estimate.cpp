#include "chipcount/estimate/estimate.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <set>

#include "chipcount/base/errors.hpp"
#include "chipcount/format/table.hpp"
#include "chipcount/io/file_names.hpp"
#include "chipcount/io/files.hpp"
#include "chipcount/io/json_read.hpp"
#include "chipcount/io/sha256.hpp"

namespace chipcount {
namespace {

constexpr double kMinFactor = 0.1;
constexpr double kMaxFactor = 10;

Factor read_factor(const FieldReader& factors, std::string_view key) {
    const FieldReader f = factors.object(key);
    Factor factor;
    // Each factor is a ratio near 1 (PUE 1.2-1.4, server overhead 1.5-2): outside [0.1, 10] it
    // is a typo, and a factor of 1e-300 would turn a power claim into infinitely many chips.
    factor.range = {f.plausible("low", kMinFactor, kMaxFactor),
                    f.plausible("central", kMinFactor, kMaxFactor),
                    f.plausible("high", kMinFactor, kMaxFactor)};
    if (!(factor.range.low <= factor.range.central && factor.range.central <= factor.range.high)) {
        f.fail("central", "low <= central <= high must hold");
    }
    factor.unit = f.optional_string("unit").value_or("");
    factor.source = f.string("source");
    if (factor.source.empty()) f.fail("source", "every factor needs a source");
    return factor;
}

std::string figure_text(double value) {
    return format_number(value, value < 100 ? 2 : 0);
}

double deviation(double derived, double stated) {
    return (derived - stated) / stated;
}

std::string signed_percent(double relative) {
    return (relative >= 0 ? "+" : "") + format_percent(relative);
}

Check make_check(std::string kind, double derived, double stated, double tolerance,
                 const std::string& what) {
    Check check;
    check.kind = std::move(kind);
    check.derived = derived;
    check.stated = stated;
    check.deviation = deviation(derived, stated);
    check.ok = std::fabs(check.deviation) <= tolerance;
    check.detail = what + ": " + figure_text(derived) + " against stated " + figure_text(stated) +
                   " (" + signed_percent(check.deviation) +
                   (check.ok ? ", consistent)"
                             : ", differs by more than " + format_percent(tolerance, 0) + ")");
    return check;
}

class Estimator {
  public:
    Estimator(const ClaimSet& claims, const ProfileSet& profiles, const Assumptions& assumptions,
              const EstimateOptions& options)
        : claims_(claims), profiles_(profiles), assumptions_(assumptions), options_(options) {
        // Per target, once: its IT watts (the same for every claim).
        for (const std::string& id : options_.targets)
            target_it_watts_.push_back(it_watts_per_chip(profile(id), assumptions_));
    }

    Estimate run() {
        for (const Claim& claim : claims_.claims) check_server_chips(claim);
        Estimate out;
        out.options = options_;
        for (const std::string& id : options_.targets)
            out.target_rates.emplace_back(id, rate(id, options_.precision));
        for (const Claim& claim : claims_.claims) out.claims.push_back(estimate_claim(claim));
        add_part_checks(out);
        out.totals = totals(out);
        check_estimate_figures(out, claims_.origin);
        return out;
    }

  private:
    const ChipProfile& profile(const std::string& id) const {
        return profiles_.get(id, "estimate");
    }

    Rate rate(const std::string& id, Precision precision) const {
        const auto key = std::make_pair(id, precision);
        if (const auto cached = rates_.find(key); cached != rates_.end()) return cached->second;
        return rates_[key] = compute_rate(id, precision);
    }

    Rate compute_rate(const std::string& id, Precision precision) const {
        const ChipProfile& chip = profile(id);
        if (options_.measured_basis) {
            for (const Measurement& m : options_.measurements) {
                if (m.profile_id == id && m.precision == precision) {
                    return {m.sustained_tflops, "measured", m.file, m.sha256};
                }
            }
        }
        return {chip.peak(precision), "spec", chip.file.filename().string(), ""};
    }

    int gpus_per_server(const Claim& claim) const {
        if (claim.stated.gpus_per_server) return *claim.stated.gpus_per_server;
        if (claim.stated.chip) {
            const ChipProfile& chip = profile(*claim.stated.chip);
            if (chip.server) return chip.server->gpus;
        }
        return assumptions_.gpus_per_server_default;
    }

    // Servers x GPUs per server is a chip count too, held to the same cap as stated chips.
    void check_server_chips(const Claim& claim) const {
        if (!claim.stated.servers) return;
        const int gpus = gpus_per_server(claim);
        const double chips = *claim.stated.servers * gpus;
        if (chips <= kMaxChips) return;
        throw InputError(claims_.origin + ": claim '" + claim.id + "': field 'stated.servers': " +
                         format_number(*claim.stated.servers, 0) + " servers x " +
                         std::to_string(gpus) + " GPUs per server = " + format_number(chips, 0) +
                         " chips, which is not plausible (the limit is " +
                         format_number(kMaxChips, 0) + " chips)");
    }

    // The chip count a claim states directly: chips, else servers x GPUs per server.
    std::optional<double> stated_chip_count(const Claim& claim) const {
        if (claim.stated.chips) return claim.stated.chips;
        if (claim.stated.servers) return *claim.stated.servers * gpus_per_server(claim);
        return std::nullopt;
    }

    // IT-side megawatts of a power statement, as a range over the readings its basis allows.
    Range it_megawatts(const PowerStatement& power) const {
        const Range pue = assumptions_.pue.range;
        switch (power.basis) {
            case PowerBasis::kIt:
                return Range::exact(power.mw);
            case PowerBasis::kFacility:
                return Range::exact(power.mw).divided_by(pue);
            case PowerBasis::kUnknown:
                break;
        }
        // Unknown: low and central read it as facility power (Epoch's advice), high as IT power.
        return {power.mw / pue.high, power.mw / pue.central, power.mw};
    }

    // Equivalents of a compute figure. For a chip or server claim (`source` is its chip) the two
    // chips are compared on one basis: measured against measured when both were measured, else
    // datasheet against datasheet; a measured H100 set against a datasheet H200 would make the
    // H200 look 40% faster than it is.
    void add_equivalents(ClaimEstimate& e, const std::optional<Range>& compute,
                         const std::optional<std::string>& source = std::nullopt) const {
        bool mixed = false;
        for (const std::string& id : options_.targets) {
            const Rate r = rate(id, e.precision);
            if (!compute) {
                e.equivalents.emplace_back(std::nullopt);
            } else if (!r.tflops) {
                e.equivalents.emplace_back(std::nullopt);
                e.notes.push_back(id + " has no published " +
                                  std::string(precision_name(e.precision)) +
                                  " rate: no equivalent");
            } else if (source && rate(*source, e.precision).basis != r.basis) {
                const ChipProfile& from = profile(*source);
                const ChipProfile& to = profile(id);
                e.equivalents.emplace_back(*e.chips *
                                           (*from.peak(e.precision) / *to.peak(e.precision)));
                mixed = true;
            } else {
                e.equivalents.emplace_back(*compute * 1000.0 / *r.tflops);
            }
        }
        if (mixed) {
            e.notes.push_back("targets measured on one side only are compared with " + *source +
                              " on datasheet rates (one basis per comparison)");
        }
    }

    // IT megawatts of `chips` chips drawing `it_w` IT watts each, and the facility's at the PUE.
    Range it_megawatts_of(const Range& chips, const Range& it_w) const {
        return chips.times(it_w) / 1e6;
    }
    Range facility_megawatts(const Range& it_mw) const {
        return it_mw.times(assumptions_.pue.range);
    }

    void add_power_from_chips(ClaimEstimate& e, const std::string& chip_id,
                              const Range& chips) const {
        const auto it_w = it_watts_per_chip(profile(chip_id), assumptions_);
        if (!it_w) {
            e.notes.push_back(chip_id +
                              " has no TDP or server power in its profile: no power estimate");
            return;
        }
        e.power_it_mw = it_megawatts_of(chips, *it_w);
        e.power_mw = facility_megawatts(*e.power_it_mw);
    }

    void add_by_metric(ClaimEstimate& e, const std::string& chip_id, double chips) const {
        const ChipProfile& chip = profile(chip_id);
        const std::pair<const char*, std::optional<double> ChipProfile::*> metrics[] = {
            {"memory_bandwidth", &ChipProfile::memory_bandwidth_tbs},
            {"memory_capacity", &ChipProfile::memory_gb},
            {"tdp", &ChipProfile::tdp_w}};
        for (const auto& [name, member] : metrics) {
            PerTargetValue values;
            for (const std::string& id : options_.targets) {
                const auto source = chip.*member;
                const auto target = profile(id).*member;
                values.emplace_back(source && target
                                        ? std::optional<double>(chips * *source / *target)
                                        : std::nullopt);
            }
            e.by_metric.emplace_back(name, std::move(values));
        }
    }

    ClaimEstimate estimate_claim(const Claim& claim) const {
        ClaimEstimate out;
        out.claim = &claim;
        out.basis = claim.basis();
        out.precision = out.basis == ClaimBasis::kCompute ? claim.stated.compute->precision
                                                          : options_.precision;
        switch (out.basis) {
            case ClaimBasis::kChips:
            case ClaimBasis::kServers:
                estimate_from_chips(claim, out);
                break;
            case ClaimBasis::kCompute:
                estimate_from_compute(claim.stated, out);
                break;
            case ClaimBasis::kPower:
                estimate_from_power(claim.stated, out);
                break;
        }
        add_stated_checks(claim, out);
        return out;
    }

    // Chips (or servers x GPUs per server) of a named chip: compute at that chip's rate.
    void estimate_from_chips(const Claim& claim, ClaimEstimate& out) const {
        const Stated& stated = claim.stated;
        const double count = *stated_chip_count(claim);
        out.chips = Range::exact(count);
        const Rate chip_rate = rate(*stated.chip, out.precision);
        if (chip_rate.tflops) {
            out.compute_pflops = Range::exact(count * *chip_rate.tflops / 1000.0);
        } else {
            out.notes.push_back(*stated.chip + " has no published " +
                                std::string(precision_name(out.precision)) +
                                " rate: no compute figure");
        }
        add_equivalents(out, out.compute_pflops, stated.chip);
        add_by_metric(out, *stated.chip, count);
        add_power_from_chips(out, *stated.chip, *out.chips);
    }

    // Compute: dense compute by the stated sparsity, then chips and power of the named (or
    // reference) chip.
    void estimate_from_compute(const Stated& stated, ClaimEstimate& out) const {
        const ComputeStatement& compute = *stated.compute;
        switch (compute.sparsity) {
            case Sparsity::kDense:
                out.compute_pflops = Range::exact(compute.pflops);
                break;
            case Sparsity::kSparse:
                out.compute_pflops = Range::exact(compute.pflops / 2);
                out.notes.push_back("stated as a 2:4-sparse figure: dense compute is half");
                break;
            case Sparsity::kUnknown:
                out.compute_pflops = Range{compute.pflops / 2, compute.pflops, compute.pflops};
                out.notes.push_back(
                    "sparsity unknown: low reads the figure as a sparse datasheet headline "
                    "(dense = half), central and high as dense (the convention for Chinese "
                    "'P' claims)");
                break;
        }
        add_equivalents(out, out.compute_pflops);
        const std::string chip_id = stated.chip.value_or(assumptions_.reference_chip);
        const Rate chip_rate = rate(chip_id, out.precision);
        if (chip_rate.tflops) {
            out.chips = *out.compute_pflops * 1000.0 / *chip_rate.tflops;
            if (!stated.chip)
                out.notes.push_back("power assumes " + chip_id + " chips (the reference chip)");
            add_power_from_chips(out, chip_id, *out.chips);
        }
    }

    // Power: IT megawatts per the stated basis; chips per target from IT watts per chip.
    void estimate_from_power(const Stated& stated, ClaimEstimate& out) const {
        const PowerStatement& power = *stated.power;
        const Range it_mw = it_megawatts(power);
        out.power_it_mw = it_mw;
        out.power_mw = facility_megawatts(it_mw);
        if (power.basis == PowerBasis::kFacility) out.power_mw = Range::exact(power.mw);
        if (power.basis == PowerBasis::kUnknown) {
            out.power_mw = Range{power.mw, power.mw, power.mw * assumptions_.pue.range.high};
            out.notes.push_back(
                "power basis unknown: low and central read it as facility power, high as "
                "IT power");
        }
        for (std::size_t t = 0; t < options_.targets.size(); ++t) {
            const auto& it_w = target_it_watts_[t];
            if (!it_w) {
                out.equivalents.emplace_back(std::nullopt);
                out.notes.push_back(options_.targets[t] +
                                    " has no TDP or server power: no chips from power");
                continue;
            }
            out.equivalents.emplace_back((it_mw * 1e6).divided_by(*it_w));
        }
        const std::string chip_id = stated.chip.value_or(assumptions_.reference_chip);
        if (const auto it_w = it_watts_per_chip(profile(chip_id), assumptions_)) {
            out.chips = (it_mw * 1e6).divided_by(*it_w);
            const Rate chip_rate = rate(chip_id, out.precision);
            if (chip_rate.tflops) out.compute_pflops = *out.chips * (*chip_rate.tflops / 1000.0);
            if (!stated.chip)
                out.notes.push_back("compute assumes " + chip_id + " chips (the reference chip)");
        }
    }

    void add_stated_checks(const Claim& claim, ClaimEstimate& e) const {
        const Stated& s = claim.stated;
        const double tol = assumptions_.check_tolerance;
        if (s.chips && s.servers) {
            const int gps = gpus_per_server(claim);
            e.checks.push_back(make_check(
                "servers_vs_chips", *s.servers * gps, *s.chips, tol,
                figure_text(*s.servers) + " servers x " + std::to_string(gps) + " GPUs"));
        }
        const auto count = stated_chip_count(claim);
        if (s.compute && count && s.chip) {
            const auto peak = profile(*s.chip).peak(s.compute->precision);
            if (peak) {
                const double implied = *count * *peak / 1000.0;
                const double dense = s.compute->sparsity == Sparsity::kSparse
                                         ? s.compute->pflops / 2
                                         : s.compute->pflops;
                Check check =
                    make_check("compute_vs_chips", implied, dense, tol,
                               figure_text(*count) + " " + *s.chip + " at dense " +
                                   std::string(precision_name(s.compute->precision)) + " = PFLOPS");
                if (!check.ok && s.compute->sparsity == Sparsity::kUnknown) {
                    Check sparse =
                        make_check("compute_vs_chips", implied, s.compute->pflops / 2, tol,
                                   figure_text(*count) + " " + *s.chip +
                                       " against the sparse reading (half the stated PFLOPS)");
                    if (sparse.ok) check = sparse;
                }
                e.checks.push_back(check);
            }
        }
        if (s.power && count && s.chip) {
            if (const auto it_w = it_watts_per_chip(profile(*s.chip), assumptions_)) {
                const Range it = it_megawatts_of(Range::exact(*count), *it_w);
                const Range facility = facility_megawatts(it);
                const bool is_it = s.power->basis == PowerBasis::kIt;
                const Range expected = is_it ? it : facility;
                Check check;
                check.kind = "power_vs_chips";
                check.derived = expected.central;
                check.stated = s.power->mw;
                check.deviation = deviation(expected.central, s.power->mw);
                check.ok = s.power->mw >= expected.low * (1 - tol) &&
                           s.power->mw <= expected.high * (1 + tol);
                if (s.power->basis == PowerBasis::kUnknown) {
                    check.ok = check.ok || (s.power->mw >= it.low * (1 - tol) &&
                                            s.power->mw <= it.high * (1 + tol));
                }
                check.detail = figure_text(*count) + " " + *s.chip + " draw " +
                               figure_text(expected.low) + "-" + figure_text(expected.high) +
                               " MW " + (is_it ? "IT" : "facility") + " against stated " +
                               figure_text(s.power->mw) + " MW" +
                               (check.ok ? " (consistent)" : " (outside the range)");
                e.checks.push_back(check);
            }
        }
    }

    // A whole against the sum of its parts: chips, servers and compute, where all parts have them.
    void add_part_checks(Estimate& out) const {
        const double tol = assumptions_.check_tolerance;
        for (ClaimEstimate& whole : out.claims) {
            const Claim& claim = *whole.claim;
            if (claim.parts.empty()) continue;
            auto sum_parts = [&](auto value_of) -> std::optional<double> {
                double sum = 0;
                for (const std::size_t part : claim.parts) {
                    const auto v = value_of(part);
                    if (!v) return std::nullopt;
                    sum += *v;
                }
                return sum;
            };
            auto add = [&](const char* kind, const char* what, std::optional<double> parts,
                           std::optional<double> stated) {
                if (!parts || !stated) return;
                const std::string label =
                    std::to_string(claim.parts.size()) + " parts sum to " + std::string(what);
                Check check = make_check(kind, *parts, *stated, tol, label);
                if (!claim.parts_cover_all) {
                    // The parts are some of the whole: they may sum to less, never to much more.
                    check.ok = *parts <= *stated * (1 + tol);
                    check.detail = "listed parts (some of the whole) sum to " + std::string(what) +
                                   ": " + figure_text(*parts) + " against stated " +
                                   figure_text(*stated) +
                                   (check.ok ? " (within the whole)" : " (exceed the whole)");
                }
                whole.checks.push_back(check);
            };
            // out.claims[i] estimates claims_.claims[i], so a part's index finds both.
            add("parts_chips", "chips",
                sum_parts([&](std::size_t i) { return stated_chip_count(claims_.claims[i]); }),
                stated_chip_count(claim));
            add("parts_servers", "servers",
                sum_parts([&](std::size_t i) { return claims_.claims[i].stated.servers; }),
                claim.stated.servers);
            if (claim.stated.compute && !claim.stated.chips && !claim.stated.servers) {
                auto compute_of = [&](std::size_t i) -> std::optional<double> {
                    const ClaimEstimate& e = out.claims[i];
                    if (e.compute_pflops && e.precision == whole.precision)
                        return e.compute_pflops->central;
                    return std::nullopt;
                };
                add("parts_compute", "PFLOPS", sum_parts(compute_of),
                    whole.compute_pflops ? std::optional(whole.compute_pflops->central)
                                         : std::nullopt);
            }
        }
    }

    Totals totals(const Estimate& out) const {
        Totals t;
        t.equivalents.assign(options_.targets.size(), Range{});
        std::set<std::size_t> incomplete;  // targets with no equivalent for some claim
        bool any_compute = false;
        Range compute{};
        Range power{};
        bool any_power = false;
        for (const ClaimEstimate& e : out.claims) {
            if (e.claim->part_of) continue;
            t.claims.push_back(e.claim->id);
            if (e.compute_pflops && e.precision == options_.precision) {
                compute = compute + *e.compute_pflops;
                any_compute = true;
            } else if (e.compute_pflops) {
                t.notes.push_back("claim '" + e.claim->id + "' is stated at " +
                                  std::string(precision_name(e.precision)) +
                                  ": its compute is not added to the " +
                                  std::string(precision_name(options_.precision)) + " total");
            }
            if (e.power_mw) {
                power = power + *e.power_mw;
                any_power = true;
            } else {
                t.notes.push_back("claim '" + e.claim->id +
                                  "' has no power estimate: the power total leaves it out");
            }
            for (std::size_t i = 0; i < e.equivalents.size(); ++i) {
                if (e.equivalents[i]) {
                    t.equivalents[i] = *t.equivalents[i] + *e.equivalents[i];
                } else {
                    incomplete.insert(i);
                }
            }
        }
        for (const std::size_t i : incomplete) {
            t.equivalents[i].reset();
            t.notes.push_back(options_.targets[i] +
                              ": at least one claim has no equivalent, so there is no total");
        }
        if (any_compute) t.compute_pflops = compute;
        if (any_power) t.power_mw = power;
        return t;
    }

    const ClaimSet& claims_;
    const ProfileSet& profiles_;
    const Assumptions& assumptions_;
    const EstimateOptions& options_;
    std::vector<std::optional<Range>> target_it_watts_;
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
        out.push_back({id, s.precision, *s.sustained->tflops_median(), source.path, source.sha256});
    }
    return out;
}

std::vector<Measurement> load_measurements(const std::vector<std::string>& paths,
                                           const ProfileSet& profiles) {
    std::vector<Measurement> out;
    for (const std::string& path : paths) {
        const std::string text = read_text_file(path);
        const auto found =
            measurements_from(parse_result(text, path), named_input(path, text), profiles);
        out.insert(out.end(), found.begin(), found.end());
    }
    return out;
}

void check_estimate_figures(const Estimate& e, const std::string& origin) {
    const auto check = [&origin](double value, const std::string& where) {
        if (std::isfinite(value) && std::fabs(value) <= kMaxEstimateFigure) return;
        throw InputError(origin + ": " + where + ": the estimate comes to " +
                         format_number(value, 0) + ", beyond any plausible figure (limit " +
                         format_plain(kMaxEstimateFigure) +
                         "); check the chip profiles and assumptions for implausible values");
    };
    const auto check_range = [&check](const std::optional<Range>& range, const std::string& where) {
        if (!range) return;
        for (const double value : {range->low, range->central, range->high}) check(value, where);
    };
    const auto& targets = e.options.targets;
    for (const ClaimEstimate& c : e.claims) {
        const std::string claim = "claim '" + c.claim->id + "'";
        check_range(c.chips, claim + ": chips");
        check_range(c.compute_pflops, claim + ": compute_pflops");
        check_range(c.power_mw, claim + ": power_mw");
        check_range(c.power_it_mw, claim + ": power_it_mw");
        for (std::size_t t = 0; t < c.equivalents.size(); ++t)
            check_range(c.equivalents[t], claim + ": equivalents of " + targets[t]);
        for (const auto& [metric, values] : c.by_metric) {
            for (std::size_t t = 0; t < values.size(); ++t) {
                if (values[t])
                    check(*values[t], claim + ": by_metric." + metric + " of " + targets[t]);
            }
        }
        for (const Check& k : c.checks) {
            for (const double value : {k.derived, k.stated, k.deviation})
                check(value, claim + ": check " + k.kind);
        }
    }
    check_range(e.totals.compute_pflops, "totals: compute_pflops");
    check_range(e.totals.power_mw, "totals: power_mw");
    for (std::size_t t = 0; t < e.totals.equivalents.size(); ++t)
        check_range(e.totals.equivalents[t], "totals: equivalents of " + targets[t]);
}

Estimate estimate(const ClaimSet& claims, const ProfileSet& profiles,
                  const Assumptions& assumptions, const EstimateOptions& options) {
    for (const std::string& id : options.targets) profiles.get(id, "--targets");
    profiles.get(assumptions.reference_chip, assumptions.origin + ": field 'reference_chip.value'");
    return Estimator(claims, profiles, assumptions, options).run();
}

}  // namespace chipcount
