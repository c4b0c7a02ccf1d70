// Totals of an estimate (design §3): the top-level claims added up, in all, per status and per
// date, never adding two figures of one project.
#pragma once
#include "chipcount/estimate/estimate.hpp"

namespace chipcount {

// Each project counts once in a total: its latest-dated claim (a claim with no project is a
// project of its own). A claim with no figure for a target leaves that sum a lower bound, with
// a note; totals of claims of different dates say so in a note. Per date: at each date a
// top-level claim is dated, every project's latest claim dated up to then (at most
// kMaxTotalDates dates; beyond that a note).
// `by_status_and_date`: also the groups per status and per date (a Monte-Carlo draw needs none).
Totals make_totals(const Estimate& estimate, bool by_status_and_date = true);

inline constexpr std::size_t kMaxTotalDates = 200;

}  // namespace chipcount
