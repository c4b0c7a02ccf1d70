// Units of compute and power claims, and the low/central/high ranges every derived number carries.
#pragma once
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace chipcount {

// A derived number with its range. Exact figures have low == central == high. A stated bound
// leaves a side open: "more than 115,000" is {115,000, 115,000, 115,000} open above (the true
// figure may be any amount higher), "up to 72,000" is open below. Arithmetic carries the open
// sides, so a total with a lower bound in it is a lower bound too.
struct Range {
    double low = 0;
    double central = 0;
    double high = 0;
    bool open_below = false;
    bool open_above = false;

    static Range exact(double value) { return {value, value, value}; }
    bool is_bounded() const { return !open_below && !open_above; }
    Range operator+(const Range& o) const {
        return {low + o.low, central + o.central, high + o.high, open_below || o.open_below,
                open_above || o.open_above};
    }
    // By a positive factor: the open sides stay where they are.
    Range operator*(double k) const {
        return {low * k, central * k, high * k, open_below, open_above};
    }
    Range operator/(double k) const {
        return {low / k, central / k, high / k, open_below, open_above};
    }
    // Product and quotient of two uncertain positive quantities: the extremes pair up. Dividing
    // by a quantity open above makes the quotient open below, and the other way round.
    Range times(const Range& o) const {
        return {low * o.low, central * o.central, high * o.high, open_below || o.open_below,
                open_above || o.open_above};
    }
    Range divided_by(const Range& o) const {
        return {low / o.high, central / o.central, high / o.low, open_below || o.open_above,
                open_above || o.open_below};
    }
};

// Compute units: TFLOPS, PFLOPS, P (= PFLOPS, the Chinese usage), EFLOPS, TOPS, POPS, EOPS.
// Returns the factor to PFLOPS (or POPS); nullopt for an unknown unit. The prefix letter is
// case-exact as SI writes it (p is pico, not peta); the rest ("FLOPS", "OPS") is not.
// Chinese texts also write "E级" (EFLOPS, as in "E级超算") and count operations per second in
// 万/亿: "万亿次" (1e12 FLOPS), "千万亿次" (1e15 = 1 P), "亿亿次" (1e16 = 10 P) and "百亿亿次"
// (1e18 = 1000 P), each optionally after "每秒" and optionally followed by "浮点运算" or "运算"
// ("每秒亿亿次浮点运算"); the counting unit already says what is counted, so nothing else is
// read. A leading "万" multiplies any of these by 1e4 ("2万P", "1万PFLOPS"), once.
std::optional<double> compute_unit_to_pflops(std::string_view unit);
// Power units: W, kW, MW, GW, all case-exact (mW is milliwatts, not megawatts), and the Chinese
// 千瓦 (kW), 兆瓦 (MW), 吉瓦 (GW) and 万千瓦 (10 MW, how Chinese grid figures are stated).
// Returns the factor to MW.
std::optional<double> power_unit_to_mw(std::string_view unit);

// What a stated count counts: the unit words differ ("5000台" is servers, "2万卡" chips).
enum class CountOf { kChips, kServers };
// The factor that a count's unit multiplies it by, so that "2万卡" is 2 x 1e4 chips: 1 for no
// unit, 1e4 for "万" and 1e8 for "亿" alone. Chips: "cards", "card", "chips", "chip", "GPUs",
// "GPU", "accelerators" (English in any case), "卡", "张", "张卡", "颗", "块"; servers:
// "servers", "server", "nodes", "台", "台服务器". A Chinese word may follow "万" or "亿" ("万卡",
// "万台", "万张卡"), which multiplies it. nullopt for any other unit, or a word of the other kind
// (a caller says "unknown unit" with kChipCountUnits or kServerCountUnits).
std::optional<double> count_unit_factor(std::string_view unit, CountOf what);
// For a unit that is unknown only because of its case ("pflops", "mW", "KW"): a hint that names
// the known unit, such as " (units are case-exact: did you mean \"MW\"?)"; empty otherwise.
std::string unit_case_hint(std::string_view unit);

// Money: a currency word after the number ("13.5 billion yuan", "$2.3 billion", "135亿元"),
// optionally after a Chinese scale: 万 (1e4), 亿 (1e8) or 万亿 (1e12). The currency as an ISO
// code: USD ("USD", "dollars", "US dollars", "美元"), CNY ("CNY", "yuan", "RMB", "元", "人民币")
// or EUR ("EUR", "euros", "欧元"); English words in any case. nullopt for any other unit; an empty
// unit, or a scale alone ("亿"), has no currency (a sign before the number may give it).
struct MoneyUnit {
    double factor = 1;
    std::string currency;  // empty for a bare number
};
std::optional<MoneyUnit> money_unit(std::string_view unit);
// A currency sign written before the number ("$2.3 billion", "more than US$ 500 million",
// "¥13.5亿", "RMB 13.5 billion"): the text without it, and its currency; the text unchanged
// and no currency when there is none.
struct CurrencySign {
    std::string text;
    std::string currency;
};
CurrencySign strip_currency_sign(std::string_view text);
inline constexpr std::string_view kMoneyUnits =
    "USD, dollars, US dollars, 美元, CNY, yuan, RMB, 元, 人民币, EUR, euros, 欧元 (optionally "
    "after 万, 亿 or 万亿), or a sign before the number: $, US$, ¥, €, USD, RMB, CNY, EUR";

struct Quantity {
    double value = 0;
    std::string unit;
};

// A number at the start of a text, and how many bytes it took.
struct Decimal {
    double value = 0;
    std::size_t length = 0;
};

// Reads the number that `text` starts with, the one reading of numbers that parse_quantity and
// parse_stated_figure share: digits with optional thousands commas in groups of three, an
// optional fraction, and an exponent only when digits follow the 'e' (the 'E' of "5EFLOPS"
// belongs to the unit). No sign. nullopt when `text` does not start with a digit or a '.', or the
// number is not positive and finite; `problem` (when non-null) then says why, except when there
// is no number at all, where it is left as it was.
std::optional<Decimal> parse_decimal(std::string_view text, std::string* problem = nullptr);

// Splits "4,000 P", "4000P", "1.5 EFLOPS" or "100 MW" into value and unit; nullopt when the
// text is not a positive finite number followed by a unit, with the reason in `problem` when
// there is more to say than that ("4,5 P": a comma only separates groups of three digits).
std::optional<Quantity> parse_quantity(std::string_view text, std::string* problem = nullptr);

// A count as a command-line flag gives it (--chips, --servers, --gpus-per-server): digits only,
// optionally with thousands commas in groups of three ("5", "4000", "4,000", "1,234,567"), and
// not zero. No sign, spaces, fraction, exponent ("1e3", "1000.0") or hex; nullopt otherwise.
std::optional<double> parse_count(std::string_view text);

inline constexpr std::string_view kComputeUnits =
    "TFLOPS, PFLOPS, P, EFLOPS, TOPS, POPS, EOPS, E级, 万亿次, 千万亿次, 亿亿次, 百亿亿次 (each "
    "optionally after 万)";
inline constexpr std::string_view kPowerUnits = "W, kW, MW, GW, 千瓦, 兆瓦, 吉瓦, 万千瓦";
inline constexpr std::string_view kChipCountUnits =
    "cards, chips, GPUs, accelerators, 卡, 张, 张卡, 颗, 块 (optionally after 万 or 亿), 万, 亿 or "
    "none";
inline constexpr std::string_view kServerCountUnits =
    "servers, nodes, 台, 台服务器 (optionally after 万 or 亿), 万, 亿 or none";

}  // namespace chipcount
