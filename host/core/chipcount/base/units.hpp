// Units of compute and power claims, and the low/central/high ranges every derived number carries.
#pragma once
#include <optional>
#include <string>
#include <string_view>

namespace chipcount {

// A derived number with its range. Exact figures have low == central == high.
struct Range {
    double low = 0;
    double central = 0;
    double high = 0;

    static Range exact(double value) { return {value, value, value}; }
    Range operator+(const Range& o) const {
        return {low + o.low, central + o.central, high + o.high};
    }
    Range operator*(double k) const { return {low * k, central * k, high * k}; }
    Range operator/(double k) const { return {low / k, central / k, high / k}; }
    // Product and quotient of two uncertain positive quantities: the extremes pair up.
    Range times(const Range& o) const { return {low * o.low, central * o.central, high * o.high}; }
    Range divided_by(const Range& o) const {
        return {low / o.high, central / o.central, high / o.low};
    }
};

// Compute units: TFLOPS, PFLOPS, P (= PFLOPS, the Chinese usage), EFLOPS, TOPS, POPS.
// Returns the factor to PFLOPS (or POPS); nullopt for an unknown unit. Case-insensitive.
std::optional<double> compute_unit_to_pflops(std::string_view unit);
// Power units: W, kW, MW, GW. Returns the factor to MW.
std::optional<double> power_unit_to_mw(std::string_view unit);

struct Quantity {
    double value = 0;
    std::string unit;
};

// Splits "4,000 P", "4000P", "1.5 EFLOPS" or "100 MW" into value and unit; nullopt when the
// text is not a positive finite number followed by a unit.
std::optional<Quantity> parse_quantity(std::string_view text);

inline constexpr std::string_view kComputeUnits = "TFLOPS, PFLOPS, P, EFLOPS, TOPS, POPS";
inline constexpr std::string_view kPowerUnits = "W, kW, MW, GW";

}  // namespace chipcount
