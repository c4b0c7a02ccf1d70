// chipcount run: the main job. For now: the devices, and a line per stage not built yet.
#include <iostream>

#include "chipcount/kernels/device.hpp"
#include "cli_common.hpp"
#include "device_view.hpp"

namespace chipcount::cli {

int run_main_job(int argc, char** argv) {
    cxxopts::Options options("chipcount run", "The main job");
    add_profiles_option(options);
    const auto parsed = parse_command_line(options, argc, argv);
    if (!parsed) return 0;
    const kernels::DeviceList list = kernels::query_devices();
    const DeviceView view = make_device_view(list, profiles_dir_option(*parsed));
    std::cout << "== devices\n" << render_devices(view, OutputFormat::kTable);
    std::cout << "== benchmark: not built yet\n== estimate: not built yet\n== report: not built yet\n";
    return 0;
}

}  // namespace chipcount::cli
