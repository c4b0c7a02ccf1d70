// Which cells of an estimate rest on a profile figure its profile marks `estimate`
// (field_confidence, else the profile's confidence), worked from the profiles by hand:
// huawei-ascend-910c marks tdp_w an estimate, huawei-ascend-910b memory_bandwidth_tbs, and
// nvidia-rtx-4090d is an estimate as a whole. Every other figure used here is datasheet or
// secondary.
#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "chipcount/estimate/estimate.hpp"
#include "chipcount/estimate/estimate_report.hpp"
#include "bundled_data.hpp"

namespace chipcount {
namespace {

constexpr const char* kH100 = "nvidia-h100-sxm";
constexpr const char* kH200 = "nvidia-h200-sxm";
constexpr const char* k910B = "huawei-ascend-910b";
constexpr const char* k910C = "huawei-ascend-910c";

ClaimSet claim_stating(const std::string& stated) {
    return parse_claims(R"({"format": "chipcount.claims", "version": 1, "claims": [{"id": "c", "stated": )" +
                            stated + "}]}",
                        "test.json", test::bundled_profiles());
}

// The estimate points into `set`: keep the set alive as long as the estimate.
Estimate run(const ClaimSet& set, std::vector<std::string> targets) {
    EstimateOptions options;
    options.targets = std::move(targets);
    return estimate(set, test::bundled_profiles(), test::bundled_assumptions(), options);
}

// "chip field" of each figure `target`'s `affects` cell rests on, sorted.
std::vector<std::string> resting(const ClaimEstimate& c, const char* affects_name,
                                 const std::string& target) {
    const auto affects = value_of(kAffectsNames, affects_name);
    EXPECT_TRUE(affects.has_value()) << affects_name;
    std::vector<std::string> out;
    for (const EstimatedFigure* f : estimated_figures_of(c, *affects, target))
        out.push_back(f->chip + " " + f->field);
    std::sort(out.begin(), out.end());
    return out;
}

using Names = std::vector<std::string>;

TEST(EstimatedFigures, PowerAgainstThe910CRestsOnItsTdpInThatColumnOnly) {
    // 100 MW of unnamed chips: the reference H100 counts the fleet (datasheet figures); each
    // target's equivalents divide by the target's own IT watts, the 910C's from its TDP.
    const ClaimSet set = claim_stating(R"({"power": "100 MW"})");
    const Estimate e = run(set, {kH100, k910C, k910B});
    const ClaimEstimate& c = e.claims[0];
    EXPECT_EQ(resting(c, "equivalents", k910C), Names{"huawei-ascend-910c tdp_w"});
    EXPECT_EQ(resting(c, "equivalents", kH100), Names{});
    EXPECT_EQ(resting(c, "equivalents", k910B), Names{});  // its TDP is secondary
    // Bandwidth equivalents: the H100 fleet's bandwidth over each target's.
    EXPECT_EQ(resting(c, "bandwidth_equivalents", k910B),
              Names{"huawei-ascend-910b memory_bandwidth_tbs"});
    EXPECT_EQ(resting(c, "bandwidth_equivalents", k910C), Names{});
    EXPECT_EQ(resting(c, "compute_pflops", ""), Names{});
}

TEST(EstimatedFigures, The910BFleetsBandwidthFeedsEveryBandwidthColumn) {
    const ClaimSet set = claim_stating(R"({"chips": 1000, "chip": "910B"})");
    const Estimate e = run(set, {kH100, k910C});
    const ClaimEstimate& c = e.claims[0];
    for (const char* target : {kH100, k910C}) {
        EXPECT_EQ(resting(c, "bandwidth_equivalents", target),
                  Names{"huawei-ascend-910b memory_bandwidth_tbs"})
            << target;
        EXPECT_EQ(resting(c, "equivalents", target), Names{}) << target;
    }
    EXPECT_EQ(resting(c, "power_mw", ""), Names{});  // the 910B's TDP is secondary
}

TEST(EstimatedFigures, A910CFleetCountedFromPowerCarriesItsTdpIntoComputeAndBandwidth) {
    // 100 MW of 910C: the fleet's count is the IT megawatts over the 910C's IT watts (its TDP),
    // so its compute and its bandwidth rest on that TDP; the H100's equivalents do not.
    const ClaimSet set = claim_stating(R"({"power": "100 MW", "chip": "910C"})");
    const Estimate e = run(set, {kH100});
    const ClaimEstimate& c = e.claims[0];
    EXPECT_EQ(resting(c, "compute_pflops", ""), Names{"huawei-ascend-910c tdp_w"});
    EXPECT_EQ(resting(c, "bandwidth_equivalents", kH100), Names{"huawei-ascend-910c tdp_w"});
    EXPECT_EQ(resting(c, "equivalents", kH100), Names{});
}

TEST(EstimatedFigures, A910CFleetOfStatedChipsDrawsItsPowerFromTheEstimatedTdp) {
    const ClaimSet set = claim_stating(R"({"chips": 1000, "chip": "910C"})");
    const Estimate e = run(set, {kH100});
    const ClaimEstimate& c = e.claims[0];
    EXPECT_EQ(resting(c, "power_mw", ""), Names{"huawei-ascend-910c tdp_w"});
    EXPECT_EQ(resting(c, "compute_pflops", ""), Names{});  // stated chips x a secondary rate
}

TEST(EstimatedFigures, AnEstimateProfileMarksEveryFigureItGives) {
    // The RTX 4090D's profile is an estimate as a whole: its rate feeds every compute column.
    const ClaimSet set = claim_stating(R"({"chips": 100, "chip": "RTX 4090D"})");
    const Estimate e = run(set, {kH100, kH200});
    const ClaimEstimate& c = e.claims[0];
    for (const char* target : {kH100, kH200}) {
        EXPECT_EQ(resting(c, "equivalents", target), Names{"nvidia-rtx-4090d peak_dense"})
            << target;
    }
}

// A chips claim compares on one basis: a measured target against an unmeasured fleet uses the
// target's datasheet rate, so an estimated one is marked; measured on both sides, nothing is.
TEST(EstimatedFigures, MeasuredBasisMarksOnlyTheSpecRatesItUses) {
    const ClaimSet set = claim_stating(R"({"chips": 100, "chip": "H100"})");
    const auto measured = [](const char* id) {
        return Measurement{id, Precision::kFp16, 100.0, "m.json", std::string(64, 'a'), false, "sustained", ""};
    };
    EstimateOptions options;
    options.targets = {"nvidia-rtx-4090d"};
    options.measured_basis = true;
    options.measurements = {measured("nvidia-rtx-4090d")};
    const Estimate one_side =
        estimate(set, test::bundled_profiles(), test::bundled_assumptions(), options);
    EXPECT_EQ(resting(one_side.claims[0], "equivalents", "nvidia-rtx-4090d"),
              Names{"nvidia-rtx-4090d peak_dense"});
    options.measurements.push_back(measured(kH100));
    const Estimate both =
        estimate(set, test::bundled_profiles(), test::bundled_assumptions(), options);
    EXPECT_EQ(resting(both.claims[0], "equivalents", "nvidia-rtx-4090d"), Names{});
    EXPECT_EQ(both.target_rates.at(0).second.confidence, "measured");
}

TEST(EstimatedFigures, DatasheetFiguresRestOnNothing) {
    const ClaimSet set = claim_stating(R"({"chips": 1000, "chip": "H100", "power": "2 MW"})");
    const Estimate e = run(set, {kH100, kH200});
    EXPECT_TRUE(e.claims[0].estimated_figures.empty());
    EXPECT_EQ(e.target_rates.at(0).second.confidence, "datasheet");
}

TEST(EstimatedFigures, TablesMarkTheCellsJsonAndCsvNameTheFigures) {
    const ClaimSet set = claim_stating(R"({"power": "100 MW"})");
    const Estimate e = run(set, {kH100, k910C});
    const std::string text = render_estimate(e, OutputFormat::kTable);
    EXPECT_NE(text.find("rests on a profile figure marked estimate"), std::string::npos) << text;
    EXPECT_NE(text.find("huawei-ascend-910c tdp_w (marked estimate in its profile)"),
              std::string::npos)
        << text;
    // The 910C column of the compute table is marked, the H100 column is not: each row of it
    // ends in the mark.
    std::size_t marked_rows = 0;
    for (std::size_t at = text.find(" *\n"); at != std::string::npos; at = text.find(" *\n", at + 1))
        ++marked_rows;
    EXPECT_EQ(marked_rows, 2u) << text;  // the claim and the TOTAL, compute table only
    // CSV: the note on the 910C's compute row, none on the H100's.
    const std::string csv = render_estimate(e, OutputFormat::kCsv);
    const auto row = [&csv](const std::string& start) {
        const std::size_t at = csv.find("\n" + start);
        if (at == std::string::npos) return std::string("(no row " + start + ")");
        return csv.substr(at + 1, csv.find('\n', at + 1) - at - 1);
    };
    EXPECT_NE(row("c,huawei-ascend-910c,compute,")
                  .find(",rests on estimated profile figures: huawei-ascend-910c tdp_w"),
              std::string::npos)
        << csv;
    EXPECT_EQ(row("c,nvidia-h100-sxm,compute,").back(), ',') << csv;
    EXPECT_NE(row("TOTAL,huawei-ascend-910c,compute,").find("rests on estimated profile figures"),
              std::string::npos)
        << csv;
    // JSON: the figure, what it feeds and whose column.
    std::string json_text;
    write_estimate_json(e, test::bundled_assumptions(), estimate_input(set), nlohmann::ordered_json::object(),
                        [&json_text](std::string_view piece) { json_text.append(piece); });
    const auto doc = nlohmann::json::parse(json_text);
    const auto& figures = doc["claims"][0]["estimated_figures"];
    ASSERT_EQ(figures.size(), 1u) << figures.dump();
    EXPECT_EQ(figures[0]["chip"], k910C);
    EXPECT_EQ(figures[0]["field"], "tdp_w");
    EXPECT_EQ(figures[0]["affects"], "equivalents");
    EXPECT_EQ(figures[0]["target_only"], true);
    EXPECT_EQ(doc["target_rates"][k910C]["confidence"], "secondary");
}

}  // namespace
}  // namespace chipcount
