// Ratio claims against the profiles' figures, worked out here from the datasheet values of
// profiles/chips (written out as constants, never copied from the estimator's output).
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "chipcount/base/errors.hpp"
#include "chipcount/estimate/estimate.hpp"
#include "bundled_data.hpp"
#include "test_support.hpp"

namespace chipcount {
namespace {

constexpr double kH100Fp16 = 989.4;  // nvidia-h100-sxm dense fp16, TFLOPS
constexpr double kH20Fp16 = 148.0;
constexpr double k910CFp16 = 800.0;  // the best domestic fp16 in the profiles
constexpr double k910BFp16 = 320.0;
constexpr double k910Fp16 = 256.0;
constexpr double kH100Bw = 3.35;  // TB/s
constexpr double kH200Bw = 4.8;
constexpr double kH20Bw = 4.0;

ClaimSet claims_of(const std::string& claims) {
    return parse_claims(R"({"format": "chipcount.claims", "version": 1, "claims": [)" + claims + "]}",
                        "test.json", test::bundled_profiles());
}

struct Checked {
    ClaimSet set;  // the estimate points into it
    Estimate e;
};

Checked check(const std::string& claims, const EstimateOptions& extra = {}) {
    Checked out{claims_of(claims), {}};
    EstimateOptions options = extra;
    options.targets = {"nvidia-h100-sxm"};
    out.e = estimate(out.set, test::bundled_profiles(), test::bundled_assumptions(), options);
    return out;
}

const RatioPair* pair_of(const RatioResult& r, const std::string& of, const std::string& to) {
    for (const RatioPair& p : r.pairs) {
        if (p.of == of && p.to == to) return &p;
    }
    return nullptr;
}

TEST(RatioClaims, ThreeToFourTimesTheBestDomesticChipDoesNotHold) {
    const Checked c = check(
        R"({"id": "r", "stated": {"ratio": {"of": "H100", "to": "best domestic", "metric": "compute", "value": "3-4x"}}})");
    const ClaimEstimate& r = c.e.claims[0];
    ASSERT_TRUE(r.ratio);
    EXPECT_EQ(r.ratio->verdict, RatioVerdict::kDoesNotHold);
    const RatioPair* best = pair_of(*r.ratio, "nvidia-h100-sxm", "huawei-ascend-910c");
    ASSERT_NE(best, nullptr);
    EXPECT_TRUE(best->judged);
    EXPECT_NEAR(best->ratio, kH100Fp16 / k910CFp16, 1e-12);
    EXPECT_FALSE(best->holds);
    // Not judged, but said: against the 910B and the 910 it would hold.
    const RatioPair* b = pair_of(*r.ratio, "nvidia-h100-sxm", "huawei-ascend-910b");
    ASSERT_NE(b, nullptr);
    EXPECT_FALSE(b->judged);
    EXPECT_TRUE(b->holds);
    EXPECT_NEAR(b->ratio, kH100Fp16 / k910BFp16, 1e-12);
    EXPECT_NE(r.ratio->summary.find("it would hold for"), std::string::npos) << r.ratio->summary;
    ASSERT_EQ(r.checks.size(), 1u);
    EXPECT_EQ(r.checks[0].kind, "ratio");
    EXPECT_FALSE(r.checks[0].ok);
    EXPECT_NEAR(r.checks[0].derived, kH100Fp16 / k910CFp16, 1e-12);
    EXPECT_NEAR(r.checks[0].stated, 3.5, 1e-12);
    // A ratio states no quantity: it is in no total.
    EXPECT_TRUE(c.e.totals.claims.empty());
}

TEST(RatioClaims, AgainstEachDomesticChipItHoldsOnlyForSome) {
    const Checked c = check(
        R"({"id": "r", "stated": {"ratio": {"of": "H100", "to": "domestic", "metric": "compute", "value": "3-4x"}}})");
    const RatioResult& r = *c.e.claims[0].ratio;
    EXPECT_EQ(r.verdict, RatioVerdict::kHoldsOnlyFor);
    std::vector<std::string> held;
    for (const RatioPair& p : r.pairs) {
        EXPECT_TRUE(p.judged);
        // Holding means within [3, 4] widened by the 10% check tolerance.
        EXPECT_EQ(p.holds, p.ratio >= 3 * 0.9 && p.ratio <= 4 * 1.1) << p.to << " " << p.ratio;
        if (p.holds) held.push_back(p.to);
    }
    EXPECT_EQ(held, (std::vector<std::string>{"huawei-ascend-910", "huawei-ascend-910b"}));
    EXPECT_NEAR(pair_of(r, "nvidia-h100-sxm", "huawei-ascend-910")->ratio, kH100Fp16 / k910Fp16,
                1e-12);
}

TEST(RatioClaims, AFigureAgainstChipsAndInferenceAsBandwidth) {
    const Checked c = check(R"(
        {"id": "bw", "stated": {"ratio": {"of": "4.8 TB/s", "to": "H100 or H200", "metric": "memory_bandwidth", "value": "almost 2x"}}},
        {"id": "inf", "stated": {"ratio": {"of": "H20", "to": "H100", "metric": "inference", "value": "120%"}}},
        {"id": "gb", "stated": {"ratio": {"of": "4800 GB/s", "to": "H200", "metric": "memory_bandwidth", "value": 1}}})");
    const RatioResult& bw = *c.e.claims[0].ratio;
    EXPECT_EQ(bw.verdict, RatioVerdict::kDoesNotHold);
    EXPECT_NEAR(pair_of(bw, "4.8 TB/s", "nvidia-h100-sxm")->ratio, 4.8 / kH100Bw, 1e-12);
    EXPECT_NEAR(pair_of(bw, "4.8 TB/s", "nvidia-h200-sxm")->ratio, 4.8 / kH200Bw, 1e-12);
    const RatioResult& inf = *c.e.claims[1].ratio;
    EXPECT_EQ(inf.verdict, RatioVerdict::kHolds);
    EXPECT_EQ(inf.unit, "TB/s");
    EXPECT_NEAR(inf.pairs.at(0).ratio, kH20Bw / kH100Bw, 1e-12);
    // 4,800 GB/s is 4.8 TB/s: exactly one H200.
    EXPECT_EQ(c.e.claims[2].ratio->verdict, RatioVerdict::kHolds);
    EXPECT_NEAR(c.e.claims[2].ratio->pairs.at(0).ratio, 1.0, 1e-12);
}

TEST(RatioClaims, TheToleranceIsTheChecksTenPercent) {
    // H100 / H20 = 989.4 / 148 = 6.685: "6.1x" holds (6.71 with 10%), "6x" does not (6.6).
    const Checked c = check(R"(
        {"id": "in", "stated": {"ratio": {"of": "H100", "to": "H20", "metric": "compute", "value": "6.1x"}}},
        {"id": "out", "stated": {"ratio": {"of": "H100", "to": "H20", "metric": "compute", "value": "6x"}}})");
    ASSERT_GT(6.1 * 1.1, kH100Fp16 / kH20Fp16);
    ASSERT_LT(6.0 * 1.1, kH100Fp16 / kH20Fp16);
    EXPECT_EQ(c.e.claims[0].ratio->verdict, RatioVerdict::kHolds);
    EXPECT_EQ(c.e.claims[1].ratio->verdict, RatioVerdict::kDoesNotHold);
}

TEST(RatioClaims, ChipsThatTieTheBestAreAllJudgedAndAFlagShowsAMiss) {
    // H100 and H200 tie at 989.4: "best H100 or H200" judges both.
    const Checked tie = check(
        R"({"id": "t", "stated": {"ratio": {"of": "BEST H100 or H200", "to": "910B", "metric": "compute", "value": "3x"}}})");
    int judged = 0;
    for (const RatioPair& p : tie.e.claims[0].ratio->pairs) judged += p.judged ? 1 : 0;
    EXPECT_EQ(judged, 2);
    // Holding only for some: the flagged check's numbers are a pair that misses.
    const Checked some = check(
        R"({"id": "s", "stated": {"ratio": {"of": "H100", "to": "domestic", "metric": "compute", "value": "3-4x"}}})");
    const Check& flagged = some.e.claims[0].checks.at(0);
    EXPECT_FALSE(flagged.ok);
    EXPECT_FALSE(flagged.derived >= 3 * 0.9 && flagged.derived <= 4 * 1.1) << flagged.derived;
}

TEST(RatioClaims, MeasuredRatesStandInForComputeWithBasisMeasured) {
    EstimateOptions measured;
    measured.measured_basis = true;
    measured.measurements = {{"nvidia-h100-sxm", Precision::kFp16, 700.0, "r.json", "", false, "sustained", ""}};
    const Checked c = check(
        R"({"id": "m", "stated": {"ratio": {"of": "H100", "to": "910C", "metric": "compute", "value": 1}}})",
        measured);
    EXPECT_NEAR(c.e.claims[0].ratio->pairs.at(0).ratio, 700.0 / k910CFp16, 1e-12);
}

TEST(RatioClaims, BadRatiosAreRefusedNamingTheField) {
    const auto refused = [](const std::string& ratio, const std::string& field,
                            const std::string& detail) {
        try {
            claims_of(R"({"id": "r", "stated": {"ratio": )" + ratio + "}}");
            ADD_FAILURE() << "accepted: " << ratio;
        } catch (const InputError& e) {
            const std::string what = e.what();
            EXPECT_NE(what.find("claim 'r'"), std::string::npos) << what;
            EXPECT_NE(what.find("field '" + field + "'"), std::string::npos) << what;
            EXPECT_NE(what.find(detail), std::string::npos) << what;
        }
    };
    refused(R"({"of": "H100", "to": "H20", "value": 2})", "stated.ratio.metric", "missing");
    refused(R"({"of": "H100", "to": "H20", "metric": "speed", "value": 2})", "stated.ratio.metric",
            "inference");
    refused(R"({"of": "4.8 TB/s", "to": "H20", "metric": "compute", "value": 2})",
            "stated.ratio.of", "not one of the metric compute");
    refused(R"({"of": "4.8 TB/s", "to": "2.4 TB/s", "metric": "memory_bandwidth", "value": 2})",
            "stated.ratio.to", "two figures");
    refused(R"({"of": "H100", "to": "H20", "metric": "compute", "value": "3-4 apples"})",
            "stated.ratio.value", "unknown unit");
    refused(R"({"of": "H100", "to": "H20", "metric": "compute", "value": 0})", "stated.ratio.value",
            "positive");
    refused(R"({"of": "H100", "to": "H20", "metric": "power", "precision": "fp8", "value": 2})",
            "stated.ratio.precision", "only a compute ratio");
    refused(R"({"of": "H999", "to": "H20", "metric": "compute", "value": 2})", "stated.ratio.of",
            "unknown chip");
    refused(R"({"of": 5, "to": "H20", "metric": "compute", "value": 2})", "stated.ratio.of",
            "must be a chip");
    refused(R"({"of": "H100", "to": "H100", "metric": "compute", "value": 1})", "stated.ratio.to",
            "the same chips");
    refused(R"({"of": "best domestic", "to": "H100", "metric": "power", "value": 1})",
            "stated.ratio.of", "no meaning for power");
    refused(R"({"of": "1e-300 TB/s", "to": "H100", "metric": "memory_bandwidth", "value": 1})",
            "stated.ratio.of", "not plausible");
    refused(R"({"of": "4.8 PB/s", "to": "H100", "metric": "memory_bandwidth", "value": 1})",
            "stated.ratio.of", "unit \"PB/s\"");
    refused(R"({"of": "0 TB/s", "to": "H100", "metric": "memory_bandwidth", "value": 1})",
            "stated.ratio.of", "expected a figure");
}

}  // namespace
}  // namespace chipcount
