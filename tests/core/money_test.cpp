// Money claims and the money of chip claims against independent arithmetic, on a prices file
// written here (so that every expected number is worked from figures in this file), and the
// bundled Qinghai claim against the bundled prices' own figures.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "chipcount/base/errors.hpp"
#include "chipcount/base/units.hpp"
#include "chipcount/estimate/estimate.hpp"
#include "bundled_data.hpp"
#include "test_support.hpp"

namespace chipcount {
namespace {

constexpr double kEps = 1e-9;
constexpr double kH100Fp16 = 989.4;  // nvidia-h100-sxm dense, TFLOPS

// Figures of the test prices file below.
constexpr double kCnyPerUsd2024 = 8.0;
constexpr double kCnyPerUsd2022 = 6.0;
constexpr double kServerFactor[] = {1.5, 1.6, 1.8};
constexpr double kClusterFactor[] = {1.1, 1.2, 1.3};
constexpr double kShare[] = {0.5, 0.6, 0.7};
constexpr double kH100List2024[] = {20000, 25000, 30000};  // USD per chip
constexpr double kH100China2024Server = 2.4e6;             // CNY per server of 8

const char* const kPrices = R"({
  "format": "chipcount.prices", "version": 1,
  "currencies": {"CNY": {"rates": {"2022": 6.0, "2024": 8.0}, "source": "[fx] test"}},
  "factors": {
    "server_cost_per_chip_price": {"low": 1.5, "central": 1.6, "high": 1.8, "source": "[t] test"},
    "cluster_cost_per_server_cost": {"low": 1.1, "central": 1.2, "high": 1.3, "source": "[t] test"},
    "hardware_share_of_capex": {"low": 0.5, "central": 0.6, "high": 0.7, "source": "[t] test"}
  },
  "prices": [
    {"chip": "H100", "market": "list", "year": 2024, "per": "chip", "low": 20000, "central": 25000,
     "high": 30000, "currency": "USD", "source": "[t] test", "confidence": "secondary"},
    {"chip": "nvidia-h100-sxm", "market": "list", "year": 2022, "per": "chip", "low": 40000,
     "central": 40000, "high": 40000, "currency": "USD", "source": "[t] test", "confidence": "secondary"},
    {"chip": "nvidia-h100-sxm", "market": "china", "year": 2024, "per": "server", "gpus": 8,
     "low": 2400000, "central": 2400000, "high": 2400000, "currency": "CNY", "source": "[t] test",
     "confidence": "estimate"}
  ],
  "references": {"fx": "test rates", "t": "test figures"}
})";

Assumptions with_prices(const std::string& prices = kPrices) {
    Assumptions a = test::bundled_assumptions();
    a.prices = parse_prices(prices, "prices.json", test::bundled_profiles());
    return a;
}

ClaimSet claims_of(const std::string& claims) {
    return parse_claims(R"({"format": "chipcount.claims", "version": 1, "claims": [)" + claims + "]}",
                        "test.json", test::bundled_profiles());
}

Estimate estimate_of(const ClaimSet& set, const Assumptions& a, Market market = Market::kList) {
    EstimateOptions options;
    options.targets = {"nvidia-h100-sxm", "nvidia-h20"};
    options.market = market;
    return estimate(set, test::bundled_profiles(), a, options);
}

void expect_range(const std::optional<Range>& r, double low, double central, double high) {
    ASSERT_TRUE(r.has_value());
    EXPECT_NEAR(r->low, low, std::abs(low) * kEps);
    EXPECT_NEAR(r->central, central, std::abs(central) * kEps);
    EXPECT_NEAR(r->high, high, std::abs(high) * kEps);
}

TEST(MoneyUnits, CurrencyWordsSignsAndChineseScales) {
    const auto yuan = money_unit("yuan");
    ASSERT_TRUE(yuan);
    EXPECT_EQ(yuan->currency, "CNY");
    EXPECT_EQ(yuan->factor, 1);
    const auto yi = money_unit("亿元");
    ASSERT_TRUE(yi);
    EXPECT_EQ(yi->currency, "CNY");
    EXPECT_EQ(yi->factor, 1e8);
    EXPECT_EQ(money_unit("万亿美元")->factor, 1e12);
    EXPECT_EQ(money_unit("万亿美元")->currency, "USD");
    EXPECT_EQ(money_unit("US dollars")->currency, "USD");
    EXPECT_FALSE(money_unit("pesos"));
    ASSERT_TRUE(money_unit("亿"));  // a scale alone: the currency must come from a sign
    EXPECT_EQ(money_unit("亿")->currency, "");
    EXPECT_EQ(money_unit("亿")->factor, 1e8);
    const CurrencySign dollars = strip_currency_sign("more than US$ 2.5 billion");
    EXPECT_EQ(dollars.text, "more than 2.5 billion");
    EXPECT_EQ(dollars.currency, "USD");
    EXPECT_EQ(strip_currency_sign("¥13.5亿").currency, "CNY");
    EXPECT_EQ(strip_currency_sign("¥13.5亿").text, "13.5亿");
    EXPECT_EQ(strip_currency_sign("13.5 billion yuan").currency, "");
    EXPECT_EQ(strip_currency_sign("XRMB 5").currency, "");  // a code stands alone
}

TEST(MoneyClaims, TheSameSumWrittenFourWays) {
    const ClaimSet set = claims_of(R"(
        {"id": "a", "as_of": "2024", "stated": {"money": "13.5 billion yuan"}},
        {"id": "b", "as_of": "2024", "stated": {"money": "135亿元"}},
        {"id": "c", "as_of": "2024", "stated": {"money": "¥135亿"}},
        {"id": "d", "stated": {"money": {"value": 13500000000, "currency": "CNY", "year": 2024}}})");
    for (const Claim& c : set.claims) {
        ASSERT_TRUE(c.stated.money) << c.id;
        EXPECT_DOUBLE_EQ(c.stated.money->amount.value, 13.5e9) << c.id;
        EXPECT_EQ(c.stated.money->currency, "CNY") << c.id;
        EXPECT_EQ(c.stated.money->year, 2024) << c.id;
        EXPECT_EQ(c.basis(), ClaimBasis::kMoney) << c.id;
    }
}

TEST(MoneyClaims, CapexBuysHardwareAtInstalledCost) {
    // 13.5 billion yuan of capex in 2024, list market: dollars at 8 CNY per USD, a share for
    // hardware, each H100 at its chip price x server factor x cluster factor.
    const ClaimSet set = claims_of(
        R"({"id": "q", "as_of": "2024-12", "stated": {"money": "13.5 billion yuan", "chip": "H100"}})");
    const Estimate e = estimate_of(set, with_prices());
    const ClaimEstimate& c = e.claims[0];
    const double usd = 13.5e9 / kCnyPerUsd2024;
    ASSERT_EQ(c.money.size(), 1u);
    expect_range(c.money[0].stated_usd, usd, usd, usd);
    expect_range(c.money[0].hardware_usd, usd * kShare[0], usd * kShare[1], usd * kShare[2]);
    const double cost[] = {kH100List2024[0] * kServerFactor[0] * kClusterFactor[0],
                           kH100List2024[1] * kServerFactor[1] * kClusterFactor[1],
                           kH100List2024[2] * kServerFactor[2] * kClusterFactor[2]};
    // The extremes pair up: the least hardware over the dearest chip.
    expect_range(c.equivalents[0], usd * kShare[0] / cost[2], usd * kShare[1] / cost[1],
                 usd * kShare[2] / cost[0]);
    expect_range(c.chips, usd * kShare[0] / cost[2], usd * kShare[1] / cost[1],
                 usd * kShare[2] / cost[0]);
    expect_range(c.compute_pflops, usd * kShare[0] / cost[2] * kH100Fp16 / 1000,
                 usd * kShare[1] / cost[1] * kH100Fp16 / 1000,
                 usd * kShare[2] / cost[0] * kH100Fp16 / 1000);
    // The H20 has no price in this file: no figure, and the reason.
    EXPECT_FALSE(c.equivalents[1].has_value());
    EXPECT_NE(c.missing[1].find("no list price"), std::string::npos) << c.missing[1];
}

TEST(MoneyClaims, AServerPriceInChinaNeedsNoServerFactor) {
    // China market 2024: a server of 8 at 2.4 M CNY; the same rate converts money and price.
    const ClaimSet set = claims_of(
        R"({"id": "q", "stated": {"chip": "H100", "money": {"value": "13.5 billion yuan", "year": 2024, "market": "china"}}})");
    const Estimate e = estimate_of(set, with_prices());
    const double per_gpu_cny = kH100China2024Server / 8;
    expect_range(e.claims[0].equivalents[0],
                 13.5e9 * kShare[0] / (per_gpu_cny * kClusterFactor[2]),
                 13.5e9 * kShare[1] / (per_gpu_cny * kClusterFactor[1]),
                 13.5e9 * kShare[2] / (per_gpu_cny * kClusterFactor[0]));
    EXPECT_EQ(e.claims[0].money[0].market, Market::kChina);
}

TEST(MoneyClaims, WhatTheMoneyCoversChangesTheDivisor) {
    const ClaimSet set = claims_of(R"(
        {"id": "hw", "stated": {"money": {"value": "$1 billion", "year": 2024, "covers": "hardware"}}},
        {"id": "chips", "stated": {"money": {"value": "$1 billion", "year": 2024, "covers": "chips"}}})");
    const Estimate e = estimate_of(set, with_prices());
    expect_range(e.claims[0].equivalents[0],
                 1e9 / (kH100List2024[2] * kServerFactor[2] * kClusterFactor[2]),
                 1e9 / (kH100List2024[1] * kServerFactor[1] * kClusterFactor[1]),
                 1e9 / (kH100List2024[0] * kServerFactor[0] * kClusterFactor[0]));
    // Hardware is the whole sum; the project's capex is the hardware over the share.
    expect_range(e.claims[0].money[0].capex_usd, 1e9 / kShare[2], 1e9 / kShare[1], 1e9 / kShare[0]);
    expect_range(e.claims[1].equivalents[0], 1e9 / kH100List2024[2], 1e9 / kH100List2024[1],
                 1e9 / kH100List2024[0]);
}

TEST(MoneyClaims, TheNearestYearIsUsedAndNamed) {
    // 2023 has no price: the latest before it (2022) is used, and its rate too.
    const ClaimSet set = claims_of(R"(
        {"id": "y", "stated": {"money": {"value": "60 亿元", "year": 2023, "covers": "chips"}}})");
    const Estimate e = estimate_of(set, with_prices());
    const double usd = 60e8 / kCnyPerUsd2022;
    expect_range(e.claims[0].equivalents[0], usd / 40000, usd / 40000, usd / 40000);
    ASSERT_EQ(e.claims[0].money[0].prices.size(), 1u);
    EXPECT_NE(e.claims[0].money[0].prices[0].find("2022"), std::string::npos);
    bool named = false;
    for (const std::string& note : e.claims[0].notes)
        named = named || note.find("the nearest year to 2023") != std::string::npos;
    EXPECT_TRUE(named);
}

TEST(MoneyOfChips, ChipsClaimsSayWhatTheirChipsCost) {
    const ClaimSet set =
        claims_of(R"({"id": "c", "as_of": "2024", "stated": {"chips": "more than 1,000", "chip": "H100"}})");
    const Estimate e = estimate_of(set, with_prices());
    ASSERT_EQ(e.claims[0].money.size(), 1u);
    const MoneyEstimate& m = e.claims[0].money[0];
    EXPECT_EQ(m.year, 2024);
    expect_range(m.chips_usd, 1000 * kH100List2024[0], 1000 * kH100List2024[1],
                 1000 * kH100List2024[2]);
    EXPECT_TRUE(m.chips_usd->open_above);  // "more than 1,000" chips cost more than this
    const double installed[] = {kH100List2024[0] * kServerFactor[0] * kClusterFactor[0],
                                kH100List2024[1] * kServerFactor[1] * kClusterFactor[1],
                                kH100List2024[2] * kServerFactor[2] * kClusterFactor[2]};
    expect_range(m.hardware_usd, 1000 * installed[0], 1000 * installed[1], 1000 * installed[2]);
    expect_range(m.capex_usd, 1000 * installed[0] / kShare[2], 1000 * installed[1] / kShare[1],
                 1000 * installed[2] / kShare[0]);
    // In the China market the price is a server's: per GPU in dollars, the chip alone is that
    // over the server factor, and with the network it is that times the cluster factor.
    const Estimate china = estimate_of(set, with_prices(), Market::kChina);
    const double per_gpu = kH100China2024Server / 8 / kCnyPerUsd2024;
    expect_range(china.claims[0].money[0].chips_usd, 1000 * per_gpu / kServerFactor[2],
                 1000 * per_gpu / kServerFactor[1], 1000 * per_gpu / kServerFactor[0]);
    expect_range(china.claims[0].money[0].hardware_usd, 1000 * per_gpu * kClusterFactor[0],
                 1000 * per_gpu * kClusterFactor[1], 1000 * per_gpu * kClusterFactor[2]);
}

TEST(MoneyClaims, ChipsAloneAtAServerPriceAreTheServerOverItsFactor) {
    const ClaimSet set = claims_of(
        R"({"id": "c", "stated": {"chip": "H100", "money": {"value": "2.4亿元", "year": 2024, "market": "china", "covers": "chips"}}})");
    const Estimate e = estimate_of(set, with_prices());
    const double per_gpu = kH100China2024Server / 8;  // yuan, as the money
    expect_range(e.claims[0].equivalents[0], 2.4e8 / (per_gpu / kServerFactor[0]),
                 2.4e8 / (per_gpu / kServerFactor[1]), 2.4e8 / (per_gpu / kServerFactor[2]));
}

TEST(MoneyClaims, MoneyBesidePowerOrComputeIsPricedAndChecked) {
    // 100 MW IT of H100 against "$10 billion" of hardware: the chips the power implies are
    // priced, and the money is checked against them.
    const ClaimSet set = claims_of(
        R"({"id": "p", "stated": {"chip": "H100", "power": {"value": "100 MW", "basis": "it"}, "money": {"value": "$10 billion", "year": 2024, "covers": "hardware"}}})");
    const Estimate e = estimate_of(set, with_prices());
    ASSERT_EQ(e.claims[0].money.size(), 1u);
    ASSERT_TRUE(e.claims[0].money[0].hardware_usd);
    expect_range(e.claims[0].money[0].stated_usd, 10e9, 10e9, 10e9);
    bool checked = false;
    for (const Check& c : e.claims[0].checks) checked = checked || c.kind == "money_vs_chips";
    EXPECT_TRUE(checked);
    // Stated money with no prices loaded is refused, not left unchecked.
    Assumptions none = test::bundled_assumptions();
    none.prices.reset();
    EXPECT_THROW(estimate_of(claims_of(R"({"id": "c", "stated": {"chips": 5, "chip": "H100", "money": {"value": "$1 million", "year": 2024}}})"),
                             none),
                 InputError);
}

TEST(MoneyClaims, AYearBeforeEveryPriceTakesTheEarliestAndEurosConvert) {
    // 2020 has no rate or price: the earliest after it (2022) for both.
    const std::string eur = R"({"EUR": {"rates": {"2022": 0.5}, "source": "[fx] test"}, "CNY")";
    std::string prices = kPrices;
    prices.replace(prices.find(R"({"CNY")"), 6, eur);
    const ClaimSet set = claims_of(
        R"({"id": "e", "stated": {"money": {"value": "20 million euros", "year": 2020, "covers": "chips"}}})");
    const Estimate e = estimate_of(set, with_prices(prices));
    expect_range(e.claims[0].equivalents[0], 20e6 / 0.5 / 40000, 20e6 / 0.5 / 40000,
                 20e6 / 0.5 / 40000);
}

TEST(MoneyOfChips, StatedMoneyIsCheckedAgainstTheChips) {
    // 1,000 H100 with their servers and network cost 1,000 x 25,000 x 1.6 x 1.2 = $48 million
    // (central): "$50 million" of hardware agrees, "$5 million" does not.
    const ClaimSet set = claims_of(R"(
        {"id": "ok", "stated": {"chips": 1000, "chip": "H100", "money": {"value": "$50 million", "year": 2024, "covers": "hardware"}}},
        {"id": "off", "stated": {"chips": 1000, "chip": "H100", "money": {"value": "$5 million", "year": 2024, "covers": "hardware"}}})");
    const Estimate e = estimate_of(set, with_prices());
    for (const auto& [i, ok, stated] : {std::tuple{0, true, 50e6}, std::tuple{1, false, 5e6}}) {
        const ClaimEstimate& c = e.claims[i];
        ASSERT_EQ(c.checks.size(), 1u) << c.claim->id;
        EXPECT_EQ(c.checks[0].kind, "money_vs_chips");
        EXPECT_EQ(c.checks[0].ok, ok) << c.checks[0].detail;
        EXPECT_NEAR(c.checks[0].derived, 1000 * kH100List2024[1] * kServerFactor[1] * kClusterFactor[1], 1e-3);
        EXPECT_NEAR(c.checks[0].stated, stated, 1e-6);
    }
}

TEST(MoneyClaims, WithoutPricesTheClaimIsRefusedNamingIt) {
    Assumptions none = test::bundled_assumptions();
    none.prices.reset();
    const ClaimSet set = claims_of(R"({"id": "m", "as_of": "2024", "stated": {"money": "$1 billion"}})");
    try {
        estimate_of(set, none);
        FAIL() << "no error";
    } catch (const InputError& e) {
        EXPECT_NE(std::string(e.what()).find("claim 'm'"), std::string::npos) << e.what();
        EXPECT_NE(std::string(e.what()).find("needs prices"), std::string::npos) << e.what();
    }
}

TEST(MoneyClaims, TheBundledQinghaiClaimFollowsTheBundledPrices) {
    // 13.5 billion yuan of capex, China market, December 2024: the yuan cancel out against the
    // China server price (both CNY of 2024), so H100 = 13.5e9 x share / (server / 8 x cluster).
    const ClaimSet set = load_claims(test::source_dir() / "claims" / "xinjiang-qinghai-2024.json",
                                     test::bundled_profiles());
    const Assumptions& a = test::bundled_assumptions();
    ASSERT_TRUE(a.prices);
    const PriceTable& p = *a.prices;
    const PriceEntry* server = nullptr;
    for (const PriceEntry& entry : p.prices) {
        if (entry.chip == "nvidia-h100-sxm" && entry.market == Market::kChina && entry.year == 2024)
            server = &entry;
    }
    ASSERT_NE(server, nullptr);
    ASSERT_EQ(server->currency, "CNY");
    const Estimate e = estimate_of(set, a);
    const ClaimEstimate* q = nullptr;
    for (const ClaimEstimate& c : e.claims) {
        if (c.claim->id == "qinghai-two-projects") q = &c;
    }
    ASSERT_NE(q, nullptr);
    const Range share = p.hardware_share_of_capex.range;
    const Range cluster = p.cluster_cost_per_server_cost.range;
    const double per_gpu = server->price.central / server->gpus;
    expect_range(q->equivalents[0], 13.5e9 * share.low / (server->price.high / server->gpus * cluster.high),
                 13.5e9 * share.central / (per_gpu * cluster.central),
                 13.5e9 * share.high / (server->price.low / server->gpus * cluster.low));
    EXPECT_EQ(e.totals.claims, std::vector<std::string>{"xq-2024-all"});  // a subset: not added
}

TEST(PricesFile, BadEntriesAreRefusedNamingTheField) {
    const auto refused = [](const std::string& from, const std::string& to,
                            const std::string& field) {
        std::string text = kPrices;
        const auto at = text.find(from);
        ASSERT_NE(at, std::string::npos) << from;
        text.replace(at, from.size(), to);
        try {
            parse_prices(text, "prices.json", test::bundled_profiles());
            ADD_FAILURE() << "accepted: " << to;
        } catch (const InputError& e) {
            EXPECT_NE(std::string(e.what()).find("prices.json"), std::string::npos) << e.what();
            EXPECT_NE(std::string(e.what()).find(field), std::string::npos) << e.what();
        }
    };
    refused(R"("chip": "H100")", R"("chip": "H999")", "prices[0].chip");
    refused(R"("market": "list", "year": 2024)", R"("market": "grey", "year": 2024)",
            "prices[0].market");
    refused(R"("low": 20000, "central": 25000)", R"("low": 26000, "central": 25000)",
            "prices[0].central");
    refused(R"("year": 2022, "per": "chip")", R"("year": 2024, "per": "chip")", "prices[1]");
    refused(R"("source": "[fx] test")", R"("source": "[nokey] test")", "currencies.CNY.source");
    refused(R"("2022": 6.0)", R"("2022": 0)", "currencies.CNY.rates.2022");
    refused(R"("currency": "CNY")", R"("currency": "JPY")", "prices[2].currency");
    refused(R"("high": 0.7)", R"("high": 1.7)", "factors.hardware_share_of_capex.high");
}

}  // namespace
}  // namespace chipcount
