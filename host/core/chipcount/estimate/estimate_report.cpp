#include "chipcount/estimate/estimate_report.hpp"
#include "chipcount/io/json_write.hpp"

#include "chipcount/io/file_names.hpp"

#include <algorithm>
#include <functional>
#include <unordered_set>

namespace chipcount {
namespace {

using ojson = nlohmann::ordered_json;

ojson range_json(const std::optional<Range>& range) {
    if (!range) return nullptr;
    ojson out = {{"low", range->low}, {"central", range->central}, {"high", range->high}};
    // Written only when set: a closed range reads as it always has.
    if (range->open_below) out["open_below"] = true;
    if (range->open_above) out["open_above"] = true;
    return out;
}

ojson per_target_json(const std::vector<std::string>& targets, const PerTarget& values) {
    ojson out = ojson::object();
    for (std::size_t i = 0; i < values.size(); ++i) out[targets[i]] = range_json(values[i]);
    return out;
}

ojson group_json(const Estimate& e, const TotalGroup& g) {
    return {{"label", g.label},
            {"claims", g.claims},
            {"compute_pflops", range_json(g.compute_pflops)},
            {"equivalents", per_target_json(e.options.targets, g.equivalents)},
            {"bandwidth_equivalents", per_target_json(e.options.targets, g.bandwidth_equivalents)},
            {"power_mw", range_json(g.power_mw)},
            {"notes", g.notes}};
}

ojson inference_json(const ChipInference& inference) {
    const auto fits = [](const std::vector<ChipFit>& list) {
        ojson out = ojson::array();
        for (const ChipFit& fit : list)
            out.push_back({{"chip", fit.chip}, {"tflops", fit.tflops}, {"deviation", fit.deviation}});
        return out;
    };
    return {{"precision", std::string(precision_name(inference.precision))},
            {"per_card_tflops", range_json(inference.per_card_tflops)},
            {"dense", inference.dense_reading ? fits(inference.dense) : ojson(nullptr)},
            {"sparse", inference.sparse_reading ? fits(inference.sparse) : ojson(nullptr)}};
}

// A range's central figure, with its open side said: "115,000 or more", "up to 72,000".
std::string central_text(const std::optional<Range>& range) {
    if (!range) return "—";
    Range central = Range::exact(range->central);
    central.open_above = range->open_above;
    central.open_below = range->open_below;
    return format_range(central, 0);
}

std::string short_id(const std::string& id) {
    // Column headers: drop the vendor prefix ("nvidia-h100-sxm" -> "h100-sxm").
    const auto dash = id.find('-');
    return dash == std::string::npos ? id : id.substr(dash + 1);
}

}  // namespace

namespace {

// Indents every line after the first by `spaces`, so a dumped value nests inside the document.
std::string indent_nested(const std::string& text, std::size_t spaces) {
    std::string out;
    out.reserve(text.size() + text.size() / 8);
    const std::string pad(spaces, ' ');
    for (const char c : text) {
        out += c;
        if (c == '\n') out += pad;
    }
    return out;
}

// {"draws", "seed", "claims": {id: {figure: percentiles or {target: percentiles}}}, "totals"}
ojson monte_carlo_json(const MonteCarlo& mc) {
    ojson out;
    out["draws"] = mc.draws;
    out["seed"] = mc.seed;
    out["claims"] = ojson::object();
    out["totals"] = ojson::object();
    for (const FigurePercentiles& f : mc.figures) {
        ojson p = {{"p5", f.p.p5}, {"p50", f.p.p50}, {"p95", f.p.p95}};
        if (f.p.open_below) p["open_below"] = true;
        if (f.p.open_above) p["open_above"] = true;
        ojson& owner = f.claim.empty() ? out["totals"] : out["claims"][f.claim];
        if (f.target.empty()) {
            owner[f.figure] = p;
        } else {
            owner[f.figure][f.target] = p;
        }
    }
    return out;
}

// Chip-hours as chip-months ("how many 910B-months").
PerTarget months_of(const PerTarget& hours) {
    PerTarget months;
    for (const auto& h : hours) months.push_back(h ? std::optional<Range>(*h / kHoursPerMonth) : std::nullopt);
    return months;
}

ojson ratio_json(const RatioStatement& stated, const RatioResult& r) {
    ojson out;
    out["metric"] = std::string(name_of(kRatioMetricNames, stated.metric));
    out["precision"] = stated.metric == RatioMetric::kCompute
                           ? ojson(std::string(precision_name(stated.precision)))
                           : ojson(nullptr);
    out["unit"] = r.unit;
    out["verdict"] = std::string(name_of(kRatioVerdictNames, r.verdict));
    out["summary"] = r.summary;
    out["pairs"] = ojson::array();
    for (const RatioPair& p : r.pairs) {
        out["pairs"].push_back({{"of", p.of},
                                {"to", p.to},
                                {"of_value", p.of_value},
                                {"to_value", p.to_value},
                                {"ratio", p.ratio},
                                {"holds", p.holds},
                                {"judged", p.judged}});
    }
    out["lacking"] = r.lacking;
    return out;
}

ojson claim_json(const Estimate& e, const ClaimEstimate& c) {
    const Claim& source = *c.claim;
    ojson claim;
    claim["id"] = source.id;
    claim["name"] = source.name;
    claim["region"] = source.region;
    claim["source"] = source.source;
    claim["part_of"] = optional_json(source.part_of);
    claim["subset_of"] = optional_json(source.subset_of);
    ojson parts = ojson::array();
    for (const std::size_t part : source.parts) parts.push_back(e.claims[part].claim->id);
    claim["parts"] = parts;
    claim["project"] = optional_json(source.project);
    claim["phase"] = text_or_null(source.phase);
    claim["status"] = std::string(name_of(kClaimStatusNames, source.status));
    claim["date"] = source.date ? ojson{{"kind", std::string(name_of(kDateKindNames, source.date->kind))},
                                        {"text", source.date->text},
                                        {"end", source.date->end}}
                                : ojson(nullptr);
    claim["stated"] = source.stated_json;
    claim["basis"] = std::string(claim_basis_name(c.basis));
    claim["precision"] = std::string(precision_name(c.precision));
    claim["chips"] = range_json(c.chips);
    claim["compute_pflops"] = range_json(c.compute_pflops);
    claim["equivalents"] = per_target_json(e.options.targets, c.equivalents);
    ojson missing = ojson::object();
    for (std::size_t t = 0; t < c.missing.size(); ++t) {
        if (!c.missing[t].empty()) missing[e.options.targets[t]] = c.missing[t];
    }
    claim["missing"] = missing;
    // by_metric keeps its version-1 form, central figures; the bandwidth-bound equivalents, the
    // ones analysts compare with compute, come whole beside it.
    ojson by_metric = ojson::object();
    for (const auto& [metric, values] : c.by_metric) {
        ojson per = ojson::object();
        for (std::size_t t = 0; t < values.size(); ++t) {
            per[e.options.targets[t]] =
                values[t] ? ojson(values[t]->central) : ojson(nullptr);
        }
        by_metric[metric] = per;
        if (metric == "memory_bandwidth")
            claim["bandwidth_equivalents"] = per_target_json(e.options.targets, values);
    }
    claim["by_metric"] = by_metric;
    claim["power_mw"] = range_json(c.power_mw);
    claim["power_it_mw"] = range_json(c.power_it_mw);
    claim["inference"] = c.inference ? inference_json(*c.inference) : ojson(nullptr);
    claim["money"] = ojson::array();
    for (const MoneyEstimate& m : c.money) {
        claim["money"].push_back({{"market", std::string(name_of(kMarketNames, m.market))},
                                  {"year", m.year},
                                  {"stated_usd", range_json(m.stated_usd)},
                                  {"chips_usd", range_json(m.chips_usd)},
                                  {"hardware_usd", range_json(m.hardware_usd)},
                                  {"capex_usd", range_json(m.capex_usd)},
                                  {"prices", m.prices}});
    }
    claim["ratio"] = c.ratio ? ratio_json(*c.claim->stated.ratio, *c.ratio) : ojson(nullptr);
    claim["training"] = nullptr;
    if (c.training) {
        const TrainingEstimate& t = *c.training;
        claim["training"] = {
            {"precision", std::string(precision_name(c.claim->stated.training->precision))},
            {"flop_basis", text_or_null(t.flop_basis)},
            {"flop", range_json(t.flop)},
            {"flop_stated", range_json(t.flop_stated)},
            {"flop_6nd", range_json(t.flop_6nd)},
            {"flop_hardware", range_json(t.flop_hardware)},
            {"chip_hours", range_json(t.chip_hours)},
            {"utilization_implied", range_json(t.utilization_implied)},
            {"hours", per_target_json(e.options.targets, c.training_hours)},
            {"months", per_target_json(e.options.targets, months_of(c.training_hours))}};
    }
    claim["estimated_figures"] = ojson::array();
    for (const EstimatedFigure& f : c.estimated_figures) {
        claim["estimated_figures"].push_back({{"chip", f.chip},
                                              {"field", f.field},
                                              {"affects", std::string(name_of(kAffectsNames, f.affects))},
                                              {"target_only", f.target_only}});
    }
    claim["checks"] = ojson::array();
    for (const Check& check : c.checks) {
        claim["checks"].push_back({{"kind", check.kind},
                                   {"ok", check.ok},
                                   {"derived", check.derived},
                                   {"stated", check.stated},
                                   {"deviation", check.deviation},
                                   {"detail", check.detail}});
    }
    claim["notes"] = c.notes;
    return claim;
}

}  // namespace

EstimateInput estimate_input(const ClaimSet& claims) {
    // Inline claims have no file: their origin ("command line") is kept as it is.
    if (claims.sha256.empty()) return {claims.origin, ""};
    return {portable_path(claims.origin), claims.sha256};
}

void write_estimate_json(const Estimate& e, const Assumptions& assumptions,
                         const EstimateInput& input, const ojson& tool,
                         const std::function<void(std::string_view)>& sink) {
    ojson head;
    head["format"] = "chipcount.estimate";
    head["version"] = 1;
    head["tool"] = tool;
    head["input"] = {{"path", input.path}, {"sha256", text_or_null(input.sha256)}};
    ojson a;
    a["precision"] = rate_basis_name(e.options);
    a["basis"] = e.options.measured_basis ? "measured" : "spec";
    a["file"] = portable_path(assumptions.origin);
    for (const auto& [key, value] : assumptions.document.items()) {
        if (key != "format" && key != "version") a[key] = value;
    }
    head["assumptions"] = a;
    if (assumptions.prices) {
        ojson prices;
        prices["file"] = portable_path(assumptions.prices->origin);
        for (const auto& [key, value] : assumptions.prices->document.items()) {
            if (key != "format" && key != "version") prices[key] = value;
        }
        head["prices"] = prices;
    }
    head["targets"] = e.options.targets;
    ojson rates = ojson::object();
    for (const auto& [id, rate] : e.target_rates) {
        rates[id] = {{"tflops", optional_json(rate.tflops)},
                     {"basis", rate.basis},
                     {"source", rate.source},
                     {"source_sha256", text_or_null(rate.source_sha256)},
                     {"fallback", text_or_null(rate.fallback)},
                     {"confidence", rate.confidence}};
    }
    head["target_rates"] = rates;
    std::string text = head.dump(2);
    text.resize(text.size() - 2);  // drop the closing "\n}": the claims and totals follow
    sink(text);
    sink(",\n  \"claims\": [");
    for (std::size_t i = 0; i < e.claims.size(); ++i) {
        sink(i == 0 ? "\n    " : ",\n    ");
        sink(indent_nested(claim_json(e, e.claims[i]).dump(2), 4));
    }
    ojson totals = group_json(e, e.totals);
    totals.erase("label");
    totals["by_status"] = ojson::array();
    for (const TotalGroup& g : e.totals.by_status) totals["by_status"].push_back(group_json(e, g));
    totals["by_date"] = ojson::array();
    for (const TotalGroup& g : e.totals.by_date) totals["by_date"].push_back(group_json(e, g));
    sink("\n  ],\n  \"totals\": ");
    sink(indent_nested(totals.dump(2), 2));
    if (e.monte_carlo) {
        sink(",\n  \"monte_carlo\": ");
        sink(indent_nested(monte_carlo_json(*e.monte_carlo).dump(2), 2));
    }
    sink("\n}\n");
}

std::string estimate_json_text(const Estimate& e, const Assumptions& assumptions,
                               const EstimateInput& input, const ojson& tool) {
    std::string out;
    write_estimate_json(e, assumptions, input, tool,
                        [&out](std::string_view piece) { out.append(piece); });
    return out;
}

namespace {

// How a range is bounded, for CSV: "at_least" (open above), "at_most", "unbounded" or "".
std::string bound_word(const Range& range) {
    if (range.open_above && range.open_below) return "unbounded";
    if (range.open_above) return "at_least";
    if (range.open_below) return "at_most";
    return "";
}

const PerTarget* metric_of(const ClaimEstimate& c, const std::string& metric) {
    for (const auto& [name, values] : c.by_metric) {
        if (name == metric) return &values;
    }
    return nullptr;
}

const PerTarget* equivalents_of(const ClaimEstimate& c) {
    return &c.equivalents;
}

const PerTarget* bandwidth_of(const ClaimEstimate& c) {
    return metric_of(c, "memory_bandwidth");
}

// "rests on estimated profile figures: huawei-ascend-910c tdp_w"; empty for none.
std::string estimated_note(const std::vector<const EstimatedFigure*>& figures) {
    std::vector<std::string> named;
    for (const EstimatedFigure* f : figures) {
        const std::string name = f->chip + " " + f->field;
        if (std::find(named.begin(), named.end(), name) == named.end()) named.push_back(name);
    }
    std::string out;
    for (const std::string& name : named) out += (out.empty() ? "" : ", ") + name;
    return out.empty() ? "" : "rests on estimated profile figures: " + out;
}

constexpr const char* kTotalEstimateNote =
    "rests on estimated profile figures of the claims it adds up";

// A table cell resting on an estimated profile figure is marked so.
constexpr const char* kEstimateMark = " *";
constexpr const char* kEstimateLegend = "; * rests on a profile figure marked estimate (see notes)";

using ValuesOf = std::function<const PerTarget*(const ClaimEstimate&)>;

// Per target: whether a group's total rests on an estimated profile figure, that is whether a
// claim it adds up has a value there that does. One pass over the claims.
std::vector<bool> total_marks(const Estimate& e, const TotalGroup& g, const ValuesOf& values_of,
                              Affects affects) {
    std::vector<bool> marks(e.options.targets.size(), false);
    const std::unordered_set<std::string_view> added(g.claims.begin(), g.claims.end());
    for (const ClaimEstimate& c : e.claims) {
        if (c.estimated_figures.empty() || !added.count(c.claim->id)) continue;
        const PerTarget* values = values_of(c);
        for (std::size_t t = 0; t < marks.size(); ++t) {
            if (values && (*values)[t] &&
                !estimated_figures_of(c, affects, e.options.targets[t]).empty())
                marks[t] = true;
        }
    }
    return marks;
}

// A money estimate's figures, by the names CSV and JSON give them.
std::vector<std::pair<std::string, std::optional<Range>>> money_figures(const MoneyEstimate& m) {
    return {{"stated_usd", m.stated_usd},
            {"chips_usd", m.chips_usd},
            {"hardware_usd", m.hardware_usd},
            {"capex_usd", m.capex_usd}};
}

// "china market, 2024 prices"
std::string money_label(const MoneyEstimate& m) {
    return std::string(name_of(kMarketNames, m.market)) + " market, " + std::to_string(m.year) +
           " prices";
}

// What the claims' money buys, and what their chips cost, in billions of US dollars.
Table money_table(const Estimate& e) {
    Table table;
    table.title =
        "Money, billions of US dollars: central (low-high); chips at their quoted prices, "
        "hardware with servers and network, capex the whole project";
    table.header = {"claim", "market", "stated", "chips", "hardware", "capex", "prices used"};
    table.right_aligned = {false, false, true, true, true, true, false};
    const auto billions = [](const std::optional<Range>& r) {
        return r ? format_range(*r / 1e9, 2) : std::string("—");
    };
    for (const ClaimEstimate& c : e.claims) {
        for (const MoneyEstimate& m : c.money) {
            std::string prices;
            for (const std::string& p : m.prices) prices += (prices.empty() ? "" : "; ") + p;
            table.rows.push_back({c.claim->id, money_label(m), billions(m.stated_usd),
                                  billions(m.chips_usd), billions(m.hardware_usd),
                                  billions(m.capex_usd), prices});
        }
    }
    return table;
}

// Training runs: their FLOP, the utilization their own figures imply, and the millions of hours of
// each target the same work takes.
Table training_table(const Estimate& e) {
    Table table;
    table.title = "Training runs: FLOP, and hours of each target for the same work (same "
                  "utilization): central (low-high)";
    table.header = {"claim", "FLOP", "from", "utilization"};
    table.right_aligned = {false, true, false, true};
    for (const std::string& id : e.options.targets) {
        table.header.push_back(short_id(id) + " hours");
        table.right_aligned.push_back(true);
    }
    for (const ClaimEstimate& c : e.claims) {
        if (!c.training) continue;
        const TrainingEstimate& t = *c.training;
        std::vector<std::string> row = {
            c.claim->id, t.flop ? flop_text(*t.flop) : "—",
            t.flop_basis.empty() ? "—" : t.flop_basis,
            t.utilization_implied ? format_percent(t.utilization_implied->central) : "—"};
        for (const auto& hours : c.training_hours)
            row.push_back(format_range(hours, hours && hours->central < 100 ? 2 : 0));
        table.rows.push_back(std::move(row));
    }
    return table;
}

// The Monte-Carlo percentiles, a row per figure: p50 (p5-p95).
Table monte_carlo_table(const Estimate& e) {
    Table table;
    if (!e.monte_carlo) return table;
    const MonteCarlo& mc = *e.monte_carlo;
    table.title = "Monte-Carlo: p50 (p5-p95) of " + std::to_string(mc.draws) + " draws, seed " +
                  std::to_string(mc.seed) +
                  " (every assumption drawn from its range; dense and facility readings)";
    table.header = {"claim", "figure", "target", "p50 (p5-p95)"};
    table.right_aligned = {false, false, false, true};
    for (const FigurePercentiles& f : mc.figures) {
        const Range r{f.p.p5, f.p.p50, f.p.p95, f.p.open_below, f.p.open_above};
        table.rows.push_back({f.claim.empty() ? "TOTAL" : f.claim, f.figure, short_id(f.target),
                              format_range(r, r.central < 100 ? 2 : 0)});
    }
    return table;
}

// CSV is long form: a row per claim, target and metric (and the totals), plain numbers.
Table long_form_table(const Estimate& e) {
    Table long_form;
    long_form.header = {"claim", "target", "metric", "basis", "precision",
                        "low",   "central", "high",  "bound", "note"};
    // note_of(i): the note on target i's row.
    const auto add_rows = [&](const std::string& claim, const std::string& metric,
                              const std::string& basis, const std::string& precision,
                              const PerTarget& values,
                              const std::function<std::string(std::size_t)>& note_of) {
        for (std::size_t i = 0; i < values.size(); ++i) {
            const auto& range = values[i];
            long_form.rows.push_back({claim, e.options.targets[i], metric, basis, precision,
                                      range ? format_plain(range->low) : "",
                                      range ? format_plain(range->central) : "",
                                      range ? format_plain(range->high) : "",
                                      range ? bound_word(*range) : "", note_of(i)});
        }
    };
    const auto resting = [&e](const ClaimEstimate& c, const PerTarget& values, Affects affects) {
        return [&e, &c, &values, affects](std::size_t i) {
            return values[i] ? estimated_note(estimated_figures_of(c, affects, e.options.targets[i]))
                             : std::string();
        };
    };
    const std::string basis_precision = rate_basis_name(e.options);
    for (const ClaimEstimate& c : e.claims) {
        const std::string basis(claim_basis_name(c.basis));
        const auto estimated = resting(c, c.equivalents, Affects::kEquivalents);
        add_rows(c.claim->id, "compute", basis, std::string(precision_name(c.precision)),
                 c.equivalents,
                 [&](std::size_t i) { return c.equivalents[i] ? estimated(i) : c.missing[i]; });
        if (const PerTarget* bandwidth = metric_of(c, "memory_bandwidth"))
            add_rows(c.claim->id, "memory_bandwidth", basis, "", *bandwidth,
                     resting(c, *bandwidth, Affects::kBandwidthEquivalents));
        if (c.training)
            add_rows(c.claim->id, "training_hours", basis,
                     std::string(precision_name(c.claim->stated.training->precision)),
                     c.training_hours, [](std::size_t) { return std::string(); });
        // Money has no target: a row per market and figure, the market in the note.
        for (const MoneyEstimate& m : c.money) {
            for (const auto& [metric, range] : money_figures(m)) {
                if (!range) continue;
                long_form.rows.push_back({c.claim->id, "", metric, basis, "",
                                          format_plain(range->low), format_plain(range->central),
                                          format_plain(range->high), bound_word(*range),
                                          money_label(m)});
            }
        }
    }
    // The Monte-Carlo percentiles: p5, p50 and p95 in low, central and high.
    if (e.monte_carlo) {
        const std::string note = "p5, p50, p95 of " + std::to_string(e.monte_carlo->draws) +
                                 " draws, seed " + std::to_string(e.monte_carlo->seed);
        for (const FigurePercentiles& f : e.monte_carlo->figures) {
            const Range r{f.p.p5, f.p.p50, f.p.p95, f.p.open_below, f.p.open_above};
            long_form.rows.push_back({f.claim.empty() ? "TOTAL" : f.claim, f.target,
                                      f.figure + " (monte carlo)", "", "", format_plain(r.low),
                                      format_plain(r.central), format_plain(r.high),
                                      bound_word(r), note});
        }
    }
    const auto total_notes = [&e](const PerTarget& values, const ValuesOf& values_of,
                                  Affects affects) {
        return [marks = total_marks(e, e.totals, values_of, affects), &values](std::size_t i) {
            return values[i] && marks[i] ? std::string(kTotalEstimateNote) : std::string();
        };
    };
    add_rows("TOTAL", "compute", "", basis_precision, e.totals.equivalents,
             total_notes(e.totals.equivalents, equivalents_of, Affects::kEquivalents));
    add_rows("TOTAL", "memory_bandwidth", "", "", e.totals.bandwidth_equivalents,
             total_notes(e.totals.bandwidth_equivalents, bandwidth_of,
                         Affects::kBandwidthEquivalents));
    return long_form;
}

std::string indent_of(const Claim& claim) {
    return claim.top_level() ? "" : "  ";
}

// What a claim states, in its own words where it gave them: "more than 115,000 H100 or H200
// chips; more than 14,000 servers".
std::string stated_summary(const Claim& claim) {
    const Stated& s = claim.stated;
    std::vector<std::string> parts;
    const auto text = [](const Amount& a) { return a.text.empty() ? format_number(a.value, 0) : a.text; };
    // A mix part by part: "3,000 H800, 20% H100, H20".
    bool mix = false;
    std::string parts_text;
    for (const HardwarePart& part : s.hardware) {
        const std::string count = part.chips   ? text(*part.chips) + " "
                                  : part.share ? (part.share->text.empty()
                                                      ? format_percent(part.share->value)
                                                      : part.share->text) +
                                                     " "
                                               : "";
        mix = mix || !count.empty();
        parts_text += (parts_text.empty() ? "" : ", ") + count + part.name;
    }
    const std::string hardware = mix ? parts_text : s.hardware_text;
    // Unnamed cards are the count as written ("4万卡", "40,000 cards").
    const std::string chips = hardware.empty() ? "" : (mix ? " chips: " : " ") + hardware;
    if (s.chips) parts.push_back(text(*s.chips) + chips);
    if (s.servers) {
        const std::string of = s.chips || hardware.empty() ? ""
                               : mix                        ? ": " + hardware
                                                            : " of " + hardware;
        parts.push_back(text(*s.servers) + " servers" + of);
    }
    if (!s.chips && !s.servers && !s.hardware.empty()) parts.push_back(hardware);
    if (s.compute) {
        const std::string& t = s.compute->pflops.text;
        parts.push_back((t.empty() ? format_number(s.compute->pflops.value, 0) + " PFLOPS" : t) +
                        (s.compute->convention == ComputeConvention::kFp32Normalised
                             ? " (FP32-normalised)"
                             : ""));
    }
    if (s.power) {
        const std::string& t = s.power->mw.text;
        parts.push_back(t.empty() ? format_number(s.power->mw.value, 0) + " MW" : t);
    }
    if (s.money) {
        const Amount& m = s.money->amount;
        parts.push_back((m.text.empty() ? format_number(m.value, 0) + " " + s.money->currency : m.text) +
                        " (" + std::string(name_of(kMoneyCoversNames, s.money->covers)) + ")");
    }
    if (s.training) {
        const TrainingStatement& t = *s.training;
        if (t.chip_hours) parts.push_back(text(*t.chip_hours) + " GPU hours");
        if (t.flop) parts.push_back(text(*t.flop) + " FLOP");
        if (t.hours) parts.push_back("for " + text(*t.hours));
        if (t.parameters) parts.push_back(text(*t.parameters) + " parameters, " + text(*t.tokens) + " tokens");
    }
    if (s.ratio) {
        const RatioStatement& r = *s.ratio;
        parts.push_back(r.of.text + " / " + r.to.text + ": " +
                        (r.value.text.empty() ? format_number(r.value.value, 2) + "x" : r.value.text) +
                        " " + r.metric_text);
    }
    if (s.projects)
        parts.push_back(text(*s.projects) + (s.projects->bound == Bound::kExact && s.projects->value == 1
                                                 ? " project"
                                                 : " projects"));
    std::string out;
    for (const std::string& part : parts) out += (out.empty() ? "" : "; ") + part;
    return out;
}

Table claims_table(const Estimate& e) {
    Table claims;
    claims.title = "Claims (" + std::string(e.options.measured_basis ? "measured" : "spec") +
                   " basis, " + rate_basis_name(e.options) + "; ranges are low-high)";
    claims.header = {"claim", "stated", "basis", "compute PFLOPS", "power MW (facility)", "checks"};
    claims.right_aligned = {false, false, false, true, true, false};
    bool marked = false;
    // A claim-wide figure, marked when it rests on an estimated profile figure.
    const auto figure = [&marked](const ClaimEstimate& c, const std::optional<Range>& range,
                                  Affects affects, int decimals) {
        const bool estimated = range && !estimated_figures_of(c, affects).empty();
        marked = marked || estimated;
        return format_range(range, decimals) + (estimated ? kEstimateMark : "");
    };
    for (const ClaimEstimate& c : e.claims) {
        int flagged = 0;
        for (const Check& check : c.checks) flagged += check.ok ? 0 : 1;
        const std::string checks = c.checks.empty() ? ""
                                   : flagged == 0   ? std::to_string(c.checks.size()) + " ok"
                                                    : std::to_string(flagged) + " FLAGGED";
        claims.rows.push_back(
            {indent_of(*c.claim) + c.claim->id, stated_summary(*c.claim),
             std::string(claim_basis_name(c.basis)),
             figure(c, c.compute_pflops, Affects::kComputePflops,
                    c.compute_pflops && c.compute_pflops->central < 10 ? 2 : 0),
             figure(c, c.power_mw, Affects::kPowerMw, c.power_mw && c.power_mw->central < 1 ? 3 : 1),
             checks});
    }
    if (marked) claims.title += kEstimateLegend;
    return claims;
}

// A table of per-target ranges, a row per claim and one for the total.
Table per_target_table(const Estimate& e, const std::string& title, const ValuesOf& values_of,
                       Affects affects, const PerTarget& totals) {
    Table table;
    table.title = title;
    table.header = {"claim"};
    table.right_aligned = {false};
    for (const auto& id : e.options.targets) {
        table.header.push_back(short_id(id));
        table.right_aligned.push_back(true);
    }
    bool marked = false;
    for (const ClaimEstimate& c : e.claims) {
        std::vector<std::string> row = {indent_of(*c.claim) + c.claim->id};
        const PerTarget* values = values_of(c);
        for (std::size_t t = 0; t < e.options.targets.size(); ++t) {
            const auto& range = values ? (*values)[t] : std::nullopt;
            const bool estimated =
                range && !estimated_figures_of(c, affects, e.options.targets[t]).empty();
            row.push_back(format_range(range) + (estimated ? kEstimateMark : ""));
            marked = marked || estimated;
        }
        table.rows.push_back(row);
    }
    std::vector<std::string> total_row = {"TOTAL"};
    const std::vector<bool> marks = total_marks(e, e.totals, values_of, affects);
    for (std::size_t t = 0; t < totals.size(); ++t) {
        const bool estimated = totals[t] && marks[t];
        marked = marked || estimated;
        total_row.push_back(format_range(totals[t]) + (estimated ? kEstimateMark : ""));
    }
    table.rows.push_back(total_row);
    if (marked) table.title += kEstimateLegend;
    return table;
}


Table rates_table(const Estimate& e) {
    Table rates;
    rates.title = "Throughput used per target (TFLOPS at " + rate_basis_name(e.options) + ")";
    rates.header = {"target", "TFLOPS", "basis", "confidence", "source"};
    rates.right_aligned = {false, true, false, false, false};
    for (const auto& [id, rate] : e.target_rates) {
        rates.rows.push_back({id, format_optional(rate.tflops, 1),
                              rate.basis + (rate.fallback.empty() ? "" : " (" + rate.fallback + ")"),
                              rate.confidence, rate.source});
    }
    return rates;
}

std::string fits_text(const std::vector<ChipFit>& fits, bool reading) {
    if (!reading) return "(not read so)";
    if (fits.empty()) return "none";
    std::string out;
    for (const ChipFit& fit : fits) {
        out += (out.empty() ? "" : ", ") + short_id(fit.chip) + " " + format_number(fit.tflops, 0) +
               " (" + (fit.deviation >= 0 ? "+" : "") + format_percent(fit.deviation) + ")";
    }
    return out;
}

Table inference_table(const Estimate& e) {
    Table table;
    table.title = "Unnamed cards: profiled chips consistent with the per-card rate";
    table.header = {"claim", "per-card TFLOPS", "dense reading", "sparse reading"};
    for (const ClaimEstimate& c : e.claims) {
        if (!c.inference) continue;
        const ChipInference& inf = *c.inference;
        table.rows.push_back({c.claim->id,
                              format_range(inf.per_card_tflops, 0) + " " +
                                  std::string(precision_name(inf.precision)),
                              fits_text(inf.dense, inf.dense_reading),
                              fits_text(inf.sparse, inf.sparse_reading)});
    }
    return table;
}

bool has_time(const Claim& claim) {
    return claim.date || claim.status != ClaimStatus::kUnstated || !claim.phase.empty() ||
           claim.project;
}

Table timeline_table(const Estimate& e) {
    Table table;
    table.title = "Timeline";
    table.header = {"claim", "project", "phase", "status", "date", "stated", "compute PFLOPS"};
    table.right_aligned = {false, false, false, false, false, false, true};
    std::vector<const ClaimEstimate*> rows;
    for (const ClaimEstimate& c : e.claims) {
        if (has_time(*c.claim)) rows.push_back(&c);
    }
    std::stable_sort(rows.begin(), rows.end(), [](auto* a, auto* b) {
        const std::string da = a->claim->date ? a->claim->date->end : "~";
        const std::string db = b->claim->date ? b->claim->date->end : "~";
        return da < db;
    });
    for (const ClaimEstimate* c : rows) {
        const Claim& claim = *c->claim;
        const std::string date =
            claim.date ? std::string(claim.date->kind == DateKind::kAsOf ? "as of " : "planned by ") +
                             claim.date->text
                       : "";
        table.rows.push_back({claim.id, claim.project.value_or(""), claim.phase,
                              std::string(name_of(kClaimStatusNames, claim.status)), date,
                              stated_summary(claim), format_range(c->compute_pflops, 0)});
    }
    return table;
}

Table grouped_totals_table(const Estimate& e) {
    Table table;
    table.title = "Totals by status and by date (each project's latest figure; " +
                  short_id(e.options.targets.front()) + " equivalents)";
    table.header = {"group", "claims", "compute PFLOPS", short_id(e.options.targets.front()),
                    "power MW (facility)"};
    table.right_aligned = {false, false, true, true, true};
    const auto add = [&](const std::string& label, const TotalGroup& g) {
        std::string claims;
        for (const std::string& id : g.claims) claims += (claims.empty() ? "" : ", ") + id;
        table.rows.push_back({label, claims, format_range(g.compute_pflops, 0),
                              format_range(g.equivalents.front(), 0),
                              format_range(g.power_mw, 1)});
    };
    for (const TotalGroup& g : e.totals.by_status) add("status: " + g.label, g);
    for (const TotalGroup& g : e.totals.by_date) add("at " + g.label, g);
    return table;
}

Table checks_and_notes_table(const Estimate& e) {
    Table details;
    details.title = "Checks and notes";
    details.header = {"claim", "kind", "detail"};
    for (const ClaimEstimate& c : e.claims) {
        for (const Check& check : c.checks)
            details.rows.push_back(
                {c.claim->id, check.kind + (check.ok ? "" : " FLAG"), check.detail});
        for (const std::string& note : c.notes) details.rows.push_back({c.claim->id, "note", note});
        for (const EstimatedFigure& f : c.estimated_figures) {
            details.rows.push_back(
                {c.claim->id, "estimated figure",
                 f.chip + " " + f.field + " (marked estimate in its profile) feeds " +
                     std::string(name_of(kAffectsNames, f.affects)) +
                     (f.target_only ? " against " + short_id(f.chip) : " of the claim's chips")});
        }
        for (std::size_t t = 0; t < c.missing.size(); ++t) {
            if (!c.missing[t].empty())
                details.rows.push_back({c.claim->id, "no figure",
                                        short_id(e.options.targets[t]) + ": " + c.missing[t]});
        }
    }
    for (const std::string& note : e.totals.notes) details.rows.push_back({"TOTAL", "note", note});
    return details;
}

}  // namespace

std::string render_estimate(const Estimate& e, OutputFormat format) {
    if (format == OutputFormat::kCsv) return render(long_form_table(e), format);
    std::string out =
        render(claims_table(e), format) + "\n" +
        render(per_target_table(e, "Equivalent chips per target, by compute: central (low-high)",
                                equivalents_of, Affects::kEquivalents, e.totals.equivalents),
               format) +
        "\n" +
        render(per_target_table(e,
                                "Equivalent chips by memory bandwidth (decode-bound work): "
                                "central (low-high)",
                                bandwidth_of, Affects::kBandwidthEquivalents,
                                e.totals.bandwidth_equivalents),
               format) +
        "\n" + render(rates_table(e), format) + "\n";
    for (const Table& optional :
         {money_table(e), training_table(e), inference_table(e), timeline_table(e),
          grouped_totals_table(e), monte_carlo_table(e)}) {
        if (!optional.rows.empty()) out += render(optional, format) + "\n";
    }
    const Table details = checks_and_notes_table(e);
    if (!details.rows.empty()) out += render(details, format);
    return out;
}

Table claims_summary_table(const Estimate& e, const std::string& title) {
    Table summary;
    summary.title = title;
    summary.header = {"claim", "stated"};
    summary.right_aligned = {false, false};
    for (const auto& id : e.options.targets) {
        summary.header.push_back(id);
        summary.right_aligned.push_back(true);
    }
    for (const ClaimEstimate& c : e.claims) {
        if (!c.claim->top_level()) continue;
        // A ratio, or a training run without chips, converts nothing: its check says the rest.
        if (c.basis == ClaimBasis::kNone && (c.claim->stated.ratio || c.claim->stated.training))
            continue;
        std::vector<std::string> row = {c.claim->id, stated_summary(*c.claim)};
        for (const auto& range : c.equivalents) row.push_back(central_text(range));
        summary.rows.push_back(row);
    }
    return summary;
}

CheckCounts count_checks(const Estimate& e) {
    CheckCounts counts;
    for (const ClaimEstimate& c : e.claims) {
        for (const Check& check : c.checks) {
            ++counts.total;
            counts.flagged += check.ok ? 0 : 1;
        }
    }
    return counts;
}

}  // namespace chipcount
