// Reading JSON input with messages that name the file, the record and the field.
// Every data-file reader (profiles, rules, assumptions, claims, results) goes through here so
// that bad input always ends in one InputError with the same shape:
//   claims/x.json: claim 'nyocor-yiwu': field 'stated.servers': must be a positive number (got -5)
#pragma once
#include <nlohmann/json.hpp>

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "chipcount/base/text.hpp"
#include "chipcount/names.hpp"

namespace chipcount {

using json = nlohmann::json;
using ordered_json = nlohmann::ordered_json;

// The deepest nesting accepted in an input document. chipcount's own formats need 6 levels; JSON
// dump() and the readers recurse, so a document nested deeper is refused before it is built
// (tens of thousands of levels would overflow the stack).
inline constexpr int kMaxJsonDepth = 64;

// Parses a file; a syntax error, a NUL byte, or nesting deeper than kMaxJsonDepth, names the
// file, line and column; a key repeated in an object names the file, the field path and the key.
// The file is read by read_text_file (regular files under its size cap only).
json parse_json_file(const std::filesystem::path& path);
json parse_json_text(std::string_view text, const std::string& origin);

// Checks `format` and the major `version` (readers accept the same major version only).
void check_format(const json& document, const std::string& origin, std::string_view format,
                  int supported_version);

class FieldReader {
  public:
    // origin: the file; record: "claim 'x'" or "profile 'y'" (may be empty); prefix: "stated."
    FieldReader(const json& object, std::string origin, std::string record,
                std::string prefix = "");

    bool has(std::string_view key) const;
    const json& required(std::string_view key) const;
    std::string string(std::string_view key) const;
    std::optional<std::string> optional_string(std::string_view key) const;
    // A string that text_problem() finds fit (ids, names, aliases, citations); absent is
    // nullopt for the optional form.
    std::string text(std::string_view key, std::size_t max_bytes) const;
    std::optional<std::string> optional_text(std::string_view key, std::size_t max_bytes) const;
    // A text that name_problem() finds fit: ids, names and aliases.
    std::string name(std::string_view key, std::size_t max_bytes) const;
    std::optional<std::string> optional_name(std::string_view key, std::size_t max_bytes) const;
    // One of a table's names, as that enum value; "must be a, b or c" otherwise.
    template <class Enum, std::size_t N>
    std::optional<Enum> optional_enum(std::string_view key, const NameTable<Enum, N>& names) const {
        const auto text = optional_string(key);
        if (!text) return std::nullopt;
        const auto value = value_of(names, *text);
        if (!value)
            fail(std::string(key),
                 "must be " + name_choices(names) + " (got \"" + excerpt(*text) + "\")");
        return value;
    }
    bool boolean(std::string_view key) const;
    std::optional<bool> optional_boolean(std::string_view key) const;
    // Positive, finite and at most `max`: zero, negatives, NaN, Inf and absurd values are errors.
    double positive(std::string_view key, double max = 1e12) const;
    std::optional<double> optional_positive(std::string_view key, double max = 1e12) const;
    // A number from a JSON value already in hand (an array element, a map value).
    double positive_value(const json& value, const std::string& field, double max = 1e12) const;
    // Positive, finite and in the plausible range [min, max] (a profile's figures, a factor):
    // "value 1e-300 is not plausible (the plausible range is 0.01 to 100000)".
    double plausible(std::string_view key, double min, double max) const;
    std::optional<double> optional_plausible(std::string_view key, double min, double max) const;
    double plausible_value(const json& value, const std::string& field, double min,
                           double max) const;
    // Finite and in [0, max]: counts of things, errors, ratios that may be zero.
    double non_negative(std::string_view key, double max = 1e300) const;
    std::optional<double> optional_non_negative(std::string_view key, double max = 1e300) const;
    // A whole number in [min, max].
    std::int64_t integer(std::string_view key, std::int64_t min, std::int64_t max) const;
    // Every element positive, finite and at most `max`.
    std::vector<double> positive_array(std::string_view key, double max = 1e300) const;
    std::vector<std::string> string_array(std::string_view key) const;
    FieldReader object(std::string_view key) const;
    // A reader of `value` (an array element in hand), its fields named "<prefix><at><key>".
    FieldReader element(const json& value, std::string_view at) const;
    std::optional<FieldReader> optional_object(std::string_view key) const;
    const json& raw() const { return object_; }

    [[noreturn]] void fail(const std::string& field, const std::string& message) const;
    std::string field_name(std::string_view key) const { return prefix_ + std::string(key); }

  private:
    const json& object_;
    std::string origin_;
    std::string record_;
    std::string prefix_;
};

// Why `text` is unfit for an id, name, alias or citation: longer than `max_bytes`, or holding a
// character that is_invisible_control() finds (control, bidi, invisible format characters) that
// would garble tables and messages or hide in a name; nullopt when it is fit.
std::optional<std::string> text_problem(std::string_view text, std::size_t max_bytes);
// text_problem(), and for ids, names and aliases also no non-ASCII space character
// (is_non_ascii_space()), which would let one name look like another ("H100\u00a0").
std::optional<std::string> name_problem(std::string_view text, std::size_t max_bytes);

// "x" for a short value; a long one is cut so that messages stay one line.
std::string describe_json_value(const json& value);

// How many items the array under `key` of the top-level object holds (the claims of a claims
// file), counted in one pass without building the document (strings and escapes skipped), so that
// a set too large for one command is refused before it takes gigabytes. nullopt when the text has
// no such array (malformed text is left to the parser). Where the key appears twice, the larger.
std::optional<std::size_t> count_top_level_array_items(std::string_view text, std::string_view key);

}  // namespace chipcount
