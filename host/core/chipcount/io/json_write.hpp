// Writing JSON: how every writer spells a missing value.
#pragma once
#include <nlohmann/json.hpp>

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

}  // namespace chipcount
