// chipcount devices: every GPU the CUDA runtime sees, or one line saying why there is none.
// No GPU is a normal state here: exit 0 either way.
#include <nlohmann/json.hpp>

#include "chipcount/io/json_write.hpp"
#include "chipcount/kernels/device.hpp"
#include "chipcount/runner/devices.hpp"
#include "cli_common.hpp"

namespace chipcount::cli {

int run_devices(int argc, char** argv) {
    cxxopts::Options options("chipcount devices", "List the GPUs this machine has");
    add_output_options(options);
    add_profiles_option(options);
    const auto parsed = parse_command_line(options, argc, argv);
    if (!parsed) return 0;
    const OutputTarget target = output_target(*parsed);

    const runner::DeviceView view =
        runner::match_devices(kernels::query_devices(), profiles_dir_option(*parsed));
    emit(target, target.format == OutputFormat::kJson
                     ? json_document_text(runner::devices_json(view), "the device list")
                     : runner::render_devices(view, target.format));
    return 0;
}

}  // namespace chipcount::cli
