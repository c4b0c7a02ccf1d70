#include "chipcount/base/units.hpp"

#include <charconv>
#include <cmath>

#include "chipcount/base/text.hpp"

namespace chipcount {
namespace {

struct UnitPrefix {
    char letter;
    double factor;
};

// Compute: tera, peta, exa, to PFLOPS. SI writes all three in capitals.
constexpr UnitPrefix kComputePrefixes[] = {{'T', 1e-3}, {'P', 1.0}, {'E', 1e3}};

bool equals_ignoring_case(std::string_view a, std::string_view b) {
    return a.size() == b.size() && to_lower(a) == to_lower(b);
}

// Power: the symbols exactly as SI writes them, to MW.
struct PowerUnit {
    std::string_view symbol;
    double factor;
};
constexpr PowerUnit kPowerUnitTable[] = {{"W", 1e-6},   {"kW", 1e-3},    {"MW", 1.0},
                                         {"GW", 1e3},   {"千瓦", 1e-3},  {"兆瓦", 1.0},
                                         {"吉瓦", 1e3}, {"万千瓦", 10.0}};

// Chinese counting units of operations per second, to PFLOPS (1e15 FLOPS).
struct CountingUnit {
    std::string_view word;
    double factor;
};
constexpr CountingUnit kComputeCountingUnits[] = {
    {"万亿次", 1e-3}, {"千万亿次", 1.0}, {"亿亿次", 10.0}, {"百亿亿次", 1e3}};
// What may follow the counting unit: the operations it counts.
constexpr std::string_view kCountingTails[] = {"", "浮点运算", "运算"};

// The Chinese myriads, which a unit may start with ("2万卡" is 20,000 cards).
constexpr CountingUnit kMyriads[] = {{"万", 1e4}, {"亿", 1e8}};

// Count units, each with what it counts. `chinese` ones may follow a myriad ("万卡").
struct CountWord {
    std::string_view word;
    CountOf what;
    bool chinese;
};
constexpr CountWord kCountWords[] = {{"cards", CountOf::kChips, false},
                                     {"card", CountOf::kChips, false},
                                     {"chips", CountOf::kChips, false},
                                     {"chip", CountOf::kChips, false},
                                     {"gpus", CountOf::kChips, false},
                                     {"gpu", CountOf::kChips, false},
                                     {"accelerators", CountOf::kChips, false},
                                     {"卡", CountOf::kChips, true},
                                     {"张", CountOf::kChips, true},
                                     {"张卡", CountOf::kChips, true},
                                     {"颗", CountOf::kChips, true},
                                     {"块", CountOf::kChips, true},
                                     {"servers", CountOf::kServers, false},
                                     {"server", CountOf::kServers, false},
                                     {"nodes", CountOf::kServers, false},
                                     {"台", CountOf::kServers, true},
                                     {"台服务器", CountOf::kServers, true}};

// The length of the run of digits at the start of `text`.
std::size_t digits_at(std::string_view text) {
    std::size_t n = 0;
    while (n < text.size() && is_ascii_digit(text[n])) ++n;
    return n;
}

// "4,000" and "1,234,567" are thousands separators: a first group of 1 to 3 digits, then groups
// of exactly 3. Anything else with a comma ("4,5", "1,2,3", "4000,000") is refused, never read
// as a decimal comma or dropped.
bool valid_grouping(std::string_view integer) {
    std::size_t start = 0;
    bool first = true;
    while (true) {
        const std::size_t comma = integer.find(',', start);
        const std::size_t length =
            (comma == std::string_view::npos ? integer.size() : comma) - start;
        if (first ? (length < 1 || length > 3) : length != 3) return false;
        if (comma == std::string_view::npos) return true;
        start = comma + 1;
        first = false;
    }
}

// The SI-style compute units: "P", or a case-exact prefix letter and "FLOPS" or "OPS".
std::optional<double> si_compute_unit(std::string_view u) {
    if (u == "P") return 1.0;    // "4000 P": the Chinese usage for PFLOPS
    if (u == "E级") return 1e3;  // "E级超算": an exascale (EFLOPS) machine
    if (u.empty()) return std::nullopt;
    for (const UnitPrefix& prefix : kComputePrefixes) {
        if (u[0] != prefix.letter) continue;
        const std::string_view rest = u.substr(1);
        if (equals_ignoring_case(rest, "FLOPS") || equals_ignoring_case(rest, "OPS"))
            return prefix.factor;
    }
    return std::nullopt;
}

// "亿亿次", "每秒亿亿次", "亿亿次浮点运算": a counting unit, what it counts and "每秒" optional.
std::optional<double> counting_compute_unit(std::string_view u) {
    if (u.starts_with("每秒")) u.remove_prefix(std::string_view("每秒").size());
    for (const CountingUnit& unit : kComputeCountingUnits) {
        if (!u.starts_with(unit.word)) continue;
        const std::string_view tail = u.substr(unit.word.size());
        for (const std::string_view known : kCountingTails) {
            if (tail == known) return unit.factor;
        }
    }
    return std::nullopt;
}

std::optional<double> known_compute_unit(std::string_view u) {
    if (const auto si = si_compute_unit(u)) return si;
    return counting_compute_unit(u);
}

}  // namespace

std::optional<double> compute_unit_to_pflops(std::string_view unit) {
    const std::string u = trim(unit);
    if (const auto known = known_compute_unit(u)) return known;
    // "2万P": 20,000 P. Only once: "万万P" is no way to write 1e8 P.
    const std::string_view wan = kMyriads[0].word;
    if (!std::string_view(u).starts_with(wan)) return std::nullopt;
    const auto known = known_compute_unit(std::string_view(u).substr(wan.size()));
    if (!known) return std::nullopt;
    return *known * kMyriads[0].factor;
}

std::optional<double> power_unit_to_mw(std::string_view unit) {
    const std::string u = trim(unit);
    for (const PowerUnit& known : kPowerUnitTable) {
        if (u == known.symbol) return known.factor;
    }
    return std::nullopt;
}

std::string unit_case_hint(std::string_view unit) {
    const std::string u = trim(unit);
    std::string_view known;
    if (equals_ignoring_case(u, "P")) known = "P";
    for (const PowerUnit& power : kPowerUnitTable) {
        if (equals_ignoring_case(u, power.symbol)) known = power.symbol;
    }
    for (const std::string_view compute : {"TFLOPS", "PFLOPS", "EFLOPS", "TOPS", "POPS", "EOPS"}) {
        if (equals_ignoring_case(u, compute)) known = compute;
    }
    if (known.empty() || known == u) return "";
    return " (units are case-exact, as SI writes them: did you mean \"" + std::string(known) +
           "\"?)";
}

std::optional<double> count_unit_factor(std::string_view unit, CountOf what) {
    const std::string trimmed = trim(unit);
    std::string_view u = trimmed;
    double factor = 1;
    for (const CountingUnit& myriad : kMyriads) {
        if (!u.starts_with(myriad.word)) continue;
        u.remove_prefix(myriad.word.size());
        factor = myriad.factor;
        break;
    }
    if (u.empty()) return factor;
    const bool after_myriad = factor != 1;
    for (const CountWord& word : kCountWords) {
        if (word.what != what || (after_myriad && !word.chinese)) continue;
        if (equals_ignoring_case(u, word.word)) return factor;
    }
    return std::nullopt;
}

namespace {

struct CurrencyWord {
    std::string_view word;
    std::string_view currency;
};
constexpr CurrencyWord kCurrencyWords[] = {
    {"USD", "USD"},    {"dollars", "USD"}, {"dollar", "USD"},   {"US dollars", "USD"},
    {"美元", "USD"},   {"CNY", "CNY"},     {"yuan", "CNY"},     {"RMB", "CNY"},
    {"元", "CNY"},     {"人民币", "CNY"},  {"人民币元", "CNY"}, {"元人民币", "CNY"},
    {"EUR", "EUR"},    {"euros", "EUR"},   {"euro", "EUR"},     {"欧元", "EUR"}};
// Longest first: 万亿 before 万.
constexpr CountingUnit kMoneyScales[] = {{"万亿", 1e12}, {"亿", 1e8}, {"万", 1e4}};
// Signs before a number; a code needs a space or the number right after it.
constexpr CurrencyWord kCurrencySigns[] = {{"US$", "USD"}, {"$", "USD"},   {"¥", "CNY"},
                                           {"￥", "CNY"},  {"€", "EUR"},   {"USD", "USD"},
                                           {"RMB", "CNY"}, {"CNY", "CNY"}, {"EUR", "EUR"}};

}  // namespace

std::optional<MoneyUnit> money_unit(std::string_view unit) {
    const std::string trimmed = trim(unit);
    std::string_view u = trimmed;
    MoneyUnit out;
    for (const CountingUnit& scale : kMoneyScales) {
        if (!u.starts_with(scale.word)) continue;
        u.remove_prefix(scale.word.size());
        out.factor = scale.factor;
        break;
    }
    const std::string word = trim(u);
    // A bare number, or a scale alone ("13.5亿" after "¥"): the currency comes from elsewhere.
    if (word.empty()) return out;
    for (const CurrencyWord& known : kCurrencyWords) {
        if (equals_ignoring_case(word, known.word)) {
            out.currency = std::string(known.currency);
            return out;
        }
    }
    return std::nullopt;
}

CurrencySign strip_currency_sign(std::string_view text) {
    std::size_t digit = 0;
    while (digit < text.size() && !is_ascii_digit(text[digit]) && text[digit] != '.') ++digit;
    if (digit == text.size()) return {std::string(text), ""};
    std::size_t end = digit;  // the sign ends here, spaces between it and the number aside
    while (end > 0 && text[end - 1] == ' ') --end;
    for (const CurrencyWord& sign : kCurrencySigns) {
        if (end < sign.word.size()) continue;
        const std::size_t start = end - sign.word.size();
        if (!equals_ignoring_case(text.substr(start, sign.word.size()), sign.word)) continue;
        // "US$" is not "$" after "US"; a code stands alone ("XRMB 5" is no sign).
        if (start > 0 && text[start - 1] != ' ') continue;
        return {std::string(text.substr(0, start)) + std::string(text.substr(digit)),
                std::string(sign.currency)};
    }
    return {std::string(text), ""};
}

std::optional<Decimal> parse_decimal(std::string_view text, std::string* problem) {
    const auto refuse = [problem](std::string why) -> std::optional<Decimal> {
        if (problem) *problem = std::move(why);
        return std::nullopt;
    };
    if (text.empty() || !(is_ascii_digit(text[0]) || text[0] == '.')) return std::nullopt;
    // The integer part, with any thousands separators.
    std::size_t i = 0;
    while (i < text.size() && (is_ascii_digit(text[i]) || (text[i] == ',' && i > 0))) ++i;
    const std::string_view integer = text.substr(0, i);
    if (integer.find(',') != std::string_view::npos && !valid_grouping(integer)) {
        return refuse(
            "a comma only separates thousands, in groups of three digits (4,000 or "
            "1,234,567); write a decimal point as '.' (4.5)");
    }
    // The fraction, then an exponent only when digits follow it: the 'E' of "5EFLOPS" belongs
    // to the unit.
    if (i < text.size() && text[i] == '.') i += 1 + digits_at(text.substr(i + 1));
    if (i < text.size() && (text[i] == 'e' || text[i] == 'E')) {
        std::size_t j = i + 1;
        if (j < text.size() && (text[j] == '+' || text[j] == '-')) ++j;
        const std::size_t exponent_digits = digits_at(text.substr(std::min(j, text.size())));
        if (exponent_digits > 0) i = j + exponent_digits;
    }
    std::string number;
    for (const char c : text.substr(0, i)) {
        if (c != ',') number += c;
    }
    if (number == ".") return std::nullopt;
    double value = 0;
    const auto [end, ec] = std::from_chars(number.data(), number.data() + number.size(), value);
    if (ec == std::errc::result_out_of_range || (ec == std::errc() && !std::isfinite(value)))
        return refuse("the number " + number + " is too large (not finite)");
    if (ec != std::errc() || end != number.data() + number.size()) return std::nullopt;
    if (value <= 0) return refuse("the number " + number + " is not positive");
    return Decimal{value, i};
}

std::optional<Quantity> parse_quantity(std::string_view text, std::string* problem) {
    const std::string t = trim(text);
    const auto number = parse_decimal(t, problem);
    if (!number) return std::nullopt;
    const std::string unit = trim(std::string_view(t).substr(number->length));
    if (unit.empty()) return std::nullopt;
    return Quantity{number->value, unit};
}

std::optional<double> parse_count(std::string_view text) {
    if (text.empty() || !is_ascii_digit(text.front())) return std::nullopt;
    std::string digits;
    for (const char c : text) {
        if (c == ',') continue;
        if (!is_ascii_digit(c)) return std::nullopt;
        digits += c;
    }
    if (digits.size() != text.size() && !valid_grouping(text)) return std::nullopt;
    double value = 0;
    const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), value);
    if (ec != std::errc() || end != digits.data() + digits.size()) return std::nullopt;
    if (!std::isfinite(value) || value <= 0) return std::nullopt;
    return value;
}

}  // namespace chipcount
