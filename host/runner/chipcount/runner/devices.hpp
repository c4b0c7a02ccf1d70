// The GPUs this machine has, each matched to its chip profile: the devices list (format
// chipcount.devices) as JSON and as a table, and one device as a result file's `device` block.
#pragma once
#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <vector>

#include "chipcount/format/table.hpp"
#include "chipcount/kernels/device.hpp"
#include "chipcount/profiles/profile.hpp"

namespace chipcount::runner {

struct DeviceView {
    kernels::DeviceList list;
    std::vector<std::optional<std::string>> profile_ids;  // per device: the matched profile
};

// Profiles are loaded only when there is a GPU to match (none is needed to say there is none).
DeviceView match_devices(kernels::DeviceList list, const std::optional<std::string>& profiles_dir);

nlohmann::ordered_json devices_json(const DeviceView& view);
// kTable, kCsv or kMarkdown; with no GPU, a text table is one line saying why.
std::string render_devices(const DeviceView& view, OutputFormat format);

// One device as listed and as a result file's `device` block (which adds its profile).
nlohmann::ordered_json device_json(const kernels::DeviceInfo& device,
                                   const kernels::DeviceList& list);

}  // namespace chipcount::runner
