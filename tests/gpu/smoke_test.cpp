// GPU smoke test: a small kernel, every output element checked. Skips, with the reason, when
// there is no GPU (or the build has no CUDA).
#include <gtest/gtest.h>

#include "chipcount/kernels/device.hpp"

namespace chipcount::kernels {
namespace {

TEST(GpuSmoke, KernelOutputCheckedElementByElement) {
    const DeviceList list = query_devices();
    if (list.devices.empty()) GTEST_SKIP() << "no GPU: " << list.why_none;
    const SmokeResult result = run_smoke_test(0, (1u << 20) + 17);  // not a multiple of the block
    ASSERT_TRUE(result.ran) << result.reason;
    EXPECT_EQ(result.elements, (1u << 20) + 17);
    EXPECT_EQ(result.mismatches, 0u);
}

TEST(GpuSmoke, DeviceQueryReportsSaneFigures) {
    const DeviceList list = query_devices();
    if (list.devices.empty()) GTEST_SKIP() << "no GPU: " << list.why_none;
    for (const DeviceInfo& device : list.devices) {
        EXPECT_FALSE(device.name.empty());
        EXPECT_GE(device.cc_major, 7);
        EXPECT_GT(device.sm_count, 0);
        EXPECT_GT(device.memory_bytes, 1ull << 30);
        EXPECT_GT(device.l2_bytes, 0u);
        EXPECT_GT(device.max_sm_clock_mhz, 500);
        EXPECT_EQ(device.uuid.rfind("GPU-", 0), 0u) << device.uuid;
    }
    EXPECT_FALSE(list.driver_version.empty());
}

TEST(GpuSmoke, NoDeviceIsExplained) {
    const DeviceList list = query_devices();
    if (!list.devices.empty()) GTEST_SKIP() << "a GPU is present; nothing to explain";
    EXPECT_FALSE(list.why_none.empty());
    const SmokeResult result = run_smoke_test(0, 16);
    EXPECT_FALSE(result.ran);
    EXPECT_EQ(result.reason, list.why_none);
}

}  // namespace
}  // namespace chipcount::kernels
