// Numeric precisions of matrix math, as named in profiles, claims and results.
#pragma once
#include <array>
#include <optional>
#include <string_view>

namespace chipcount {

enum class Precision { kFp64, kFp64Tensor, kFp32, kTf32, kFp16, kBf16, kFp8, kInt8, kFp4 };

inline constexpr std::array<Precision, 9> kAllPrecisions = {
    Precision::kFp64, Precision::kFp64Tensor, Precision::kFp32, Precision::kTf32, Precision::kFp16,
    Precision::kBf16, Precision::kFp8,        Precision::kInt8, Precision::kFp4};

// "fp64", "fp64_tensor", "fp32", "tf32", "fp16", "bf16", "fp8", "int8", "fp4"
std::string_view precision_name(Precision precision);
// Accepts the names above, case-insensitively; nullopt for anything else.
std::optional<Precision> parse_precision(std::string_view text);
// Bit length of the operation's inputs, as 3A090's TPP counts it (TF32 counts as 32).
int precision_bits(Precision precision);
// Integer precisions count operations (TOPS), the rest floating-point operations (TFLOPS).
bool is_integer(Precision precision);
// "fp64, fp64_tensor, ..." for error messages.
std::string_view precision_list();

}  // namespace chipcount
