#include "bundled_data.hpp"

#include "test_support.hpp"

namespace chipcount::test {

const ProfileSet& bundled_profiles() {
    static const ProfileSet set = ProfileSet::load(profiles_dir());
    return set;
}

const Assumptions& bundled_assumptions() {
    static const Assumptions assumptions = load_assumptions(profiles_dir() / "assumptions.json");
    return assumptions;
}

}  // namespace chipcount::test
