// The devices list as JSON and as a table, with each GPU matched to its chip profile.
#pragma once
#include <cxxopts.hpp>
#include <nlohmann/json.hpp>

#include <optional>
#include <string>

#include "chipcount/format/table.hpp"
#include "chipcount/kernels/device.hpp"
#include "chipcount/profiles/profile.hpp"

namespace chipcount::cli {

// --profiles DIR
void add_profiles_option(cxxopts::Options& options);
std::optional<std::string> profiles_dir_option(const cxxopts::ParseResult& parsed);
ProfileSet load_profiles(const cxxopts::ParseResult& parsed);

struct DeviceView {
    nlohmann::ordered_json json;  // format chipcount.devices
    Table table;
    std::string why_none;  // empty when there are GPUs
};

// Profiles are loaded only when there is a GPU to match (none is needed to say there is none).
DeviceView make_device_view(const kernels::DeviceList& list,
                            const std::optional<std::string>& profiles_dir);
std::string render_devices(const DeviceView& view, OutputFormat format);
// One device as the `device` block of a result file.
nlohmann::ordered_json device_json(const kernels::DeviceInfo& device, const ChipProfile* profile,
                                   const kernels::DeviceList& list);

}  // namespace chipcount::cli
