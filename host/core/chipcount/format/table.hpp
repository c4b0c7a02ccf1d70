// Tabular output shared by every command: one Table rendered as an aligned text table, CSV or
// Markdown. JSON is written by each command from its own model, not from the table.
#pragma once
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "chipcount/base/units.hpp"
#include "chipcount/names.hpp"

namespace chipcount {

enum class OutputFormat { kTable, kJson, kCsv, kMarkdown };
inline constexpr NameTable<OutputFormat, 5> kOutputFormatNames{
    {{OutputFormat::kTable, "table"},
     {OutputFormat::kJson, "json"},
     {OutputFormat::kCsv, "csv"},
     {OutputFormat::kMarkdown, "md"},
     {OutputFormat::kMarkdown, "markdown"}}};

// Parses one of the names above; UsageError otherwise.
OutputFormat parse_output_format(std::string_view text);

struct Table {
    std::vector<std::string> header;
    std::vector<std::vector<std::string>> rows;
    std::vector<bool> right_aligned;  // per column; numbers read best right-aligned
    // Per column: cells that are already Markdown, built by the caller from checked parts only
    // (a link whose text and target are a validated path), written as they are in kMarkdown.
    // Every other cell is input text and escaped (markdown_text); the text table and CSV treat
    // these cells like any other.
    std::vector<bool> markdown_columns;
    std::string title;  // printed above a text table and as a Markdown heading
};

// Renders kTable, kCsv or kMarkdown (kJson is the caller's business).
std::string render(const Table& table, OutputFormat format);

// 12345.678 -> "12,345.7" (decimals digits after the point, 0 to 9); thousands separators for
// people. From 1e15 on, four significant digits in scientific notation (1e308 -> "1e+308"); a
// value that is not finite is "—", never "inf" or "nan".
std::string format_number(double value, int decimals);
inline constexpr double kScientificFrom = 1e15;
// The shortest text that reads back as the same double ("4947", "1e-300",
// "1.7976931348623157e+308"): plain numbers for CSV. Empty for a value that is not finite.
std::string format_plain(double value);
// "—" for a missing value, format_number otherwise.
std::string format_optional(const std::optional<double>& value, int decimals);
// 0.8123 -> "81.2%" (a fraction shown as a percentage)
std::string format_percent(double fraction, int decimals = 1);
// "central (low-high)", or one number when all three agree; "—" for no range. An open side is
// said in words: "115,000 or more", "up to 72,000", "4,043 (2,021-4,043) or more".
std::string format_range(const std::optional<Range>& range, int decimals = 0);
// 1.234 -> "1.23x"
std::string format_ratio(double value);

}  // namespace chipcount
