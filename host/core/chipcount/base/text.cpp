#include "chipcount/base/text.hpp"

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <cstdio>
#include <vector>

namespace chipcount {
namespace {

std::string hex_byte_escape(unsigned char byte) {
    char buffer[8];
    std::snprintf(buffer, sizeof buffer, "\\x%02x", byte);
    return buffer;
}

// A decoded UTF-8 sequence: its code point and length, or length 0 when the bytes at `text`
// are not one valid, shortest-form sequence (overlong forms and surrogates are invalid).
struct CodePoint {
    std::uint32_t value = 0;
    std::size_t length = 0;
};

CodePoint decode_utf8(std::string_view text) {
    const auto byte = [&](std::size_t i) { return static_cast<unsigned char>(text[i]); };
    const unsigned char lead = byte(0);
    std::size_t length = 0;
    std::uint32_t value = 0;
    std::uint32_t smallest = 0;
    if (lead < 0x80) return {lead, 1};
    if ((lead & 0xE0) == 0xC0) {
        length = 2, value = lead & 0x1Fu, smallest = 0x80;
    } else if ((lead & 0xF0) == 0xE0) {
        length = 3, value = lead & 0x0Fu, smallest = 0x800;
    } else if ((lead & 0xF8) == 0xF0) {
        length = 4, value = lead & 0x07u, smallest = 0x10000;
    } else {
        return {};
    }
    if (text.size() < length) return {};
    for (std::size_t i = 1; i < length; ++i) {
        if ((byte(i) & 0xC0) != 0x80) return {};
        value = (value << 6) | (byte(i) & 0x3Fu);
    }
    const bool surrogate = value >= 0xD800 && value <= 0xDFFF;
    if (value < smallest || value > 0x10FFFF || surrogate) return {};
    return {value, length};
}

std::string code_point_escape(std::uint32_t c) {
    switch (c) {
        case '\n':
            return "\\n";
        case '\t':
            return "\\t";
        case '\r':
            return "\\r";
        default:
            break;
    }
    if (c < 0x80) return hex_byte_escape(static_cast<unsigned char>(c));
    char buffer[16];
    std::snprintf(buffer, sizeof buffer, "\\u{%x}", static_cast<unsigned>(c));
    return buffer;
}

bool is_plain_number(std::string_view text) {
    std::size_t i = 0;
    const auto digits = [&] {
        const std::size_t start = i;
        while (i < text.size() && std::isdigit(static_cast<unsigned char>(text[i]))) ++i;
        return i > start;
    };
    if (i < text.size() && (text[i] == '-' || text[i] == '+')) ++i;
    bool any = digits();
    if (i < text.size() && text[i] == '.') {
        ++i;
        any = digits() || any;
    }
    if (!any) return false;
    if (i < text.size() && (text[i] == 'e' || text[i] == 'E')) {
        ++i;
        if (i < text.size() && (text[i] == '-' || text[i] == '+')) ++i;
        if (!digits()) return false;
    }
    return i == text.size();
}

}  // namespace

bool is_invisible_control(std::uint32_t c) {
    return c < 0x20 || c == 0x7F || (c >= 0x80 && c <= 0x9F) ||  // C0, DEL, C1
           c == 0x061C || c == 0x200E || c == 0x200F ||          // bidi marks
           (c >= 0x202A && c <= 0x202E) ||                       // bidi embeddings, overrides
           (c >= 0x2066 && c <= 0x2069) ||                       // bidi isolates
           c == 0x2028 || c == 0x2029 ||                         // line, paragraph separator
           c == 0x00AD || (c >= 0x200B && c <= 0x200D) ||        // soft hyphen, zero widths
           c == 0x2060 || c == 0xFEFF;                           // word joiner, BOM
}

bool is_non_ascii_space(std::uint32_t c) {
    return c == 0x00A0 || c == 0x1680 || (c >= 0x2000 && c <= 0x200A) || c == 0x202F ||
           c == 0x205F || c == 0x3000;
}

std::size_t find_code_point(std::string_view text, bool (*test)(std::uint32_t)) {
    for (std::size_t i = 0; i < text.size();) {
        const CodePoint c = decode_utf8(text.substr(i));
        if (c.length == 0) {
            ++i;
            continue;
        }
        if (test(c.value)) return i;
        i += c.length;
    }
    return std::string_view::npos;
}

bool has_invisible_control(std::string_view text) {
    return find_code_point(text, is_invisible_control) != std::string_view::npos;
}

std::string to_lower(std::string_view text) {
    std::string out(text);
    std::transform(out.begin(), out.end(), out.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return out;
}

std::string trim(std::string_view text) {
    const auto first = text.find_first_not_of(" \t\r\n");
    if (first == std::string_view::npos) return {};
    const auto last = text.find_last_not_of(" \t\r\n");
    return std::string(text.substr(first, last - first + 1));
}

bool starts_with_shape(std::string_view text, std::string_view shape) {
    if (text.size() < shape.size()) return false;
    for (std::size_t i = 0; i < shape.size(); ++i) {
        if (shape[i] == 'd' ? !is_ascii_digit(text[i]) : text[i] != shape[i]) return false;
    }
    return true;
}

std::string html_escape(std::string_view raw) {
    const std::string text = visible_text(raw);
    std::string out;
    out.reserve(text.size());
    for (const char c : text) {
        switch (c) {
            case '&':
                out += "&amp;";
                break;
            case '<':
                out += "&lt;";
                break;
            case '>':
                out += "&gt;";
                break;
            case '"':
                out += "&quot;";
                break;
            case '\'':
                out += "&#39;";
                break;
            default:
                out += c;
        }
    }
    return out;
}

std::string visible_text(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size();) {
        const CodePoint c = decode_utf8(text.substr(i));
        if (c.length == 0) {
            out += hex_byte_escape(static_cast<unsigned char>(text[i]));
            ++i;
            continue;
        }
        if (is_invisible_control(c.value))
            out += code_point_escape(c.value);
        else
            out.append(text.substr(i, c.length));
        i += c.length;
    }
    return out;
}

std::string excerpt(std::string_view text, std::size_t max_bytes) {
    if (text.size() <= max_bytes) return std::string(text);
    std::size_t end = 0;
    while (end < text.size()) {
        const CodePoint c = decode_utf8(text.substr(end));
        const std::size_t length = c.length == 0 ? 1 : c.length;  // a stray byte is one
        if (end + length > max_bytes) break;
        end += length;
    }
    return std::string(text.substr(0, end)) + "...";
}

std::string markdown_text(std::string_view text) {
    std::string flat(text);
    std::replace(flat.begin(), flat.end(), '\n', ' ');
    std::string out;
    for (const char c : visible_text(flat)) {
        // CommonMark lets a backslash escape any ASCII punctuation; these are the ones that
        // start markup inside a line. <, >, &, quotes become entities (html_escape).
        if (std::string_view("\\`*_[]~|#!").find(c) != std::string_view::npos) out += '\\';
        out += c;
    }
    return html_escape(out);
}

std::string spreadsheet_safe(std::string_view text) {
    const bool formula_start =
        !text.empty() && std::string_view("=+-@\t\r").find(text.front()) != std::string_view::npos;
    if (!formula_start || is_plain_number(text)) return std::string(text);
    return "'" + std::string(text);
}

std::size_t edit_distance(std::string_view a, std::string_view b) {
    std::vector<std::size_t> row(b.size() + 1);
    for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
    for (std::size_t i = 1; i <= a.size(); ++i) {
        std::size_t diagonal = row[0];
        row[0] = i;
        for (std::size_t j = 1; j <= b.size(); ++j) {
            const std::size_t above = row[j];
            row[j] =
                std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
            diagonal = above;
        }
    }
    return row[b.size()];
}

}  // namespace chipcount
