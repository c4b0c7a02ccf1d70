#include "chipcount/runner/devices.hpp"

#include "chipcount/io/json_write.hpp"
#include "chipcount/runner/tool_info.hpp"

namespace chipcount::runner {
namespace {

using ojson = nlohmann::ordered_json;

std::string compute_capability(const kernels::DeviceInfo& device) {
    return std::to_string(device.cc_major) + "." + std::to_string(device.cc_minor);
}

}  // namespace

DeviceView match_devices(kernels::DeviceList list, const std::optional<std::string>& profiles_dir) {
    DeviceView view{std::move(list), {}};
    if (view.list.devices.empty()) return view;
    const ProfileSet profiles = ProfileSet::load(find_profiles_dir(profiles_dir));
    for (const kernels::DeviceInfo& device : view.list.devices) {
        const ChipProfile* profile = profiles.match_device(device.name, device.sm_count);
        view.profile_ids.push_back(profile ? std::optional(profile->id) : std::nullopt);
    }
    return view;
}

ojson device_json(const kernels::DeviceInfo& device, const kernels::DeviceList& list) {
    ojson out;
    out["index"] = device.index;
    out["name"] = device.name;
    out["uuid"] = device.uuid;
    out["pci_bus_id"] = device.pci_bus_id;
    out["compute_capability"] = compute_capability(device);
    out["sm_count"] = device.sm_count;
    out["memory_bytes"] = device.memory_bytes;
    out["l2_bytes"] = device.l2_bytes;
    out["max_sm_clock_mhz"] = device.max_sm_clock_mhz;
    out["memory_clock_mhz"] = device.memory_clock_mhz;
    out["memory_bus_width_bits"] = device.memory_bus_width_bits;
    out["driver_version"] = list.driver_version;
    out["runtime_version"] = list.runtime_version;
    return out;
}

ojson devices_json(const DeviceView& view) {
    ojson out;
    out["format"] = "chipcount.devices";
    out["version"] = 1;
    out["tool"] = tool_json();
    out["driver_version"] = text_or_null(view.list.driver_version);
    out["runtime_version"] = text_or_null(view.list.runtime_version);
    out["devices"] = ojson::array();
    for (std::size_t i = 0; i < view.list.devices.size(); ++i) {
        ojson device = device_json(view.list.devices[i], view.list);
        device["profile"] = optional_json(view.profile_ids[i]);
        out["devices"].push_back(std::move(device));
    }
    out["why_none"] = view.list.devices.empty() ? text_or_null(view.list.why_none) : nullptr;
    return out;
}

std::string render_devices(const DeviceView& view, OutputFormat format) {
    Table table;
    table.header = {"#", "name", "cc", "SMs", "memory GiB", "L2 MiB", "max SM MHz", "profile"};
    table.right_aligned = {true, false, false, true, true, true, true, false};
    for (std::size_t i = 0; i < view.list.devices.size(); ++i) {
        const kernels::DeviceInfo& device = view.list.devices[i];
        table.rows.push_back(
            {std::to_string(device.index), device.name, compute_capability(device),
             std::to_string(device.sm_count),
             format_number(static_cast<double>(device.memory_bytes) / (1 << 30), 1),
             format_number(static_cast<double>(device.l2_bytes) / (1 << 20), 0),
             std::to_string(device.max_sm_clock_mhz),
             view.profile_ids[i].value_or("unmatched (no profile fits)")});
    }
    if (view.list.devices.empty() && format == OutputFormat::kTable)
        return "no GPU: " + view.list.why_none + "\n";
    std::string out = render(table, format);
    if (!view.list.devices.empty() && format == OutputFormat::kTable) {
        out += "driver: CUDA " + view.list.driver_version + ", runtime: CUDA " +
               view.list.runtime_version + "\n";
    }
    return out;
}

}  // namespace chipcount::runner
