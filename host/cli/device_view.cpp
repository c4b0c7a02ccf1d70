#include "device_view.hpp"

#include "tool_info.hpp"

namespace chipcount::cli {

void add_profiles_option(cxxopts::Options& options) {
    options.add_options("Data")("profiles",
                                "Chip profiles directory (default: $CHIPCOUNT_PROFILES, "
                                "then the bundled profiles)",
                                cxxopts::value<std::string>());
}

std::optional<std::string> profiles_dir_option(const cxxopts::ParseResult& parsed) {
    if (parsed.count("profiles") == 0) return std::nullopt;
    return parsed["profiles"].as<std::string>();
}

ProfileSet load_profiles(const cxxopts::ParseResult& parsed) {
    return ProfileSet::load(find_profiles_dir(profiles_dir_option(parsed)));
}

nlohmann::ordered_json device_json(const kernels::DeviceInfo& device, const ChipProfile* profile,
                                   const kernels::DeviceList& list) {
    nlohmann::ordered_json out;
    out["index"] = device.index;
    out["name"] = device.name;
    out["uuid"] = device.uuid;
    out["pci_bus_id"] = device.pci_bus_id;
    out["compute_capability"] =
        std::to_string(device.cc_major) + "." + std::to_string(device.cc_minor);
    out["sm_count"] = device.sm_count;
    out["memory_bytes"] = device.memory_bytes;
    out["l2_bytes"] = device.l2_bytes;
    out["max_sm_clock_mhz"] = device.max_sm_clock_mhz;
    out["memory_clock_mhz"] = device.memory_clock_mhz;
    out["memory_bus_width_bits"] = device.memory_bus_width_bits;
    out["driver_version"] = list.driver_version;
    out["runtime_version"] = list.runtime_version;
    out["profile"] = profile ? nlohmann::ordered_json(profile->id) : nullptr;
    return out;
}

DeviceView make_device_view(const kernels::DeviceList& list,
                            const std::optional<std::string>& profiles_dir) {
    DeviceView view;
    view.why_none = list.devices.empty() ? list.why_none : "";
    view.json["format"] = "chipcount.devices";
    view.json["version"] = 1;
    view.json["tool"] = tool_json();
    view.json["driver_version"] =
        list.driver_version.empty() ? nullptr : nlohmann::ordered_json(list.driver_version);
    view.json["runtime_version"] =
        list.runtime_version.empty() ? nullptr : nlohmann::ordered_json(list.runtime_version);
    view.json["devices"] = nlohmann::ordered_json::array();
    view.json["why_none"] = view.why_none.empty() ? nullptr : nlohmann::ordered_json(view.why_none);

    view.table.header = {"#", "name", "cc", "SMs", "memory GiB", "L2 MiB", "max SM MHz", "profile"};
    view.table.right_aligned = {true, false, false, true, true, true, true, false};
    if (list.devices.empty()) return view;

    const ProfileSet profiles = ProfileSet::load(find_profiles_dir(profiles_dir));
    for (const kernels::DeviceInfo& device : list.devices) {
        const ChipProfile* profile = profiles.match_device(device.name, device.sm_count);
        view.json["devices"].push_back(device_json(device, profile, list));
        view.table.rows.push_back(
            {std::to_string(device.index), device.name,
             std::to_string(device.cc_major) + "." + std::to_string(device.cc_minor),
             std::to_string(device.sm_count),
             format_number(static_cast<double>(device.memory_bytes) / (1 << 30), 1),
             format_number(static_cast<double>(device.l2_bytes) / (1 << 20), 0),
             std::to_string(device.max_sm_clock_mhz),
             profile ? profile->id : "unmatched (no profile fits)"});
    }
    return view;
}

std::string render_devices(const DeviceView& view, OutputFormat format) {
    if (!view.why_none.empty()) {
        if (format == OutputFormat::kCsv || format == OutputFormat::kMarkdown)
            return render(view.table, format);
        return "no GPU: " + view.why_none + "\n";
    }
    std::string out = render(view.table, format);
    if (format == OutputFormat::kTable) {
        out += "driver: CUDA " + view.json["driver_version"].get<std::string>() +
               ", runtime: CUDA " + view.json["runtime_version"].get<std::string>() + "\n";
    }
    return out;
}

}  // namespace chipcount::cli
