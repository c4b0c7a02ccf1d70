// Training runs against independent arithmetic: 6ND, chip-hours x peak x utilization, the
// utilization a run's own figures imply, and the hours of other chips for the same work, worked
// here from the profiles' dense bf16 rates (written out as constants).
#include <gtest/gtest.h>

#include <string>

#include "chipcount/base/errors.hpp"
#include "chipcount/estimate/estimate.hpp"
#include "bundled_data.hpp"
#include "test_support.hpp"

namespace chipcount {
namespace {

constexpr double kH800Bf16 = 989.4;  // TFLOPS, nvidia-h800-sxm
constexpr double kH100Bf16 = 989.4;  // nvidia-h100-sxm
constexpr double k910BBf16 = 320.0;  // huawei-ascend-910b
constexpr double kRel = 1e-9;

struct Trained {
    ClaimSet set;
    Estimate e;
};

Trained run(const std::string& claims, Assumptions a = test::bundled_assumptions()) {
    Trained out{parse_claims(R"({"format": "chipcount.claims", "version": 1, "claims": [)" + claims + "]}",
                         "test.json", test::bundled_profiles()),
            {}};
    EstimateOptions options;
    options.targets = {"nvidia-h100-sxm", "huawei-ascend-910b"};
    out.e = estimate(out.set, test::bundled_profiles(), a, options);
    return out;
}

void expect_near(double actual, double expected) {
    EXPECT_NEAR(actual, expected, std::abs(expected) * kRel);
}

TEST(TrainingRuns, DeepSeekV3HoursParametersAndTokens) {
    // DeepSeek-V3 (arXiv:2412.19437): 2.788M H800 GPU hours, 37B active parameters, 14.8T tokens.
    const Trained r = run(
        R"({"id": "v3", "stated": {"chip": "H800", "training": {"gpu_hours": "2.788 million", "parameters": "37B", "tokens": "14.8 trillion"}}})");
    const ClaimEstimate& c = r.e.claims[0];
    ASSERT_TRUE(c.training);
    const TrainingEstimate& t = *c.training;
    const double flop = 6 * 37e9 * 14.8e12;
    EXPECT_EQ(t.flop_basis, "6ND");
    expect_near(t.flop->central, flop);
    const double peak = 2.788e6 * 3600 * kH800Bf16 * 1e12;
    expect_near(t.utilization_implied->central, flop / peak);
    // The same work on other chips: the H800's hours x its peak / theirs (utilization cancels).
    expect_near(c.training_hours[0]->central, 2.788e6 * kH800Bf16 / kH100Bf16);
    expect_near(c.training_hours[1]->central, 2.788e6 * kH800Bf16 / k910BBf16);
    ASSERT_EQ(c.checks.size(), 1u);
    EXPECT_EQ(c.checks[0].kind, "training_utilization");
    EXPECT_TRUE(c.checks[0].ok) << c.checks[0].detail;
    // A training run without its chips is in no total.
    EXPECT_TRUE(r.e.totals.claims.empty());
}

TEST(TrainingRuns, AStatedFlopNeedsTheUtilizationToBecomeHours) {
    Assumptions a = test::bundled_assumptions();
    a.training_utilization = Factor{{0.3, 0.375, 0.4}, "", "test"};
    const Trained r = run(R"({"id": "f", "stated": {"training": {"flop": "3.8e25 FLOP"}}})", a);
    const auto& hours = r.e.claims[0].training_hours[0];
    ASSERT_TRUE(hours);
    // Least hours at the highest utilization.
    expect_near(hours->low, 3.8e25 / 0.4 / (kH100Bf16 * 1e12 * 3600));
    expect_near(hours->central, 3.8e25 / 0.375 / (kH100Bf16 * 1e12 * 3600));
    expect_near(hours->high, 3.8e25 / 0.3 / (kH100Bf16 * 1e12 * 3600));
    // A stated utilization replaces the assumption.
    const Trained stated =
        run(R"({"id": "f", "stated": {"training": {"flop": "3.8e25", "utilization": "50%"}}})", a);
    expect_near(stated.e.claims[0].training_hours[0]->central,
                3.8e25 / 0.5 / (kH100Bf16 * 1e12 * 3600));
    // Without the factor in the assumptions file the claim is refused, naming it.
    Assumptions none = a;
    none.training_utilization.reset();
    try {
        run(R"({"id": "f", "stated": {"training": {"flop": "3.8e25"}}})", none);
        FAIL() << "no error";
    } catch (const InputError& e) {
        EXPECT_NE(std::string(e.what()).find("training_utilization"), std::string::npos) << e.what();
    }
}

TEST(TrainingRuns, ChipsForADurationAreChipHours) {
    // 2,048 H800 for 2 months (a month is 730.5 hours) at a stated 40% utilization.
    const Trained r = run(
        R"({"id": "d", "stated": {"chips": 2048, "chip": "H800", "training": {"duration": "2 months", "utilization": 0.4}}})");
    const TrainingEstimate& t = *r.e.claims[0].training;
    expect_near(t.chip_hours->central, 2048 * 2 * 730.5);
    EXPECT_EQ(t.flop_basis, "hardware");
    expect_near(t.flop->central, 2048 * 2 * 730.5 * 3600 * kH800Bf16 * 1e12 * 0.4);
    // A chips claim too: 2,048 H800 equal 2,048 H100 by compute.
    expect_near(r.e.claims[0].equivalents[0]->central, 2048);
}

TEST(TrainingRuns, AnImpossibleUtilizationIsFlagged) {
    // 1e27 FLOP from 1,000 H100 in a day would need 11.7x their peak.
    const Trained r = run(
        R"({"id": "x", "stated": {"chips": 1000, "chip": "H100", "training": {"duration": "1 day", "flop": "1e27", "utilization": 0.4}}})");
    const ClaimEstimate& c = r.e.claims[0];
    expect_near(c.training->utilization_implied->central, 1e27 / (1000 * 24 * 3600 * kH100Bf16 * 1e12));
    bool flagged = false;
    for (const Check& k : c.checks) flagged = flagged || (k.kind == "training_utilization" && !k.ok);
    EXPECT_TRUE(flagged);
    // The stated utilization is what the check compares with; an assumed one is no statement.
    for (const Check& k : c.checks) {
        if (k.kind == "training_utilization") {
            EXPECT_DOUBLE_EQ(k.stated, 0.4);
        }
    }
}

TEST(TrainingRuns, ChineseAndLetterUnits) {
    const Trained r = run(
        R"({"id": "u", "stated": {"chip": "H800", "training": {"gpu_hours": "278.8万卡时", "parameters": "671B", "tokens": "14.8T tokens"}}})");
    const TrainingStatement& t = *r.set.claims[0].stated.training;
    EXPECT_DOUBLE_EQ(t.chip_hours->value, 2.788e6);
    EXPECT_DOUBLE_EQ(t.parameters->value, 671e9);
    EXPECT_DOUBLE_EQ(t.tokens->value, 14.8e12);
}

TEST(TrainingRuns, BadRunsAreRefusedNamingTheField) {
    const auto refused = [](const std::string& stated, const std::string& field,
                            const std::string& detail) {
        try {
            parse_claims(R"({"format": "chipcount.claims", "version": 1, "claims": [{"id": "t", "stated": )" +
                             stated + "}]}",
                         "test.json", test::bundled_profiles());
            ADD_FAILURE() << "accepted: " << stated;
        } catch (const InputError& e) {
            const std::string what = e.what();
            EXPECT_NE(what.find("claim 't'"), std::string::npos) << what;
            EXPECT_NE(what.find("field '" + field + "'"), std::string::npos) << what;
            EXPECT_NE(what.find(detail), std::string::npos) << what;
        }
    };
    refused(R"({"chip": "H800", "training": {"parameters": "37B"}})", "stated.training.tokens",
            "both parameters and tokens");
    refused(R"({"chip": "H800", "training": {"duration": "2 months"}})",
            "stated.training.duration", "chips or servers");
    refused(R"({"training": {"gpu_hours": "2 million"}})", "stated.training.gpu_hours",
            "one named chip");
    refused(R"({"chip": "H100 or H200", "training": {"gpu_hours": "2 million"}})",
            "stated.training.gpu_hours", "one named chip");
    refused(R"({"chip": "H800", "training": {"gpu_hours": -5}})", "stated.training.gpu_hours",
            "positive");
    refused(R"({"chips": 8, "chip": "H800", "training": {"duration": "2 fortnights"}})",
            "stated.training.duration", "unknown unit");
    refused(R"({"training": {"flop": "1e27", "utilization": "150%"}})",
            "stated.training.utilization", "not plausible");
    refused(R"({"training": {}})", "stated.training.gpu_hours", "needs gpu_hours");
    refused(R"({"training": {"flop": "1e30"}})", "stated.training.flop", "not plausible");
    refused(R"({"training": {"parameters": "10T", "tokens": "2000T"}})", "stated.training.tokens",
            "6 x parameters x tokens");
}

}  // namespace
}  // namespace chipcount
