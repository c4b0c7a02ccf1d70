#include "chipcount/format/table.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <sstream>

#include "chipcount/base/errors.hpp"
#include "chipcount/base/text.hpp"

namespace chipcount {
namespace {

// Display width in terminal columns: counts UTF-8 code points, not bytes.
std::size_t display_width(std::string_view text) {
    std::size_t width = 0;
    for (const char c : text) {
        if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) ++width;
    }
    return width;
}

// A CSV field: quoted when it holds a separator, and never a formula (spreadsheet_safe).
std::string csv_field(const std::string& cell) {
    const std::string text = spreadsheet_safe(cell);
    if (text.find_first_of(",\"\n\r") == std::string::npos) return text;
    std::string out = "\"";
    for (const char c : text) {
        if (c == '"') out += '"';
        out += c;
    }
    return out + "\"";
}

// The terminal table. Cells may hold text from input files, so each is shown as visible_text:
// an escape sequence or a bidi override in a claim id cannot recolour or reorder the screen.
std::string render_text(const Table& raw) {
    Table table = raw;
    table.title = visible_text(table.title);
    for (auto& cell : table.header) cell = visible_text(cell);
    for (auto& row : table.rows) {
        for (auto& cell : row) cell = visible_text(cell);
    }
    const std::size_t columns = table.header.size();
    std::vector<std::size_t> widths(columns, 0);
    for (std::size_t c = 0; c < columns; ++c) widths[c] = display_width(table.header[c]);
    for (const auto& row : table.rows) {
        for (std::size_t c = 0; c < columns && c < row.size(); ++c) {
            widths[c] = std::max(widths[c], display_width(row[c]));
        }
    }
    std::ostringstream out;
    if (!table.title.empty()) out << table.title << "\n";
    auto emit = [&](const std::vector<std::string>& row) {
        std::string line;
        for (std::size_t c = 0; c < columns; ++c) {
            const std::string cell = c < row.size() ? row[c] : std::string();
            const std::string pad(widths[c] - display_width(cell), ' ');
            const bool right = c < table.right_aligned.size() && table.right_aligned[c];
            line += right ? pad + cell : cell + pad;
            if (c + 1 < columns) line += "  ";
        }
        while (!line.empty() && line.back() == ' ') line.pop_back();
        out << line << "\n";
    };
    emit(table.header);
    std::vector<std::string> rule;
    for (const std::size_t w : widths) rule.emplace_back(w, '-');
    emit(rule);
    for (const auto& row : table.rows) emit(row);
    return out.str();
}

}  // namespace

OutputFormat parse_output_format(std::string_view text) {
    if (const auto format = value_of(kOutputFormatNames, text)) return *format;
    throw UsageError("unknown --format '" + std::string(text) + "' (use " +
                     name_choices(kOutputFormatNames) + ")");
}

std::string render(const Table& table, OutputFormat format) {
    std::ostringstream out;
    switch (format) {
        case OutputFormat::kCsv:
            for (std::size_t c = 0; c < table.header.size(); ++c) {
                out << (c ? "," : "") << csv_field(table.header[c]);
            }
            out << "\n";
            for (const auto& row : table.rows) {
                for (std::size_t c = 0; c < row.size(); ++c)
                    out << (c ? "," : "") << csv_field(row[c]);
                out << "\n";
            }
            return out.str();
        case OutputFormat::kMarkdown:
            if (!table.title.empty()) out << "### " << markdown_text(table.title) << "\n\n";
            out << "|";
            for (const auto& h : table.header) out << " " << markdown_text(h) << " |";
            out << "\n|";
            for (std::size_t c = 0; c < table.header.size(); ++c) {
                const bool right = c < table.right_aligned.size() && table.right_aligned[c];
                out << (right ? "---:|" : "---|");
            }
            out << "\n";
            for (const auto& row : table.rows) {
                out << "|";
                for (std::size_t c = 0; c < row.size(); ++c) {
                    const bool markdown =
                        c < table.markdown_columns.size() && table.markdown_columns[c];
                    out << " " << (markdown ? row[c] : markdown_text(row[c])) << " |";
                }
                out << "\n";
            }
            return out.str();
        case OutputFormat::kTable:
        case OutputFormat::kJson:
            return render_text(table);
    }
    return render_text(table);
}

std::string format_number(double value, int decimals) {
    // Not a number to show: an estimate never holds one (check_estimate_figures), and "inf" or
    // "nan" in a table would read as data.
    if (!std::isfinite(value)) return "—";
    // From 1e15 on a double no longer holds every whole number, and 1e308 has 309 digits:
    // scientific notation with four significant digits ("1.235e+20", "1e+308").
    if (std::fabs(value) >= kScientificFrom) {
        char buffer[32];
        std::snprintf(buffer, sizeof buffer, "%.4g", value);
        return buffer;
    }
    decimals = std::clamp(decimals, 0, 9);
    // Below 1e15 with at most 9 decimals: at most 16 + 1 + 9 characters.
    char buffer[64];
    std::snprintf(buffer, sizeof buffer, "%.*f", decimals, std::fabs(value));
    std::string digits = buffer;
    const std::size_t point = digits.find('.');
    std::string integer = digits.substr(0, point);
    const std::string fraction = point == std::string::npos ? "" : digits.substr(point);
    std::string grouped;
    for (std::size_t i = 0; i < integer.size(); ++i) {
        if (i > 0 && (integer.size() - i) % 3 == 0) grouped += ',';
        grouped += integer[i];
    }
    // A negative value that rounds to zero prints as 0, not -0.
    const bool negative = value < 0 && std::strtod(buffer, nullptr) != 0.0;
    return (negative ? "-" : "") + grouped + fraction;
}

std::string format_plain(double value) {
    if (!std::isfinite(value)) return "";
    char buffer[32];
    const auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, value);
    return ec == std::errc() ? std::string(buffer, end) : std::string();
}

std::string format_optional(const std::optional<double>& value, int decimals) {
    return value ? format_number(*value, decimals) : "—";
}

std::string format_percent(double fraction, int decimals) {
    return format_number(fraction * 100, decimals) + "%";
}

std::string format_range(const std::optional<Range>& range, int decimals) {
    if (!range) return "—";
    // A figure below 1 printed with too few decimals would read as 0: give it two significant
    // digits (0.0018 H100 for a thousand yuan, never "0").
    const double largest = std::max({std::fabs(range->low), std::fabs(range->central),
                                     std::fabs(range->high)});
    if (largest > 0 && largest < 1) {
        const int needed = 1 - static_cast<int>(std::floor(std::log10(largest)));
        decimals = std::max(decimals, std::min(needed, 12));
    }
    const std::string central = format_number(range->central, decimals);
    const std::string low = format_number(range->low, decimals);
    const std::string high = format_number(range->high, decimals);
    // A bound is never printed as an exact figure: "115,000 or more", "up to 72,000".
    if (low == central && central == high) {
        if (range->open_above && range->open_below) return central + ", unbounded";
        if (range->open_above) return central + " or more";
        if (range->open_below) return "up to " + central;
        return central;
    }
    const std::string spread = central + " (" + low + "-" + high + ")";
    if (range->open_above && range->open_below) return spread + ", unbounded";
    if (range->open_above) return spread + " or more";
    if (range->open_below) return spread + " or less";
    return spread;
}

std::string format_ratio(double value) {
    return format_number(value, 2) + "x";
}

}  // namespace chipcount
