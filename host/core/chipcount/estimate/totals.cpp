#include "chipcount/estimate/totals.hpp"

#include <algorithm>
#include <map>
#include <set>
#include <unordered_map>

namespace chipcount {
namespace {

using Members = std::vector<const ClaimEstimate*>;

// Up to five names and a count of the rest: a note must stay short for a million claims.
std::string some_of(const std::vector<std::string>& ids) {
    std::string out;
    for (std::size_t i = 0; i < ids.size() && i < 5; ++i)
        out += (i ? ", '" : "'") + ids[i] + "'";
    if (ids.size() > 5) out += " and " + std::to_string(ids.size() - 5) + " more";
    return out;
}

const PerTarget* bandwidth_of(const ClaimEstimate& e) {
    for (const auto& [metric, values] : e.by_metric) {
        if (metric == "memory_bandwidth") return &values;
    }
    return nullptr;
}

// Adds `value` into `sum`, or remembers the claim that has none.
void accumulate(std::optional<Range>& sum, const std::optional<Range>& value,
                const std::string& claim, std::vector<std::string>& without) {
    if (value) {
        sum = sum ? *sum + *value : *value;
    } else {
        without.push_back(claim);
    }
}

// A sum that leaves claims out is a lower bound: open above, with a note naming them.
void close_sum(std::optional<Range>& sum, const std::vector<std::string>& without,
               const std::string& what, std::vector<std::string>& notes) {
    if (without.empty()) return;
    if (!sum) {
        notes.push_back(what + ": no claim has one, so there is no total");
        return;
    }
    sum->open_above = true;
    notes.push_back(what + ": leaves out " + some_of(without) +
                    " (no figure), so the total is a lower bound");
}

TotalGroup sum_group(const std::string& label, const Members& members, const Estimate& e) {
    const std::size_t targets = e.options.targets.size();
    TotalGroup g;
    g.label = label;
    g.equivalents.assign(targets, std::nullopt);
    g.bandwidth_equivalents.assign(targets, std::nullopt);
    std::vector<std::vector<std::string>> without(targets), without_bandwidth(targets);
    std::vector<std::string> without_power;
    std::vector<std::string> other_precision;
    for (const ClaimEstimate* c : members) {
        const std::string& id = c->claim->id;
        g.claims.push_back(id);
        if (c->compute_pflops && c->precision == e.options.precision) {
            g.compute_pflops = g.compute_pflops ? *g.compute_pflops + *c->compute_pflops
                                                : *c->compute_pflops;
        } else if (c->compute_pflops) {
            other_precision.push_back(id);
        }
        accumulate(g.power_mw, c->power_mw, id, without_power);
        const PerTarget* bandwidth = bandwidth_of(*c);
        for (std::size_t t = 0; t < targets; ++t) {
            accumulate(g.equivalents[t], c->equivalents[t], id, without[t]);
            accumulate(g.bandwidth_equivalents[t],
                       bandwidth ? (*bandwidth)[t] : std::nullopt, id, without_bandwidth[t]);
        }
    }
    if (!other_precision.empty()) {
        g.notes.push_back("compute: " + some_of(other_precision) +
                          " are stated at another precision than " +
                          rate_basis_name(e.options) + ": not added to the compute total");
    }
    close_sum(g.power_mw, without_power, "power", g.notes);
    for (std::size_t t = 0; t < targets; ++t) {
        close_sum(g.equivalents[t], without[t], e.options.targets[t], g.notes);
        close_sum(g.bandwidth_equivalents[t], without_bandwidth[t],
                  e.options.targets[t] + " by memory bandwidth", g.notes);
    }
    return g;
}

const ClaimDate* date_of(const ClaimEstimate* c) {
    return c->claim->date ? &*c->claim->date : nullptr;
}

// The top-level claims grouped by project, each project's claims sorted by date.
std::vector<Members> projects_of(const Estimate& e) {
    std::vector<Members> projects;
    std::unordered_map<std::string, std::size_t> index;
    for (const ClaimEstimate& c : e.claims) {
        if (!c.claim->top_level()) continue;
        // A ratio between chips, or a training run without its chips, states no quantity of
        // chips: nothing to add.
        if (c.basis == ClaimBasis::kNone && (c.claim->stated.ratio || c.claim->stated.training))
            continue;
        const auto [at, added] = index.emplace(c.claim->project_key(), projects.size());
        if (added) projects.emplace_back();
        projects[at->second].push_back(&c);
    }
    for (Members& project : projects) {
        std::stable_sort(project.begin(), project.end(), [](auto* a, auto* b) {
            const ClaimDate* da = date_of(a);
            const ClaimDate* db = date_of(b);
            return da && db && da->end < db->end;
        });
    }
    return projects;
}

std::string date_label(const ClaimDate& date) {
    return std::string(date.kind == DateKind::kAsOf ? "as of " : "planned by ") + date.text;
}

// "the totals add figures of different dates" when the claims counted differ in date.
void note_dates(const Members& counted, std::vector<std::string>& notes) {
    std::set<std::string> dates;
    for (const ClaimEstimate* c : counted)
        dates.insert(date_of(c) ? date_label(*date_of(c)) : "undated");
    if (dates.size() < 2) return;
    std::string list;
    for (const std::string& d : dates) list += (list.empty() ? "" : "; ") + d;
    notes.push_back("adds figures of different dates (" + list +
                    "): see the per-date totals for one date at a time");
}

}  // namespace

Totals make_totals(const Estimate& e, bool by_status_and_date) {
    const std::vector<Members> projects = projects_of(e);
    Members latest;
    for (const Members& project : projects) latest.push_back(project.back());
    Totals totals;
    static_cast<TotalGroup&>(totals) = sum_group("all", latest, e);
    note_dates(latest, totals.notes);
    if (!by_status_and_date) return totals;

    std::map<ClaimStatus, Members> by_status;
    bool any_status = false;
    for (const ClaimEstimate* c : latest) {
        by_status[c->claim->status].push_back(c);
        any_status = any_status || c->claim->status != ClaimStatus::kUnstated;
    }
    if (any_status) {
        for (const auto& [status, members] : by_status)
            totals.by_status.push_back(
                sum_group(std::string(name_of(kClaimStatusNames, status)), members, e));
    }

    std::set<std::string> ends;
    for (const Members& project : projects) {
        for (const ClaimEstimate* c : project) {
            if (date_of(c)) ends.insert(date_of(c)->end);
        }
    }
    if (ends.size() > kMaxTotalDates) {
        totals.notes.push_back(std::to_string(ends.size()) + " dates: more than " +
                               std::to_string(kMaxTotalDates) + ", so no per-date totals");
        return totals;
    }
    for (const std::string& end : ends) {
        Members at_date;
        for (const Members& project : projects) {
            const ClaimEstimate* last = nullptr;
            for (const ClaimEstimate* c : project) {
                if (date_of(c) && date_of(c)->end <= end) last = c;
            }
            if (last) at_date.push_back(last);
        }
        totals.by_date.push_back(sum_group(end, at_date, e));
    }
    return totals;
}

}  // namespace chipcount
