// The estimator against independent arithmetic: the worked numbers of estimator-anchors.md §5
// and claims-xinjiang-qinghai.md, recomputed here from the datasheet rates, never copied from
// earlier output.
#include <gtest/gtest.h>

#include "chipcount/base/errors.hpp"
#include "chipcount/estimate/estimate.hpp"
#include "chipcount/format/table.hpp"
#include "bundled_data.hpp"
#include "test_support.hpp"

namespace chipcount {
namespace {

// Dense datasheet rates (chip-specs.md §1), TFLOPS.
constexpr double kH100Fp16 = 989.4;
constexpr double kH20Fp16 = 148.0;
constexpr double k910BFp16 = 320.0;


ClaimSet claims_from(const std::string& stated_json, const std::string& extra = "") {
    const std::string text = R"({"format": "chipcount.claims", "version": 1, "claims": [
        {"id": "c", "stated": )" +
                             stated_json + "}" + extra + "]}";
    return parse_claims(text, "test.json", test::bundled_profiles());
}

Estimate run(const ClaimSet& set,
             std::vector<std::string> targets = default_target_ids(test::bundled_assumptions(), test::bundled_profiles()),
             Precision precision = Precision::kFp16, const Assumptions& a = test::bundled_assumptions()) {
    EstimateOptions options;
    options.targets = std::move(targets);
    options.precision = precision;
    return estimate(set, test::bundled_profiles(), a, options);
}

std::optional<Range> equivalent(const Estimate& e, std::size_t claim, const std::string& id) {
    for (std::size_t i = 0; i < e.options.targets.size(); ++i) {
        if (e.options.targets[i] == id) return e.claims.at(claim).equivalents.at(i);
    }
    ADD_FAILURE() << "no target " << id;
    return std::nullopt;
}

TEST(Estimate, FourThousandPAtUnknownSparsity) {
    const auto set = claims_from(R"({"compute": {"value": 4000, "unit": "P"}})");
    const Estimate e = run(set);
    const auto h100 = equivalent(e, 0, "nvidia-h100-sxm");
    ASSERT_TRUE(h100);
    EXPECT_NEAR(h100->central, 4000e3 / kH100Fp16, 1e-6);  // 4,043
    EXPECT_EQ(std::lround(h100->central), 4043);
    EXPECT_NEAR(h100->low, 4000e3 / 2 / kH100Fp16, 1e-6);  // 2,021: the sparse reading
    EXPECT_EQ(std::lround(std::floor(h100->low)), 2021);
    EXPECT_NEAR(h100->high, h100->central, 1e-9);
    EXPECT_EQ(std::lround(equivalent(e, 0, "nvidia-h20")->central), 27027);
    EXPECT_NEAR(equivalent(e, 0, "nvidia-h20")->central, 4000e3 / kH20Fp16, 1e-6);
    EXPECT_NEAR(equivalent(e, 0, "huawei-ascend-910b")->central, 4000e3 / k910BFp16,
                1e-9);  // 12,500
}

TEST(Estimate, DenseAndSparseStatementsAreExact) {
    const auto dense =
        run(claims_from(R"({"compute": {"value": 4000, "unit": "P", "sparsity": "dense"}})"));
    const auto h100 = equivalent(dense, 0, "nvidia-h100-sxm");
    EXPECT_DOUBLE_EQ(h100->low, h100->high);
    const auto sparse =
        run(claims_from(R"({"compute": {"value": 4, "unit": "EFLOPS", "sparsity": "sparse"}})"));
    EXPECT_NEAR(equivalent(sparse, 0, "nvidia-h100-sxm")->central, 2000e3 / kH100Fp16, 1e-6);
}

TEST(Estimate, SixHundredTwentyFiveH100Servers) {
    const Estimate e = run(claims_from(R"({"servers": 625, "chip": "H100"})"));
    const ClaimEstimate& c = e.claims[0];
    ASSERT_TRUE(c.chips);
    EXPECT_DOUBLE_EQ(c.chips->central, 5000.0);  // 8 GPUs per HGX server
    ASSERT_TRUE(c.compute_pflops);
    EXPECT_NEAR(c.compute_pflops->central, 5000 * kH100Fp16 / 1000, 1e-9);  // 4,947 P
    EXPECT_EQ(std::lround(c.compute_pflops->central), 4947);
    // IT power: 5,000 x DGX 10.2 kW / 8 x 1.14 = 7.27 MW (estimator-anchors §5: ~7.3 MW IT).
    ASSERT_TRUE(c.power_it_mw);
    EXPECT_NEAR(c.power_it_mw->central, 5000 * 10200.0 / 8 * 1.14 / 1e6, 1e-9);
}

TEST(Estimate, TwoThousandH100AsH20) {
    const Estimate e = run(claims_from(R"({"chips": 2000, "chip": "H100"})"));
    EXPECT_NEAR(equivalent(e, 0, "nvidia-h20")->central, 2000 * kH100Fp16 / kH20Fp16, 1e-6);
    EXPECT_EQ(std::lround(equivalent(e, 0, "nvidia-h20")->central), 13370);
    // By memory bandwidth instead of compute: 2,000 x 3.35 / 4.0 TB/s.
    bool found = false;
    for (const auto& [metric, values] : e.claims[0].by_metric) {
        if (metric != "memory_bandwidth") continue;
        for (std::size_t i = 0; i < values.size(); ++i) {
            if (e.options.targets[i] == "nvidia-h20") {
                found = true;
                EXPECT_NEAR(values[i]->central, 2000 * 3.35 / 4.0, 1e-9);
            }
        }
    }
    EXPECT_TRUE(found);
}

TEST(Estimate, Fp8ClaimAgainstA100IsNullWithANote) {
    const Estimate e =
        run(claims_from(R"({"compute": {"value": 100, "unit": "P", "precision": "fp8"}})"),
            {"nvidia-a100-sxm", "nvidia-h100-sxm"});
    EXPECT_FALSE(equivalent(e, 0, "nvidia-a100-sxm").has_value());
    EXPECT_NEAR(equivalent(e, 0, "nvidia-h100-sxm")->central, 100e3 / 1978.9, 1e-6);
    // The missing figure is a note on that cell.
    EXPECT_EQ(e.claims[0].missing[0], "nvidia-a100-sxm has no published fp8 rate");
    EXPECT_EQ(e.claims[0].missing[1], "");
    EXPECT_FALSE(e.totals.equivalents[0].has_value());
}

TEST(Estimate, HundredMegawattsFacility) {
    const auto set = claims_from(R"({"power": {"value": 100, "unit": "MW", "basis": "facility"}})");
    // Anchor: PUE 1.4 with the p95 IT power of 1,721 W per H100 gives 41,504.
    const Estimate wide = run(set, {"nvidia-h100-sxm"});
    const auto h100 = equivalent(wide, 0, "nvidia-h100-sxm");
    EXPECT_NEAR(h100->low, 100e6 / 1.4 / 1721.0, 100e6 / 1.4 / 1721.0 * 1e-3);
    // Anchor: PUE 1.2 and 1,453 W per H100 gives 57,353: set PUE to 1.2 in an assumptions copy.
    test::TempDir dir;
    std::string text = test::read_text(test::profiles_dir() / "assumptions.json");
    const std::string from = "\"low\": 1.2, \"central\": 1.3, \"high\": 1.4";
    ASSERT_NE(text.find(from), std::string::npos);
    text.replace(text.find(from), from.size(), "\"low\": 1.2, \"central\": 1.2, \"high\": 1.2");
    test::write_text(dir / "assumptions.json", text);
    const Assumptions pue12 = load_assumptions(dir / "assumptions.json");
    const Estimate fixed = run(set, {"nvidia-h100-sxm"}, Precision::kFp16, pue12);
    EXPECT_NEAR(equivalent(fixed, 0, "nvidia-h100-sxm")->central, 57353, 57353 * 1e-3);
}

TEST(Estimate, ItPowerReadingNeedsNoPue) {
    const auto set = claims_from(R"({"power": {"value": 100, "unit": "MW", "basis": "it"}})");
    const Estimate e = run(set, {"nvidia-h100-sxm"});
    // Anchor: "if 100 MW is IT: / 1.453 kW = 68,800".
    EXPECT_NEAR(equivalent(e, 0, "nvidia-h100-sxm")->central, 100e6 / 1453.5, 1e-6);
}

TEST(Estimate, BundledDataSetAddsUp) {
    const ClaimSet set =
        load_claims(test::source_dir() / "claims" / "xinjiang-qinghai-2024.json", test::bundled_profiles());
    const Estimate e = run(set);
    auto check = [&](const std::string& claim, const std::string& kind) -> const Check* {
        for (const auto& c : e.claims) {
            if (c.claim->id != claim) continue;
            for (const auto& k : c.checks) {
                if (k.kind == kind) return &k;
            }
        }
        return nullptr;
    };
    // 625 + 9,000 + 5,000 = 14,625 servers against "more than 14,000".
    const Check* servers = check("xq-2024-all", "parts_servers");
    ASSERT_NE(servers, nullptr);
    EXPECT_TRUE(servers->ok);
    EXPECT_NEAR(servers->deviation, (625.0 + 9000 + 5000 - 14000) / 14000, 1e-12);
    // 5,000 + 72,000 + 40,000 = 117,000 chips against "more than 115,000".
    const Check* chips = check("xq-2024-all", "parts_chips");
    ASSERT_NE(chips, nullptr);
    EXPECT_TRUE(chips->ok);
    EXPECT_NEAR(chips->deviation, (5000.0 + 72000 + 40000 - 115000) / 115000, 1e-12);
    EXPECT_NE(chips->detail.find("117,000"), std::string::npos) << chips->detail;
    // China Energy: 644 x 8 = 5,152 against "more than 5,000".
    const Check* energy = check("china-energy", "servers_vs_chips");
    ASSERT_NE(energy, nullptr);
    EXPECT_TRUE(energy->ok);
    EXPECT_NEAR(energy->deviation, (644.0 * 8 - 5000) / 5000, 1e-12);
    // Totals add only the top-level claim: 115,000 H100.
    EXPECT_EQ(e.totals.claims, std::vector<std::string>{"xq-2024-all"});
    EXPECT_DOUBLE_EQ(e.totals.equivalents[0]->central, 115000.0);
    // "more than 115,000": a lower bound all the way to the total, never an exact count.
    EXPECT_TRUE(e.totals.equivalents[0]->open_above);
    EXPECT_FALSE(e.totals.equivalents[0]->open_below);
    EXPECT_EQ(format_range(e.totals.equivalents[0]), "115,000 or more");
    // The subset (7 projects under construction) is checked, never added.
    const Check* subset = check("xq-2024-all", "subset_projects");
    ASSERT_NE(subset, nullptr);
    EXPECT_TRUE(subset->ok);
}

TEST(Estimate, MismatchesAreFlagged) {
    const Estimate e = run(claims_from(R"({"servers": 100, "chips": 2000, "chip": "H100"})"));
    ASSERT_EQ(e.claims[0].checks.size(), 1u);
    EXPECT_FALSE(e.claims[0].checks[0].ok);  // 800 against 2,000
    const Estimate compute =
        run(claims_from(R"({"chips": 1000, "chip": "H100", "compute": "2000 P"})"));
    // 1,000 H100 = 989 P dense: 2,000 P only fits the sparse reading (1,000 P), within 10%.
    ASSERT_EQ(compute.claims[0].checks.size(), 1u);
    EXPECT_TRUE(compute.claims[0].checks[0].ok) << compute.claims[0].checks[0].detail;
    const Estimate wrong =
        run(claims_from(R"({"chips": 1000, "chip": "H100", "compute": "5000 P"})"));
    EXPECT_FALSE(wrong.claims[0].checks[0].ok);
}

TEST(Estimate, MeasuredBasisUsesSustainedThroughput) {
    const auto measurements = load_measurements(
        {(test::source_dir() / "tests/data/result-synthetic-h100.json").string()}, test::bundled_profiles());
    ASSERT_EQ(measurements.size(), 2u);
    EstimateOptions options;
    options.targets = {"nvidia-h100-sxm", "nvidia-h20"};
    options.measured_basis = true;
    options.measurements = measurements;
    const Estimate e =
        estimate(claims_from(R"({"compute": {"value": 4000, "unit": "P", "sparsity": "dense"}})"),
                 test::bundled_profiles(), test::bundled_assumptions(), options);
    EXPECT_EQ(e.target_rates[0].second.basis, "measured");
    EXPECT_EQ(e.target_rates[1].second.basis, "spec");  // no H20 measurement
    EXPECT_NEAR(equivalent(e, 0, "nvidia-h100-sxm")->central, 4000e3 / 700.0, 1e-6);
    EXPECT_NEAR(equivalent(e, 0, "nvidia-h20")->central, 4000e3 / kH20Fp16, 1e-6);
}

TEST(Estimate, MeasuredBasisComparesChipsOnOneBasis) {
    const auto measurements = load_measurements(
        {(test::source_dir() / "tests/data/result-synthetic-h100.json").string()}, test::bundled_profiles());
    EstimateOptions options;
    options.targets = {"nvidia-h100-sxm", "nvidia-h200-sxm", "nvidia-h20"};
    options.measured_basis = true;
    options.measurements = measurements;
    const Estimate e = estimate(claims_from(R"({"chips": 2000, "chip": "H100"})"), test::bundled_profiles(),
                                test::bundled_assumptions(), options);
    // H100 against its own measurement: exactly the stated count.
    EXPECT_DOUBLE_EQ(equivalent(e, 0, "nvidia-h100-sxm")->central, 2000.0);
    // Unmeasured targets: datasheet against datasheet, never measured H100 against datasheet H200.
    EXPECT_NEAR(equivalent(e, 0, "nvidia-h200-sxm")->central, 2000.0, 1e-9);
    EXPECT_NEAR(equivalent(e, 0, "nvidia-h20")->central, 2000 * kH100Fp16 / kH20Fp16, 1e-6);
    // The claim's compute is what the chips deliver: 2,000 x the measured sustained 700 TFLOPS.
    EXPECT_NEAR(e.claims[0].compute_pflops->central, 2000 * 700.0 / 1000, 1e-9);
}

TEST(Units, QuantitiesAndUnits) {
    const auto p = parse_quantity("4,000 P");
    ASSERT_TRUE(p);
    EXPECT_DOUBLE_EQ(p->value, 4000);
    EXPECT_EQ(p->unit, "P");
    EXPECT_DOUBLE_EQ(parse_quantity("1.5 EFLOPS")->value * *compute_unit_to_pflops("EFLOPS"), 1500);
    EXPECT_EQ(parse_quantity("5EFLOPS")->unit, "EFLOPS");
    EXPECT_DOUBLE_EQ(*compute_unit_to_pflops("TFlops"), 1e-3);  // the prefix is case-exact
    EXPECT_DOUBLE_EQ(*power_unit_to_mw("GW"), 1000);
    EXPECT_DOUBLE_EQ(*power_unit_to_mw("kW"), 1e-3);
    EXPECT_FALSE(compute_unit_to_pflops("FLOPS/W"));
    EXPECT_FALSE(power_unit_to_mw("MWh"));
    EXPECT_FALSE(parse_quantity("-5 MW"));
    EXPECT_FALSE(parse_quantity("P"));
    EXPECT_FALSE(parse_quantity("100"));
    EXPECT_FALSE(parse_quantity("nan MW"));
}

TEST(Units, RangeArithmeticPairsExtremes) {
    const Range a{1, 2, 3};
    const Range b{2, 4, 8};
    const Range q = a.divided_by(b);
    EXPECT_DOUBLE_EQ(q.low, 1.0 / 8);
    EXPECT_DOUBLE_EQ(q.high, 3.0 / 2);
    EXPECT_DOUBLE_EQ(a.times(b).high, 24);
    EXPECT_DOUBLE_EQ((a + b).central, 6);
}

TEST(Estimate, DefaultTargetsAreResolvedLikeTargetsAndNamedByTheirFile) {
    Assumptions a = test::bundled_assumptions();
    a.default_targets = {"H100", "910B"};  // aliases, as a person would write them
    EXPECT_EQ(default_target_ids(a, test::bundled_profiles()),
              (std::vector<std::string>{"nvidia-h100-sxm", "huawei-ascend-910b"}));
    a.default_targets = {"no-such-gpu"};
    try {
        default_target_ids(a, test::bundled_profiles());
        FAIL() << "an unknown default target was accepted";
    } catch (const InputError& e) {
        EXPECT_NE(
            std::string(e.what()).find(a.origin + ": assumptions: field 'default_targets.value'"),
            std::string::npos)
            << e.what();
    }
    a.default_targets.clear();
    EXPECT_THROW(default_target_ids(a, test::bundled_profiles()), InputError);
}

}  // namespace
}  // namespace chipcount
