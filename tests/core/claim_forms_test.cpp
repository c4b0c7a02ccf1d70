// The claim forms (bounds, alternatives, mixes, groups, unnamed cards, Chinese units,
// FP32-normalised statistics, the 8-bit basis, dates, projects and subsets) against independent
// arithmetic: every expected number is worked here from the datasheet rates of profiles/chips,
// written out as constants, never copied from the estimator's output.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include "chipcount/base/errors.hpp"
#include "chipcount/estimate/estimate.hpp"
#include "chipcount/format/table.hpp"
#include "bundled_data.hpp"
#include "test_support.hpp"

namespace chipcount {
namespace {

// Dense datasheet rates, TFLOPS, from profiles/chips/*.json (peak_dense).
constexpr double kH100Fp16 = 989.4;   // nvidia-h100-sxm
constexpr double kH100Fp8 = 1978.9;   // nvidia-h100-sxm
constexpr double kH100Fp32 = 66.9;    // nvidia-h100-sxm, non-tensor
constexpr double kH200Fp16 = 989.4;   // nvidia-h200-sxm
constexpr double kH800Fp16 = 989.4;   // nvidia-h800-sxm
constexpr double kH20Fp16 = 148.0;    // nvidia-h20
constexpr double kA100Fp16 = 312.0;   // nvidia-a100-sxm
constexpr double kA100Int8 = 624.0;   // nvidia-a100-sxm (no fp8)
constexpr double k910BFp16 = 320.0;   // huawei-ascend-910b
constexpr double k910CFp16 = 800.0;   // huawei-ascend-910c (bf16 780; no fp8, no int8)
constexpr double kMlu370Fp16 = 96.0;  // cambricon-mlu370-x8
constexpr double k910Fp16 = 256.0;    // huawei-ascend-910
constexpr double kK100Fp16 = 196.0;   // hygon-k100-ai
constexpr double kBw200Fp16 = 480.0;  // hygon-bw200
// Memory bandwidth, TB/s.
constexpr double kH100Bw = 3.35;
constexpr double kH200Bw = 4.8;
constexpr double kH20Bw = 4.0;

constexpr double kEps = 1e-6;

// The factors main is adding to profiles/assumptions.json, set in a copy here.
Assumptions with_new_factors() {
    Assumptions a = test::bundled_assumptions();
    a.approximate_figure = Factor{{0.9, 1.0, 1.1}, "", "test"};
    a.fp32_normalised_to_fp16 = Factor{{5.3, 8.1, 16}, "", "test"};
    return a;
}

std::vector<std::string> default_targets() {
    return default_target_ids(test::bundled_assumptions(), test::bundled_profiles());
}

// A claims file with the given claims (JSON objects, comma-separated).
ClaimSet claims_of(const std::string& claims) {
    const std::string text =
        R"({"format": "chipcount.claims", "version": 1, "claims": [)" + claims + "]}";
    return parse_claims(text, "test.json", test::bundled_profiles());
}

// One claim "c" with the given stated object.
ClaimSet claim_stating(const std::string& stated) {
    return claims_of(R"({"id": "c", "stated": )" + stated + "}");
}

Estimate run(const ClaimSet& set, std::vector<std::string> targets = default_targets(),
             const Assumptions& a = with_new_factors(), Precision precision = Precision::kFp16,
             bool eight_bit = false) {
    EstimateOptions options;
    options.targets = std::move(targets);
    options.precision = precision;
    options.eight_bit = eight_bit;
    return estimate(set, test::bundled_profiles(), a, options);
}

std::size_t target_index(const Estimate& e, const std::string& id) {
    const auto& t = e.options.targets;
    const auto it = std::find(t.begin(), t.end(), id);
    EXPECT_NE(it, t.end()) << "no target " << id;
    return static_cast<std::size_t>(it - t.begin());
}

std::optional<Range> equivalent(const Estimate& e, std::size_t claim, const std::string& id) {
    return e.claims.at(claim).equivalents.at(target_index(e, id));
}

std::optional<Range> by_metric(const Estimate& e, std::size_t claim, const std::string& metric,
                               const std::string& id) {
    for (const auto& [name, values] : e.claims.at(claim).by_metric) {
        if (name == metric) return values.at(target_index(e, id));
    }
    ADD_FAILURE() << "no metric " << metric;
    return std::nullopt;
}

const Check* find_check(const ClaimEstimate& c, const std::string& kind) {
    for (const Check& k : c.checks) {
        if (k.kind == kind) return &k;
    }
    return nullptr;
}

bool any_note_contains(const std::vector<std::string>& notes, const std::string& text) {
    return std::any_of(notes.begin(), notes.end(),
                       [&](const std::string& n) { return n.find(text) != std::string::npos; });
}

std::string all_notes(const std::vector<std::string>& notes) {
    std::string out;
    for (const std::string& n : notes) out += "\n  " + n;
    return out;
}

void expect_range(const std::optional<Range>& r, double low, double central, double high,
                  double tolerance = kEps) {
    ASSERT_TRUE(r.has_value());
    EXPECT_NEAR(r->low, low, tolerance);
    EXPECT_NEAR(r->central, central, tolerance);
    EXPECT_NEAR(r->high, high, tolerance);
}

// Expects `f` to throw an InputError whose message holds every one of `parts`.
template <typename F>
void expect_input_error(F&& f, const std::vector<std::string>& parts) {
    try {
        f();
        ADD_FAILURE() << "no InputError (expected one naming " << parts.front() << ")";
    } catch (const InputError& e) {
        const std::string what = e.what();
        for (const std::string& p : parts)
            EXPECT_NE(what.find(p), std::string::npos) << "'" << p << "' not in: " << what;
    }
}

// --- 1. Bounds ------------------------------------------------------------------------------

TEST(ClaimForms, MoreThanIsOpenAboveThroughEquivalentsAndTotals) {
    const Estimate e = run(claim_stating(R"({"chips": "more than 115,000", "chip": "H100"})"));
    const ClaimEstimate& c = e.claims[0];
    expect_range(c.chips, 115000, 115000, 115000);
    EXPECT_TRUE(c.chips->open_above);
    EXPECT_FALSE(c.chips->open_below);
    const auto h20 = equivalent(e, 0, "nvidia-h20");
    const double h20_value = 115000 * kH100Fp16 / kH20Fp16;
    expect_range(h20, h20_value, h20_value, h20_value);
    EXPECT_TRUE(h20->open_above);
    EXPECT_FALSE(h20->open_below);
    const auto total = e.totals.equivalents.at(target_index(e, "nvidia-h20"));
    ASSERT_TRUE(total);
    EXPECT_TRUE(total->open_above);
    EXPECT_NEAR(total->central, h20_value, kEps);
    ASSERT_TRUE(e.totals.compute_pflops);
    EXPECT_TRUE(e.totals.compute_pflops->open_above);
}

TEST(ClaimForms, UpToIsOpenBelow) {
    const Estimate e = run(claim_stating(R"({"chips": "up to 72,000", "chip": "H100"})"));
    const ClaimEstimate& c = e.claims[0];
    expect_range(c.chips, 72000, 72000, 72000);
    EXPECT_TRUE(c.chips->open_below);
    EXPECT_FALSE(c.chips->open_above);
    const auto h20 = equivalent(e, 0, "nvidia-h20");
    ASSERT_TRUE(h20);
    EXPECT_NEAR(h20->central, 72000 * kH100Fp16 / kH20Fp16, kEps);
    EXPECT_TRUE(h20->open_below);
    EXPECT_TRUE(e.totals.equivalents.at(target_index(e, "nvidia-h20"))->open_below);
}

TEST(ClaimForms, AboutAndAlmostWidenByTheApproximateFigureFactor) {
    const Estimate about = run(claim_stating(R"({"chips": "about 5,000", "chip": "H100"})"));
    expect_range(about.claims[0].chips, 5000 * 0.9, 5000, 5000 * 1.1);
    EXPECT_TRUE(about.claims[0].chips->is_bounded());
    expect_range(about.claims[0].chips, 4500, 5000, 5500);
    const Estimate almost = run(claim_stating(R"({"chips": "almost 600,000", "chip": "H100"})"));
    expect_range(almost.claims[0].chips, 540000, 600000, 600000);
}

TEST(ClaimForms, AboutWithoutTheFactorIsRefusedNamingIt) {
    Assumptions a = with_new_factors();
    a.approximate_figure.reset();
    const ClaimSet set = claim_stating(R"({"chips": "about 5,000", "chip": "H100"})");
    expect_input_error([&] { run(set, default_targets(), a); },
                       {"factors.approximate_figure", "claim 'c'"});
}

TEST(ClaimForms, ARangeRunsBetweenItsEnds) {
    const Estimate e = run(claim_stating(R"({"chips": "4-5 million", "chip": "H100"})"));
    expect_range(e.claims[0].chips, 4e6, 4.5e6, 5e6);
    EXPECT_TRUE(e.claims[0].chips->is_bounded());
}

TEST(ClaimForms, FormatRangeSaysBoundsInWords) {
    EXPECT_EQ(format_range(Range{115000, 115000, 115000, false, true}), "115,000 or more");
    EXPECT_EQ(format_range(Range{72000, 72000, 72000, true, false}), "up to 72,000");
    const Estimate more = run(claim_stating(R"({"chips": "more than 115,000", "chip": "H100"})"));
    const std::string text = format_range(more.claims[0].chips);
    EXPECT_EQ(text, "115,000 or more");
    EXPECT_EQ(text.find("115,000 (115,000-115,000)"), std::string::npos);
    const Estimate up = run(claim_stating(R"({"chips": "up to 72,000", "chip": "H100"})"));
    EXPECT_EQ(format_range(up.claims[0].chips), "up to 72,000");
}

// --- 2. Alternatives ------------------------------------------------------------------------

TEST(ClaimForms, AlternativesInEveryWriting) {
    const std::vector<std::string> expected = {"nvidia-h100-sxm", "nvidia-h200-sxm"};
    for (const std::string chip :
         {R"("H100 or H200")", R"("H100/H200")", R"(["H100", "H200"])", R"("H100或H200")"}) {
        SCOPED_TRACE(chip);
        const ClaimSet set = claim_stating(R"({"chips": 1000, "chip": )" + chip + "}");
        std::vector<std::string> ids;
        for (const HardwarePart& p : set.claims[0].stated.hardware)
            ids.insert(ids.end(), p.ids.begin(), p.ids.end());
        EXPECT_EQ(ids, expected);
        const Estimate e = run(set);
        const ClaimEstimate& c = e.claims[0];
        // Both chips run 989.4 TFLOPS: the compute is exact.
        ASSERT_TRUE(c.compute_pflops);
        expect_range(c.compute_pflops, 1000 * kH100Fp16 / 1000, 1000 * kH200Fp16 / 1000,
                     1000 * kH100Fp16 / 1000);
        // By memory bandwidth the fleet spans H100 (3.35) to H200 (4.8), central at the mean.
        expect_range(by_metric(e, 0, "memory_bandwidth", "nvidia-h20"), 1000 * kH100Bw / kH20Bw,
                     1000 * ((kH100Bw + kH200Bw) / 2) / kH20Bw, 1000 * kH200Bw / kH20Bw);
    }
}

// --- 3. Mixes -------------------------------------------------------------------------------

TEST(ClaimForms, MixWithCountsSharesAndTheRest) {
    const Estimate e = run(claim_stating(
        R"({"chips": 10000, "mix": [{"chip": "H800", "chips": 3000},
            {"chip": "H100", "share": "20%"}, {"chip": "H20"}]})"));
    const ClaimEstimate& c = e.claims[0];
    expect_range(c.chips, 10000, 10000, 10000);
    // H800 3,000; H100 20% of 10,000 = 2,000; H20 the rest, 5,000.
    const double pflops = (3000 * kH800Fp16 + 2000 * kH100Fp16 + 5000 * kH20Fp16) / 1000;
    expect_range(c.compute_pflops, pflops, pflops, pflops);
    EXPECT_NEAR(equivalent(e, 0, "nvidia-h100-sxm")->central, pflops * 1000 / kH100Fp16, kEps);
    // 5,000 counted and shared, room for the rest: consistent.
    const Check* check = find_check(c, "mix_vs_chips");
    ASSERT_NE(check, nullptr);
    EXPECT_TRUE(check->ok) << check->detail;
    EXPECT_NEAR(check->derived, 5000, kEps);
}

TEST(ClaimForms, MixWithTwoOpenPartsSpansTheirRates) {
    const Estimate e = run(claim_stating(
        R"({"chips": 10000, "mix": [{"chip": "H800", "chips": 3000}, {"chip": "A100"},
            {"chip": "H20"}]})"));
    // The rest, 7,000, at the least (H20), mean and greatest (A100) rate of the open chips.
    const double counted = 3000 * kH800Fp16;
    expect_range(e.claims[0].compute_pflops, (counted + 7000 * kH20Fp16) / 1000,
                 (counted + 7000 * (kA100Fp16 + kH20Fp16) / 2) / 1000,
                 (counted + 7000 * kA100Fp16) / 1000);
}

TEST(ClaimForms, MixCountsOverTheTotalFailTheCheck) {
    const Estimate e = run(claim_stating(
        R"({"chips": 1000, "mix": [{"chip": "H100", "chips": 800}, {"chip": "H20", "chips": 700}]})"));
    const Check* check = find_check(e.claims[0], "mix_vs_chips");
    ASSERT_NE(check, nullptr);
    EXPECT_FALSE(check->ok) << check->detail;
    EXPECT_NEAR(check->derived, 1500, kEps);
    EXPECT_NEAR(check->stated, 1000, kEps);
}

// --- 4. Groups ------------------------------------------------------------------------------

std::vector<std::string> hardware_ids(const ClaimSet& set) {
    std::vector<std::string> ids;
    for (const HardwarePart& p : set.claims[0].stated.hardware)
            ids.insert(ids.end(), p.ids.begin(), p.ids.end());
    return ids;
}

TEST(ClaimForms, DomesticIsTheProfiledNonUsDataCenterChips) {
    // From profiles/chips: datacenter true and us_origin false.
    const std::vector<std::string> domestic = {"cambricon-mlu370-x8", "huawei-ascend-910",
                                               "huawei-ascend-910b", "huawei-ascend-910c",
                                               "hygon-bw200",        "hygon-k100-ai"};
    std::vector<std::string> by_rule;
    for (const ChipProfile& p : test::bundled_profiles().all()) {
        if (p.datacenter && !p.us_origin) by_rule.push_back(p.id);
    }
    std::sort(by_rule.begin(), by_rule.end());
    EXPECT_EQ(by_rule, domestic);
    const ClaimSet set = claim_stating(R"({"chips": 1000, "chip": "domestic"})");
    EXPECT_EQ(hardware_ids(set), domestic);
    EXPECT_EQ(hardware_ids(claim_stating(R"({"chips": 1000, "chip": "国产"})")), domestic);
    // One of them each: the least, mean and greatest fp16 rate.
    const Estimate e = run(set);
    const double mean =
        (kMlu370Fp16 + k910Fp16 + k910BFp16 + k910CFp16 + kK100Fp16 + kBw200Fp16) / 6;
    expect_range(e.claims[0].compute_pflops, 1000 * kMlu370Fp16 / 1000, 1000 * mean / 1000,
                 1000 * k910CFp16 / 1000);
}

TEST(ClaimForms, NvidiaIsTheProfiledNvidiaDataCenterChips) {
    // Not the RTX 4090 and 4090D (datacenter false).
    const std::vector<std::string> nvidia = {
        "nvidia-a100-sxm", "nvidia-a800-sxm",  "nvidia-b200",     "nvidia-b300",
        "nvidia-gb200",    "nvidia-gb300",     "nvidia-h100-nvl", "nvidia-h100-pcie",
        "nvidia-h100-sxm", "nvidia-h20",       "nvidia-h200-nvl", "nvidia-h200-sxm",
        "nvidia-h800-sxm", "nvidia-l20",       "nvidia-l40s"};
    EXPECT_EQ(hardware_ids(claim_stating(R"({"chips": 1000, "chip": "nvidia"})")), nvidia);
    EXPECT_EQ(hardware_ids(claim_stating(R"({"chips": 1000, "chip": "NVIDIA"})")), nvidia);
}

TEST(ClaimForms, MostOfThemDomesticIsAGroupWithAShareOverHalf) {
    // "10,000 cards, most of them domestic, the rest H20": the domestic part is more than 5,000
    // of one of the profiled domestic chips, the H20 the rest (fewer than 5,000).
    const ClaimSet set = claim_stating(
        R"({"chips": "10,000", "mix": [{"chip": "domestic", "share": "more than 50%"},
            {"chip": "H20"}]})");
    const Estimate e = run(set);
    const ClaimEstimate& c = e.claims[0];
    const double mean =
        (kMlu370Fp16 + k910Fp16 + k910BFp16 + k910CFp16 + kK100Fp16 + kBw200Fp16) / 6;
    // PFLOPS: 5,000 at the least (MLU370), mean and greatest (910C) domestic rate, plus 5,000
    // H20; open both ways, since more domestic chips means fewer H20.
    expect_range(c.compute_pflops, (5000 * kMlu370Fp16 + 5000 * kH20Fp16) / 1000,
                 (5000 * mean + 5000 * kH20Fp16) / 1000,
                 (5000 * k910CFp16 + 5000 * kH20Fp16) / 1000);
    EXPECT_TRUE(c.compute_pflops->open_above);
    EXPECT_TRUE(c.compute_pflops->open_below);
    EXPECT_NEAR(equivalent(e, 0, "nvidia-h100-sxm")->central,
                (5000 * mean + 5000 * kH20Fp16) / kH100Fp16, kEps);
    EXPECT_EQ(set.claims[0].stated.hardware.at(0).ids.size(), 6u);
}

TEST(ClaimForms, AGroupIsOnePartBesideTheOtherAlternatives) {
    // "domestic or H20": a domestic chip or an H20, each as likely; the six domestic chips
    // weigh as one alternative, not six.
    const double domestic =
        (kMlu370Fp16 + k910Fp16 + k910BFp16 + k910CFp16 + kK100Fp16 + kBw200Fp16) / 6;
    const ClaimSet top = claim_stating(R"({"chips": 1000, "chip": "domestic or H20"})");
    expect_range(run(top).claims[0].compute_pflops, 1000 * kMlu370Fp16 / 1000,
                 1000 * (domestic + kH20Fp16) / 2 / 1000, 1000 * k910CFp16 / 1000);
    // The same in a mix: 3,000 H800, the rest 7,000 domestic or H20.
    const ClaimSet mix = claim_stating(
        R"({"chips": 10000, "mix": [{"chip": "H800", "chips": 3000}, {"chip": "domestic"},
            {"chip": "H20"}]})");
    const double h800 = 3000 * kH800Fp16;
    expect_range(run(mix).claims[0].compute_pflops, (h800 + 7000 * kMlu370Fp16) / 1000,
                 (h800 + 7000 * (domestic + kH20Fp16) / 2) / 1000,
                 (h800 + 7000 * k910CFp16) / 1000);
}

TEST(ClaimForms, ServersOfChipsWithDifferentServerSizesSayWhatTheyAssume) {
    // A GB200 rack holds 72 GPUs, an HGX H100 8: 100 servers of "GB200 or H100" are counted at
    // the default 8 a server (800 chips), and a note says so.
    const ClaimSet set = claim_stating(R"({"servers": 100, "chip": "GB200 or H100"})");
    const Estimate e = run(set);
    expect_range(e.claims[0].chips, 800, 800, 800);
    EXPECT_TRUE(any_note_contains(e.claims[0].notes, "nvidia-gb200 72, nvidia-h100-sxm 8"))
        << all_notes(e.claims[0].notes);
    // Stated, the size is what the claim says, and no note.
    const ClaimSet stated =
        claim_stating(R"({"servers": 100, "gpus_per_server": 72, "chip": "GB200 or H100"})");
    const Estimate s = run(stated);
    expect_range(s.claims[0].chips, 7200, 7200, 7200);
    EXPECT_FALSE(any_note_contains(s.claims[0].notes, "differ in size"));
}

TEST(ClaimForms, AFleetChipWithoutBandwidthSaysWhy) {
    // The Ascend 910 profile has no memory bandwidth.
    const ClaimSet set = claim_stating(R"({"chips": 100, "chip": "Ascend 910"})");
    const Estimate e = run(set);
    EXPECT_FALSE(by_metric(e, 0, "memory_bandwidth", "nvidia-h100-sxm").has_value());
    EXPECT_TRUE(any_note_contains(e.claims[0].notes,
                                  "huawei-ascend-910 has no memory bandwidth in its profile"))
        << all_notes(e.claims[0].notes);
}

TEST(ClaimForms, AFleetWithoutPowerFiguresKeepsTheStatedPower) {
    // The Hygon K100-AI (one of the domestic chips) has no TDP: the claim's power is its own
    // 10 MW of facility power (IT: 10 / PUE 1.3 central), never dropped.
    const ClaimSet set = claim_stating(
        R"({"chips": 3000, "chip": "domestic", "power": {"value": 10, "unit": "MW", "basis": "facility"}})");
    const Estimate e = run(set);
    expect_range(e.claims[0].power_mw, 10, 10, 10);
    EXPECT_NEAR(e.claims[0].power_it_mw->central, 10 / 1.3, 1e-9);
    EXPECT_TRUE(any_note_contains(e.claims[0].notes, "power is the claim's own figure"))
        << all_notes(e.claims[0].notes);
}

TEST(ClaimForms, AMixPartMayBeAlternatives) {
    // 3,000 "H100 or H20" and 1,000 910B: the alternatives' part spans both chips' figures.
    const ClaimSet set = claim_stating(
        R"({"mix": [{"chip": "H100 or H20", "chips": 3000}, {"chip": "910B", "chips": 1000}]})");
    const Estimate e = run(set);
    const ClaimEstimate& c = e.claims[0];
    EXPECT_EQ(c.basis, ClaimBasis::kChips);  // the mix's counts are its chips
    expect_range(c.chips, 4000, 4000, 4000);
    const double rest = 1000 * k910BFp16;
    expect_range(c.compute_pflops, (3000 * kH20Fp16 + rest) / 1000,
                 (3000 * (kH100Fp16 + kH20Fp16) / 2 + rest) / 1000,
                 (3000 * kH100Fp16 + rest) / 1000);
    // H100-bandwidth equivalents: 3,000 x (3.35 .. 4.0) + 1,000 x 1.6 TB/s, over 3.35.
    constexpr double k910BBw = 1.6;
    expect_range(by_metric(e, 0, "memory_bandwidth", "nvidia-h100-sxm"),
                 (3000 * kH100Bw + 1000 * k910BBw) / kH100Bw,
                 (3000 * (kH100Bw + kH20Bw) / 2 + 1000 * k910BBw) / kH100Bw,
                 (3000 * kH20Bw + 1000 * k910BBw) / kH100Bw);
}

TEST(ClaimForms, ACountedMixIsCheckedAgainstItsCompute) {
    // 3,000 H100 + 1,000 H20 = (3,000 x 989.4 + 1,000 x 148) / 1,000 = 3,116.2 PFLOPS, not the
    // 90,000 P stated.
    const ClaimSet set = claim_stating(
        R"({"mix": [{"chip": "H100", "chips": 3000}, {"chip": "H20", "chips": 1000}],
            "compute": {"value": 90000, "unit": "P", "sparsity": "dense"}})");
    const Estimate e = run(set);
    const Check* check = find_check(e.claims[0], "compute_vs_chips");
    ASSERT_NE(check, nullptr);
    EXPECT_FALSE(check->ok);
    EXPECT_NEAR(check->derived, (3000 * kH100Fp16 + 1000 * kH20Fp16) / 1000, kEps);
    EXPECT_NEAR(check->stated, 90000, kEps);
}

TEST(ClaimForms, CountsLeavingNoRoomForTheRestAreFlagged) {
    // 1,500 H100 in a claim of 1,000 chips, the rest 910B: the rest would be below zero.
    const ClaimSet over = claim_stating(
        R"({"chips": 1000, "mix": [{"chip": "H100", "chips": 1500}, {"chip": "910B"}]})");
    const Estimate over_estimate = run(over);
    const Check* check = find_check(over_estimate.claims[0], "mix_vs_chips");
    ASSERT_NE(check, nullptr);
    EXPECT_FALSE(check->ok) << check->detail;
    EXPECT_NEAR(check->derived, 1500, kEps);
    // 600 leave room for 400.
    const ClaimSet room = claim_stating(
        R"({"chips": 1000, "mix": [{"chip": "H100", "chips": 600}, {"chip": "910B"}]})");
    const Estimate e = run(room);
    EXPECT_TRUE(find_check(e.claims[0], "mix_vs_chips")->ok);
    expect_range(e.claims[0].compute_pflops, (600 * kH100Fp16 + 400 * k910BFp16) / 1000,
                 (600 * kH100Fp16 + 400 * k910BFp16) / 1000,
                 (600 * kH100Fp16 + 400 * k910BFp16) / 1000);
}

// --- 5. Unnamed cards -----------------------------------------------------------------------

const ChipFit* fit_of(const std::vector<ChipFit>& fits, const std::string& chip) {
    for (const ChipFit& f : fits) {
        if (f.chip == chip) return &f;
    }
    return nullptr;
}

TEST(ClaimForms, UnnamedCardsWithComputeInferTheChip) {
    const Estimate e = run(claim_stating(R"({"chips": 40000, "compute": "12 EFLOPS"})"));
    const ClaimEstimate& c = e.claims[0];
    EXPECT_EQ(c.basis, ClaimBasis::kCompute);
    ASSERT_TRUE(c.inference);
    const double per_card = 12e6 / 40000;  // 12 EFLOPS = 12e6 TFLOPS: 300 per card
    EXPECT_NEAR(c.inference->per_card_tflops.central, per_card, kEps);
    const ChipFit* a100 = fit_of(c.inference->dense, "nvidia-a100-sxm");
    ASSERT_NE(a100, nullptr);
    EXPECT_NEAR(a100->tflops, kA100Fp16, kEps);
    EXPECT_NEAR(a100->deviation, (kA100Fp16 - per_card) / per_card, 1e-9);  // +0.04
    EXPECT_NEAR(a100->deviation, 0.04, 1e-9);
    const ChipFit* b910 = fit_of(c.inference->dense, "huawei-ascend-910b");
    ASSERT_NE(b910, nullptr);
    EXPECT_NEAR(b910->deviation, (k910BFp16 - per_card) / per_card, 1e-9);
    const ChipFit* h20 = fit_of(c.inference->sparse, "nvidia-h20");
    ASSERT_NE(h20, nullptr);
    EXPECT_NEAR(h20->tflops, 2 * kH20Fp16, kEps);                          // 296
    EXPECT_NEAR(h20->deviation, (2 * kH20Fp16 - per_card) / per_card, 1e-9);  // -0.0133
    EXPECT_NEAR(h20->deviation, -0.0133, 1e-4);
    for (const ChipFit& f : c.inference->sparse)
        EXPECT_EQ(f.chip.find("huawei-ascend"), std::string::npos) << f.chip;
}

TEST(ClaimForms, DenseStatementHasNoSparseReading) {
    const Estimate e = run(claim_stating(
        R"({"chips": 40000, "compute": {"value": 12, "unit": "EFLOPS", "sparsity": "dense"}})"));
    ASSERT_TRUE(e.claims[0].inference);
    EXPECT_FALSE(e.claims[0].inference->sparse_reading);
    EXPECT_TRUE(e.claims[0].inference->sparse.empty());
    EXPECT_NE(fit_of(e.claims[0].inference->dense, "nvidia-a100-sxm"), nullptr);
}

TEST(ClaimForms, UnnamedCardsWithoutComputeHaveNoEquivalents) {
    const Estimate e = run(claim_stating(R"({"chips": 5000})"));
    const ClaimEstimate& c = e.claims[0];
    EXPECT_EQ(c.basis, ClaimBasis::kChips);
    ASSERT_EQ(c.equivalents.size(), e.options.targets.size());
    for (std::size_t t = 0; t < c.equivalents.size(); ++t) {
        EXPECT_FALSE(c.equivalents[t].has_value()) << e.options.targets[t];
        EXPECT_FALSE(c.missing.at(t).empty()) << e.options.targets[t];
    }
}

// --- 6. Chinese units and forms -------------------------------------------------------------

TEST(ClaimForms, ChineseUnitsAndMarks) {
    const auto compute = [](const std::string& text) {
        return *claim_stating(R"({"compute": ")" + text + R"("})").claims[0].stated.compute;
    };
    EXPECT_NEAR(compute("1万P").pflops.value, 10000, kEps);
    EXPECT_EQ(compute("1万P").pflops.bound, Bound::kExact);
    EXPECT_NEAR(compute("超过1万P").pflops.value, 10000, kEps);
    EXPECT_EQ(compute("超过1万P").pflops.bound, Bound::kAtLeast);
    EXPECT_NEAR(compute("10亿亿次").pflops.value, 100, kEps);  // 10 x 1e16 FLOPS = 100 P
    EXPECT_NEAR(compute("2 E级").pflops.value, 2000, kEps);
    const ClaimSet cards = claim_stating(R"({"chips": "2万卡", "chip": "H100"})");
    EXPECT_NEAR(cards.claims[0].stated.chips->value, 20000, kEps);
    EXPECT_EQ(cards.claims[0].stated.chips->bound, Bound::kExact);
    const ClaimSet servers = claim_stating(R"({"servers": "5000余台", "chip": "H100"})");
    EXPECT_NEAR(servers.claims[0].stated.servers->value, 5000, kEps);
    EXPECT_EQ(servers.claims[0].stated.servers->bound, Bound::kAtLeast);
    const ClaimSet power = claim_stating(R"({"power": "10万千瓦"})");
    EXPECT_NEAR(power.claims[0].stated.power->mw.value, 100, kEps);
    // Through the estimator: "超过1万P" is at least 10,000 P.
    const Estimate e = run(claim_stating(R"({"compute": "超过1万P"})"));
    ASSERT_TRUE(e.claims[0].compute_pflops);
    EXPECT_NEAR(e.claims[0].compute_pflops->central, 10000, kEps);
    EXPECT_TRUE(e.claims[0].compute_pflops->open_above);
    const Estimate s = run(servers);
    ASSERT_TRUE(s.claims[0].chips);
    EXPECT_NEAR(s.claims[0].chips->central, 5000 * 8, kEps);  // HGX H100: 8 per server
    EXPECT_TRUE(s.claims[0].chips->open_above);
}

// --- 7. FP32-normalised statistics ----------------------------------------------------------

TEST(ClaimForms, Fp32NormalisedIsConvertedToFp16WithAWarning) {
    const Estimate e = run(claim_stating(
        R"({"compute": {"value": 100, "unit": "EFLOPS", "precision": "fp32", "convention": "fp32_normalised"}})"));
    const ClaimEstimate& c = e.claims[0];
    EXPECT_EQ(c.precision, Precision::kFp16);
    // 100 EFLOPS = 100,000 P, x {5.3, 8.1, 16}; then the unknown sparsity halves the low.
    expect_range(c.compute_pflops, 100000 * 5.3 / 2, 100000 * 8.1, 100000 * 16.0, 1e-3);
    EXPECT_NEAR(equivalent(e, 0, "nvidia-h100-sxm")->central, 100000 * 8.1 * 1000 / kH100Fp16,
                1e-3);
    const auto warning =
        std::find_if(c.notes.begin(), c.notes.end(), [](const std::string& n) {
            return n.rfind("WARNING: an FP32-normalised", 0) == 0;
        });
    ASSERT_NE(warning, c.notes.end()) << all_notes(c.notes);
    // The literal reading: 100,000 P = 1e8 TFLOPS over the H100's 66.9 TFLOPS FP32 peak.
    EXPECT_EQ(std::lround(100000 * 1000 / kH100Fp32), 1494768);
    EXPECT_NE(warning->find("1,494,768"), std::string::npos) << *warning;
    EXPECT_NE(warning->find("66.9"), std::string::npos) << *warning;
}

TEST(ClaimForms, Fp32NormalisedWithFp16PrecisionIsRefused) {
    expect_input_error(
        [] {
            claim_stating(
                R"({"compute": {"value": 100, "unit": "EFLOPS", "precision": "fp16", "convention": "fp32_normalised"}})");
        },
        {"claim 'c'", "field 'stated.compute.precision'"});
}

TEST(ClaimForms, Fp32NormalisedWithoutTheFactorIsRefusedNamingIt) {
    Assumptions a = with_new_factors();
    a.fp32_normalised_to_fp16.reset();
    const ClaimSet set = claim_stating(
        R"({"compute": {"value": 100, "unit": "EFLOPS", "convention": "fp32_normalised"}})");
    expect_input_error([&] { run(set, default_targets(), a); },
                       {"factors.fp32_normalised_to_fp16", "claim 'c'"});
}

// --- 8. The 8-bit basis ---------------------------------------------------------------------

TEST(ClaimForms, EightBitBasisFallsBackToInt8AndTwiceFp16) {
    const ClaimSet set = claim_stating(R"({"chips": 1000, "chip": "910C"})");
    const Estimate e = run(set, default_targets(), with_new_factors(), Precision::kFp8, true);
    const auto rate_of = [&](const std::string& id) -> const Rate& {
        return e.target_rates.at(target_index(e, id)).second;
    };
    EXPECT_NEAR(*rate_of("nvidia-h100-sxm").tflops, kH100Fp8, kEps);
    EXPECT_EQ(rate_of("nvidia-h100-sxm").fallback, "");
    EXPECT_NEAR(*rate_of("nvidia-a100-sxm").tflops, kA100Int8, kEps);
    EXPECT_EQ(rate_of("nvidia-a100-sxm").fallback, "int8");
    EXPECT_NEAR(*rate_of("huawei-ascend-910c").tflops, 2 * k910CFp16, kEps);
    EXPECT_EQ(rate_of("huawei-ascend-910c").fallback, "2 x fp16");
    const ClaimEstimate& c = e.claims[0];
    for (std::size_t t = 0; t < c.equivalents.size(); ++t)
        EXPECT_TRUE(c.equivalents[t].has_value()) << e.options.targets[t] << ": " << c.missing[t];
    EXPECT_NEAR(equivalent(e, 0, "nvidia-h100-sxm")->central, 1000 * 2 * k910CFp16 / kH100Fp8,
                kEps);
    EXPECT_NEAR(equivalent(e, 0, "nvidia-a100-sxm")->central, 1000 * 2 * k910CFp16 / kA100Int8,
                kEps);
}

TEST(ClaimForms, StrictFp8LeavesA910CClaimWithoutEquivalents) {
    const ClaimSet set = claim_stating(R"({"chips": 1000, "chip": "910C"})");
    const Estimate e = run(set, default_targets(), with_new_factors(), Precision::kFp8, false);
    const ClaimEstimate& c = e.claims[0];
    for (std::size_t t = 0; t < c.equivalents.size(); ++t) {
        EXPECT_FALSE(c.equivalents[t].has_value()) << e.options.targets[t];
        EXPECT_FALSE(c.missing[t].empty()) << e.options.targets[t];
    }
    EXPECT_NE(c.missing.at(target_index(e, "nvidia-h100-sxm")).find("huawei-ascend-910c"),
              std::string::npos);
    EXPECT_TRUE(any_note_contains(c.notes, "huawei-ascend-910c has no published fp8 rate"))
        << all_notes(c.notes);
}

// --- 9. Dates, status, projects, subsets ----------------------------------------------------

TEST(ClaimForms, ProjectTotalsTakeTheLatestAndPerDateTotalsAddUp) {
    const ClaimSet set = claims_of(R"(
        {"id": "p2025", "project": "p", "planned_by": "2025", "status": "planned", "stated": {"compute": "2000 P"}},
        {"id": "p2027", "project": "p", "planned_by": "2027", "status": "planned", "stated": {"compute": "5000 P"}},
        {"id": "p2030", "project": "p", "planned_by": "2030", "status": "planned", "stated": {"compute": "8000 P"}},
        {"id": "q", "as_of": "2026", "status": "operating", "stated": {"compute": "1000 P"}})");
    const Estimate e = run(set);
    ASSERT_TRUE(e.totals.compute_pflops);
    EXPECT_NEAR(e.totals.compute_pflops->central, 8000 + 1000, kEps);
    std::vector<std::string> counted = e.totals.claims;
    std::sort(counted.begin(), counted.end());
    EXPECT_EQ(counted, (std::vector<std::string>{"p2030", "q"}));
    EXPECT_TRUE(any_note_contains(e.totals.notes, "different dates")) << all_notes(e.totals.notes);
    EXPECT_NEAR(e.totals.equivalents.at(target_index(e, "nvidia-h100-sxm"))->central,
                9000 * 1000 / kH100Fp16, kEps);

    const std::vector<std::string> labels = {"2025-12-31", "2026-12-31", "2027-12-31",
                                             "2030-12-31"};
    const std::vector<double> central = {2000, 2000 + 1000, 5000 + 1000, 8000 + 1000};
    ASSERT_EQ(e.totals.by_date.size(), labels.size());
    for (std::size_t i = 0; i < labels.size(); ++i) {
        EXPECT_EQ(e.totals.by_date[i].label, labels[i]);
        ASSERT_TRUE(e.totals.by_date[i].compute_pflops) << labels[i];
        EXPECT_NEAR(e.totals.by_date[i].compute_pflops->central, central[i], kEps) << labels[i];
    }

    ASSERT_EQ(e.totals.by_status.size(), 2u);
    EXPECT_EQ(e.totals.by_status[0].label, "planned");
    EXPECT_NEAR(e.totals.by_status[0].compute_pflops->central, 8000, kEps);
    EXPECT_EQ(e.totals.by_status[0].claims, std::vector<std::string>{"p2030"});
    EXPECT_EQ(e.totals.by_status[1].label, "operating");
    EXPECT_NEAR(e.totals.by_status[1].compute_pflops->central, 1000, kEps);
    EXPECT_EQ(e.totals.by_status[1].claims, std::vector<std::string>{"q"});
}

TEST(ClaimForms, AProjectWithTwoClaimsOfOneDateIsRefused) {
    expect_input_error(
        [] {
            claims_of(R"(
                {"id": "a", "project": "p", "planned_by": "2025", "stated": {"compute": "2000 P"}},
                {"id": "b", "project": "p", "planned_by": "2025", "stated": {"compute": "5000 P"}})");
        },
        {"test.json", "claim 'b'", "field 'planned_by'", "2025"});
}

TEST(ClaimForms, AProjectClaimWithoutADateIsRefused) {
    expect_input_error(
        [] { claims_of(R"({"id": "a", "project": "p", "stated": {"compute": "2000 P"}})"); },
        {"test.json", "claim 'a'", "field 'project'"});
}

TEST(ClaimForms, SubsetWithinTheWholePassesAndIsNotAdded) {
    const Estimate e = run(claims_of(R"(
        {"id": "w", "stated": {"projects": 39}},
        {"id": "s", "subset_of": "w", "status": "under_construction", "stated": {"projects": 7}})"));
    const Check* check = find_check(e.claims[0], "subset_projects");
    ASSERT_NE(check, nullptr);
    EXPECT_TRUE(check->ok) << check->detail;
    EXPECT_NEAR(check->derived, 7, kEps);
    EXPECT_NEAR(check->stated, 39, kEps);
    EXPECT_EQ(e.totals.claims, std::vector<std::string>{"w"});
}

TEST(ClaimForms, SubsetOfFortyInThirtyNineFails) {
    const Estimate e = run(claims_of(R"(
        {"id": "w", "stated": {"projects": 39}},
        {"id": "s", "subset_of": "w", "stated": {"projects": 40}})"));
    const Check* check = find_check(e.claims[0], "subset_projects");
    ASSERT_NE(check, nullptr);
    EXPECT_FALSE(check->ok) << check->detail;
}

TEST(ClaimForms, SubsetFarOverTheWholeFails) {
    const Estimate e = run(claims_of(R"(
        {"id": "w", "stated": {"projects": 39}},
        {"id": "s", "subset_of": "w", "stated": {"projects": 50}})"));
    const Check* check = find_check(e.claims[0], "subset_projects");
    ASSERT_NE(check, nullptr);
    EXPECT_FALSE(check->ok) << check->detail;
}

// --- 10. Totals with a missing figure -------------------------------------------------------

TEST(ClaimForms, ATotalMissingAClaimsFigureIsALowerBound) {
    const Estimate e = run(claims_of(R"(
        {"id": "fp8", "stated": {"compute": {"value": 100, "unit": "P", "precision": "fp8"}}},
        {"id": "h100", "stated": {"chips": 1000, "chip": "H100"}})"),
                           {"nvidia-a100-sxm", "nvidia-h100-sxm"});
    EXPECT_FALSE(equivalent(e, 0, "nvidia-a100-sxm").has_value());  // A100 has no fp8
    const auto a100 = e.totals.equivalents.at(0);
    ASSERT_TRUE(a100);
    const double only = 1000 * kH100Fp16 / kA100Fp16;  // the H100 claim's alone
    EXPECT_NEAR(a100->low, only, kEps);
    EXPECT_NEAR(a100->central, only, kEps);
    EXPECT_NEAR(a100->high, only, kEps);
    EXPECT_TRUE(a100->open_above);
    EXPECT_TRUE(any_note_contains(e.totals.notes, "lower bound")) << all_notes(e.totals.notes);
    // Both claims have an H100 figure: that total is closed.
    const auto h100 = e.totals.equivalents.at(1);
    ASSERT_TRUE(h100);
    EXPECT_FALSE(h100->open_above);
    EXPECT_NEAR(h100->central, 100e3 / kH100Fp8 + 1000, kEps);
}

// --- 11. A 10^4 slip ------------------------------------------------------------------------

TEST(ClaimForms, TenThousandFoldSlipIsNoted) {
    const Estimate e =
        run(claim_stating(R"({"chips": 1000, "chip": "H100", "compute": "0.1 P"})"));
    // 1,000 H100 = 989.4 P against a stated 0.1 P: 9,894 times.
    EXPECT_TRUE(any_note_contains(e.claims[0].notes, "10^4")) << all_notes(e.claims[0].notes);
    const Check* check = find_check(e.claims[0], "compute_vs_chips");
    ASSERT_NE(check, nullptr);
    EXPECT_FALSE(check->ok);
}

// --- 12. Parts of a bounded whole -----------------------------------------------------------

TEST(ClaimForms, PartsWithinABoundedWholeAreConsistent) {
    const Estimate e = run(claims_of(R"(
        {"id": "all", "stated": {"chips": "more than 115,000", "chip": "H100"}},
        {"id": "a", "part_of": "all", "stated": {"chips": 5000, "chip": "H100"}},
        {"id": "b", "part_of": "all", "stated": {"chips": 72000, "chip": "H100"}},
        {"id": "c", "part_of": "all", "stated": {"chips": 40000, "chip": "H100"}})"));
    const Check* check = find_check(e.claims[0], "parts_chips");
    ASSERT_NE(check, nullptr);
    EXPECT_TRUE(check->ok) << check->detail;
    EXPECT_NEAR(check->derived, 117000, kEps);
    EXPECT_NEAR(check->deviation, (117000.0 - 115000) / 115000, 1e-12);
    EXPECT_EQ(e.totals.claims, std::vector<std::string>{"all"});
}

}  // namespace
}  // namespace chipcount
