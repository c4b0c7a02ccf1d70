// An estimator factor: a low/central/high triple with its unit and source, as the assumptions and
// prices files hold them.
#pragma once
#include <string>
#include <string_view>

#include "chipcount/base/sampling.hpp"
#include "chipcount/base/units.hpp"
#include "chipcount/io/json_read.hpp"

namespace chipcount {

struct Factor {
    Range range;
    std::string unit;
    std::string source;
    // How the Monte-Carlo estimate draws it: "distribution": "triangular" (the default) or
    // "lognormal" in the file.
    Spread spread = Spread::kTriangular;
};

// Each factor is a ratio near 1 (PUE 1.2-1.4, server overhead 1.5-2, a share of capex): outside
// [0.1, 10] it is a typo, and a factor of 1e-300 would turn a power claim into infinitely many
// chips.
inline constexpr double kMinFactor = 0.1;
inline constexpr double kMaxFactor = 10;

// The factor `key` of `factors`: low <= central <= high, each in [min, max], and a source.
Factor read_factor(const FieldReader& factors, std::string_view key, double max = kMaxFactor,
                   double min = kMinFactor);

}  // namespace chipcount
