// The thermal method on simulated GPUs: the global warm-up's plateau gate, the idle gate, the
// soak's plateau gate and trend, interleaved pairs, and the choice among cuBLASLt candidates
// under noise and drift. Every GPU here is a model whose iteration time is a function of a
// virtual clock, so the expected outcomes follow from arithmetic.
#include <gtest/gtest.h>

#include <cmath>
#include <functional>
#include <random>
#include <stdexcept>

#include "chipcount/base/stats.hpp"
#include "chipcount/benchmark/algorithm_choice.hpp"
#include "chipcount/benchmark/bench_method.hpp"
#include "chipcount/benchmark/thermal.hpp"

namespace chipcount {
namespace {

// A GPU whose iteration time is base_ms x slowdown(t), t the virtual time in ms, with optional
// relative noise; shared clocks let two runners see one thermal history.
struct VirtualClock {
    double ms = 0;
};

class ModelRunner : public IterationRunner {
  public:
    ModelRunner(VirtualClock& clock, double base_ms, std::function<double(double)> slowdown,
                double noise = 0, unsigned seed = 1)
        : clock_(clock), base_ms_(base_ms), slowdown_(std::move(slowdown)), noise_(noise),
          random_(seed) {}
    std::vector<double> run(int n) override {
        std::vector<double> out;
        std::normal_distribution<double> normal(0, 1);
        for (int i = 0; i < n; ++i) {
            double ms = base_ms_ * slowdown_(clock_.ms);
            if (noise_ > 0) ms *= 1 + noise_ * normal(random_);
            clock_.ms += ms;
            out.push_back(ms);
        }
        return out;
    }

  private:
    VirtualClock& clock_;
    double base_ms_;
    std::function<double(double)> slowdown_;
    double noise_;
    std::mt19937_64 random_;
};

TEST(GlobalWarmup, RunsUntilTheClockStopsRampingThenStops) {
    VirtualClock clock;
    // 20% slower at the start, easing linearly to the steady rate at 6 s.
    ModelRunner gpu(clock, 1.0, [](double t) { return t < 6000 ? 1.2 - 0.2 * t / 6000 : 1.0; });
    const GlobalWarmup w = global_warmup(gpu, GlobalWarmupOptions{});
    EXPECT_TRUE(w.plateau);
    // Two windows of four 250 ms chunks must be flat: not before 6 s + 2 s, and soon after.
    EXPECT_GE(w.seconds, 6.0);
    EXPECT_LT(w.seconds, 9.5);
    EXPECT_LE(w.cv, 0.02);
    EXPECT_LE(w.drift, 0.01);
}

TEST(GlobalWarmup, StopsAtItsLimitWithoutAPlateauAndSaysSo) {
    VirtualClock clock;
    // Throughput that keeps sinking, 2% per second: every window drifts.
    ModelRunner gpu(clock, 1.0, [](double t) { return 1.0 + 0.02 * t / 1000; });
    GlobalWarmupOptions options;
    options.max_s = 10;
    const GlobalWarmup w = global_warmup(gpu, options);
    EXPECT_FALSE(w.plateau);
    EXPECT_GE(w.seconds, 10.0);
    EXPECT_LT(w.seconds, 10.5);
    EXPECT_GT(w.drift, 0.01);
}

TEST(GlobalWarmup, AFlatGpuStillWarmsUpItsMinimum) {
    VirtualClock clock;
    ModelRunner gpu(clock, 1.0, [](double) { return 1.0; });
    const GlobalWarmup w = global_warmup(gpu, GlobalWarmupOptions{});
    EXPECT_TRUE(w.plateau);
    EXPECT_GE(w.seconds, 2.0);
    EXPECT_LT(w.seconds, 2.6);
}

TEST(Cv, OfKnownValues) {
    // mean 2, sample standard deviation 1: CV 0.5.
    EXPECT_DOUBLE_EQ(coefficient_of_variation({1, 2, 3}), 0.5);
    EXPECT_DOUBLE_EQ(coefficient_of_variation({4}), 0.0);
}

// A GPU whose clock, read while idle, follows clock_at(seconds since the gate opened).
struct IdleModel {
    double now = 0;
    std::function<std::optional<double>(double)> clock_at;
    IdleProbe probe() {
        return {[this] { return now; }, [this](double s) { now += s; },
                [this] { return clock_at(now); }};
    }
};

TEST(IdleGate, WaitsUntilTheClockIsBackNearItsMaximum) {
    IdleModel gpu;
    // A throttled 1500 MHz, recovering at 480 MHz/s to 1980.
    gpu.clock_at = [](double t) { return std::min(1980.0, 1500 + 480 * t); };
    const IdleGate gate = wait_for_idle_gate(gpu.probe(), 1980, IdleGateOptions{});
    EXPECT_EQ(gate.outcome, IdleGateOutcome::kClockRecovered);
    // 0.97 x 1980 = 1920.6 MHz is reached at (1920.6 - 1500) / 480 = 0.876 s; polled every 50 ms.
    EXPECT_GE(gate.waited_s, 0.876);
    EXPECT_LT(gate.waited_s, 0.876 + 0.05 + 1e-9);
    EXPECT_GE(*gate.sm_clock_mhz, 0.97 * 1980);
}

TEST(IdleGate, WithoutAClockReadingIdlesTheShortIdleOnly) {
    IdleModel gpu;
    gpu.clock_at = [](double) { return std::nullopt; };
    const IdleGate gate = wait_for_idle_gate(gpu.probe(), 1980, IdleGateOptions{});
    EXPECT_EQ(gate.outcome, IdleGateOutcome::kIdled);
    EXPECT_DOUBLE_EQ(gate.waited_s, 0.25);
}

TEST(IdleGate, AnIdleClockIsNotAThrottledOne) {
    IdleModel gpu;
    gpu.clock_at = [](double) { return 345.0; };  // H100's idle clock: not a throttle
    const IdleGate gate = wait_for_idle_gate(gpu.probe(), 1980, IdleGateOptions{});
    EXPECT_EQ(gate.outcome, IdleGateOutcome::kIdled);
    EXPECT_DOUBLE_EQ(gate.waited_s, 0.25);
}

TEST(IdleGate, AClockThatStaysLowTimesOutAtTheMaximumIdle) {
    IdleModel gpu;
    gpu.clock_at = [](double) { return 1600.0; };
    const IdleGate gate = wait_for_idle_gate(gpu.probe(), 1980, IdleGateOptions{});
    EXPECT_EQ(gate.outcome, IdleGateOutcome::kTimedOut);
    EXPECT_GE(gate.waited_s, 3.0);
    EXPECT_LT(gate.waited_s, 3.05 + 1e-9);
}

TEST(Soak, ExtendsUntilTheEndIsAPlateauAndKeepsOnlyThat) {
    VirtualClock clock;
    // Throttling for 30 s (1.0 to 1.3 ms), flat after: at 20 s the last 5 s still drift by 5%.
    ModelRunner gpu(clock, 1.0, [](double t) { return t < 30000 ? 1.0 + 0.3 * t / 30000 : 1.3; });
    SoakOptions options;
    options.duration_s = 20;
    options.max_duration_s = 60;
    const SustainedMeasurement s = measure_sustained(gpu, options, {});
    EXPECT_TRUE(s.plateau);
    // The 5 s window [T - 5, T] spreads (1.3 - (1 + 0.01 (T - 5))) / ~1.29 while T < 30 s: within
    // 3% from T of about 31.1 s, give or take a 250 ms batch; not at 20 s (a 5% spread then).
    EXPECT_GE(s.soak_ms, 30500);
    EXPECT_LT(s.soak_ms, 31700);
    EXPECT_LE(s.plateau_spread, 0.03);
    EXPECT_GT(summarize(s.samples_ms).median, 1.28);  // the throttled rate, not the early one
    EXPECT_NEAR(s.kept_ms, 5000, 300);
}

TEST(Soak, WithoutAPlateauStopsAtTheLimitAndKeepsTheTrend) {
    VirtualClock clock;
    // 1.0 ms slowing by 1% of the start per second, without end: throughput falls.
    ModelRunner gpu(clock, 1.0, [](double t) { return 1.0 + 0.01 * t / 1000; });
    SoakOptions options;
    options.duration_s = 20;
    options.max_duration_s = 30;
    const SustainedMeasurement s = measure_sustained(gpu, options, {});
    EXPECT_FALSE(s.plateau);
    EXPECT_GE(s.soak_ms, 30000);
    EXPECT_LT(s.soak_ms, 30300);
    // Over the last 5 s the iteration time rises 1.25 to 1.30: a spread of about 4%.
    EXPECT_GT(s.plateau_spread, 0.03);
    // Throughput 1 / (1 + 0.01 t): d/dt ln = -0.01 / (1 + 0.01 t) per second; near t = 27.5 s
    // that is -0.78% per second, -47% per minute.
    EXPECT_NEAR(s.trend_per_minute, -0.6 / 1.275, 0.02);
}

TEST(Interleaved, TheRatioComesFromOneThermalState) {
    VirtualClock clock;
    // Both slow down by 10% per second of shared time: measured one after the other, the
    // second would look 10% slower; interleaved, their ratio is the true 2.
    const auto drift = [](double t) { return 1.0 + 0.1 * t / 1000; };
    ModelRunner a(clock, 2.0, drift), b(clock, 1.0, drift);
    MethodOptions options;
    options.warmup_max_ms = 400;
    const InterleavedMeasurement m = measure_interleaved(a, b, options, 8);
    const double ratio = summarize(m.a.samples_ms).median / summarize(m.b.samples_ms).median;
    EXPECT_NEAR(ratio, 2.0, 0.03);
    EXPECT_EQ(m.rounds, 8);
    // And sequentially (a's burst, then b's) the same model is off by far more.
    VirtualClock clock2;
    ModelRunner a2(clock2, 2.0, drift), b2(clock2, 1.0, drift);
    const double sequential = summarize(measure_burst(a2, options).samples_ms).median /
                              summarize(measure_burst(b2, options).samples_ms).median;
    EXPECT_GT(std::fabs(sequential - 2.0), 0.1);
}

// Candidates with base times, noise and a shared drift; some cannot run.
class ModelCandidates : public CandidateRunner {
  public:
    ModelCandidates(std::vector<double> base_ms, double noise, double drift_per_s,
                    std::vector<bool> runs = {})
        : base_(std::move(base_ms)), noise_(noise), drift_(drift_per_s), runs_(std::move(runs)) {
        if (runs_.empty()) runs_.assign(base_.size(), true);
    }
    std::size_t candidate_count() const override { return base_.size(); }
    bool select(std::size_t index) override {
        if (!runs_[index]) return false;
        current_ = index;
        return true;
    }
    std::vector<double> run(int n) override {
        std::vector<double> out;
        std::normal_distribution<double> normal(0, 1);
        for (int i = 0; i < n; ++i) {
            const double ms =
                base_[current_] * (1 + drift_ * t_ / 1000) * (1 + noise_ * normal(random_));
            t_ += ms;
            out.push_back(ms);
        }
        return out;
    }

  private:
    std::vector<double> base_;
    double noise_, drift_;
    std::vector<bool> runs_;
    std::size_t current_ = 0;
    double t_ = 0;
    std::mt19937_64 random_{7};
};

TEST(CandidateChoice, KeepsAClearlyFasterCandidateUnderNoiseAndDrift) {
    // 2% noise per sample and a 3%/s drift; candidate 3 is 10% faster, candidate 5 cannot run.
    ModelCandidates model({1.0, 0.995, 1.05, 0.90, 1.2, 0.5}, 0.02, 0.03,
                          {true, true, true, true, true, false});
    const CandidateChoice c = choose_candidate(model, CandidateOptions{});
    EXPECT_EQ(c.heuristic_first, 0u);
    EXPECT_EQ(c.fastest, 3u);
    EXPECT_EQ(c.kept, 3u);
    EXPECT_FALSE(c.timings[5].ran);
    // Enough samples: rounds x at least min_samples each.
    EXPECT_GE(c.samples_per_candidate, 3u * 5u);
    EXPECT_NEAR(c.timings[3].median_ms / c.timings[0].median_ms, 0.90, 0.02);
}

TEST(CandidateChoice, KeepsTheHeuristicsFirstWhenTheDifferenceIsNoise) {
    // Candidate 1 is 0.5% faster, within the 1% margin: the heuristic's pick stays.
    ModelCandidates model({1.0, 0.995, 1.01}, 0.02, 0.03);
    const CandidateChoice c = choose_candidate(model, CandidateOptions{});
    EXPECT_EQ(c.kept, 0u);
    EXPECT_EQ(c.heuristic_first, 0u);
}

TEST(CandidateChoice, EqualCandidatesUnderAStrongDriftDoNotFavourTheFirstTimed) {
    // Round robin: with a 20%/s drift and equal candidates, the last timed would look slowest in
    // a single pass; over rounds the difference stays inside the margin.
    ModelCandidates model({1.0, 1.0, 1.0, 1.0}, 0.0, 0.2);
    const CandidateChoice c = choose_candidate(model, CandidateOptions{});
    EXPECT_EQ(c.kept, 0u);
}

TEST(CandidateChoice, NoCandidateThatRunsIsAnError) {
    ModelCandidates model({1.0, 1.0}, 0.0, 0.0, {false, false});
    EXPECT_THROW(choose_candidate(model, CandidateOptions{}), std::runtime_error);
}

}  // namespace
}  // namespace chipcount
