// SHA-256 of input files, so an estimate names exactly the bytes it was computed from.
#pragma once
#include <string>
#include <string_view>

namespace chipcount {

std::string sha256_hex(std::string_view data);

}  // namespace chipcount
