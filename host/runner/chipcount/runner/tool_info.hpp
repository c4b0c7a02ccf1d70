// The tool's identity for --version and for the `tool` block of every JSON output. In the
// runner, not the core: the build facts (CUDA version, archs) come from the kernels.
#pragma once
#include <nlohmann/json.hpp>

#include <string>

namespace chipcount::runner {

std::string version_text();
nlohmann::ordered_json tool_json();

}  // namespace chipcount::runner
