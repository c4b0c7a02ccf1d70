// NVML telemetry, loaded at run time: the binary never links libnvidia-ml, so it runs (with a
// note) on machines without the driver. Only the handful of entry points we sample are resolved.
#include <dlfcn.h>

#include <atomic>
#include <chrono>
#include <mutex>
#include <thread>

#include "chipcount/kernels/telemetry.hpp"

namespace chipcount::kernels {
namespace {

// NVML's ABI, as documented: an opaque device handle and int return codes (0 = success).
using nvmlDevice_t = struct nvmlDevice_st*;
using nvmlReturn_t = int;
constexpr nvmlReturn_t kNvmlSuccess = 0;
constexpr int kNvmlClockSm = 1;
constexpr int kNvmlTemperatureGpu = 0;

struct NvmlApi {
    void* library = nullptr;
    nvmlReturn_t (*init)() = nullptr;
    nvmlReturn_t (*shutdown)() = nullptr;
    nvmlReturn_t (*handle_by_pci)(const char*, nvmlDevice_t*) = nullptr;
    nvmlReturn_t (*clock)(nvmlDevice_t, int, unsigned int*) = nullptr;
    nvmlReturn_t (*power)(nvmlDevice_t, unsigned int*) = nullptr;
    nvmlReturn_t (*temperature)(nvmlDevice_t, int, unsigned int*) = nullptr;
    nvmlReturn_t (*reasons)(nvmlDevice_t, unsigned long long*) = nullptr;
    nvmlReturn_t (*power_limit)(nvmlDevice_t, unsigned int*) = nullptr;
    nvmlReturn_t (*driver_version)(char*, unsigned int) = nullptr;
    nvmlReturn_t (*total_energy)(nvmlDevice_t, unsigned long long*) = nullptr;  // millijoules
};

template <typename F>
void resolve(void* library, F& target, const char* name, const char* fallback = nullptr) {
    void* symbol = dlsym(library, name);
    if (symbol == nullptr && fallback != nullptr) symbol = dlsym(library, fallback);
    target = reinterpret_cast<F>(symbol);
}

}  // namespace

double steady_seconds() {
    return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch())
        .count();
}

struct Telemetry::Impl {
    NvmlApi api;
    nvmlDevice_t device = nullptr;
    std::string why_unavailable;
    std::thread sampler;
    std::atomic<bool> running{false};
    std::mutex mutex;
    std::vector<TelemetrySample> samples;

    TelemetrySample sample() const {
        TelemetrySample s;
        s.time_s = steady_seconds();
        if (device == nullptr) return s;
        unsigned int value = 0;
        if (api.clock && api.clock(device, kNvmlClockSm, &value) == kNvmlSuccess)
            s.sm_clock_mhz = value;
        if (api.power && api.power(device, &value) == kNvmlSuccess) s.power_w = value / 1000.0;
        if (api.temperature && api.temperature(device, kNvmlTemperatureGpu, &value) == kNvmlSuccess)
            s.temperature_c = value;
        unsigned long long reasons = 0;
        if (api.reasons && api.reasons(device, &reasons) == kNvmlSuccess) s.reasons = reasons;
        return s;
    }
};

Telemetry::Telemetry(const std::string& pci_bus_id) : impl_(std::make_unique<Impl>()) {
    NvmlApi& api = impl_->api;
    api.library = dlopen("libnvidia-ml.so.1", RTLD_NOW | RTLD_LOCAL);
    if (api.library == nullptr) {
        impl_->why_unavailable =
            "NVML not found (libnvidia-ml.so.1): no clock, power or temperature telemetry";
        return;
    }
    resolve(api.library, api.init, "nvmlInit_v2", "nvmlInit");
    resolve(api.library, api.shutdown, "nvmlShutdown");
    resolve(api.library, api.handle_by_pci, "nvmlDeviceGetHandleByPciBusId_v2",
            "nvmlDeviceGetHandleByPciBusId");
    resolve(api.library, api.clock, "nvmlDeviceGetClockInfo");
    resolve(api.library, api.power, "nvmlDeviceGetPowerUsage");
    resolve(api.library, api.temperature, "nvmlDeviceGetTemperature");
    resolve(api.library, api.reasons, "nvmlDeviceGetCurrentClocksEventReasons",
            "nvmlDeviceGetCurrentClocksThrottleReasons");
    resolve(api.library, api.power_limit, "nvmlDeviceGetEnforcedPowerLimit");
    resolve(api.library, api.driver_version, "nvmlSystemGetDriverVersion");
    resolve(api.library, api.total_energy, "nvmlDeviceGetTotalEnergyConsumption");
    if (!api.init || !api.shutdown || !api.handle_by_pci) {
        impl_->why_unavailable = "NVML lacks the entry points chipcount needs";
    } else if (const nvmlReturn_t rc = api.init(); rc != kNvmlSuccess) {
        impl_->why_unavailable = "nvmlInit failed with NVML error " + std::to_string(rc);
        api.shutdown = nullptr;  // nothing to shut down
    } else if (const nvmlReturn_t found = api.handle_by_pci(pci_bus_id.c_str(), &impl_->device);
               found != kNvmlSuccess) {
        impl_->why_unavailable = "NVML cannot find the GPU at " + pci_bus_id + " (NVML error " +
                                 std::to_string(found) + ")";
        impl_->device = nullptr;
    }
}

Telemetry::~Telemetry() {
    if (impl_->running) stop();
    if (impl_->api.shutdown && impl_->api.init) impl_->api.shutdown();
    if (impl_->api.library) dlclose(impl_->api.library);
}

bool Telemetry::available() const {
    return impl_->device != nullptr;
}
const std::string& Telemetry::why_unavailable() const {
    return impl_->why_unavailable;
}

std::optional<double> Telemetry::power_limit_w() const {
    unsigned int mw = 0;
    if (!available() || !impl_->api.power_limit ||
        impl_->api.power_limit(impl_->device, &mw) != kNvmlSuccess)
        return std::nullopt;
    return mw / 1000.0;
}

std::string Telemetry::driver_version() const {
    char buffer[96] = {};
    if (!impl_->api.driver_version ||
        impl_->api.driver_version(buffer, sizeof buffer) != kNvmlSuccess)
        return {};
    return buffer;
}

TelemetrySample Telemetry::sample_now() const {
    return impl_->sample();
}

std::optional<double> Telemetry::energy_j() const {
    unsigned long long mj = 0;
    if (!available() || !impl_->api.total_energy ||
        impl_->api.total_energy(impl_->device, &mj) != kNvmlSuccess)
        return std::nullopt;
    return static_cast<double>(mj) / 1000.0;
}

void Telemetry::start(double interval_s) {
    if (!available() || impl_->running) return;
    {
        std::lock_guard lock(impl_->mutex);
        impl_->samples.clear();
    }
    impl_->running = true;
    impl_->sampler = std::thread([this, interval_s] {
        const auto interval = std::chrono::duration<double>(interval_s);
        while (impl_->running) {
            TelemetrySample s = impl_->sample();
            {
                std::lock_guard lock(impl_->mutex);
                impl_->samples.push_back(s);
            }
            std::this_thread::sleep_for(interval);
        }
    });
}

std::vector<TelemetrySample> Telemetry::stop() {
    if (impl_->running) {
        impl_->running = false;
        impl_->sampler.join();
    }
    std::lock_guard lock(impl_->mutex);
    return std::move(impl_->samples);
}

std::vector<std::string> throttle_reason_names(std::uint64_t reasons) {
    // Bit values of NVML's nvmlClocksEventReason* constants; GPU idle (0x1) is not a limit.
    static const std::pair<std::uint64_t, const char*> kNames[] = {
        {0x2, "applications_clocks_setting"},
        {0x4, "sw_power_cap"},
        {0x8, "hw_slowdown"},
        {0x10, "sync_boost"},
        {0x20, "sw_thermal_slowdown"},
        {0x40, "hw_thermal_slowdown"},
        {0x80, "hw_power_brake_slowdown"},
        {0x100, "display_clock_setting"}};
    std::vector<std::string> names;
    for (const auto& [bit, name] : kNames) {
        if ((reasons & bit) != 0) names.emplace_back(name);
    }
    return names;
}

}  // namespace chipcount::kernels
