#include "chipcount/benchmark/bench_plan.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>

#include "chipcount/base/errors.hpp"
#include "chipcount/base/text.hpp"

namespace chipcount {

std::vector<Shape> parse_shapes(std::string_view text) {
    std::vector<Shape> shapes;
    std::size_t start = 0;
    while (start <= text.size()) {
        const std::size_t comma = std::min(text.find(',', start), text.size());
        const std::string item = trim(text.substr(start, comma - start));
        std::int64_t dims[3] = {0, 0, 0};
        std::size_t at = 0;
        bool ok = !item.empty();
        for (int d = 0; d < 3 && ok; ++d) {
            const std::size_t end = d < 2 ? item.find_first_of("xX", at) : item.size();
            if (end == std::string::npos) {
                ok = false;
                break;
            }
            const auto [ptr, ec] = std::from_chars(item.data() + at, item.data() + end, dims[d]);
            ok = ec == std::errc() && ptr == item.data() + end && dims[d] > 0 &&
                 dims[d] <= (1 << 20);
            at = end + 1;
        }
        if (!ok)
            throw UsageError("--shapes: '" + item +
                             "' is not MxNxK with positive sizes up to 1048576");
        shapes.push_back({dims[0], dims[1], dims[2]});
        start = comma + 1;
    }
    return shapes;
}

double gemm_flops(const Shape& s) {
    return 2.0 * static_cast<double>(s.m) * static_cast<double>(s.n) * static_cast<double>(s.k);
}

double tflops(const Shape& shape, double milliseconds) {
    return gemm_flops(shape) / (milliseconds * 1e-3) / 1e12;
}

double bytes_moved(MemoryPattern pattern, double bytes_per_array) {
    switch (pattern) {
        case MemoryPattern::kRead:
        case MemoryPattern::kWrite:
            return bytes_per_array;
        case MemoryPattern::kCopy:
            return 2 * bytes_per_array;
        case MemoryPattern::kTriad:
            return 3 * bytes_per_array;
    }
    return bytes_per_array;
}

double terabytes_per_second(double bytes, double milliseconds) {
    return bytes / (milliseconds * 1e-3) / 1e12;
}

std::vector<Precision> gemm_precisions() {
    return {Precision::kFp64, Precision::kFp32, Precision::kTf32, Precision::kFp16,
            Precision::kBf16, Precision::kFp8,  Precision::kInt8};
}

std::vector<Shape> quick_sweep() {
    return {{4096, 4096, 4096}, kHeadlineShape, {16384, 8192, 4096}};
}

std::vector<Shape> wave_quantized_shapes(int sm_count, const std::vector<std::int64_t>& k_values,
                                         std::int64_t min_dim, std::int64_t max_dim,
                                         std::size_t limit) {
    std::vector<Shape> out;
    if (sm_count <= 0) return out;
    const std::int64_t max_i = max_dim / 128;
    const std::int64_t max_j = max_dim / 256;
    std::vector<std::pair<std::int64_t, std::int64_t>> tiles;
    for (std::int64_t i = std::max<std::int64_t>(1, min_dim / 128); i <= max_i; ++i) {
        for (std::int64_t j = std::max<std::int64_t>(1, min_dim / 256); j <= max_j; ++j) {
            if ((i * j) % sm_count == 0) tiles.emplace_back(i, j);
        }
    }
    // Largest problems first (they come nearest the peak), near-square before skewed.
    std::sort(tiles.begin(), tiles.end(), [](const auto& x, const auto& y) {
        const std::int64_t ax = x.first * 128 * x.second * 256, ay = y.first * 128 * y.second * 256;
        if (ax != ay) return ax > ay;
        return std::abs(x.first * 128 - x.second * 256) < std::abs(y.first * 128 - y.second * 256);
    });
    for (const auto& [i, j] : tiles) {
        for (const std::int64_t k : k_values) {
            if (out.size() >= limit) return out;
            out.push_back({i * 128, j * 256, k});
        }
    }
    return out;
}

ErrorModel error_model(Precision precision) {
    constexpr double kFp64 = 0x1p-53, kFp32 = 0x1p-24, kFp16 = 0x1p-11, kBf16 = 0x1p-8;
    switch (precision) {
        case Precision::kFp64:
        case Precision::kFp64Tensor:
            // The reference is fp64 as well: its own rounding counts twice.
            return {2 * kFp64, 0, 2 * kFp64};
        case Precision::kFp32:
            return {kFp32, 0, kFp32};
        case Precision::kTf32:
            return {kFp32, 0x1p-10, kFp32};  // 10 explicit mantissa bits, truncation allowed
        case Precision::kFp16:
            return {kFp16, 0, kFp32};
        case Precision::kBf16:
            return {kBf16, 0, kFp32};
        case Precision::kFp8:
            return {kBf16, 0x1p-10, kFp32};  // bf16 output; reduced-precision chunk sums
        case Precision::kInt8:
            return {0, 0, 0};
        case Precision::kFp4:
            return {0x1p-4, 0x1p-2, kFp32};
    }
    return {};
}

double validation_tolerance(Precision precision, std::int64_t k) {
    const ErrorModel e = error_model(precision);
    const double terms = static_cast<double>(std::max<std::int64_t>(1, k));
    return kToleranceSafety * (e.output + e.input + e.accumulate * std::sqrt(terms));
}

}  // namespace chipcount
