// Units of compute and power claims, and the low/central/high ranges every derived number carries.
#pragma once
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
std::optional<double> compute_unit_to_pflops(std::string_view unit);
// Power units: W, kW, MW, GW, all case-exact (mW is milliwatts, not megawatts). Returns the
// factor to MW.
std::optional<double> power_unit_to_mw(std::string_view unit);
// For a unit that is unknown only because of its case ("pflops", "mW", "KW"): a hint that names
// the known unit, such as " (units are case-exact: did you mean \"MW\"?)"; empty otherwise.
std::string unit_case_hint(std::string_view unit);

struct Quantity {
    double value = 0;
    std::string unit;
};

// Splits "4,000 P", "4000P", "1.5 EFLOPS" or "100 MW" into value and unit; nullopt when the
// text is not a positive finite number followed by a unit, with the reason in `problem` when
// there is more to say than that ("4,5 P": a comma only separates groups of three digits).
std::optional<Quantity> parse_quantity(std::string_view text, std::string* problem = nullptr);

// A count as a command-line flag gives it (--chips, --servers, --gpus-per-server): digits only,
// optionally with thousands commas in groups of three ("5", "4000", "4,000", "1,234,567"), and
// not zero. No sign, spaces, fraction, exponent ("1e3", "1000.0") or hex; nullopt otherwise.
std::optional<double> parse_count(std::string_view text);

inline constexpr std::string_view kComputeUnits = "TFLOPS, PFLOPS, P, EFLOPS, TOPS, POPS, EOPS";
inline constexpr std::string_view kPowerUnits = "W, kW, MW, GW";

}  // namespace chipcount
