// ECCN 3A090: TPP and PD against independent arithmetic (chip-specs.md §5), tier logic on
// synthetic chips at each threshold, and thresholds that come from the rules file.
#include <gtest/gtest.h>

#include "chipcount/export_control/export_control.hpp"
#include "bundled_data.hpp"
#include "test_support.hpp"

namespace chipcount {
namespace {

const ExportRules& rules() {
    static const ExportRules r =
        load_export_rules(test::profiles_dir() / "rules" / "eccn-3a090.json");
    return r;
}
Classification of(const char* id) {
    return classify(*test::bundled_profiles().find(id), rules());
}

// Published TPPs are computed from rounded datasheet rates, so they agree to 0.1%, not exactly.
void expect_tpp(const Classification& c, double published) {
    ASSERT_TRUE(c.tpp.has_value()) << c.chip_id;
    EXPECT_NEAR(*c.tpp, published, published * 1e-3) << c.chip_id;
}

TEST(ExportControl, H100IsA1) {
    const auto c = of("nvidia-h100-sxm");
    expect_tpp(c, 3958.0 / 2 * 8);  // sparse FP8 headline / 2, x 8 bits = 15,832
    EXPECT_EQ(c.tier, "3A090.a.1");
    EXPECT_TRUE(c.controlled);
}

TEST(ExportControl, H20SitsJustUnderEveryLine) {
    const auto c = of("nvidia-h20");
    expect_tpp(c, 296.0 * 8);  // 2,368
    ASSERT_TRUE(c.performance_density.has_value());
    EXPECT_NEAR(*c.performance_density, 2368.0 / 814.0, 1e-6);
    EXPECT_NEAR(*c.performance_density, 2.91, 0.005);
    EXPECT_EQ(c.tier, "not controlled");
    EXPECT_FALSE(c.controlled);
}

TEST(ExportControl, L20IsUnderTheB2DensityFloor) {
    const auto c = of("nvidia-l20");
    expect_tpp(c, 239.0 * 8);  // 1,912
    EXPECT_NEAR(*c.performance_density, 3.14, 0.005);
    EXPECT_EQ(c.tier, "not controlled");
}

TEST(ExportControl, A100JustOverTheA1Line) {
    const auto c = of("nvidia-a100-sxm");
    expect_tpp(c, 624.0 * 8);  // 4,992
    EXPECT_EQ(c.tier, "3A090.a.1");
}

TEST(ExportControl, Rtx4090IsA1ButNotForDataCenters) {
    const auto c = of("nvidia-rtx-4090");
    expect_tpp(c, 660.6 * 8);  // 5,285
    EXPECT_EQ(c.tier, "3A090.a.1");
    ASSERT_FALSE(c.notes.empty());
    EXPECT_NE(c.notes[0].find("Note 2"), std::string::npos);
}

TEST(ExportControl, Rtx4090DIsOutsideByNote2) {
    const auto c = of("nvidia-rtx-4090d");
    EXPECT_LT(*c.tpp, 4800.0);
    EXPECT_EQ(c.tier, "not controlled");
    EXPECT_NE(c.notes.at(0).find("Note 2"), std::string::npos);
}

TEST(ExportControl, NonUsOriginIsSaid) {
    const auto c = of("huawei-ascend-910b");
    expect_tpp(c, 320.0 * 16);  // 5,120
    bool said = false;
    for (const auto& note : c.notes)
        said = said || note.find("not a US-origin item") != std::string::npos;
    EXPECT_TRUE(said);
}

ChipProfile synthetic(double fp16_tflops, std::optional<double> die_mm2, bool datacenter = true) {
    ChipProfile p;
    p.id = "test-chip";
    p.peak_dense[Precision::kFp16] = fp16_tflops;
    p.die_area_mm2 = die_mm2;
    p.datacenter = datacenter;
    return p;
}

TEST(ExportControl, EachTierAtItsThresholds) {
    // TPP = fp16 x 16. a.2: TPP 1,600 and PD 5.92.
    EXPECT_EQ(classify(synthetic(100, 1600 / 5.93), rules()).tier, "3A090.a.2");
    EXPECT_EQ(classify(synthetic(100, 1600 / 5.90), rules()).tier, "3A090.b.2");
    // b.1: TPP 2,400..4,800 with PD 1.6..5.92 (PD 2 < 3.2 so b.2 does not apply).
    EXPECT_EQ(classify(synthetic(150, 2400 / 2.0), rules()).tier, "3A090.b.1");
    EXPECT_EQ(classify(synthetic(149.9, 2400 / 2.0), rules()).tier, "not controlled");
    // b.2: TPP >= 1,600, 3.2 <= PD < 5.92.
    EXPECT_EQ(classify(synthetic(100, 1600 / 3.21), rules()).tier, "3A090.b.2");
    EXPECT_EQ(classify(synthetic(100, 1600 / 3.1), rules()).tier, "not controlled");
    // a.1 by TPP alone, even without a die area.
    EXPECT_EQ(classify(synthetic(300, std::nullopt), rules()).tier, "3A090.a.1");
    // Below 1,600: nothing applies.
    EXPECT_EQ(classify(synthetic(99, 10.0), rules()).tier, "not controlled");
    // A tier that hinges on an unknown die area is undetermined, never guessed.
    EXPECT_EQ(classify(synthetic(200, std::nullopt), rules()).tier, "undetermined");
    // Non-data-center below 4,800: Note 2.
    EXPECT_EQ(classify(synthetic(200, 100.0, false), rules()).tier, "not controlled");
}

TEST(ExportControl, ThresholdsComeFromTheRulesFile) {
    test::TempDir dir;
    std::string text = test::read_text(test::profiles_dir() / "rules" / "eccn-3a090.json");
    const std::string from = "\"tpp_min\": 4800 }";
    ASSERT_NE(text.find(from), std::string::npos);
    text.replace(text.find(from), from.size(), "\"tpp_min\": 20000 }");
    test::write_text(dir / "rules.json", text);
    const ExportRules raised = load_export_rules(dir / "rules.json");
    // With a.1 at 20,000 the H100 (PD 19.45) falls to a.2.
    EXPECT_EQ(classify(*test::bundled_profiles().find("H100"), raised).tier, "3A090.a.2");
}

}  // namespace
}  // namespace chipcount
