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

// Plausibility caps: a value past these is a typo or a unit slip, not a chip.
constexpr double kMaxTflops = 1e6;
constexpr double kMaxMemoryGb = 1e5;
constexpr double kMaxBandwidthTbs = 1e3;
constexpr double kMaxWatts = 1e5;
constexpr double kMaxAreaMm2 = 1e5;
constexpr double kMaxClockMhz = 1e5;

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

void read_sources(const FieldReader& top, ChipProfile& profile) {
    const FieldReader sources = top.object("sources");
    for (const auto& [key, value] : sources.raw().items()) {
        if (!value.is_string() || value.get<std::string>().empty()) {
            sources.fail(key, "must be a non-empty string naming the source");
        }
        profile.sources[key] = value.get<std::string>();
    }
    if (top.has("references")) {
        const FieldReader references = top.object("references");
        for (const auto& [key, value] : references.raw().items()) {
            if (!value.is_string() || value.get<std::string>().empty()) {
                references.fail(key, "must be a non-empty citation string");
            }
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
    static const std::regex key_pattern(R"(\[([A-Za-z0-9_]+)\])");
    for (const auto& [field, text] : profile.sources) {
        for (std::sregex_iterator it(text.begin(), text.end(), key_pattern), end; it != end; ++it) {
            const std::string key = (*it)[1];
            if (profile.references.count(key) == 0) {
                top.fail("sources." + field, "cites [" + key + "], which is not in 'references'");
            }
        }
    }
}

}  // namespace

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
    static const std::regex id_pattern("^[a-z0-9]+(-[a-z0-9]+)*$");
    if (!std::regex_match(profile.id, id_pattern)) {
        first.fail("id",
                   "'" + profile.id + "' must be lowercase vendor-model[-variant] (a-z, 0-9, '-')");
    }
    if (expected_id && *expected_id != profile.id) {
        first.fail("id",
                   "'" + profile.id + "' does not match the file name '" + *expected_id + ".json'");
    }
    const FieldReader top(document, origin, "profile '" + profile.id + "'");
    profile.vendor = top.string("vendor");
    profile.name = top.string("name");
    profile.aliases = top.string_array("aliases");
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
        profile.peak_dense[*precision] = peaks.positive_value(value, name, kMaxTflops);
    }
    if (profile.peak_dense.empty()) top.fail("peak_dense", "must name at least one precision");

    profile.memory_gb = top.optional_positive("memory_gb", kMaxMemoryGb);
    profile.memory_bandwidth_tbs = top.optional_positive("memory_bandwidth_tbs", kMaxBandwidthTbs);
    profile.tdp_w = top.optional_positive("tdp_w", kMaxWatts);
    profile.interconnect_gbs = top.optional_positive("interconnect_gbs", 1e6);
    profile.die_area_mm2 = top.optional_positive("die_area_mm2", kMaxAreaMm2);
    profile.compute_units = optional_positive_int(top, "compute_units", 1'000'000);
    profile.boost_clock_mhz = top.optional_positive("boost_clock_mhz", kMaxClockMhz);
    profile.peak_clock_mhz = top.optional_positive("peak_clock_mhz", kMaxClockMhz);
    if (const auto server = top.optional_object("server")) {
        ServerSpec spec;
        spec.name = server->string("name");
        spec.gpus = positive_int(*server, "gpus", 100'000);
        spec.max_power_kw = server->optional_positive("max_power_kw", 1e5);
        profile.server = spec;
    }
    if (const auto match = top.optional_object("match")) {
        DeviceMatchRule rule;
        rule.name_regex = match->string("name_regex");
        try {
            std::regex check(rule.name_regex, std::regex::ECMAScript | std::regex::icase);
        } catch (const std::regex_error& e) {
            match->fail("name_regex", std::string("not a valid regular expression: ") + e.what());
        }
        rule.compute_units = optional_positive_int(*match, "compute_units", 1'000'000);
        profile.match = rule;
    }
    read_sources(top, profile);
    profile.confidence = top.string("confidence");
    if (profile.confidence != "datasheet" && profile.confidence != "secondary" &&
        profile.confidence != "estimate") {
        top.fail("confidence",
                 "must be datasheet, secondary or estimate (got \"" + profile.confidence + "\")");
    }
    profile.notes = top.optional_string("notes").value_or("");
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

    std::map<std::string, std::string> owner;  // lowercase id or alias -> file that defines it
    for (const fs::path& file : files) {
        ChipProfile profile = load_profile(file);
        std::vector<std::string> names = profile.aliases;
        names.insert(names.begin(), profile.id);
        for (std::size_t i = 0; i < names.size(); ++i) {
            const std::string key = to_lower(names[i]);
            const auto [it, inserted] = owner.emplace(key, file.string());
            if (!inserted) {
                const std::string field = i == 0 ? "id" : "aliases[" + std::to_string(i - 1) + "]";
                throw InputError(file.string() + ": profile '" + profile.id + "': field '" + field +
                                 "': '" + names[i] + "' is already used by " + it->second);
            }
        }
        set.profiles_.push_back(std::move(profile));
    }
    for (const auto& [name, file] : owner) {
        for (std::size_t i = 0; i < set.profiles_.size(); ++i) {
            if (set.profiles_[i].file.string() == file) set.by_name_.emplace(name, i);
        }
    }
    return set;
}

const ChipProfile* ProfileSet::find(std::string_view id_or_alias) const {
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
    std::string message = context + ": unknown chip '" + std::string(id_or_alias) + "'; closest: ";
    const auto near = closest(id_or_alias, 3);
    for (std::size_t i = 0; i < near.size(); ++i) message += (i ? ", " : "") + near[i];
    throw InputError(message + " ('chipcount profiles list' shows all)");
}

const ChipProfile* ProfileSet::match_device(std::string_view device_name, int sm_count) const {
    const ChipProfile* found = nullptr;
    int found_specificity = -1;
    bool ambiguous = false;
    const std::string name(device_name);
    for (const ChipProfile& profile : profiles_) {
        if (!profile.match) continue;
        const std::regex pattern(profile.match->name_regex,
                                 std::regex::ECMAScript | std::regex::icase);
        if (!std::regex_search(name, pattern)) continue;
        if (profile.match->compute_units && *profile.match->compute_units != sm_count) continue;
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

}  // namespace chipcount
