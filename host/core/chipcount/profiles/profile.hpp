// Chip profiles (design §2, format chipcount.profile): per-chip dense peaks, memory, power and
// silicon figures, each with its source. Loaded from profiles/chips/*.json and validated.
#pragma once
#include <filesystem>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "chipcount/vocabulary.hpp"

namespace chipcount {

// GPUs in one server (or rack): a claim's gpus_per_server, a profile's server.gpus and the
// assumptions' default. A rack of 576 (NVL576) fits.
inline constexpr int kMaxGpusPerServer = 1000;

struct ServerSpec {
    std::string name;
    int gpus = 8;
    std::optional<double> max_power_kw;
};

struct DeviceMatchRule {
    std::string name_regex;            // searched in the CUDA device name, case-insensitively
    std::optional<int> compute_units;  // SM count that must agree, when given
};

// A profile id: lowercase vendor-model[-variant], groups of a-z and 0-9 joined by single dashes,
// at most kMaxProfileIdBytes. Such an id can name a folder: never "..", "/" or a dot file.
inline constexpr std::size_t kMaxProfileIdBytes = 64;
bool is_valid_profile_id(std::string_view id);

struct ChipProfile {
    std::string id;
    std::string vendor;
    std::string name;
    std::vector<std::string> aliases;
    bool datacenter = true;
    bool us_origin = true;
    std::map<Precision, double> peak_dense;  // TFLOPS (TOPS for int8), no 2:4 sparsity
    bool datasheet_headline_sparse = false;
    std::optional<double> memory_gb;
    std::optional<double> memory_bandwidth_tbs;
    std::optional<double> tdp_w;
    std::optional<double> interconnect_gbs;
    std::optional<double> die_area_mm2;
    std::optional<int> compute_units;
    std::optional<double> boost_clock_mhz;
    std::optional<double> peak_clock_mhz;  // SM clock behind the tensor peaks, when known
    std::optional<ServerSpec> server;
    std::optional<DeviceMatchRule> match;
    std::map<std::string, std::string> sources;     // field -> source, "[key] [key] note"
    std::map<std::string, std::string> references;  // key -> full citation
    std::string confidence;                         // datasheet | secondary | estimate
    // field -> its own confidence where it differs from the profile's (same field names as
    // `sources`; only fields the profile has a value for).
    std::map<std::string, std::string> field_confidence;
    std::string notes;
    std::filesystem::path file;

    std::optional<double> peak(Precision precision) const;
    // The clock the peaks are quoted at: peak_clock_mhz, else boost_clock_mhz.
    std::optional<double> reference_clock_mhz() const;
    // The confidence of one figure ("tdp_w", "server", ...): its field_confidence entry, else the
    // profile's confidence.
    std::string confidence_of(std::string_view field) const;
};

// The keys a source cites as "[key]" (letters, digits and '_'), in order: each must be a key of
// the file's `references`.
std::vector<std::string> cited_keys(std::string_view text);

// True for the three confidence words: datasheet, secondary, estimate.
bool is_confidence_word(std::string_view word);

// A device-name pattern (match.name_regex) is an ECMAScript regex searched case-insensitively,
// bounded so that no pattern can make matching slow or crash the loader: at most 64 bytes, at
// most two of *, + and ?, none applied to a group (no nested loops), no {n,m} and no
// back-references; device names are cut to CUDA's 255 bytes.
inline constexpr std::size_t kMaxNamePatternBytes = 64;
inline constexpr int kMaxNamePatternQuantifiers = 2;
inline constexpr std::size_t kMaxDeviceNameBytes = 255;
// Why a pattern breaks the rules above (or does not compile); nullopt when it is fine.
std::optional<std::string> name_pattern_problem(std::string_view pattern);
// True when a CUDA device fits `rule`: its name (cut to kMaxDeviceNameBytes) holds name_regex,
// case-insensitively, and its SM count is compute_units where the rule gives one. The one
// matcher: the runner picks a profile with it (ProfileSet::match_device) and publish checks the
// profile a result claims with it.
bool device_matches(const DeviceMatchRule& rule, std::string_view device_name, int sm_count);

// Reads and validates one profile file (InputError naming the file and field); its id must
// match the file name.
ChipProfile load_profile(const std::filesystem::path& path);
// The same from text; `expected_id` (the file's stem) is checked when given.
ChipProfile parse_profile(std::string_view text, const std::string& origin,
                          const std::optional<std::string>& expected_id);

class ProfileSet {
  public:
    // Loads every *.json under dir/chips and checks ids and aliases are unique across files.
    static ProfileSet load(const std::filesystem::path& profiles_dir);

    const std::vector<ChipProfile>& all() const { return profiles_; }
    const std::filesystem::path& directory() const { return directory_; }
    // By id or alias, case-insensitively; nullptr when unknown.
    const ChipProfile* find(std::string_view id_or_alias) const;
    // As find(), but an unknown name is an InputError that lists the closest ids and aliases.
    // `context` starts the message ("claims/x.json: claim 'a': field 'stated.chip'").
    const ChipProfile& get(std::string_view id_or_alias, const std::string& context) const;
    std::vector<std::string> closest(std::string_view name, std::size_t count) const;
    // The profile whose match rule fits a CUDA device; nullptr when none or ambiguous.
    const ChipProfile* match_device(std::string_view device_name, int sm_count) const;

  private:
    std::vector<ChipProfile> profiles_;
    std::filesystem::path directory_;
    // A hash that takes a string_view too, so that a lookup by id copies nothing.
    struct NameHash {
        using is_transparent = void;
        std::size_t operator()(std::string_view name) const {
            return std::hash<std::string_view>{}(name);
        }
    };
    // lowercase id or alias -> position
    std::unordered_map<std::string, std::size_t, NameHash, std::equal_to<>> by_name_;
};

// Where the profiles live: --profiles DIR, else $CHIPCOUNT_PROFILES, else the source tree the
// binary was built from, else <install prefix>/share/chipcount/profiles. InputError if none.
std::filesystem::path find_profiles_dir(const std::optional<std::string>& option);
// The profiles that ship with chipcount (the last two places above), whatever --profiles says;
// the bundled claims sit beside them, in ../claims. InputError if none.
std::filesystem::path bundled_profiles_dir();

}  // namespace chipcount
