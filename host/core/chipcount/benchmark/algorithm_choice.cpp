#include "chipcount/benchmark/algorithm_choice.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "chipcount/base/stats.hpp"

namespace chipcount {

CandidateChoice choose_candidate(CandidateRunner& runner, const CandidateOptions& options) {
    CandidateChoice out;
    const std::size_t count = runner.candidate_count();
    out.rounds = std::max(1, options.rounds);
    out.timings.resize(count);
    std::vector<bool> usable(count, false);
    std::vector<double> per_iteration(count, 0);
    for (std::size_t c = 0; c < count; ++c) {
        out.timings[c].index = c;
        usable[c] = runner.select(c);
    }
    // Warm up on the first usable candidate: clocks settle before anything is compared.
    const auto first = std::find(usable.begin(), usable.end(), true);
    if (first == usable.end()) throw std::runtime_error("no candidate algorithm can run");
    runner.select(static_cast<std::size_t>(first - usable.begin()));
    warm_up(runner, options.warmup);
    for (int round = 0; round < out.rounds; ++round) {
        for (std::size_t c = 0; c < count; ++c) {
            if (!usable[c] || !runner.select(c)) {
                usable[c] = false;
                continue;
            }
            const std::vector<double> discarded = runner.run(options.discarded_per_round + 1);
            if (discarded.empty()) {
                usable[c] = false;
                continue;
            }
            if (per_iteration[c] <= 0) per_iteration[c] = discarded.back();
            const int n = std::max(options.min_samples_per_round,
                                   static_cast<int>(std::ceil(options.round_ms /
                                                              std::max(per_iteration[c], 1e-6))));
            const std::vector<double> samples = runner.run(std::min(n, 10000));
            if (samples.empty()) {
                usable[c] = false;
                continue;
            }
            auto& t = out.timings[c].samples_ms;
            t.insert(t.end(), samples.begin(), samples.end());
        }
    }
    bool any = false;
    for (std::size_t c = 0; c < count; ++c) {
        CandidateTiming& t = out.timings[c];
        t.ran = usable[c] && !t.samples_ms.empty();
        if (!t.ran) continue;
        t.median_ms = summarize(t.samples_ms).median;
        if (!any || t.median_ms < out.timings[out.fastest].median_ms) out.fastest = c;
        out.samples_per_candidate =
            any ? std::min(out.samples_per_candidate, t.samples_ms.size()) : t.samples_ms.size();
        any = true;
    }
    if (!any) throw std::runtime_error("no candidate algorithm ran");
    out.heuristic_first = out.timings[0].ran ? 0 : out.fastest;
    const double first_ms = out.timings[out.heuristic_first].median_ms;
    const bool beats_noise =
        out.timings[out.fastest].median_ms < first_ms * (1.0 - options.margin);
    out.kept = beats_noise ? out.fastest : out.heuristic_first;
    runner.select(out.kept);
    return out;
}

}  // namespace chipcount
