#include "chipcount/estimate/third_party.hpp"

#include "chipcount/io/file_names.hpp"
#include "chipcount/io/json_read.hpp"
#include "chipcount/io/sha256.hpp"

namespace chipcount {
namespace {

// A measured rate is below its chip's peak; 1e6 TFLOPS is the cap result files have too.
constexpr double kMinTflops = 1e-3;
constexpr double kMaxTflops = 1e6;
constexpr std::size_t kMaxEntries = 10000;
constexpr std::size_t kMaxSourceBytes = 1000;

}  // namespace

std::vector<Measurement> parse_third_party_measurements(const std::string& text,
                                                        const std::string& path,
                                                        const ProfileSet& profiles) {
    const json document = parse_json_text(text, path);
    check_format(document, path, "chipcount.measurements", 1);
    const FieldReader top(document, path, "measurements");
    const json references = top.has("references") ? top.required("references") : json::object();
    if (!references.is_object()) top.fail("references", "must be an object of key: citation");
    const json& entries = top.required("measurements");
    if (!entries.is_array() || entries.empty())
        top.fail("measurements", "must be a non-empty array");
    if (entries.size() > kMaxEntries)
        top.fail("measurements", "holds more than " + std::to_string(kMaxEntries) + " entries");
    const NamedInput named = named_input(path, text);
    std::vector<Measurement> out;
    for (std::size_t i = 0; i < entries.size(); ++i) {
        const std::string at = "measurements[" + std::to_string(i) + "]";
        if (!entries[i].is_object()) top.fail(at, "must be an object");
        const FieldReader entry = top.element(entries[i], at + ".");
        Measurement m;
        m.profile_id = profiles
                           .get(entry.string("chip"),
                                path + ": measurements: field '" + entry.field_name("chip") + "'")
                           .id;
        const std::string precision = entry.string("precision");
        const auto parsed = parse_precision(precision);
        if (!parsed)
            entry.fail("precision", "unknown precision \"" + excerpt(precision) + "\" (known: " +
                                        precision_list() + ")");
        m.precision = *parsed;
        m.sustained_tflops = entry.plausible("tflops", kMinTflops, kMaxTflops);
        const std::string kind = entry.string("kind");
        if (kind != "sustained" && kind != "max_achievable")
            entry.fail("kind", "must be sustained or max_achievable (got \"" + excerpt(kind) + "\")");
        m.kind = kind;
        m.source = entry.text("source", kMaxSourceBytes);
        for (const std::string& key : cited_keys(m.source)) {
            if (!references.contains(key))
                entry.fail("source", "cites [" + key + "], which is not in 'references'");
        }
        if (m.source.empty()) entry.fail("source", "every measurement needs a source");
        const std::string confidence = entry.string("confidence");
        if (!is_confidence_word(confidence))
            entry.fail("confidence", "must be datasheet, secondary or estimate (got \"" +
                                         excerpt(confidence) + "\")");
        m.file = named.path;
        m.sha256 = named.sha256;
        m.third_party = true;
        out.push_back(std::move(m));
    }
    return out;
}

}  // namespace chipcount
