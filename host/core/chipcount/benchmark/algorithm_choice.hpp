// Which of the vendor library's candidate algorithms to measure, chosen without noise: after a
// warm-up, every candidate is timed in turn over several rounds (so a slow drift of the clock
// touches them all alike) with enough samples each, over the rotating buffer sets. The fastest
// median wins only when it beats the heuristic's first choice by more than a noise margin; both
// are reported. Tested on the CPU with simulated candidates.
#pragma once
#include <cstddef>
#include <vector>

#include "chipcount/benchmark/bench_method.hpp"

namespace chipcount {

// Runs iterations of whichever candidate was last selected.
class CandidateRunner : public IterationRunner {
  public:
    virtual std::size_t candidate_count() const = 0;
    // Makes candidate `index` the one run() executes. False: it cannot run (skipped). run() may
    // return an empty vector for a candidate that failed to launch: it is dropped.
    virtual bool select(std::size_t index) = 0;
};

struct CandidateOptions {
    MethodOptions warmup;          // of the heuristic's first choice, before any timing
    int rounds = 3;                // every candidate once per round
    double round_ms = 60;          // each candidate's samples per round cover about this long
    int min_samples_per_round = 5;
    int discarded_per_round = 2;   // run untimed after each switch (module load, caches)
    double margin = 0.01;          // faster by more than 1%: not noise
};

struct CandidateTiming {
    std::size_t index = 0;
    std::vector<double> samples_ms;  // every round's samples, in order
    double median_ms = 0;
    bool ran = false;
};

struct CandidateChoice {
    std::vector<CandidateTiming> timings;  // one per candidate, in the heuristic's order
    std::size_t heuristic_first = 0;       // index 0, when it ran
    std::size_t fastest = 0;               // the lowest median
    std::size_t kept = 0;                  // fastest, or heuristic_first within the margin
    int rounds = 0;
    std::size_t samples_per_candidate = 0;  // the fewest any candidate that ran got
};

// Selects `kept` on the runner before returning. Throws std::runtime_error when no candidate ran.
CandidateChoice choose_candidate(CandidateRunner& runner, const CandidateOptions& options);

}  // namespace chipcount
