// Writing JSON: how every writer spells a missing value.
#pragma once
#include <nlohmann/json.hpp>

#include <cmath>
#include <optional>
#include <string>

namespace chipcount {

using ordered_json = nlohmann::ordered_json;

// The value, or null when it is absent.
template <class T>
ordered_json optional_json(const std::optional<T>& value) {
    return value ? ordered_json(*value) : ordered_json(nullptr);
}

// The text, or null when it is empty (a reason, an algorithm, a version not known).
inline ordered_json text_or_null(const std::string& text) {
    return text.empty() ? ordered_json(nullptr) : ordered_json(text);
}

// The number, or null when it is NaN or infinite: for a figure whose schema gives null a meaning.
inline ordered_json finite_or_null(double value) {
    return std::isfinite(value) ? ordered_json(value) : ordered_json(nullptr);
}

// Throws std::logic_error naming the first number in `document` that is NaN or infinite (which
// nlohmann::json would write as null, where a schema wants a number), so a figure the code failed
// to guard is a clear failure (exit 1), never a silent null.
void require_finite_numbers(const ordered_json& document, const std::string& what);
// The text every JSON document is written as (indented, a final newline), after
// require_finite_numbers; `what` names the document in the message ("the result").
std::string json_document_text(const ordered_json& document, const std::string& what);

}  // namespace chipcount
