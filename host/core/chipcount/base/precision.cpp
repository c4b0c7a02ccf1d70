#include "chipcount/base/precision.hpp"

#include <algorithm>
#include <cctype>
#include <string>

namespace chipcount {

std::string_view precision_name(Precision precision) {
    switch (precision) {
        case Precision::kFp64:
            return "fp64";
        case Precision::kFp64Tensor:
            return "fp64_tensor";
        case Precision::kFp32:
            return "fp32";
        case Precision::kTf32:
            return "tf32";
        case Precision::kFp16:
            return "fp16";
        case Precision::kBf16:
            return "bf16";
        case Precision::kFp8:
            return "fp8";
        case Precision::kInt8:
            return "int8";
        case Precision::kFp4:
            return "fp4";
    }
    return "unknown";
}

std::optional<Precision> parse_precision(std::string_view text) {
    std::string lower(text);
    std::transform(lower.begin(), lower.end(), lower.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    for (const Precision p : kAllPrecisions) {
        if (lower == precision_name(p)) return p;
    }
    return std::nullopt;
}

int precision_bits(Precision precision) {
    switch (precision) {
        case Precision::kFp64:
        case Precision::kFp64Tensor:
            return 64;
        case Precision::kFp32:
        case Precision::kTf32:
            return 32;
        case Precision::kFp16:
        case Precision::kBf16:
            return 16;
        case Precision::kFp8:
        case Precision::kInt8:
            return 8;
        case Precision::kFp4:
            return 4;
    }
    return 0;
}

bool is_integer(Precision precision) {
    return precision == Precision::kInt8;
}

std::string_view precision_list() {
    return "fp64, fp64_tensor, fp32, tf32, fp16, bf16, fp8, int8, fp4";
}

}  // namespace chipcount
