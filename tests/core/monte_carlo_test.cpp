// The Monte-Carlo estimate against closed forms: a model with one uncertain assumption has the
// assumption's own percentiles (through a monotone formula), the percentiles converge on them
// as the draws grow, and a seed reproduces its draws.
#include <gtest/gtest.h>

#include <cmath>
#include <string>

#include "chipcount/base/errors.hpp"
#include "chipcount/base/sampling.hpp"
#include "chipcount/estimate/monte_carlo.hpp"
#include "bundled_data.hpp"
#include "test_support.hpp"

namespace chipcount {
namespace {

constexpr double kDgxH100WattsPerGpu = 10200.0 / 8;  // the H100 profile's server, exact
constexpr double kOverhead[] = {1.0, 1.14, 1.349};   // it_overhead_factor low, central, high

// Every factor exact but the IT overhead: a power claim of IT basis is then IT MW / (1,275 W x
// overhead), decreasing in the overhead.
Assumptions one_assumption(Spread spread = Spread::kTriangular) {
    Assumptions a = test::bundled_assumptions();
    a.server_power_per_gpu_factor.range = Range::exact(a.server_power_per_gpu_factor.range.central);
    a.pue.range = Range::exact(a.pue.range.central);
    a.it_overhead_factor.range = {kOverhead[0], kOverhead[1], kOverhead[2]};
    a.it_overhead_factor.spread = spread;
    a.prices.reset();
    return a;
}

struct Drawn {
    ClaimSet set;
    MonteCarlo mc;
};

Drawn draw(const std::string& stated, std::size_t draws, std::uint64_t seed,
           const Assumptions& a = one_assumption()) {
    Drawn out{parse_claims(R"({"format": "chipcount.claims", "version": 1, "claims": [{"id": "c", "stated": )" +
                               stated + "}]}",
                           "test.json", test::bundled_profiles()),
              {}};
    EstimateOptions options;
    options.targets = {"nvidia-h100-sxm"};
    out.mc = monte_carlo(out.set, test::bundled_profiles(), a, options, draws, seed);
    return out;
}

const Percentiles& figure(const MonteCarlo& mc, const std::string& claim, const std::string& name,
                          const std::string& target = "") {
    for (const FigurePercentiles& f : mc.figures) {
        if (f.claim == claim && f.figure == name && f.target == target) return f.p;
    }
    throw std::runtime_error("no figure " + name);
}

// Chips of 100 MW IT at an overhead quantile q: the (1-q) quantile of the chips.
double chips_at(double overhead) {
    return 100e6 / (kDgxH100WattsPerGpu * overhead);
}

TEST(Sampling, TriangularQuantilesAreTheClosedForm) {
    // Median of a triangle: low + sqrt((high-low)(mode-low)/2) when the mode is right of
    // centre, high - sqrt((high-low)(high-mode)/2) otherwise.
    EXPECT_NEAR(triangular_quantile(1.0, 1.14, 1.349, 0.5),
                1.349 - std::sqrt(0.349 * (1.349 - 1.14) / 2), 1e-12);
    EXPECT_NEAR(triangular_quantile(0, 10, 10, 0.5), 0 + std::sqrt(10 * 10 * 0.5), 1e-12);
    EXPECT_DOUBLE_EQ(triangular_quantile(2, 3, 4, 0.5), 3);
    EXPECT_DOUBLE_EQ(triangular_quantile(2, 3, 4, 0.0), 2);
    EXPECT_DOUBLE_EQ(triangular_quantile(2, 3, 4, 1.0), 4);
}

TEST(MonteCarlo, OneAssumptionHasItsOwnPercentiles) {
    const Drawn d = draw(R"({"power": {"value": "100 MW", "basis": "it"}})", 100000, 7);
    const Percentiles& p = figure(d.mc, "c", "equivalents", "nvidia-h100-sxm");
    const auto q = [](double prob) { return triangular_quantile(kOverhead[0], kOverhead[1], kOverhead[2], prob); };
    // Chips fall as the overhead rises: their p5 is at the overhead's p95.
    EXPECT_NEAR(p.p50, chips_at(q(0.5)), chips_at(q(0.5)) * 3e-3);
    EXPECT_NEAR(p.p5, chips_at(q(0.95)), chips_at(q(0.95)) * 3e-3);
    EXPECT_NEAR(p.p95, chips_at(q(0.05)), chips_at(q(0.05)) * 3e-3);
}

TEST(MonteCarlo, ALognormalAssumptionHasItsCentralAsMedian) {
    const Drawn d = draw(R"({"power": {"value": "100 MW", "basis": "it"}})", 100000, 3,
                         one_assumption(Spread::kLognormal));
    const Percentiles& p = figure(d.mc, "c", "equivalents", "nvidia-h100-sxm");
    EXPECT_NEAR(p.p50, chips_at(kOverhead[1]), chips_at(kOverhead[1]) * 3e-3);
    // Its 5th and 95th percentiles are the sourced low and high.
    const double sigma = (std::log(kOverhead[2]) - std::log(kOverhead[0])) / (2 * kZ95);
    EXPECT_NEAR(p.p5, chips_at(kOverhead[1] * std::exp(sigma * kZ95)), chips_at(kOverhead[2]) * 3e-3);
}

TEST(MonteCarlo, PercentilesConvergeAsDrawsGrow) {
    const double exact = chips_at(triangular_quantile(kOverhead[0], kOverhead[1], kOverhead[2], 0.95));
    double previous = 0;
    for (const std::size_t draws : {300, 10000, 100000}) {
        const Drawn d = draw(R"({"power": {"value": "100 MW", "basis": "it"}})", draws, 11);
        const double error = std::abs(figure(d.mc, "c", "equivalents", "nvidia-h100-sxm").p5 - exact) / exact;
        if (previous > 0) {
            EXPECT_LT(error, previous) << draws << " draws";
        }
        previous = error;
    }
    EXPECT_LT(previous, 2e-3);
}

TEST(MonteCarlo, TheSeedReproducesTheDraws) {
    const std::string claim = R"({"power": {"value": "100 MW", "basis": "it"}})";
    const Percentiles a = figure(draw(claim, 5000, 42).mc, "c", "equivalents", "nvidia-h100-sxm");
    const Percentiles b = figure(draw(claim, 5000, 42).mc, "c", "equivalents", "nvidia-h100-sxm");
    const Percentiles c = figure(draw(claim, 5000, 43).mc, "c", "equivalents", "nvidia-h100-sxm");
    EXPECT_EQ(a.p5, b.p5);
    EXPECT_EQ(a.p50, b.p50);
    EXPECT_EQ(a.p95, b.p95);
    EXPECT_NE(a.p50, c.p50);
}

TEST(MonteCarlo, StatedRangesAreDrawnAndBoundsStayBounds) {
    // "4-5 million" chips: a symmetric triangle on 4-5 million, median 4.5 million.
    const Drawn range = draw(R"({"chips": "4-5 million", "chip": "H100"})", 100000, 5);
    const Percentiles& chips = figure(range.mc, "c", "chips");
    EXPECT_NEAR(chips.p50, 4.5e6, 4.5e6 * 2e-3);
    EXPECT_NEAR(chips.p5, triangular_quantile(4e6, 4.5e6, 5e6, 0.05), 4.5e6 * 3e-3);
    // "More than 115,000" is a floor in every draw.
    const Drawn floor = draw(R"({"chips": "more than 115,000", "chip": "H100"})", 1000, 5);
    const Percentiles& at_least = figure(floor.mc, "c", "chips");
    EXPECT_EQ(at_least.p50, 115000);
    EXPECT_TRUE(at_least.open_above);
}

TEST(MonteCarlo, TooManyDrawsAreRefused) {
    EXPECT_THROW(draw(R"({"chips": 5, "chip": "H100"})", kMaxDraws + 1, 1), UsageError);
    EXPECT_THROW(draw(R"({"chips": 5, "chip": "H100"})", 0, 1), UsageError);
}

}  // namespace
}  // namespace chipcount
