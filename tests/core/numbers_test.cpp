// Numbers at every magnitude (issue 14): formatting up to DBL_MAX, bounded chart axes, units
// that are case-exact, commas that only separate thousands, the chip cap through servers x GPUs,
// no infinity or NaN in an estimate, and an estimate whose size is linear in its input.
#include <gtest/gtest.h>

#include <cfloat>
#include <cmath>
#include <cstdlib>
#include <limits>
#include <string>

#include "chipcount/base/errors.hpp"
#include "chipcount/base/units.hpp"
#include "chipcount/estimate/claims.hpp"
#include "chipcount/estimate/estimate.hpp"
#include "chipcount/estimate/estimate_report.hpp"
#include "chipcount/format/svg.hpp"
#include "chipcount/format/table.hpp"
#include "bundled_data.hpp"
#include "test_support.hpp"

namespace chipcount {
namespace {


// ---- format_number and format_plain ----------------------------------------------------

TEST(FormatNumber, PrintsEveryMagnitudeWithoutInfOrGarbage) {
    EXPECT_EQ(format_number(0, 0), "0");
    EXPECT_EQ(format_number(1234567.891, 1), "1,234,567.9");
    EXPECT_EQ(format_number(-1234.5, 0), "-1,234");  // %.0f rounds half to even
    EXPECT_EQ(format_number(1e-300, 2), "0.00");
    EXPECT_EQ(format_number(-1e-300, 2), "0.00");  // never "-0.00"
    EXPECT_EQ(format_number(999999999999999.0, 0), "999,999,999,999,999");
    EXPECT_EQ(format_number(1e15, 0), "1e+15");
    EXPECT_EQ(format_number(1.23456e20, 0), "1.235e+20");
    EXPECT_EQ(format_number(1e308, 0), "1e+308");
    EXPECT_EQ(format_number(DBL_MAX, 2), "1.798e+308");
    EXPECT_EQ(format_number(-DBL_MAX, 0), "-1.798e+308");
    EXPECT_EQ(format_number(std::numeric_limits<double>::denorm_min(), 3), "0.000");
    for (const double bad : {std::numeric_limits<double>::infinity(),
                             -std::numeric_limits<double>::infinity(), std::nan("")}) {
        EXPECT_EQ(format_number(bad, 0), "—");
        EXPECT_EQ(format_range(Range::exact(bad)), "—");
    }
    // Absurd decimals are clamped, not a buffer overrun.
    EXPECT_EQ(format_number(1.5, 1000), "1.500000000");
    EXPECT_EQ(format_number(1.5, -3), "2");
}

TEST(FormatNumber, PlainNumbersReadBackExactly) {
    for (const double value :
         {4947.0, 0.1, 1e-300, 1e15, 1e308, DBL_MAX, std::numeric_limits<double>::denorm_min()}) {
        const std::string text = format_plain(value);
        EXPECT_EQ(std::strtod(text.c_str(), nullptr), value) << text;
        EXPECT_LE(text.size(), 24u) << text;
    }
    EXPECT_EQ(format_plain(4947), "4947");
    EXPECT_EQ(format_plain(std::numeric_limits<double>::infinity()), "");
}

// ---- the log axis of the report's chart ------------------------------------------------

void expect_bounded(const LogAxis& axis, const std::string& what) {
    SCOPED_TRACE(what);
    ASSERT_GE(axis.ticks.size(), 2u);
    EXPECT_LE(axis.ticks.size(), 11u);
    EXPECT_TRUE(std::isfinite(axis.d0) && axis.d0 > 0);
    EXPECT_TRUE(std::isfinite(axis.d1) && axis.d1 > axis.d0);
    EXPECT_EQ(axis.ticks.front(), axis.d0);
    EXPECT_EQ(axis.ticks.back(), axis.d1);
}

TEST(LogAxis, AnyInputGivesABoundedAxis) {
    const double inf = std::numeric_limits<double>::infinity();
    const double cases[][2] = {{0, 0},        {std::numeric_limits<double>::denorm_min(), 1},
                               {1e-3, 1e308}, {1e-300, DBL_MAX},
                               {5, 5},        {1e308, 1e308},
                               {1e6, 1e2},    {-5, -1},
                               {0, inf},      {std::nan(""), std::nan("")}};
    for (const auto& [lo, hi] : cases)
        expect_bounded(log_axis(lo, hi), std::to_string(lo) + " to " + std::to_string(hi));
}

TEST(LogAxis, HoldsItsDataInWholeDecades) {
    const LogAxis axis = log_axis(3, 4500);  // 10^0 to 10^4: five ticks, one per decade
    EXPECT_EQ(axis.d0, 1);
    EXPECT_EQ(axis.d1, 10000);
    EXPECT_EQ(axis.ticks.size(), 5u);
    // 30 decades at 10 ticks at most: a tick every 3 decades.
    const LogAxis wide = log_axis(1e-3, 1e27);
    EXPECT_EQ(wide.ticks.size(), 11u);
    EXPECT_DOUBLE_EQ(wide.ticks[1] / wide.ticks[0], 1000);
    EXPECT_LE(wide.d0, 1e-3);
    EXPECT_GE(wide.d1, 1e27);
}

// ---- units and quantities --------------------------------------------------------------

TEST(Units, PrefixesAreCaseExactAsSiWritesThem) {
    EXPECT_EQ(compute_unit_to_pflops("PFLOPS"), 1.0);
    EXPECT_EQ(compute_unit_to_pflops("PFlops"), 1.0);  // only the prefix is case-exact
    EXPECT_EQ(compute_unit_to_pflops("EOPS"), 1e3);
    EXPECT_EQ(compute_unit_to_pflops("P"), 1.0);
    for (const char* wrong : {"pflops", "p", "tflops", "eflops", "Pflop", "PP"})
        EXPECT_FALSE(compute_unit_to_pflops(wrong)) << wrong;
    EXPECT_EQ(power_unit_to_mw("MW"), 1.0);
    EXPECT_EQ(power_unit_to_mw("kW"), 1e-3);
    // Milli is never mega, and a capital K is not kilo.
    for (const char* wrong : {"mW", "mw", "KW", "w", "gw", "Mw"})
        EXPECT_FALSE(power_unit_to_mw(wrong)) << wrong;
    EXPECT_NE(unit_case_hint("mW").find("\"MW\""), std::string::npos);
    EXPECT_NE(unit_case_hint("pflops").find("\"PFLOPS\""), std::string::npos);
    EXPECT_EQ(unit_case_hint("MW"), "");
    EXPECT_EQ(unit_case_hint("ZFLOPS"), "");
}

TEST(Units, ACommaOnlySeparatesGroupsOfThreeDigits) {
    EXPECT_EQ(parse_quantity("4,000 P")->value, 4000);
    EXPECT_EQ(parse_quantity("1,234,567 P")->value, 1234567);
    EXPECT_EQ(parse_quantity("1,234.5 MW")->value, 1234.5);
    EXPECT_EQ(parse_quantity("1e3 kW")->value, 1000);
    EXPECT_EQ(parse_quantity("5EFLOPS")->unit, "EFLOPS");
    for (const char* wrong : {"4,5 P", "1,2,3 P", "4000,000 P", "4,0000 P", "4, P", "1,23 P"}) {
        std::string problem;
        EXPECT_FALSE(parse_quantity(wrong, &problem)) << wrong;
        EXPECT_NE(problem.find("thousands"), std::string::npos) << wrong;
    }
    EXPECT_FALSE(parse_quantity(",5 P"));
    EXPECT_FALSE(parse_quantity("1e999 P"));
}

TEST(Units, ChineseComputeUnits) {
    EXPECT_EQ(compute_unit_to_pflops("E级"), 1e3);
    EXPECT_EQ(compute_unit_to_pflops("万亿次"), 1e-3);
    EXPECT_EQ(compute_unit_to_pflops("千万亿次"), 1.0);
    EXPECT_EQ(compute_unit_to_pflops("亿亿次"), 10.0);
    EXPECT_EQ(compute_unit_to_pflops("百亿亿次"), 1e3);
    EXPECT_EQ(compute_unit_to_pflops("每秒亿亿次"), 10.0);
    EXPECT_EQ(compute_unit_to_pflops("亿亿次浮点运算"), 10.0);
    EXPECT_EQ(compute_unit_to_pflops("每秒千万亿次浮点运算"), 1.0);
    EXPECT_EQ(compute_unit_to_pflops("百亿亿次运算"), 1e3);
    // 万 before any known unit multiplies it, once.
    EXPECT_EQ(compute_unit_to_pflops("万P"), 1e4);
    EXPECT_EQ(compute_unit_to_pflops("万PFLOPS"), 1e4);
    EXPECT_EQ(compute_unit_to_pflops("万TFLOPS"), 10.0);
    EXPECT_EQ(compute_unit_to_pflops(" EFLOPS "), 1e3);
    for (const char* wrong : {"万", "万万P", "亿P", "亿次", "亿亿", "亿亿次每秒浮点", "e级", "万p",
                              "每秒", "每秒万P", "浮点运算"})
        EXPECT_FALSE(compute_unit_to_pflops(wrong)) << wrong;
}

TEST(Units, ChinesePowerUnits) {
    EXPECT_EQ(power_unit_to_mw("千瓦"), 1e-3);
    EXPECT_EQ(power_unit_to_mw("兆瓦"), 1.0);
    EXPECT_EQ(power_unit_to_mw("吉瓦"), 1e3);
    EXPECT_EQ(power_unit_to_mw("万千瓦"), 10.0);
    EXPECT_EQ(power_unit_to_mw("GW"), 1e3);
    for (const char* wrong : {"瓦", "万瓦", "万兆瓦", "千万千瓦"})
        EXPECT_FALSE(power_unit_to_mw(wrong)) << wrong;
    EXPECT_EQ(unit_case_hint("千瓦"), "");
}

TEST(Units, CountUnitsByWhatTheyCount) {
    for (const char* unit : {"", "cards", "card", "chips", "chip", "GPUs", "GPU", "gpus",
                             "ACCELERATORS", "accelerators", "卡", "张", "张卡", "颗", "块"})
        EXPECT_EQ(count_unit_factor(unit, CountOf::kChips), 1.0) << unit;
    for (const char* unit : {"万", "万卡", "万张", "万颗", "万块", "万张卡"})
        EXPECT_EQ(count_unit_factor(unit, CountOf::kChips), 1e4) << unit;
    EXPECT_EQ(count_unit_factor("亿", CountOf::kChips), 1e8);
    EXPECT_EQ(count_unit_factor("亿卡", CountOf::kChips), 1e8);
    for (const char* unit : {"", "servers", "server", "Nodes", "台", "台服务器"})
        EXPECT_EQ(count_unit_factor(unit, CountOf::kServers), 1.0) << unit;
    EXPECT_EQ(count_unit_factor("万台", CountOf::kServers), 1e4);
    EXPECT_EQ(count_unit_factor("万台服务器", CountOf::kServers), 1e4);
    EXPECT_EQ(count_unit_factor("亿", CountOf::kServers), 1e8);
    // A word of the other kind, English after a myriad, or no count unit at all.
    for (const char* wrong : {"servers", "台", "万台", "万GPUs", "万万卡", "P", "cardz", "卡卡"})
        EXPECT_FALSE(count_unit_factor(wrong, CountOf::kChips)) << wrong;
    for (const char* wrong : {"cards", "卡", "万卡", "万servers", "node"})
        EXPECT_FALSE(count_unit_factor(wrong, CountOf::kServers)) << wrong;
    EXPECT_NE(kChipCountUnits.find("万"), std::string_view::npos);
    EXPECT_NE(kServerCountUnits.find("台"), std::string_view::npos);
}

TEST(Units, DecimalsAreReadOnceForQuantitiesAndFigures) {
    const auto d = parse_decimal("1,234.5e2 P");
    ASSERT_TRUE(d);
    EXPECT_EQ(d->value, 123450);
    EXPECT_EQ(d->length, 9u);
    EXPECT_EQ(parse_decimal("5EFLOPS")->length, 1u);
    EXPECT_EQ(parse_decimal(".5")->value, 0.5);
    std::string problem;
    EXPECT_FALSE(parse_decimal("GPUs", &problem));
    EXPECT_EQ(problem, "");  // no number: nothing more to say
    EXPECT_FALSE(parse_decimal("-5", &problem));
    EXPECT_FALSE(parse_decimal("4,5", &problem));
    EXPECT_NE(problem.find("thousands"), std::string::npos);
    EXPECT_FALSE(parse_decimal("0", &problem));
    EXPECT_NE(problem.find("not positive"), std::string::npos);
    EXPECT_FALSE(parse_decimal("1e400", &problem));
    EXPECT_NE(problem.find("not finite"), std::string::npos);
}

TEST(Units, FlagCountsAreDigitsWithOptionalThousandsCommas) {
    EXPECT_EQ(parse_count("5"), 5);
    EXPECT_EQ(parse_count("4000"), 4000);
    EXPECT_EQ(parse_count("4,000"), 4000);
    EXPECT_EQ(parse_count("1,234,567"), 1234567);
    for (const char* wrong :
         {"2.5",    "0",     "0,000", "-5",   "+5",     "0x10", " 5",     "5 ",
          "inf",    "nan",   "1e400", "",     "1e3",    "1E3",  "1000.0", "2.5e0",
          "4,0000", "40,00", ",400",  "400,", "4,,000", "1,2,3"})
        EXPECT_FALSE(parse_count(wrong)) << wrong;
}

// ---- the estimate: chip cap, whole GPUs, finite figures -------------------------------

ClaimSet one_claim(const std::string& stated) {
    return parse_claims(
        R"({"format": "chipcount.claims", "version": 1, "claims": [{"id": "c", "stated": )" +
            stated + "}]}",
        "c.json", test::bundled_profiles());
}

Estimate estimate_of(const ClaimSet& set) {
    EstimateOptions options;
    options.targets = {"nvidia-h100-sxm"};
    return estimate(set, test::bundled_profiles(), test::bundled_assumptions(), options);
}

TEST(ChipCap, HoldsThroughServersTimesGpusPerServer) {
    // 1e8 servers x 16 = 1.6e9 chips, over the 1e9 cap though each figure is within its own.
    const ClaimSet over = one_claim(R"({"servers": 1e8, "gpus_per_server": 16, "chip": "H100"})");
    try {
        estimate_of(over);
        FAIL() << "1.6e9 chips through servers were accepted";
    } catch (const InputError& e) {
        const std::string message = e.what();
        EXPECT_NE(message.find("c.json: claim 'c': field 'stated.servers'"), std::string::npos);
        EXPECT_NE(message.find("1,600,000,000"), std::string::npos) << message;
    }
    // 1e8 x 8 (the H100's HGX server) = 8e8: within the cap, estimated as 8e8 chips.
    const Estimate ok = estimate_of(one_claim(R"({"servers": 1e8, "chip": "H100"})"));
    EXPECT_EQ(ok.claims[0].chips->central, 8e8);
}

TEST(ChipCap, GpusPerServerIsAWholeNumber) {
    EXPECT_THROW(one_claim(R"({"servers": 5, "gpus_per_server": 7.5, "chip": "H100"})"),
                 InputError);
    EXPECT_THROW(one_claim(R"({"servers": 5, "gpus_per_server": 1001, "chip": "H100"})"),
                 InputError);
    InlineClaim flags;
    flags.servers = "5";
    flags.chip = "H100";
    flags.gpus_per_server = "7.5";
    EXPECT_THROW(inline_claims(flags, test::bundled_profiles()), UsageError);
    flags.gpus_per_server = "8";
    EXPECT_EQ(*inline_claims(flags, test::bundled_profiles()).claims[0].stated.gpus_per_server, 8);
}

TEST(EstimateFigures, InfinityOrNanNeverReachesAnOutput) {
    const ClaimSet set = one_claim(R"({"chips": 1000, "chip": "H100"})");
    Estimate e = estimate_of(set);
    EXPECT_NO_THROW(check_estimate_figures(e, "c.json"));
    e.claims[0].equivalents[0] = Range{1, std::numeric_limits<double>::infinity(), 2};
    try {
        check_estimate_figures(e, "c.json");
        FAIL() << "an infinite equivalent passed";
    } catch (const InputError& err) {
        EXPECT_NE(std::string(err.what()).find("claim 'c': equivalents of nvidia-h100-sxm"),
                  std::string::npos)
            << err.what();
    }
    e = estimate_of(set);
    e.totals.power_mw = Range::exact(std::nan(""));
    EXPECT_THROW(check_estimate_figures(e, "c.json"), InputError);
}

TEST(EstimateFigures, TheLargestClaimsStayFarBelowTheCap) {
    // The most chips of the strongest bundled chip, counted in the weakest: still finite. Only
    // chips with an fp16 rate (the TPUs and the Ascend 950 publish none) give an equivalent.
    EstimateOptions options;
    for (const ChipProfile& p : test::bundled_profiles().all()) {
        if (p.peak(Precision::kFp16)) options.targets.push_back(p.id);
    }
    const ClaimSet set = one_claim(R"({"chips": 1e9, "chip": "B200"})");
    const Estimate e = estimate(set, test::bundled_profiles(), test::bundled_assumptions(), options);
    for (std::size_t t = 0; t < e.claims[0].equivalents.size(); ++t) {
        const auto& equivalent = e.claims[0].equivalents[t];
        ASSERT_TRUE(equivalent) << options.targets[t];
        EXPECT_TRUE(std::isfinite(equivalent->high));
        EXPECT_LT(equivalent->high, 1e12) << options.targets[t];
    }
}

// ---- output size is linear in input size ---------------------------------------------

// The documented bound (docs/robustness.md): output bytes <= 4 x input bytes + 2,000 per claim
// + 600 per claim and target + 20,000.
std::size_t size_bound(std::size_t input, std::size_t claims, std::size_t targets) {
    return 4 * input + 2000 * claims + 600 * claims * targets + 20000;
}

std::size_t estimate_bytes(const std::string& text, std::size_t targets) {
    const ClaimSet set = parse_claims(text, "c.json", test::bundled_profiles());
    EstimateOptions options;
    for (const ChipProfile& p : test::bundled_profiles().all()) {
        if (options.targets.size() < targets) options.targets.push_back(p.id);
    }
    const Estimate e = estimate(set, test::bundled_profiles(), test::bundled_assumptions(), options);
    std::size_t bytes = 0;
    write_estimate_json(e, test::bundled_assumptions(), estimate_input(set), {},
                        [&bytes](std::string_view piece) { bytes += piece.size(); });
    return bytes + render_estimate(e, OutputFormat::kCsv).size();
}

TEST(OutputSize, IsLinearInInputSize) {
    // 20 KB of hostile claims: nested arrays and long strings in stated (an unknown field, echoed
    // indented it grew quadratically: 50 MB from 10 KB), long ids, names and sources. The
    // nesting stays under the reader's depth limit (64), so it is repeated side by side.
    std::string nested = std::string(50, '[') + std::string(50, ']');
    std::string deep = "[" + nested;
    for (int i = 0; i < 80; ++i) deep += "," + nested;
    const std::string deep_close = "]";
    const std::string long_name(256, 'n');  // each text at its limit (claims.hpp)
    const std::string long_source(1000, 's');
    const std::string long_notes(4000, 'x');
    const std::string text = R"({"format": "chipcount.claims", "version": 1, "claims": [)"
                             R"({"id": "a", "stated": {"chips": 5, "chip": "H100", "x": )" +
                             deep + deep_close + R"(}}, {"id": ")" + std::string(128, 'i') +
                             R"(", "name": ")" + long_name + R"(", "source": ")" + long_source +
                             R"(", "notes": ")" + long_notes + R"(", "region": ")" +
                             std::string(128, 'r') +
                             R"(", "stated": {"compute": {"value": 1e6, "unit": "P", "y": [)" +
                             deep + deep_close + R"(]}}}]})";
    ASSERT_GT(text.size(), 15000u);
    for (const std::size_t targets : {1u, 8u, 21u}) {
        const std::size_t out = estimate_bytes(text, targets);
        EXPECT_LE(out, size_bound(text.size(), 2, targets))
            << out << " bytes from " << text.size() << " with " << targets << " targets";
    }
}

TEST(OutputSize, ManySmallClaimsStayWithinTheSameBound) {
    std::string text = R"({"format": "chipcount.claims", "version": 1, "claims": [)";
    const std::size_t claims = 400;
    for (std::size_t i = 0; i < claims; ++i) {
        text +=
            (i ? "," : "") + std::string(R"({"id": "c)") + std::to_string(i) +
            R"(", "stated": {"servers": 5, "chip": "H100", "compute": "4,000 P", "power": "10 MW"}})";
    }
    text += "]}";
    const std::size_t out = estimate_bytes(text, 21);
    EXPECT_LE(out, size_bound(text.size(), claims, 21));
    EXPECT_GT(out, text.size());  // the bound is not vacuous: each claim's estimate is written
}

TEST(OutputSize, EchoesOnlyTheStatedFieldsItRead) {
    const ClaimSet set = one_claim(
        R"({"chips": 5, "chip": "H100", "junk": [[[1]]], "compute": {"value": 2, "unit": "P", "more": {}}})");
    EXPECT_EQ(set.claims[0].stated_json.dump(),
              R"({"chips":5,"chip":"H100","compute":{"value":2,"unit":"P"}})");
}

TEST(ClaimIds, AreShortAndPrintable) {
    EXPECT_THROW(
        parse_claims(R"({"format": "chipcount.claims", "version": 1, "claims": [{"id": ")" +
                         std::string(129, 'a') + R"(", "stated": {"chips": 1, "chip": "H100"}}]})",
                     "c.json", test::bundled_profiles()),
        InputError);
    EXPECT_THROW(
        parse_claims(
            R"({"format": "chipcount.claims", "version": 1, "claims": [{"id": "a\u001b[31m", "stated": {"chips": 1, "chip": "H100"}}]})",
            "c.json", test::bundled_profiles()),
        InputError);
}

}  // namespace
}  // namespace chipcount
