#include "chipcount/base/time.hpp"

#include <ctime>

namespace chipcount {
namespace {

std::string utc_now(const char* format) {
    const std::time_t now = std::time(nullptr);
    std::tm parts{};
    gmtime_r(&now, &parts);  // the reentrant form: the runner's threads may ask too
    char buffer[32];
    std::strftime(buffer, sizeof buffer, format, &parts);
    return buffer;
}

}  // namespace

std::string utc_stamp() {
    return utc_now("%Y%m%dT%H%M%SZ");
}

std::string utc_iso8601() {
    return utc_now("%Y-%m-%dT%H:%M:%SZ");
}

}  // namespace chipcount
