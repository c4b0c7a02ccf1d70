// Bad claim forms through the binary, as BadClaims in estimate_cli_test.cpp: each exits 2 with a
// message naming the file, the claim and the field, and writes no output.
#include <gtest/gtest.h>

#include <filesystem>
#include <string>

#include "test_support.hpp"

namespace chipcount::test {
namespace {

struct BadClaimForm {
    const char* name;
    const char* claims;  // the claims array's contents
    const char* claim;   // the id the message must name
    const char* field;   // the field the message must name
    const char* detail;  // more the message must hold; "" for none
};

void PrintTo(const BadClaimForm& c, std::ostream* os) {
    *os << c.name;
}

class BadClaimFormsTest : public ::testing::TestWithParam<BadClaimForm> {};

TEST_P(BadClaimFormsTest, ExitsTwoNamingFileClaimAndFieldWithoutOutput) {
    const BadClaimForm& c = GetParam();
    TempDir dir;
    const auto file = dir / "claims.json";
    write_text(file, std::string(R"({"format": "chipcount.claims", "version": 1, "claims": [)") +
                         c.claims + "]}");
    const auto out = dir / "estimate.json";
    const auto r =
        run_chipcount({"estimate", file.string(), "--format", "json", "-o", out.string()});
    EXPECT_EQ(r.exit_code, 2) << r.err;
    EXPECT_NE(r.err.find("claims.json"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("claim '" + std::string(c.claim) + "'"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("field '" + std::string(c.field) + "'"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find(c.detail), std::string::npos) << r.err;
    EXPECT_FALSE(std::filesystem::exists(out));
}

INSTANTIATE_TEST_SUITE_P(
    Cases, BadClaimFormsTest,
    ::testing::Values(
        BadClaimForm{"qualifier_without_number",
                     R"({"id": "a", "stated": {"chips": "more than", "chip": "H100"}})", "a",
                     "stated.chips", "not followed by a number"},
        BadClaimForm{"reversed_range",
                     R"({"id": "a", "stated": {"chips": "5-4", "chip": "H100"}})", "a",
                     "stated.chips", "reversed"},
        BadClaimForm{"shares_over_100_percent",
                     R"({"id": "a", "stated": {"chips": 1000, "mix": [{"chip": "H100", "share": "60%"}, {"chip": "H20", "share": "50%"}]}})",
                     "a", "stated.mix", "shares add up"},
        BadClaimForm{"share_without_total",
                     R"({"id": "a", "stated": {"compute": "100 P", "mix": [{"chip": "H100", "share": "60%"}, {"chip": "H20", "chips": 100}]}})",
                     "a", "stated.mix[0].share", "needs the claim's chips or servers"},
        BadClaimForm{"chip_and_mix",
                     R"({"id": "a", "stated": {"chips": 1000, "chip": "H100", "mix": [{"chip": "H20", "chips": 100}]}})",
                     "a", "stated.mix", "not both"},
        BadClaimForm{"chip_twice_in_mix",
                     R"({"id": "a", "stated": {"chips": 1000, "mix": [{"chip": "H100", "chips": 100}, {"chip": "H100 SXM", "chips": 200}]}})",
                     "a", "stated.mix[1].chip", "twice"},
        BadClaimForm{"group_overlapping_a_chip_in_mix",
                     R"({"id": "a", "stated": {"chips": 1000, "mix": [{"chip": "domestic", "share": "60%"}, {"chip": "910B", "chips": 10}]}})",
                     "a", "stated.mix[1].chip", "huawei-ascend-910b is in the mix twice"},
        BadClaimForm{"unknown_chip_in_a_mix_part",
                     R"({"id": "a", "stated": {"chips": 1000, "mix": [{"chip": "H100 or H999", "share": "60%"}, {"chip": "H20"}]}})",
                     "a", "stated.mix[0].chip", "H999"},
        BadClaimForm{"compute_value_and_unit_both_with_units",
                     R"({"id": "a", "stated": {"compute": {"value": "more than 4,000 P", "unit": "P"}}})",
                     "a", "stated.compute.value", "give it once"},
        BadClaimForm{"compute_value_without_any_unit",
                     R"({"id": "a", "stated": {"compute": {"value": "more than 4,000"}}})",
                     "a", "stated.compute.unit", "missing required field"},
        BadClaimForm{"unknown_alternative",
                     R"({"id": "a", "stated": {"chips": 1000, "chip": "H100 or H999"}})", "a",
                     "stated.chip", "H999"},
        BadClaimForm{"bad_date",
                     R"({"id": "a", "as_of": "2025-13", "stated": {"chips": 1000, "chip": "H100"}})",
                     "a", "as_of", "2025-13"},
        BadClaimForm{"as_of_and_planned_by",
                     R"({"id": "a", "as_of": "2025", "planned_by": "2027", "stated": {"chips": 1000, "chip": "H100"}})",
                     "a", "planned_by", "not both"},
        BadClaimForm{"bad_status",
                     R"({"id": "a", "status": "dreaming", "stated": {"chips": 1000, "chip": "H100"}})",
                     "a", "status", "dreaming"},
        BadClaimForm{"subset_of_unknown",
                     R"({"id": "a", "subset_of": "zz", "stated": {"projects": 7}})", "a",
                     "subset_of", "zz"},
        BadClaimForm{"project_without_date",
                     R"({"id": "a", "project": "p", "stated": {"compute": "2000 P"}})", "a",
                     "project", "needs a date"},
        BadClaimForm{"unknown_count_unit",
                     R"({"id": "a", "stated": {"chips": "5000 bananas", "chip": "H100"}})", "a",
                     "stated.chips", "unknown unit \"bananas\""},
        BadClaimForm{"fp32_normalised_at_fp16",
                     R"({"id": "a", "stated": {"compute": {"value": 100, "unit": "EFLOPS", "precision": "fp16", "convention": "fp32_normalised"}}})",
                     "a", "stated.compute.precision", "fp32_normalised"},
        BadClaimForm{"fractional_chips_text",
                     R"({"id": "a", "stated": {"chips": "2.5", "chip": "H100"}})", "a",
                     "stated.chips", "whole number"},
        // 101 bytes, one over kMaxFigureTextBytes.
        BadClaimForm{"figure_text_too_long",
                     R"({"id": "a", "stated": {"chips": "more than 1111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111", "chip": "H100"}})",
                     "a", "stated.chips", "101 bytes"},
        // Money: currency, year, market and what it covers.
        BadClaimForm{"money_unknown_currency",
                     R"({"id": "m", "as_of": "2024", "stated": {"money": "13.5 billion pesos"}})",
                     "m", "stated.money", "unknown currency or unit \"pesos\""},
        BadClaimForm{"money_without_year_or_date",
                     R"({"id": "m", "stated": {"money": "13.5 billion yuan"}})", "m",
                     "stated.money", "needs a year"},
        BadClaimForm{"money_two_currencies",
                     R"({"id": "m", "as_of": "2024", "stated": {"money": "$13.5 billion yuan"}})",
                     "m", "stated.money", "two currencies (USD and CNY)"},
        BadClaimForm{"money_currency_disagrees",
                     R"({"id": "m", "stated": {"money": {"value": "5 billion yuan", "currency": "USD", "year": 2024}}})",
                     "m", "stated.money.value", "field 'money.currency' says USD"},
        BadClaimForm{"money_number_without_currency",
                     R"({"id": "m", "stated": {"money": {"value": 5e9, "year": 2024}}})", "m",
                     "stated.money.value", "needs a currency"},
        BadClaimForm{"money_negative",
                     R"({"id": "m", "as_of": "2024", "stated": {"money": "-5 billion yuan"}})",
                     "m", "stated.money", "expected a sum"},
        BadClaimForm{"money_year_out_of_range",
                     R"({"id": "m", "stated": {"money": {"value": "$5 billion", "year": 1980}}})",
                     "m", "stated.money.year", "1990"},
        BadClaimForm{"money_unknown_market",
                     R"({"id": "m", "stated": {"money": {"value": "$5 billion", "year": 2024, "market": "grey"}}})",
                     "m", "stated.money.market", "list or china"},
        BadClaimForm{"money_unknown_covers",
                     R"({"id": "m", "stated": {"money": {"value": "$5 billion", "year": 2024, "covers": "all"}}})",
                     "m", "stated.money.covers", "capex, hardware or chips"},
        BadClaimForm{"money_too_large",
                     R"({"id": "m", "stated": {"money": {"value": "$500 trillion", "year": 2024}}})",
                     "m", "stated.money.value", "not plausible"},
        // Ratios: a metric, sides that are chips or the metric's figures, a value.
        BadClaimForm{"ratio_without_metric",
                     R"({"id": "r", "stated": {"ratio": {"of": "H100", "to": "910B", "value": "3-4x"}}})",
                     "r", "stated.ratio.metric", "missing"},
        BadClaimForm{"ratio_figure_of_another_metric",
                     R"({"id": "r", "stated": {"ratio": {"of": "H100", "to": "96 GB", "metric": "compute", "value": 2}}})",
                     "r", "stated.ratio.to", "not one of the metric compute"},
        BadClaimForm{"ratio_negative_value",
                     R"({"id": "r", "stated": {"ratio": {"of": "H100", "to": "910B", "metric": "compute", "value": -3}}})",
                     "r", "stated.ratio.value", "positive"},
        // Training runs: hours of a named chip, non-negative, a known duration unit.
        BadClaimForm{"training_negative_hours",
                     R"({"id": "t", "stated": {"chip": "H800", "training": {"gpu_hours": "-2 million"}}})",
                     "t", "stated.training.gpu_hours", "expected a figure"},
        BadClaimForm{"training_hours_without_chip",
                     R"({"id": "t", "stated": {"training": {"gpu_hours": "2 million"}}})", "t",
                     "stated.training.gpu_hours", "one named chip"},
        BadClaimForm{"training_unknown_duration_unit",
                     R"({"id": "t", "stated": {"chips": 8, "chip": "H800", "training": {"duration": "2 eons"}}})",
                     "t", "stated.training.duration", "unknown unit"}),
    [](const auto& param_info) { return std::string(param_info.param.name); });

}  // namespace
}  // namespace chipcount::test
