// Small string helpers shared by the readers and writers.
#pragma once
#include <cstddef>
#include <string>
#include <string_view>

namespace chipcount {

std::string to_lower(std::string_view text);
std::string trim(std::string_view text);
// Escapes &, <, >, " and ' so that any string from an input file is text, never markup (HTML
// reports and Markdown tables, which renderers pass HTML through).
std::string html_escape(std::string_view text);
// Levenshtein distance, for "did you mean" suggestions.
std::size_t edit_distance(std::string_view a, std::string_view b);

}  // namespace chipcount
