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
constexpr PowerUnit kPowerUnitTable[] = {{"W", 1e-6}, {"kW", 1e-3}, {"MW", 1.0}, {"GW", 1e3}};

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

}  // namespace

std::optional<double> compute_unit_to_pflops(std::string_view unit) {
    const std::string u = trim(unit);
    if (u == "P") return 1.0;  // "4000 P": the Chinese usage for PFLOPS
    if (u.empty()) return std::nullopt;
    for (const UnitPrefix& prefix : kComputePrefixes) {
        if (u[0] != prefix.letter) continue;
        const std::string_view rest = std::string_view(u).substr(1);
        if (equals_ignoring_case(rest, "FLOPS") || equals_ignoring_case(rest, "OPS"))
            return prefix.factor;
    }
    return std::nullopt;
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

std::optional<Quantity> parse_quantity(std::string_view text, std::string* problem) {
    const auto refuse = [problem](std::string why) -> std::optional<Quantity> {
        if (problem) *problem = std::move(why);
        return std::nullopt;
    };
    const std::string t = trim(text);
    const std::string_view all(t);
    // The integer part, with any thousands separators.
    std::size_t i = 0;
    while (i < all.size() && (is_ascii_digit(all[i]) || (all[i] == ',' && i > 0))) ++i;
    const std::string_view integer = all.substr(0, i);
    if (integer.find(',') != std::string_view::npos && !valid_grouping(integer)) {
        return refuse(
            "a comma only separates thousands, in groups of three digits (4,000 or "
            "1,234,567); write a decimal point as '.' (4.5)");
    }
    // The fraction, then an exponent only when digits follow it: the 'E' of "5EFLOPS" belongs
    // to the unit.
    if (i < all.size() && all[i] == '.') i += 1 + digits_at(all.substr(i + 1));
    if (i < all.size() && (all[i] == 'e' || all[i] == 'E')) {
        std::size_t j = i + 1;
        if (j < all.size() && (all[j] == '+' || all[j] == '-')) ++j;
        const std::size_t exponent_digits = digits_at(all.substr(std::min(j, all.size())));
        if (exponent_digits > 0) i = j + exponent_digits;
    }
    std::string number;
    for (const char c : all.substr(0, i)) {
        if (c != ',') number += c;
    }
    if (number.empty() || number == ".") return std::nullopt;
    double value = 0;
    const auto [end, ec] = std::from_chars(number.data(), number.data() + number.size(), value);
    if (ec != std::errc() || end != number.data() + number.size()) return std::nullopt;
    if (!std::isfinite(value) || value <= 0) return std::nullopt;
    const std::string unit = trim(all.substr(i));
    if (unit.empty()) return std::nullopt;
    return Quantity{value, unit};
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
