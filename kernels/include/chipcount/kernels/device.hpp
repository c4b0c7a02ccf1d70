// Device query, build facts and the GPU smoke test. Plain C++: no CUDA types cross this header.
#pragma once
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace chipcount::kernels {

struct DeviceInfo {
    int index = 0;
    std::string name;
    std::string uuid;        // "GPU-xxxxxxxx-..." as nvidia-smi prints it
    std::string pci_bus_id;  // "0000:19:00.0"
    int cc_major = 0;
    int cc_minor = 0;
    int sm_count = 0;
    std::uint64_t memory_bytes = 0;
    std::uint64_t l2_bytes = 0;
    int max_sm_clock_mhz = 0;
    int memory_clock_mhz = 0;
    int memory_bus_width_bits = 0;
};

// Every GPU the CUDA runtime sees. No GPU is a normal state: `devices` is then empty and
// `why_none` says why in one line ("built without CUDA", "no CUDA device: ...").
struct DeviceList {
    std::vector<DeviceInfo> devices;
    std::string driver_version;   // CUDA driver API version, "13.0"; empty when unknown
    std::string runtime_version;  // CUDA runtime version, "13.0"; empty without CUDA
    std::string why_none;
};

DeviceList query_devices();

struct BuildInfo {
    bool cuda = false;
    std::string cuda_version;  // toolkit the kernels were compiled with
    std::string archs;         // "80;89;90a"
};

BuildInfo build_info();

// A small kernel (c = a * x + b over `elements` values) whose output is checked element by
// element on the host. `ran` is false, with `reason`, when there is no GPU to run it on.
struct SmokeResult {
    bool ran = false;
    std::string reason;
    std::size_t elements = 0;
    std::size_t mismatches = 0;
};

SmokeResult run_smoke_test(int device, std::size_t elements);

}  // namespace chipcount::kernels
