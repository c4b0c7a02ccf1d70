// The kernels API for a build without CUDA: every entry point reports "built without CUDA".
#include "chipcount/kernels/device.hpp"

namespace chipcount::kernels {
namespace {
constexpr const char* kNoCuda = "built without CUDA";
}

BuildInfo build_info() {
    return BuildInfo{false, {}, {}};
}

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

// ---- GEMM, bandwidth: nothing can run; constructing a bench is a programming error.
#include "chipcount/kernels/bandwidth.hpp"
#include "chipcount/kernels/error.hpp"
#include "chipcount/kernels/gemm.hpp"

namespace chipcount::kernels {

Support gemm_supported(const DeviceInfo&, const GemmSetup&) {
    return {false, "built without CUDA"};
}
std::string cublaslt_version() {
    return {};
}

struct GemmBench::Impl {};
GemmBench::GemmBench(const GemmSetup&) {
    throw KernelError("built without CUDA");
}
GemmBench::~GemmBench() = default;
std::vector<double> GemmBench::run(int) {
    return {};
}
const std::vector<AlgorithmConfig>& GemmBench::candidates() const {
    static const std::vector<AlgorithmConfig> kNone;
    return kNone;
}
void GemmBench::use_candidate(std::size_t) {}
GemmValidation GemmBench::validate(std::size_t, int) {
    return {};
}
std::string GemmBench::algorithm() const {
    return {};
}
GemmSettings GemmBench::settings() const {
    return {};
}
int GemmBench::buffer_sets() const {
    return 0;
}
std::size_t GemmBench::bytes_per_set() const {
    return 0;
}

struct BandwidthBench::Impl {};
BandwidthBench::BandwidthBench(int, std::size_t) {
    throw KernelError("built without CUDA");
}
BandwidthBench::~BandwidthBench() = default;
std::vector<double> BandwidthBench::run(MemoryPattern, int, int) {
    return {};
}
std::size_t BandwidthBench::count_errors(MemoryPattern) {
    return 0;
}
std::size_t BandwidthBench::bytes_per_array() const {
    return 0;
}

}  // namespace chipcount::kernels

// ---- The device checks: nothing to run them on.
#include "chipcount/kernels/device_checks.hpp"

namespace chipcount::kernels {

unsigned char output_poison_byte(Precision) {
    return 0;
}
std::size_t output_element_bytes(Precision) {
    return 0;
}
OutputCounts check_output_bytes(int, Precision, const std::vector<unsigned char>&, std::size_t) {
    throw KernelError("built without CUDA");
}
std::vector<double> filled_values(int, Precision, std::size_t, std::uint64_t) {
    throw KernelError("built without CUDA");
}

}  // namespace chipcount::kernels
