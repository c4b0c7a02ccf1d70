#include "chipcount/estimate/factor.hpp"

namespace chipcount {

Factor read_factor(const FieldReader& factors, std::string_view key, double max, double min) {
    const FieldReader f = factors.object(key);
    Factor factor;
    factor.range = {f.plausible("low", min, max), f.plausible("central", min, max),
                    f.plausible("high", min, max)};
    if (!(factor.range.low <= factor.range.central && factor.range.central <= factor.range.high)) {
        f.fail("central", "low <= central <= high must hold");
    }
    factor.unit = f.optional_string("unit").value_or("");
    if (const auto spread = f.optional_string("distribution")) {
        if (*spread == "lognormal") {
            factor.spread = Spread::kLognormal;
        } else if (*spread != "triangular") {
            f.fail("distribution", "must be triangular or lognormal (got \"" + excerpt(*spread) + "\")");
        }
    }
    factor.source = f.string("source");
    if (factor.source.empty()) f.fail("source", "every factor needs a source");
    return factor;
}

}  // namespace chipcount
