// One table per enum drives both printing and parsing (the CUTLASS enumerated_types idea): the
// name of a value, the value of a name, and the list of names for messages all come from the
// same {value, "name"} rows, so they cannot drift apart.
#pragma once
#include <array>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace chipcount {

template <class Enum>
struct NameEntry {
    Enum value;
    std::string_view name;
};

template <class Enum, std::size_t N>
using NameTable = std::array<NameEntry<Enum>, N>;

template <class Enum, std::size_t N>
constexpr std::string_view name_of(const NameTable<Enum, N>& table, Enum value) {
    for (const auto& entry : table) {
        if (entry.value == value) return entry.name;
    }
    return "unknown";
}

// Names are spelled exactly as in the table ...
template <class Enum, std::size_t N>
constexpr std::optional<Enum> value_of(const NameTable<Enum, N>& table, std::string_view text) {
    for (const auto& entry : table) {
        if (entry.name == text) return entry.value;
    }
    return std::nullopt;
}

// ... or in any ASCII case, where the table's names are lower case ("BF16" is bf16).
template <class Enum, std::size_t N>
constexpr std::optional<Enum> value_of_any_case(const NameTable<Enum, N>& table,
                                                std::string_view text) {
    const auto lower = [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c + 32) : c; };
    for (const auto& entry : table) {
        if (entry.name.size() != text.size()) continue;
        bool same = true;
        for (std::size_t i = 0; i < text.size() && same; ++i)
            same = lower(text[i]) == entry.name[i];
        if (same) return entry.value;
    }
    return std::nullopt;
}

// "a, b, c": the names in table order, for messages and help text.
template <class Enum, std::size_t N>
std::string name_list(const NameTable<Enum, N>& table, std::string_view separator = ", ") {
    std::string out;
    for (const auto& entry : table) {
        if (!out.empty()) out += separator;
        out += entry.name;
    }
    return out;
}

// "a, b or c": the names as a choice, for "must be ..." messages.
template <class Enum, std::size_t N>
std::string name_choices(const NameTable<Enum, N>& table) {
    std::string out;
    for (std::size_t i = 0; i < N; ++i) {
        if (i > 0) out += i + 1 == N ? " or " : ", ";
        out += table[i].name;
    }
    return out;
}

// The values in table order.
template <class Enum, std::size_t N>
constexpr std::array<Enum, N> values_of(const NameTable<Enum, N>& table) {
    std::array<Enum, N> values{};
    for (std::size_t i = 0; i < N; ++i) values[i] = table[i].value;
    return values;
}

}  // namespace chipcount
