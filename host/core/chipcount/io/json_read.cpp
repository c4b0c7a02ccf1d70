#include "chipcount/io/json_read.hpp"

#include <cmath>
#include <cstdio>
#include <limits>

#include "chipcount/base/errors.hpp"
#include "chipcount/io/files.hpp"

namespace chipcount {
namespace {

// "origin:line:column" of the byte at `offset`.
std::string location(std::string_view text, std::size_t offset, const std::string& origin) {
    std::size_t line = 1;
    std::size_t column = 1;
    for (std::size_t i = 0; i < std::min(offset, text.size()); ++i) {
        if (text[i] == '\n') {
            ++line;
            column = 1;
        } else {
            ++column;
        }
    }
    return origin + ":" + std::to_string(line) + ":" + std::to_string(column);
}

// The offset of the first bracket that opens level kMaxJsonDepth + 1, or npos. A linear scan
// that skips strings; in a malformed document it may miss, but the parser refuses those anyway.
std::size_t too_deep_at(std::string_view text) {
    int depth = 0;
    bool in_string = false;
    bool escaped = false;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (in_string) {
            if (escaped)
                escaped = false;
            else if (c == '\\')
                escaped = true;
            else if (c == '"')
                in_string = false;
        } else if (c == '"') {
            in_string = true;
        } else if (c == '[' || c == '{') {
            if (++depth > kMaxJsonDepth) return i;
        } else if (c == ']' || c == '}') {
            --depth;
        }
    }
    return std::string_view::npos;
}

}  // namespace

json parse_json_text(std::string_view text, const std::string& origin) {
    if (text.find_first_not_of(" \t\r\n") == std::string_view::npos) {
        throw InputError(origin + ": empty file (expected a JSON object)");
    }
    if (const std::size_t at = too_deep_at(text); at != std::string_view::npos) {
        throw InputError(location(text, at, origin) + ": JSON nested deeper than " +
                         std::to_string(kMaxJsonDepth) + " levels (the limit for an input file)");
    }
    try {
        return json::parse(text);
    } catch (const json::parse_error& e) {
        std::string what = e.what();
        const std::size_t colon = what.rfind(": ");
        if (colon != std::string::npos) what = what.substr(colon + 2);
        throw InputError(location(text, e.byte == 0 ? 0 : e.byte - 1, origin) +
                         ": malformed JSON: " + what);
    } catch (const json::exception& e) {
        // out_of_range: a number too large for a double ("1e999"), which JSON itself allows.
        std::string what = e.what();
        const std::size_t bracket = what.find("] ");
        if (bracket != std::string::npos) what = what.substr(bracket + 2);
        throw InputError(origin + ": unusable JSON: " + what);
    }
}

json parse_json_file(const std::filesystem::path& path) {
    return parse_json_text(read_text_file(path), path.string());
}

void check_format(const json& document, const std::string& origin, std::string_view format,
                  int supported_version) {
    if (!document.is_object())
        throw InputError(origin + ": expected a JSON object at the top level");
    const FieldReader top(document, origin, "");
    const std::string found = top.string("format");
    if (found != format) {
        top.fail("format", "expected \"" + std::string(format) + "\", got \"" + found + "\"");
    }
    const json& version = top.required("version");
    if (!version.is_number_integer()) top.fail("version", "must be an integer");
    if (version.get<long long>() != supported_version) {
        top.fail("version", "version " + version.dump() +
                                " is not supported (this chipcount reads version " +
                                std::to_string(supported_version) + ")");
    }
}

std::string describe_json_value(const json& value) {
    std::string text = value.dump();
    if (text.size() > 40) text = text.substr(0, 37) + "...";
    return text;
}

FieldReader::FieldReader(const json& object, std::string origin, std::string record,
                         std::string prefix)
    : object_(object),
      origin_(std::move(origin)),
      record_(std::move(record)),
      prefix_(std::move(prefix)) {
    if (!object_.is_object()) {
        const std::string where =
            prefix_.empty() ? "record" : "field '" + prefix_.substr(0, prefix_.size() - 1) + "'";
        throw InputError(origin_ + ": " + (record_.empty() ? "" : record_ + ": ") + where +
                         " must be a JSON object");
    }
}

void FieldReader::fail(const std::string& field, const std::string& message) const {
    throw InputError(origin_ + ": " + (record_.empty() ? "" : record_ + ": ") + "field '" +
                     field_name(field) + "': " + message);
}

bool FieldReader::has(std::string_view key) const {
    const auto it = object_.find(key);
    return it != object_.end() && !it->is_null();
}

const json& FieldReader::required(std::string_view key) const {
    const auto it = object_.find(key);
    if (it == object_.end() || it->is_null()) fail(std::string(key), "missing required field");
    return *it;
}

std::string FieldReader::string(std::string_view key) const {
    const json& value = required(key);
    if (!value.is_string())
        fail(std::string(key), "must be a string (got " + describe_json_value(value) + ")");
    return value.get<std::string>();
}

std::optional<std::string> FieldReader::optional_string(std::string_view key) const {
    if (!has(key)) return std::nullopt;
    return string(key);
}

std::string FieldReader::text(std::string_view key, std::size_t max_bytes) const {
    std::string value = string(key);
    if (const auto problem = text_problem(value, max_bytes)) fail(std::string(key), *problem);
    return value;
}

std::optional<std::string> FieldReader::optional_text(std::string_view key,
                                                      std::size_t max_bytes) const {
    if (!has(key)) return std::nullopt;
    return text(key, max_bytes);
}

std::optional<std::string> text_problem(std::string_view text, std::size_t max_bytes) {
    if (text.size() > max_bytes) {
        return "is " + std::to_string(text.size()) + " bytes long (at most " +
               std::to_string(max_bytes) + ")";
    }
    for (std::size_t i = 0; i < text.size(); ++i) {
        const auto c = static_cast<unsigned char>(text[i]);
        const auto next = i + 1 < text.size() ? static_cast<unsigned char>(text[i + 1]) : 0;
        const auto third = i + 2 < text.size() ? static_cast<unsigned char>(text[i + 2]) : 0;
        const bool c0_or_del = c < 0x20 || c == 0x7F;
        const bool c1 = c == 0xC2 && next >= 0x80 && next <= 0x9F;  // U+0080-U+009F
        // U+200E-U+200F, U+202A-U+202E, U+2066-U+2069 (marks, embeddings, overrides, isolates)
        const bool bidi = c == 0xE2 && ((next == 0x80 && (third == 0x8E || third == 0x8F ||
                                                          (third >= 0xAA && third <= 0xAE))) ||
                                        (next == 0x81 && third >= 0xA6 && third <= 0xA9));
        if (c0_or_del || c1 || bidi) {
            return "holds a control character at byte " + std::to_string(i) +
                   " (no control or bidi characters)";
        }
    }
    return std::nullopt;
}

bool FieldReader::boolean(std::string_view key) const {
    const json& value = required(key);
    if (!value.is_boolean())
        fail(std::string(key), "must be true or false (got " + describe_json_value(value) + ")");
    return value.get<bool>();
}

std::optional<bool> FieldReader::optional_boolean(std::string_view key) const {
    if (!has(key)) return std::nullopt;
    return boolean(key);
}

double FieldReader::positive_value(const json& value, const std::string& field, double max) const {
    if (!value.is_number())
        fail(field, "must be a number (got " + describe_json_value(value) + ")");
    const double number = value.get<double>();
    if (!std::isfinite(number))
        fail(field, "must be a finite number (got " + describe_json_value(value) + ")");
    if (number <= 0)
        fail(field, "must be a positive number (got " + describe_json_value(value) + ")");
    if (number > max) {
        fail(field, "value " + describe_json_value(value) + " is not plausible (the limit is " +
                        json(max).dump() + ")");
    }
    return number;
}

double FieldReader::plausible_value(const json& value, const std::string& field, double min,
                                    double max) const {
    const double number = positive_value(value, field, std::numeric_limits<double>::max());
    if (number < min || number > max) {
        char range[64];
        std::snprintf(range, sizeof range, "%g to %g", min, max);
        fail(field, "value " + describe_json_value(value) +
                        " is not plausible (the plausible range is " + range + ")");
    }
    return number;
}

double FieldReader::plausible(std::string_view key, double min, double max) const {
    return plausible_value(required(key), std::string(key), min, max);
}

std::optional<double> FieldReader::optional_plausible(std::string_view key, double min,
                                                      double max) const {
    if (!has(key)) return std::nullopt;
    return plausible(key, min, max);
}

double FieldReader::positive(std::string_view key, double max) const {
    return positive_value(required(key), std::string(key), max);
}

std::optional<double> FieldReader::optional_positive(std::string_view key, double max) const {
    if (!has(key)) return std::nullopt;
    return positive(key, max);
}

double FieldReader::non_negative(std::string_view key, double max) const {
    const json& value = required(key);
    if (!value.is_number() || !std::isfinite(value.get<double>()) || value.get<double>() < 0 ||
        value.get<double>() > max) {
        fail(std::string(key), "must be a finite number from 0 to " + json(max).dump() + " (got " +
                                   describe_json_value(value) + ")");
    }
    return value.get<double>();
}

std::optional<double> FieldReader::optional_non_negative(std::string_view key, double max) const {
    if (!has(key)) return std::nullopt;
    return non_negative(key, max);
}

std::int64_t FieldReader::integer(std::string_view key, std::int64_t min, std::int64_t max) const {
    const json& value = required(key);
    const bool whole = value.is_number_integer() ||
                       (value.is_number_float() && std::isfinite(value.get<double>()) &&
                        std::trunc(value.get<double>()) == value.get<double>() &&
                        std::fabs(value.get<double>()) < 9e15);
    if (!whole || value.get<double>() < static_cast<double>(min) ||
        value.get<double>() > static_cast<double>(max)) {
        fail(std::string(key), "must be a whole number from " + std::to_string(min) + " to " +
                                   std::to_string(max) + " (got " + describe_json_value(value) +
                                   ")");
    }
    return value.is_number_integer() ? value.get<std::int64_t>()
                                     : static_cast<std::int64_t>(value.get<double>());
}

std::vector<double> FieldReader::positive_array(std::string_view key, double max) const {
    const json& value = required(key);
    if (!value.is_array()) fail(std::string(key), "must be an array of numbers");
    std::vector<double> out;
    out.reserve(value.size());
    for (std::size_t i = 0; i < value.size(); ++i)
        out.push_back(
            positive_value(value[i], std::string(key) + "[" + std::to_string(i) + "]", max));
    return out;
}

std::vector<std::string> FieldReader::string_array(std::string_view key) const {
    const json& value = required(key);
    if (!value.is_array()) fail(std::string(key), "must be an array of strings");
    std::vector<std::string> out;
    for (std::size_t i = 0; i < value.size(); ++i) {
        if (!value[i].is_string()) {
            fail(std::string(key) + "[" + std::to_string(i) + "]",
                 "must be a string (got " + describe_json_value(value[i]) + ")");
        }
        out.push_back(value[i].get<std::string>());
    }
    return out;
}

FieldReader FieldReader::object(std::string_view key) const {
    const json& value = required(key);
    if (!value.is_object())
        fail(std::string(key), "must be a JSON object (got " + describe_json_value(value) + ")");
    return FieldReader(value, origin_, record_, prefix_ + std::string(key) + ".");
}

std::optional<FieldReader> FieldReader::optional_object(std::string_view key) const {
    if (!has(key)) return std::nullopt;
    return object(key);
}

std::optional<std::size_t> count_top_level_array_items(std::string_view text,
                                                       std::string_view key) {
    // The offset of the quote that closes the string opened at `open` (text.size() if none).
    const auto closing_quote = [text](std::size_t open) {
        std::size_t i = open + 1;
        while (i < text.size() && text[i] != '"') i += text[i] == '\\' ? 2 : 1;
        return i < text.size() ? i : text.size();
    };
    std::optional<std::size_t> most;
    int depth = 0;
    bool key_seen = false;  // the last string at depth 1 was `key`, then only spaces (and ':')
    bool colon_seen = false;
    bool counting = false;  // inside the array under `key`
    bool has_item = false;
    std::size_t commas = 0;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (c == ' ' || c == '\t' || c == '\r' || c == '\n') continue;
        if (counting && depth == 2 && c != ']' && c != ',') has_item = true;
        if (key_seen && !colon_seen && c == ':') {
            colon_seen = true;
            continue;
        }
        const bool opens_array = key_seen && colon_seen && c == '[' && depth == 1;
        key_seen = false;
        colon_seen = false;
        switch (c) {
            case '"': {
                const std::size_t close = closing_quote(i);
                key_seen = depth == 1 && text.substr(i + 1, close - i - 1) == key;
                i = close;
                break;
            }
            case '[':
            case '{':
                ++depth;
                if (opens_array) {
                    counting = true;
                    has_item = false;
                    commas = 0;
                }
                break;
            case ']':
            case '}':
                if (--depth == 1 && counting) {
                    counting = false;
                    const std::size_t items = has_item ? commas + 1 : 0;
                    if (!most || items > *most) most = items;
                }
                break;
            case ',':
                if (counting && depth == 2) ++commas;
                break;
            default:
                break;
        }
    }
    return most;
}

}  // namespace chipcount
