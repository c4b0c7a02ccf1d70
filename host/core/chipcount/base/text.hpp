// Small string helpers shared by the readers and writers.
#pragma once
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace chipcount {

// The one test for characters that must not be shown raw, nor accepted in an id, a name, an
// alias or a citation: code points that reorder or break the text around them, or that are not
// seen at all. C0 and C1 control characters, DEL and NUL; bidi controls (U+061C, U+200E/F,
// U+202A-E, U+2066-9); line and paragraph separators (U+2028/9); invisible format characters
// (U+00AD soft hyphen, U+200B-D zero width space, non-joiner, joiner, U+2060 word joiner,
// U+FEFF zero width no-break space or byte order mark).
bool is_invisible_control(std::uint32_t code_point);
// Space characters other than the ASCII space: U+00A0, U+1680, U+2000-U+200A, U+202F, U+205F,
// U+3000. They look like a space, or like nothing, so an id or alias holding one could pass for
// another.
bool is_non_ascii_space(std::uint32_t code_point);
// The byte offset of the first code point in `text` for which `test` holds, or npos. Bytes that
// are not valid UTF-8 are skipped one at a time (the JSON reader refuses them before this).
std::size_t find_code_point(std::string_view text, bool (*test)(std::uint32_t));
// True when `text` holds a code point that is_invisible_control() finds.
bool has_invisible_control(std::string_view text);

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
// reports and Markdown tables, which renderers pass HTML through). The text is visible_text()
// first: a control, bidi or invisible character reaches a page as its escape ("\u{202e}"),
// never raw.
std::string html_escape(std::string_view text);
// The text with everything that could change how a terminal or a viewer shows it made visible
// as an escape: every code point is_invisible_control() finds ("\n", "\t", "\r", "\x1b",
// "\u{9b}", Trojan Source's "\u{202e}", "\u{200b}") and bytes that are not valid UTF-8
// ("\xff"). Printable ASCII and other valid UTF-8 are kept as is.
// For terminal tables and error messages, whose text may come from an input file.
std::string visible_text(std::string_view text);
// At most `max_bytes` of `text` for a message, cut at a character boundary and marked "...":
// a message quotes what it refuses, never megabytes of it.
std::string excerpt(std::string_view text, std::size_t max_bytes = 60);
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
