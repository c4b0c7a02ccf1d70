// Device query: what the CUDA runtime reports for every GPU, and why there is none.
#include <cuda_runtime.h>

#include <cstdio>
#include <string>

#include "chipcount/kernels/device.hpp"
#include "common/cuda_check.hpp"

#ifndef CHIPCOUNT_CUDA_ARCHS_STRING
#define CHIPCOUNT_CUDA_ARCHS_STRING "unknown"
#endif

namespace chipcount::kernels {
namespace {

std::string version_string(int version) {
    if (version <= 0) return {};
    return std::to_string(version / 1000) + "." + std::to_string((version % 1000) / 10);
}

std::string uuid_string(const cudaUUID_t& uuid) {
    // nvidia-smi's layout: GPU-8-4-4-4-12 hex digits.
    static constexpr int kGroups[] = {4, 2, 2, 2, 6};
    std::string out = "GPU-";
    int byte = 0;
    for (int group = 0; group < 5; ++group) {
        if (group > 0) out += '-';
        for (int i = 0; i < kGroups[group]; ++i, ++byte) {
            char hex[3];
            std::snprintf(hex, sizeof hex, "%02x", static_cast<unsigned char>(uuid.bytes[byte]));
            out += hex;
        }
    }
    return out;
}

// One line that tells a user why no GPU can be used.
std::string why_no_device(cudaError_t code) {
    switch (code) {
        case cudaErrorInsufficientDriver:
            return "no NVIDIA driver (or one too old for CUDA runtime " +
                   version_string(CUDART_VERSION) + "): " + describe(code);
        case cudaErrorNoDevice:
            return "no CUDA device: " + describe(code);
        default:
            return "CUDA is not usable: " + describe(code);
    }
}

int attribute(cudaDeviceAttr attr, int device) {
    int value = 0;
    CHIPCOUNT_CUDA_CHECK(cudaDeviceGetAttribute(&value, attr, device));
    return value;
}

}  // namespace

BuildInfo build_info() {
    return BuildInfo{true, version_string(CUDART_VERSION), CHIPCOUNT_CUDA_ARCHS_STRING};
}

DeviceList query_devices() {
    DeviceList list;
    int runtime = 0;
    if (cudaRuntimeGetVersion(&runtime) == cudaSuccess)
        list.runtime_version = version_string(runtime);
    int driver = 0;
    if (cudaDriverGetVersion(&driver) == cudaSuccess) list.driver_version = version_string(driver);
    if (driver == 0) {
        list.why_none = why_no_device(cudaErrorInsufficientDriver);
        return list;
    }

    int count = 0;
    cudaError_t code = cudaGetDeviceCount(&count);
    if (code != cudaSuccess) {
        cudaGetLastError();  // clear the sticky error so later calls start clean
        list.why_none = why_no_device(code);
        return list;
    }
    if (count == 0) {
        list.why_none = why_no_device(cudaErrorNoDevice);
        return list;
    }

    for (int i = 0; i < count; ++i) {
        cudaDeviceProp prop{};
        CHIPCOUNT_CUDA_CHECK(cudaGetDeviceProperties(&prop, i));
        DeviceInfo info;
        info.index = i;
        info.name = prop.name;
        info.uuid = uuid_string(prop.uuid);
        char bus_id[32] = {};
        CHIPCOUNT_CUDA_CHECK(cudaDeviceGetPCIBusId(bus_id, sizeof bus_id, i));
        info.pci_bus_id = bus_id;
        info.cc_major = prop.major;
        info.cc_minor = prop.minor;
        info.sm_count = prop.multiProcessorCount;
        info.memory_bytes = prop.totalGlobalMem;
        info.l2_bytes = static_cast<std::uint64_t>(prop.l2CacheSize);
        info.max_sm_clock_mhz = attribute(cudaDevAttrClockRate, i) / 1000;  // kHz
        info.memory_clock_mhz = attribute(cudaDevAttrMemoryClockRate, i) / 1000;
        info.memory_bus_width_bits = attribute(cudaDevAttrGlobalMemoryBusWidth, i);
        list.devices.push_back(std::move(info));
    }
    return list;
}

}  // namespace chipcount::kernels
