#include "bundled_data.hpp"

#include "test_support.hpp"

namespace chipcount::test {

const ProfileSet& bundled_profiles() {
    static const ProfileSet set = ProfileSet::load(profiles_dir());
    return set;
}

const Assumptions& bundled_assumptions() {
    static const Assumptions assumptions = [] {
        Assumptions a = load_assumptions(profiles_dir() / "assumptions.json");
        a.prices = load_prices_for(bundled_profiles(), std::nullopt);
        return a;
    }();
    return assumptions;
}

}  // namespace chipcount::test
