// The wall clock in UTC, as outputs spell it.
#pragma once
#include <string>

namespace chipcount {

std::string utc_stamp();    // 20261123T181500Z: run folders and result file names
std::string utc_iso8601();  // 2026-11-23T18:15:00Z: timestamps inside documents

}  // namespace chipcount
