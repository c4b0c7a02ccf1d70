// The tool's identity for --version and for the `tool` block of every JSON output.
#pragma once
#include <nlohmann/json.hpp>

#include <string>

namespace chipcount::cli {

std::string version_text();
nlohmann::ordered_json tool_json();

}  // namespace chipcount::cli
