// Third-party measurements (chipcount.measurements) beside chipcount's own results: read with
// their sources, used by --basis measured in a set order (own, sustained, max achievable), and
// refused with the field named when malformed.
#include <gtest/gtest.h>

#include <string>

#include "chipcount/base/errors.hpp"
#include "chipcount/estimate/estimate.hpp"
#include "chipcount/estimate/third_party.hpp"
#include "bundled_data.hpp"
#include "test_support.hpp"

namespace chipcount {
namespace {

std::string measurements_file(const std::string& entries) {
    return R"({"format": "chipcount.measurements", "version": 1, "measurements": [)" + entries +
           R"(], "references": {"t": "test figures"}})";
}

TEST(ThirdPartyMeasurements, ABurstAndASustainedFigureTheSustainedIsUsed) {
    test::TempDir dir;
    test::write_text(dir / "m.json", measurements_file(R"(
        {"chip": "H100", "precision": "bf16", "tflops": 800, "kind": "max_achievable", "source": "[t] burst", "confidence": "secondary"},
        {"chip": "nvidia-h100-sxm", "precision": "bf16", "tflops": 700, "kind": "sustained", "source": "[t] soak", "confidence": "secondary"})"));
    const auto measured = load_measurements({(dir / "m.json").string()}, test::bundled_profiles());
    ASSERT_EQ(measured.size(), 2u);
    EXPECT_EQ(measured[0].kind, "sustained");  // ordered: the one that is used first
    EXPECT_TRUE(measured[0].third_party);
    const ClaimSet claims = parse_claims(
        R"({"format": "chipcount.claims", "version": 1, "claims": [{"id": "c", "stated": {"compute": {"value": 4000, "unit": "P", "precision": "bf16", "sparsity": "dense"}}}]})",
        "test.json", test::bundled_profiles());
    EstimateOptions options;
    options.targets = {"nvidia-h100-sxm"};
    options.precision = Precision::kBf16;
    options.measured_basis = true;
    options.measurements = measured;
    const Estimate e = estimate(claims, test::bundled_profiles(), test::bundled_assumptions(), options);
    EXPECT_NEAR(e.claims[0].equivalents[0]->central, 4000.0 * 1000 / 700, 1e-9);
    EXPECT_EQ(e.target_rates[0].second.confidence, "measured by others (sustained)");
    EXPECT_NE(e.target_rates[0].second.source.find("[t] soak"), std::string::npos);
}

TEST(ThirdPartyMeasurements, OwnResultsComeBeforeOthers) {
    test::TempDir dir;
    test::write_text(dir / "m.json", measurements_file(R"(
        {"chip": "H100", "precision": "bf16", "tflops": 1, "kind": "sustained", "source": "[t] x", "confidence": "secondary"})"));
    const auto measured = load_measurements(
        {(dir / "m.json").string(), (test::source_dir() / "tests/data/result-synthetic-h100.json").string()},
        test::bundled_profiles());
    ASSERT_FALSE(measured.empty());
    EXPECT_FALSE(measured.front().third_party);
    EXPECT_TRUE(measured.back().third_party);
}

TEST(ThirdPartyMeasurements, TheBundledTableReadsAndEveryEntryHasASource) {
    const auto path = test::profiles_dir() / "measurements" / "mamf-finder.json";
    const std::string text = test::read_text(path);
    const auto measured = parse_third_party_measurements(text, path.string(), test::bundled_profiles());
    ASSERT_GE(measured.size(), 10u);
    for (const Measurement& m : measured) {
        EXPECT_FALSE(m.source.empty()) << m.profile_id;
        const auto* chip = test::bundled_profiles().find(m.profile_id);
        ASSERT_NE(chip, nullptr);
        // A measurement never beats its chip's dense peak.
        if (const auto peak = chip->peak(m.precision)) {
            EXPECT_LT(m.sustained_tflops, *peak) << m.profile_id;
        }
    }
}

TEST(ThirdPartyMeasurements, BadEntriesAreRefusedNamingTheField) {
    const auto refused = [](const std::string& entry, const std::string& field) {
        try {
            parse_third_party_measurements(measurements_file(entry), "m.json", test::bundled_profiles());
            ADD_FAILURE() << "accepted: " << entry;
        } catch (const InputError& e) {
            EXPECT_NE(std::string(e.what()).find("m.json"), std::string::npos) << e.what();
            EXPECT_NE(std::string(e.what()).find(field), std::string::npos) << e.what();
        }
    };
    const std::string ok = R"("precision": "bf16", "tflops": 100, "kind": "sustained", "source": "[t] x", "confidence": "secondary")";
    refused(R"({"chip": "H999", )" + ok + "}", "measurements[0].chip");
    refused(R"({"chip": "H100", "precision": "bf17", "tflops": 100, "kind": "sustained", "source": "[t] x", "confidence": "secondary"})",
            "measurements[0].precision");
    refused(R"({"chip": "H100", "precision": "bf16", "tflops": 0, "kind": "sustained", "source": "[t] x", "confidence": "secondary"})",
            "measurements[0].tflops");
    refused(R"({"chip": "H100", "precision": "bf16", "tflops": 100, "kind": "peak", "source": "[t] x", "confidence": "secondary"})",
            "measurements[0].kind");
    refused(R"({"chip": "H100", "precision": "bf16", "tflops": 100, "kind": "sustained", "source": "[nokey] x", "confidence": "secondary"})",
            "measurements[0].source");
    refused(R"({"chip": "H100", "precision": "bf16", "tflops": 100, "kind": "sustained", "source": "[t] x", "confidence": "sure"})",
            "measurements[0].confidence");
}

}  // namespace
}  // namespace chipcount
