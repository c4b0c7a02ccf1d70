// The bundled profiles and assumptions, loaded once per test binary: the data most core tests
// estimate and classify against.
#pragma once
#include "chipcount/estimate/estimate.hpp"
#include "chipcount/profiles/profile.hpp"

namespace chipcount::test {

const ProfileSet& bundled_profiles();
const Assumptions& bundled_assumptions();

}  // namespace chipcount::test
