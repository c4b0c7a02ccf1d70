// Small string helpers shared by the readers and writers.
#pragma once
#include <cstddef>
#include <string>
#include <string_view>

namespace chipcount {

std::string to_lower(std::string_view text);
std::string trim(std::string_view text);
// '0' to '9' only, whatever the locale (std::isdigit depends on it and wants an unsigned char).
inline bool is_ascii_digit(char c) {
    return c >= '0' && c <= '9';
}
// True when `text` begins with `shape`, each 'd' in it standing for one ASCII digit and every
// other character for itself: "dddd-dd-dd" for a date.
bool starts_with_shape(std::string_view text, std::string_view shape);
// Escapes &, <, >, " and ' so that any string from an input file is text, never markup (HTML
// reports and Markdown tables, which renderers pass HTML through).
std::string html_escape(std::string_view text);
// The text with everything that could change how a terminal or a viewer shows it made visible
// as an escape: C0 and C1 control characters, DEL and NUL ("\n", "\t", "\r", "\x1b",
// "\u{9b}"), Unicode bidirectional controls and line separators (Trojan Source: "\u{202e}"),
// and bytes that are not valid UTF-8 ("\xff"). Printable ASCII and valid UTF-8 are kept as is.
// For terminal tables and error messages, whose text may come from an input file.
std::string visible_text(std::string_view text);
// Text for Markdown (a table cell, a heading, a list item): visible_text(), newlines as spaces,
// Markdown markup characters backslash-escaped and HTML escaped, so that input never becomes a
// link, an image, emphasis, a table column or raw HTML.
std::string markdown_text(std::string_view text);
// A CSV cell that a spreadsheet will not run as a formula: one that begins with =, +, -, @, a
// tab or a carriage return gets a leading apostrophe, unless it is a plain number ("-5.2").
std::string spreadsheet_safe(std::string_view text);
// Levenshtein distance, for "did you mean" suggestions.
std::size_t edit_distance(std::string_view a, std::string_view b);

}  // namespace chipcount
