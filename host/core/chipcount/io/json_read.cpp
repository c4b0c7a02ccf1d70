#include "chipcount/io/json_read.hpp"

#include <cmath>
#include <cstdio>
#include <limits>

#include "chipcount/base/errors.hpp"
#include "chipcount/base/text.hpp"
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

// A key repeated in an object: its path ("claims[3].stated.chips") and the key.
struct RepeatedKey {
    std::string path;
    std::string key;
};

// Builds the document as json::parse does (the same SAX events, the same values), and throws
// RepeatedKey at the second occurrence of a key in an object instead of keeping the last value.
// A parse callback could count keys too, but nlohmann's callback parser scans the enclosing
// container at the end of every object: quadratic in a file of a million claims.
class StrictDomBuilder {
  public:
    explicit StrictDomBuilder(json& root) : root_(root) {}

    bool null() { return add(nullptr); }
    bool boolean(bool value) { return add(value); }
    bool number_integer(json::number_integer_t value) { return add(value); }
    bool number_unsigned(json::number_unsigned_t value) { return add(value); }
    bool number_float(json::number_float_t value, const json::string_t&) { return add(value); }
    bool string(json::string_t& value) { return add(std::move(value)); }
    bool binary(json::binary_t& value) { return add(json::binary(std::move(value))); }
    bool start_object(std::size_t) { return open(json::value_t::object); }
    bool start_array(std::size_t) { return open(json::value_t::array); }
    bool end_object() { return close(); }
    bool end_array() { return close(); }
    bool key(json::string_t& key) {
        auto& members = stack_.back()->get_ref<json::object_t&>();
        const auto [it, inserted] = members.emplace(key, nullptr);
        if (!inserted) throw RepeatedKey{path() + key, key};
        keys_.back() = key;
        member_ = &it->second;
        return true;
    }
    template <class Exception>
    bool parse_error(std::size_t, const std::string&, const Exception& error) {
        throw error;
    }

  private:
    // Where the value being read goes: the root, the end of an array, or the member whose key
    // was just read. Returns the value's place.
    json* place(json value) {
        if (stack_.empty()) {
            root_ = std::move(value);
            return &root_;
        }
        if (stack_.back()->is_array()) {
            stack_.back()->get_ref<json::array_t&>().push_back(std::move(value));
            return &stack_.back()->get_ref<json::array_t&>().back();
        }
        *member_ = std::move(value);
        return member_;
    }
    bool add(json value) {
        place(std::move(value));
        return true;
    }
    bool open(json::value_t type) {
        stack_.push_back(place(json(type)));
        keys_.emplace_back();
        return true;
    }
    bool close() {
        stack_.pop_back();
        keys_.pop_back();
        return true;
    }
    // The path of the open object, ending in '.' unless empty ("claims[3].stated.").
    std::string path() const {
        std::string out;
        for (std::size_t i = 0; i + 1 < stack_.size(); ++i) {
            if (stack_[i]->is_array())
                out += "[" + std::to_string(stack_[i]->size() - 1) + "]";
            else
                out += (out.empty() ? "" : ".") + keys_[i];
        }
        return out.empty() ? out : out + ".";
    }

    json& root_;
    std::vector<json*> stack_;       // the open arrays and objects, outermost first
    std::vector<std::string> keys_;  // per open container: the member being read (objects)
    json* member_ = nullptr;
};

}  // namespace

json parse_json_text(std::string_view text, const std::string& origin) {
    if (text.find_first_not_of(" \t\r\n") == std::string_view::npos) {
        throw InputError(origin + ": empty file (expected a JSON object)");
    }
    // The parser reads a NUL as the end of the input and would ignore what follows it.
    if (const std::size_t at = text.find('\0'); at != std::string_view::npos) {
        throw InputError(location(text, at, origin) +
                         ": a NUL byte (a JSON file holds text, and none may follow a NUL)");
    }
    if (const std::size_t at = too_deep_at(text); at != std::string_view::npos) {
        throw InputError(location(text, at, origin) + ": JSON nested deeper than " +
                         std::to_string(kMaxJsonDepth) + " levels (the limit for an input file)");
    }
    // A repeated key would silently take the last value: refused (StrictDomBuilder).
    try {
        json document;
        StrictDomBuilder builder(document);
        if (!json::sax_parse(text, &builder)) throw InputError(origin + ": malformed JSON");
        return document;
    } catch (const RepeatedKey& repeated) {
        throw InputError(origin + ": field '" + repeated.path + "': duplicate key '" +
                         repeated.key + "' (a key may appear only once in an object)");
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

std::string FieldReader::name(std::string_view key, std::size_t max_bytes) const {
    std::string value = string(key);
    if (const auto problem = name_problem(value, max_bytes)) fail(std::string(key), *problem);
    return value;
}

std::optional<std::string> FieldReader::optional_name(std::string_view key,
                                                      std::size_t max_bytes) const {
    if (!has(key)) return std::nullopt;
    return name(key, max_bytes);
}

std::optional<std::string> text_problem(std::string_view text, std::size_t max_bytes) {
    if (text.size() > max_bytes) {
        return "is " + std::to_string(text.size()) + " bytes long (at most " +
               std::to_string(max_bytes) + ")";
    }
    if (const std::size_t at = find_code_point(text, is_invisible_control);
        at != std::string_view::npos) {
        return "holds an invisible or control character at byte " + std::to_string(at) +
               " (no control characters, bidi controls or invisible format characters)";
    }
    return std::nullopt;
}

std::optional<std::string> name_problem(std::string_view text, std::size_t max_bytes) {
    if (auto problem = text_problem(text, max_bytes)) return problem;
    if (const std::size_t at = find_code_point(text, is_non_ascii_space);
        at != std::string_view::npos) {
        return "holds a non-ASCII space character at byte " + std::to_string(at) +
               " (ids, names and aliases use only the ASCII space, so that none can pass for "
               "another)";
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

FieldReader FieldReader::element(const json& value, std::string_view at) const {
    return FieldReader(value, origin_, record_, prefix_ + std::string(at));
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
