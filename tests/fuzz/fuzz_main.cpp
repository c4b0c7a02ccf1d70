// libFuzzer entry point; CHIPCOUNT_FUZZ_TARGET names the harness (claims, profile, result, units,
// stated_figure, deep_json, flags).
#include "fuzz_targets.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    chipcount::fuzz::CHIPCOUNT_FUZZ_TARGET(data, size);
    return 0;
}
