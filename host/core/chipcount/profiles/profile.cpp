#include "chipcount/profiles/profile.hpp"

#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <regex>
#include <set>

#include "chipcount/base/errors.hpp"
#include "chipcount/base/text.hpp"
#include "chipcount/io/files.hpp"
#include "chipcount/io/json_read.hpp"

namespace chipcount {
namespace fs = std::filesystem;
namespace {

// Plausible ranges of a chip's figures (docs/robustness.md gives the reasons): a value outside
// is a typo or a unit slip, and a peak of 1e-300 would make every equivalent infinite.
struct Plausible {
    double min, max;
};
constexpr Plausible kPeakTflops{0.01, 1e5};      // 10 GFLOPS to 100 PFLOPS dense per chip
constexpr Plausible kMemoryGb{0.5, 1e4};         // 512 MB to 10 TB
constexpr Plausible kBandwidthTbs{0.01, 100};    // 10 GB/s to 100 TB/s
constexpr Plausible kWatts{1, 1e4};              // TDP: 1 W to 10 kW
constexpr Plausible kInterconnectGbs{0.1, 1e5};  // 100 MB/s to 100 TB/s
constexpr Plausible kAreaMm2{1, 1e5};            // up to a wafer-scale die (46,225 mm2)
constexpr Plausible kClockMhz{100, 1e4};         // 100 MHz to 10 GHz
constexpr Plausible kServerKw{0.1, 1e4};         // 100 W to 10 MW per server or rack

// Lengths of the texts a profile names itself and its sources with (bytes).
constexpr std::size_t kMaxIdBytes = kMaxProfileIdBytes;
constexpr std::size_t kMaxAliasBytes = 64;
constexpr std::size_t kMaxAliases = 32;
constexpr std::size_t kMaxNameBytes = 128;
constexpr std::size_t kMaxCitationBytes = 1000;
constexpr std::size_t kMaxNotesBytes = 4000;

std::optional<double> optional_plausible(const FieldReader& reader, std::string_view key,
                                         Plausible range) {
    return reader.optional_plausible(key, range.min, range.max);
}

// The figure fields that must each carry a source.
constexpr const char* kSourcedFields[] = {
    "peak_dense",   "memory_gb",     "memory_bandwidth_tbs", "tdp_w",          "interconnect_gbs",
    "die_area_mm2", "compute_units", "boost_clock_mhz",      "peak_clock_mhz", "server"};

int positive_int(const FieldReader& reader, std::string_view key, int max) {
    const double value = reader.positive(key, max);
    if (value != static_cast<double>(static_cast<int>(value))) {
        reader.fail(std::string(key), "must be a whole number (got " +
                                          describe_json_value(reader.raw()[std::string(key)]) +
                                          ")");
    }
    return static_cast<int>(value);
}

std::optional<int> optional_positive_int(const FieldReader& reader, std::string_view key, int max) {
    if (!reader.has(key)) return std::nullopt;
    return positive_int(reader, key, max);
}

// A source or a citation: text of at most 1,000 bytes, under a key of at most 64.
void check_citation(const FieldReader& owner, const std::string& key, const std::string& text) {
    if (const auto problem = text_problem(key, kMaxIdBytes))
        owner.fail(key.substr(0, kMaxIdBytes), "the key " + *problem);
    if (const auto problem = text_problem(text, kMaxCitationBytes)) owner.fail(key, *problem);
}

void read_sources(const FieldReader& top, ChipProfile& profile) {
    const FieldReader sources = top.object("sources");
    for (const auto& [key, value] : sources.raw().items()) {
        if (!value.is_string() || value.get<std::string>().empty()) {
            sources.fail(key, "must be a non-empty string naming the source");
        }
        check_citation(sources, key, value.get<std::string>());
        profile.sources[key] = value.get<std::string>();
    }
    if (top.has("references")) {
        const FieldReader references = top.object("references");
        for (const auto& [key, value] : references.raw().items()) {
            if (!value.is_string() || value.get<std::string>().empty()) {
                references.fail(key, "must be a non-empty citation string");
            }
            check_citation(references, key, value.get<std::string>());
            profile.references[key] = value.get<std::string>();
        }
    }
    const json& raw = top.raw();
    for (const char* field : kSourcedFields) {
        if (raw.contains(field) && !raw[field].is_null() && profile.sources.count(field) == 0) {
            top.fail(std::string("sources.") + field, "missing: every figure needs a source");
        }
    }
    // Every [key] used in a source must resolve in `references`.
    for (const auto& [field, text] : profile.sources) {
        for (const std::string& key : cited_keys(text)) {
            if (profile.references.count(key) == 0) {
                top.fail("sources." + field, "cites [" + key + "], which is not in 'references'");
            }
        }
    }
}

// field_confidence: each key a sourced field that this profile has a value for (and so, by the
// rule in read_sources, a source), each value one of the three confidence words.
void read_field_confidence(const FieldReader& top, ChipProfile& profile) {
    if (!top.has("field_confidence")) return;
    const FieldReader fields = top.object("field_confidence");
    const auto is_sourced_field = [](const std::string& key) {
        return std::any_of(std::begin(kSourcedFields), std::end(kSourcedFields),
                           [&key](const char* field) { return key == field; });
    };
    for (const auto& [key, value] : fields.raw().items()) {
        if (const auto problem = text_problem(key, kMaxIdBytes))
            fields.fail(key.substr(0, kMaxIdBytes), "the key " + *problem);
        if (!is_sourced_field(key)) {
            std::string known;
            for (const char* field : kSourcedFields)
                known += (known.empty() ? "" : ", ") + std::string(field);
            fields.fail(key, "not a profile figure (known: " + known + ")");
        }
        // A figure the profile has carries a source (read_sources refuses it otherwise), so every
        // field listed here has one.
        if (!top.has(key)) fields.fail(key, "the profile has no " + key + " for it to qualify");
        if (!value.is_string() || !is_confidence_word(value.get<std::string>())) {
            fields.fail(key, "must be datasheet, secondary or estimate (got " +
                                 describe_json_value(value) + ")");
        }
        profile.field_confidence[key] = value.get<std::string>();
    }
}

}  // namespace

bool is_confidence_word(std::string_view word) {
    return word == "datasheet" || word == "secondary" || word == "estimate";
}

std::string ChipProfile::confidence_of(std::string_view field) const {
    const auto it = field_confidence.find(std::string(field));
    return it == field_confidence.end() ? confidence : it->second;
}

std::optional<std::string> name_pattern_problem(std::string_view pattern) {
    // Length is checked with the other texts (kMaxNamePatternBytes). Here: which loops it has.
    int quantifiers = 0;
    bool in_class = false;     // inside [...]
    bool after_group = false;  // the previous token closed a group
    bool after_quantifier = false;
    for (std::size_t i = 0; i < pattern.size(); ++i) {
        const char c = pattern[i];
        const bool was_group = after_group;
        const bool was_quantifier = after_quantifier;
        after_group = after_quantifier = false;
        if (c == '\\') {
            if (i + 1 < pattern.size() && pattern[i + 1] >= '1' && pattern[i + 1] <= '9')
                return std::string("uses a back-reference (\\") + pattern[i + 1] +
                       "), which is not allowed";
            ++i;  // the escaped character is a literal or a class such as \d
            continue;
        }
        if (in_class) {
            in_class = c != ']';
            continue;
        }
        if (c == '[') {
            in_class = true;
        } else if (c == ')') {
            after_group = true;
        } else if (c == '{') {
            return std::string("uses counted repetition ({n,m}); use at most ") +
                   std::to_string(kMaxNamePatternQuantifiers) + " of *, + and ?";
        } else if (c == '*' || c == '+' || c == '?') {
            if (c == '?' && i > 0 && pattern[i - 1] == '(') continue;  // (?= (?! (?:
            if (c == '?' && was_quantifier) continue;                  // lazy: *? +? ??
            if (was_group) {
                return "repeats a group ('(...)" + std::string(1, c) +
                       "'): only a character or a class may repeat, so that no loop nests";
            }
            after_quantifier = true;
            ++quantifiers;
        }
    }
    if (quantifiers > kMaxNamePatternQuantifiers) {
        return "has " + std::to_string(quantifiers) + " of *, + and ? (at most " +
               std::to_string(kMaxNamePatternQuantifiers) + ")";
    }
    try {
        const std::regex check(pattern.begin(), pattern.end(),
                               std::regex::ECMAScript | std::regex::icase);
    } catch (const std::regex_error& e) {
        return std::string("not a valid regular expression: ") + e.what();
    }
    return std::nullopt;
}

std::optional<double> ChipProfile::peak(Precision precision) const {
    const auto it = peak_dense.find(precision);
    if (it == peak_dense.end()) return std::nullopt;
    return it->second;
}

std::optional<double> ChipProfile::reference_clock_mhz() const {
    return peak_clock_mhz ? peak_clock_mhz : boost_clock_mhz;
}

ChipProfile load_profile(const fs::path& path) {
    ChipProfile profile = parse_profile(read_text_file(path), path.string(), path.stem().string());
    profile.file = path;
    return profile;
}

ChipProfile parse_profile(std::string_view text, const std::string& origin,
                          const std::optional<std::string>& expected_id) {
    const json document = parse_json_text(text, origin);
    check_format(document, origin, "chipcount.profile", 1);
    const FieldReader first(document, origin, "");
    ChipProfile profile;
    profile.id = first.string("id");
    if (!is_valid_profile_id(profile.id)) {
        first.fail("id", "'" + profile.id.substr(0, kMaxIdBytes) +
                             (profile.id.size() > kMaxIdBytes ? "...'" : "'") +
                             " must be lowercase vendor-model[-variant] (a-z, 0-9, single '-' "
                             "between groups, at most 64 bytes)");
    }
    if (expected_id && *expected_id != profile.id) {
        first.fail("id",
                   "'" + profile.id + "' does not match the file name '" + *expected_id + ".json'");
    }
    const FieldReader top(document, origin, "profile '" + profile.id + "'");
    profile.vendor = top.name("vendor", kMaxNameBytes);
    profile.name = top.name("name", kMaxNameBytes);
    profile.aliases = top.string_array("aliases");
    if (profile.aliases.size() > kMaxAliases)
        top.fail("aliases", "has " + std::to_string(profile.aliases.size()) + " names (at most " +
                                std::to_string(kMaxAliases) + ")");
    for (std::size_t i = 0; i < profile.aliases.size(); ++i) {
        const std::string& alias = profile.aliases[i];
        auto problem = name_problem(alias, kMaxAliasBytes);
        if (!problem && trim(alias) != alias) problem = "has spaces at its start or end";
        if (!problem && alias.empty()) problem = "is empty";
        if (problem) top.fail("aliases[" + std::to_string(i) + "]", *problem);
    }
    profile.datacenter = top.boolean("datacenter");
    profile.us_origin = top.boolean("us_origin");
    profile.datasheet_headline_sparse =
        top.optional_boolean("datasheet_headline_sparse").value_or(false);

    const FieldReader peaks = top.object("peak_dense");
    for (const auto& [name, value] : peaks.raw().items()) {
        const auto precision = parse_precision(name);
        if (!precision || precision_name(*precision) != name) {
            peaks.fail(name, "unknown precision (known: " + precision_list() + ")");
        }
        profile.peak_dense[*precision] =
            peaks.plausible_value(value, name, kPeakTflops.min, kPeakTflops.max);
    }
    if (profile.peak_dense.empty()) top.fail("peak_dense", "must name at least one precision");

    profile.memory_gb = optional_plausible(top, "memory_gb", kMemoryGb);
    profile.memory_bandwidth_tbs = optional_plausible(top, "memory_bandwidth_tbs", kBandwidthTbs);
    profile.tdp_w = optional_plausible(top, "tdp_w", kWatts);
    profile.interconnect_gbs = optional_plausible(top, "interconnect_gbs", kInterconnectGbs);
    profile.die_area_mm2 = optional_plausible(top, "die_area_mm2", kAreaMm2);
    profile.compute_units = optional_positive_int(top, "compute_units", 1'000'000);
    profile.boost_clock_mhz = optional_plausible(top, "boost_clock_mhz", kClockMhz);
    profile.peak_clock_mhz = optional_plausible(top, "peak_clock_mhz", kClockMhz);
    if (const auto server = top.optional_object("server")) {
        ServerSpec spec;
        spec.name = server->name("name", kMaxNameBytes);
        spec.gpus = static_cast<int>(server->integer("gpus", 1, kMaxGpusPerServer));
        spec.max_power_kw = optional_plausible(*server, "max_power_kw", kServerKw);
        profile.server = spec;
    }
    if (const auto match = top.optional_object("match")) {
        DeviceMatchRule rule;
        rule.name_regex = match->text("name_regex", kMaxNamePatternBytes);
        if (const auto problem = name_pattern_problem(rule.name_regex))
            match->fail("name_regex", *problem);
        rule.compute_units = optional_positive_int(*match, "compute_units", 1'000'000);
        profile.match = rule;
    }
    read_sources(top, profile);
    profile.confidence = top.string("confidence");
    if (!is_confidence_word(profile.confidence)) {
        top.fail("confidence",
                 "must be datasheet, secondary or estimate (got \"" + profile.confidence + "\")");
    }
    read_field_confidence(top, profile);
    profile.notes = top.optional_text("notes", kMaxNotesBytes).value_or("");
    return profile;
}

ProfileSet ProfileSet::load(const fs::path& profiles_dir) {
    ProfileSet set;
    set.directory_ = profiles_dir;
    const fs::path chips = profiles_dir / "chips";
    std::error_code ec;
    if (!fs::is_directory(chips, ec)) {
        throw InputError("profiles: '" + chips.string() + "' is not a directory");
    }
    std::vector<fs::path> files;
    for (const auto& entry : fs::directory_iterator(chips)) {
        if (entry.path().extension() == ".json") files.push_back(entry.path());
    }
    std::sort(files.begin(), files.end());
    if (files.empty()) throw InputError("profiles: no *.json files in '" + chips.string() + "'");

    // Each id and alias once, across files: one hash lookup per name, so loading is linear in
    // the number of profiles.
    for (const fs::path& file : files) {
        ChipProfile profile = load_profile(file);
        const std::size_t position = set.profiles_.size();
        std::vector<std::string> names = profile.aliases;
        names.insert(names.begin(), profile.id);
        for (std::size_t i = 0; i < names.size(); ++i) {
            const auto [it, inserted] = set.by_name_.emplace(to_lower(names[i]), position);
            if (!inserted) {
                const std::string field = i == 0 ? "id" : "aliases[" + std::to_string(i - 1) + "]";
                throw InputError(file.string() + ": profile '" + profile.id + "': field '" + field +
                                 "': '" + names[i] + "' is already used by " +
                                 set.profiles_[it->second].file.string());
            }
        }
        set.profiles_.push_back(std::move(profile));
    }
    return set;
}

const ChipProfile* ProfileSet::find(std::string_view id_or_alias) const {
    // An id as the estimator passes it is already its key: no copy to lowercase (a Monte-Carlo
    // estimate asks for the same few ids millions of times).
    if (const auto exact = by_name_.find(id_or_alias); exact != by_name_.end())
        return &profiles_[exact->second];
    const auto it = by_name_.find(to_lower(trim(id_or_alias)));
    return it == by_name_.end() ? nullptr : &profiles_[it->second];
}

std::vector<std::string> ProfileSet::closest(std::string_view name, std::size_t count) const {
    std::vector<std::pair<std::size_t, std::string>> scored;
    const std::string key = to_lower(name);
    for (const ChipProfile& profile : profiles_) {
        std::size_t best = edit_distance(key, to_lower(profile.id));
        for (const std::string& alias : profile.aliases)
            best = std::min(best, edit_distance(key, to_lower(alias)));
        scored.emplace_back(best, profile.id);
    }
    std::stable_sort(scored.begin(), scored.end());
    std::vector<std::string> out;
    for (std::size_t i = 0; i < scored.size() && i < count; ++i) out.push_back(scored[i].second);
    return out;
}

const ChipProfile& ProfileSet::get(std::string_view id_or_alias, const std::string& context) const {
    if (const ChipProfile* profile = find(id_or_alias)) return *profile;
    // Longer than any id or alias may be: no closest match to look for (an edit distance per
    // profile would take seconds on a megabyte).
    if (id_or_alias.size() > std::max(kMaxIdBytes, kMaxAliasBytes))
        throw InputError(context + ": unknown chip '" + excerpt(id_or_alias) + "' (" +
                         std::to_string(id_or_alias.size()) +
                         " bytes, longer than any chip id or alias)");
    std::string message = context + ": unknown chip '" + std::string(id_or_alias) + "'; closest: ";
    const auto near = closest(id_or_alias, 3);
    for (std::size_t i = 0; i < near.size(); ++i) message += (i ? ", " : "") + near[i];
    throw InputError(message + " ('chipcount profiles list' shows all)");
}

// Checked by hand: std::regex recurses per character and a long id would overflow the stack.
bool is_valid_profile_id(std::string_view id) {
    if (id.empty() || id.size() > kMaxProfileIdBytes || id.front() == '-' || id.back() == '-')
        return false;
    for (std::size_t i = 0; i < id.size(); ++i) {
        const char c = id[i];
        const bool alnum = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
        if (!alnum && !(c == '-' && id[i - 1] != '-')) return false;
    }
    return true;
}

bool device_matches(const DeviceMatchRule& rule, std::string_view device_name, int sm_count) {
    // CUDA names a device in at most 255 bytes; the patterns' bounds hold for names that long.
    const std::string name(device_name.substr(0, kMaxDeviceNameBytes));
    const std::regex pattern(rule.name_regex, std::regex::ECMAScript | std::regex::icase);
    if (!std::regex_search(name, pattern)) return false;
    return !rule.compute_units || *rule.compute_units == sm_count;
}

const ChipProfile* ProfileSet::match_device(std::string_view device_name, int sm_count) const {
    const ChipProfile* found = nullptr;
    int found_specificity = -1;
    bool ambiguous = false;
    for (const ChipProfile& profile : profiles_) {
        if (!profile.match || !device_matches(*profile.match, device_name, sm_count)) continue;
        const int specificity = profile.match->compute_units ? 1 : 0;
        if (specificity > found_specificity) {
            found = &profile;
            found_specificity = specificity;
            ambiguous = false;
        } else if (specificity == found_specificity) {
            ambiguous = true;
        }
    }
    return ambiguous ? nullptr : found;
}

fs::path find_profiles_dir(const std::optional<std::string>& option) {
    std::error_code ec;
    if (option) {
        if (!fs::is_directory(fs::path(*option) / "chips", ec)) {
            throw InputError("--profiles '" + *option + "': no 'chips' directory there");
        }
        return *option;
    }
    if (const char* env = std::getenv("CHIPCOUNT_PROFILES"); env != nullptr && *env != '\0') {
        if (!fs::is_directory(fs::path(env) / "chips", ec)) {
            throw InputError("CHIPCOUNT_PROFILES='" + std::string(env) +
                             "': no 'chips' directory there");
        }
        return env;
    }
    return bundled_profiles_dir();
}

fs::path bundled_profiles_dir() {
    std::error_code ec;
    std::vector<fs::path> candidates = {CHIPCOUNT_SOURCE_PROFILES_DIR,
                                        CHIPCOUNT_INSTALL_PROFILES_DIR};
    char exe[4096] = {};
    const ssize_t n = ::readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (n > 0)
        candidates.push_back(fs::path(std::string(exe, static_cast<std::size_t>(n))).parent_path() /
                             "../share/chipcount/profiles");
    for (const fs::path& candidate : candidates) {
        if (fs::is_directory(candidate / "chips", ec)) return candidate;
    }
    throw InputError("no chip profiles found: pass --profiles DIR or set CHIPCOUNT_PROFILES");
}

std::vector<std::string> cited_keys(std::string_view text) {
    const auto is_key_char = [](char c) {
        return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_';
    };
    std::vector<std::string> keys;
    for (std::size_t open = text.find('['); open != std::string_view::npos;
         open = text.find('[', open + 1)) {
        std::size_t end = open + 1;
        while (end < text.size() && is_key_char(text[end])) ++end;
        if (end > open + 1 && end < text.size() && text[end] == ']')
            keys.emplace_back(text.substr(open + 1, end - open - 1));
    }
    return keys;
}

}  // namespace chipcount
