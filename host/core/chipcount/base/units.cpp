#include "chipcount/base/units.hpp"

#include <cctype>
#include <charconv>
#include <cmath>

#include "chipcount/base/text.hpp"

namespace chipcount {

std::optional<double> compute_unit_to_pflops(std::string_view unit) {
    const std::string u = to_lower(trim(unit));
    if (u == "tflops" || u == "tops") return 1e-3;
    if (u == "pflops" || u == "p" || u == "pops") return 1.0;
    if (u == "eflops" || u == "eops") return 1e3;
    return std::nullopt;
}

std::optional<double> power_unit_to_mw(std::string_view unit) {
    const std::string u = to_lower(trim(unit));
    if (u == "w") return 1e-6;
    if (u == "kw") return 1e-3;
    if (u == "mw") return 1.0;
    if (u == "gw") return 1e3;
    return std::nullopt;
}

std::optional<Quantity> parse_quantity(std::string_view text) {
    const std::string t = trim(text);
    std::string number;
    std::size_t i = 0;
    for (; i < t.size(); ++i) {
        const char c = t[i];
        if (std::isdigit(static_cast<unsigned char>(c)) || c == '.' || c == 'e' || c == 'E' ||
            ((c == '+' || c == '-') && i > 0 && (t[i - 1] == 'e' || t[i - 1] == 'E'))) {
            number += c;
        } else if (c == ',' && !number.empty()) {
            continue;  // thousands separator: "4,000"
        } else {
            break;
        }
    }
    // An 'e' that starts the unit ("5EFLOPS") belongs to the unit, not to the number.
    while (!number.empty() && (number.back() == 'e' || number.back() == 'E')) {
        number.pop_back();
        --i;
    }
    if (number.empty()) return std::nullopt;
    double value = 0;
    const auto [end, ec] = std::from_chars(number.data(), number.data() + number.size(), value);
    if (ec != std::errc() || end != number.data() + number.size()) return std::nullopt;
    if (!std::isfinite(value) || value <= 0) return std::nullopt;
    const std::string unit = trim(std::string_view(t).substr(i));
    if (unit.empty()) return std::nullopt;
    return Quantity{value, unit};
}

}  // namespace chipcount
