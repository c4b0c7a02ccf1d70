// The words the host core and the kernels share across the seam: numeric precision, GEMM shape
// and memory-access pattern. CUDA-free and header-only, so the kernels use the core's vocabulary
// (never the reverse) and nothing converts one enum into another by hand.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "chipcount/names.hpp"

namespace chipcount {

// Numeric precisions of matrix math, as named in profiles, claims and results. fp8 is E4M3 in
// the kernels (the inference format datasheets quote).
enum class Precision { kFp64, kFp64Tensor, kFp32, kTf32, kFp16, kBf16, kFp8, kInt8, kFp4 };

inline constexpr NameTable<Precision, 9> kPrecisionNames{{
    {Precision::kFp64, "fp64"},
    {Precision::kFp64Tensor, "fp64_tensor"},
    {Precision::kFp32, "fp32"},
    {Precision::kTf32, "tf32"},
    {Precision::kFp16, "fp16"},
    {Precision::kBf16, "bf16"},
    {Precision::kFp8, "fp8"},
    {Precision::kInt8, "int8"},
    {Precision::kFp4, "fp4"},
}};

inline constexpr auto kAllPrecisions = values_of(kPrecisionNames);

constexpr std::string_view precision_name(Precision precision) {
    return name_of(kPrecisionNames, precision);
}
// Accepts the names above, case-insensitively; nullopt for anything else.
constexpr std::optional<Precision> parse_precision(std::string_view text) {
    return value_of_any_case(kPrecisionNames, text);
}
// "fp64, fp64_tensor, ..." for error messages.
inline std::string precision_list() {
    return name_list(kPrecisionNames);
}

// Bit length of the operation's inputs, as 3A090's TPP counts it (TF32 counts as 32).
constexpr int precision_bits(Precision precision) {
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

// Integer precisions count operations (TOPS), the rest floating-point operations (TFLOPS).
constexpr bool is_integer(Precision precision) {
    return precision == Precision::kInt8;
}

// A matrix multiplication D(MxN) = A(MxK) * B(KxN).
struct Shape {
    std::int64_t m = 0;
    std::int64_t n = 0;
    std::int64_t k = 0;
    // Spelled out: the kernels' .cu files are C++17 (cmake/cuda.cmake), where `= default` is not.
    friend constexpr bool operator==(const Shape& a, const Shape& b) {
        return a.m == b.m && a.n == b.n && a.k == b.k;
    }
    friend constexpr bool operator!=(const Shape& a, const Shape& b) { return !(a == b); }
};

// "8192x8192x8192"
inline std::string shape_text(const Shape& shape) {
    return std::to_string(shape.m) + "x" + std::to_string(shape.n) + "x" + std::to_string(shape.k);
}

// Memory bandwidth patterns: read and write touch one array, copy two, triad three.
enum class MemoryPattern { kRead, kWrite, kCopy, kTriad };

inline constexpr NameTable<MemoryPattern, 4> kMemoryPatternNames{{
    {MemoryPattern::kRead, "read"},
    {MemoryPattern::kWrite, "write"},
    {MemoryPattern::kCopy, "copy"},
    {MemoryPattern::kTriad, "triad"},
}};

inline constexpr auto kAllMemoryPatterns = values_of(kMemoryPatternNames);

constexpr std::string_view memory_pattern_name(MemoryPattern pattern) {
    return name_of(kMemoryPatternNames, pattern);
}

}  // namespace chipcount
