// The kernels API for a build without CUDA: every entry point reports "built without CUDA".
#include "chipcount/kernels/device.hpp"

namespace chipcount::kernels {
namespace {
constexpr const char* kNoCuda = "built without CUDA";
}

BuildInfo build_info() { return BuildInfo{false, {}, {}}; }

DeviceList query_devices() {
    DeviceList list;
    list.why_none = kNoCuda;
    return list;
}

SmokeResult run_smoke_test(int /*device*/, std::size_t elements) {
    SmokeResult result;
    result.elements = elements;
    result.reason = kNoCuda;
    return result;
}

}  // namespace chipcount::kernels
