// What makes a result publishable: a name built from validated parts only, a measurement that
// passed, and figures that are neither absurd nor different from what the samples give. A
// published file is evidence others cite, so publish refuses a file that lies rather than
// quietly correcting it.
#include <algorithm>
#include <cmath>
#include <set>

#include "chipcount/base/errors.hpp"
#include "chipcount/base/text.hpp"
#include "chipcount/benchmark/compare.hpp"
#include "chipcount/benchmark/publish.hpp"
#include "chipcount/io/json_read.hpp"

namespace chipcount {
namespace {

using ojson = nlohmann::ordered_json;

// A figure for a message, at any magnitude.
std::string figure(double value) {
    return json(value).dump();
}

[[noreturn]] void refuse(const std::string& origin, const std::string& field,
                         const std::string& why) {
    throw InputError(origin + ": field '" + field + "': " + why);
}

// A case as messages name it: its position in the file and what it measured.
template <class Case>
std::string case_field(const Case& c, std::size_t position) {
    return "results[" + std::to_string(c.file_index.value_or(position)) + "] (" + case_key(c) + ")";
}

// --- The published name: each part validated, so that the path can only land in its place.

bool is_lower_hex(char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
}

int number_at(const std::string& text, std::size_t at, std::size_t digits) {
    return std::stoi(text.substr(at, digits));
}

int days_in_month(int year, int month) {
    static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    return month == 2 && leap ? 29 : kDays[month - 1];
}

// True for a UTC timestamp as chipcount writes them: 2026-01-01T00:00:00Z, optionally with
// fractional seconds (".123"), every part in its calendar range.
bool is_utc_timestamp(const std::string& text) {
    static const std::string kShape = "dddd-dd-ddTdd:dd:dd";
    if (text.size() > kShape.size() + 11 || !starts_with_shape(text, kShape)) return false;
    std::size_t at = kShape.size();
    if (at == text.size()) return false;
    if (text[at] == '.') {
        const std::size_t first = ++at;
        while (at < text.size() && is_ascii_digit(text[at])) ++at;
        if (at == first) return false;
    }
    if (at + 1 != text.size() || text[at] != 'Z') return false;
    const int year = number_at(text, 0, 4), month = number_at(text, 5, 2);
    if (month < 1 || month > 12) return false;
    const int day = number_at(text, 8, 2);
    return day >= 1 && day <= days_in_month(year, month) && number_at(text, 11, 2) < 24 &&
           number_at(text, 14, 2) < 60 && number_at(text, 17, 2) <= 60;  // 60: a leap second
}

bool is_git_sha(const std::string& text) {
    return text.size() >= 7 && text.size() <= 40 &&
           std::all_of(text.begin(), text.end(), is_lower_hex);
}

const ChipProfile& published_profile(const ResultDocument& r, const std::string& origin,
                                     const ProfileSet& profiles) {
    if (!r.profile_id) {
        refuse(origin, "device.profile",
               "the GPU matched no chip profile; add or fix a profile before publishing");
    }
    // Exactly as a profile spells it: the lookup forgives white space, a published name does not.
    const std::string& stated = *r.profile_id;
    const bool control = has_invisible_control(stated);
    if (control || trim(stated) != stated) {
        refuse(origin, "device.profile",
               "must be a profile id or alias as written, without control characters or "
               "surrounding white space (got " +
                   describe_json_value(stated) + ")");
    }
    const ChipProfile& profile = profiles.get(stated, origin + ": field 'device.profile'");
    // The loader allows no other id; checked again because the id names the folder written to.
    if (!is_valid_profile_id(profile.id)) {
        refuse(origin, "device.profile",
               "profile id " + describe_json_value(profile.id) +
                   " cannot name a folder (lowercase letters and digits joined by hyphens)");
    }
    return profile;
}

// --- The device: figures in plausible ranges, and a GPU that the claimed profile's match rule
// fits (device_matches, the runner's own matcher), so that no measurement is filed under a chip
// it was not taken on.

void check_device_figures(const FieldReader& device) {
    const auto whole = [&](const char* key, std::int64_t min, std::int64_t max) {
        if (device.has(key)) device.integer(key, min, max);
    };
    whole("index", 0, kMaxDeviceIndex);
    whole("sm_count", 1, kMaxDeviceComputeUnits);
    whole("max_sm_clock_mhz", 0, kMaxDeviceClockMhz);  // 0: CUDA did not say
    whole("memory_clock_mhz", 0, kMaxDeviceClockMhz);
    whole("memory_bus_width_bits", 0, kMaxDeviceBusWidthBits);
    device.optional_plausible("memory_bytes", kMinDeviceMemoryBytes, kMaxDeviceMemoryBytes);
    device.optional_non_negative("l2_bytes", kMaxDeviceMemoryBytes);
    device.optional_plausible("power_limit_w", kMinDevicePowerW, kMaxDevicePowerW);
}

void check_device(const json& doc, const ChipProfile& profile, const std::string& origin) {
    const FieldReader device(doc["device"], origin, "", "device.");
    check_device_figures(device);
    if (!profile.match) {
        refuse(origin, "device.profile",
               "profile " + profile.id +
                   " has no device match rule (match.name_regex), so no result can claim it: "
                   "publish files a measurement only under a profile its GPU matches");
    }
    const DeviceMatchRule& rule = *profile.match;
    const std::string name = device.string("name");
    const std::string rule_text =
        "name_regex " + describe_json_value(rule.name_regex) +
        (rule.compute_units ? ", compute_units " + std::to_string(*rule.compute_units) : "");
    if (rule.compute_units && !device.has("sm_count")) {
        device.fail("sm_count", "missing: profile " + profile.id + "'s match rule (" + rule_text +
                                    ") needs the GPU's SM count");
    }
    const int sm_count =
        device.has("sm_count")
            ? static_cast<int>(device.integer("sm_count", 1, kMaxDeviceComputeUnits))
            : 0;
    if (!device_matches(rule, name, sm_count)) {
        refuse(origin, "device.name",
               describe_json_value(name) +
                   (rule.compute_units ? " with sm_count " + std::to_string(sm_count) : "") +
                   " does not fit profile " + profile.id + "'s match rule (" + rule_text +
                   "), so device.profile cannot be " + profile.id +
                   ": a result is published under the profile its GPU matches");
    }
}

// --- The document: only the fields chipcount writes at its top level, and no figure anywhere
// (the open provenance objects tool, run and device included) negative or not finite.

void check_top_level(const json& doc, const std::string& origin) {
    static const std::set<std::string> kKeys = {"format", "version", "tool",    "run",
                                                "device", "results", "summary", "notes"};
    for (const auto& [key, value] : doc.items()) {
        if (!kKeys.count(key)) {
            refuse(origin, key,
                   "is not a field of chipcount.result (it holds " + describe_json_value(value) +
                       "); publish takes only fields it checks");
        }
    }
    for (const std::string& key : kKeys) {
        if (!doc.contains(key) || doc[key].is_null())
            refuse(origin, key, "missing: chipcount writes it in every result");
    }
}

// The few figures that are signed by nature: an output element and its reference, the sum of an
// output, and a trend (throughput falling through a soak is negative).
bool is_signed_field(const std::string& field) {
    static const char* const kSigned[] = {".validation.worst.value", ".validation.worst.reference",
                                          ".validation.checksum", ".method.plateau.trend_per_minute"};
    return std::any_of(std::begin(kSigned), std::end(kSigned),
                       [&](const char* suffix) { return field.ends_with(suffix); });
}

void check_no_negative(const json& value, const std::string& field, const std::string& origin) {
    if (value.is_number()) {
        const double x = value.get<double>();
        if (!std::isfinite(x) || (x < 0 && !is_signed_field(field))) {
            refuse(origin, field,
                   "must be a finite number, not negative (got " + describe_json_value(value) +
                       "); no figure chipcount writes is signed");
        }
    } else if (value.is_object()) {
        for (const auto& [key, v] : value.items())
            check_no_negative(v, field.empty() ? key : field + "." + key, origin);
    } else if (value.is_array()) {
        for (std::size_t i = 0; i < value.size(); ++i)
            check_no_negative(value[i], field + "[" + std::to_string(i) + "]", origin);
    }
}

void name_parts(const ResultDocument& r, const std::string& origin, PublishableResult& out) {
    const std::string started = r.run["started_at"].get<std::string>();  // a string: the reader
    if (!is_utc_timestamp(started)) {
        refuse(origin, "run.started_at",
               "must be a UTC timestamp such as 2026-01-01T00:00:00Z (got " +
                   describe_json_value(started) + ")");
    }
    const std::string sha = r.tool["git_sha"].get<std::string>();
    if (!is_git_sha(sha)) {
        refuse(origin, "tool.git_sha",
               "must be the git commit chipcount was built from, 7 to 40 lowercase hex digits "
               "(got " +
                   describe_json_value(sha) + "); publish results of a build from a git checkout");
    }
    out.date = started.substr(0, 10);
    out.git_sha = sha;
}

// --- The measurement: no failed case, verdicts that follow from the figures.

std::string failed_case(const std::string& reason) {
    return "the case failed (" + (reason.empty() ? std::string("no reason given") : reason) +
           "); a run with a failed case is not published";
}

void check_gemm_validation(const GemmCase& c, const std::string& field, const std::string& origin) {
    if (!c.validation || !c.validation->passed)
        refuse(origin, field + ".validation.passed", "validation did not pass");
    const ValidationResult& v = *c.validation;
    const double limit = validation_tolerance(c.precision, c.shape.k);
    if (v.tolerance > limit) {
        refuse(origin, field + ".validation.tolerance",
               figure(v.tolerance) + " is looser than chipcount's tolerance for " +
                   std::string(precision_name(c.precision)) + " (" + figure(limit) + ")");
    }
    if (v.rel_error > v.tolerance) {
        refuse(origin, field + ".validation.passed",
               "states true, but rel_error " + figure(v.rel_error) + " is over the tolerance " +
                   figure(v.tolerance));
    }
    if (v.unwritten != 0) {
        refuse(origin, field + ".validation.passed",
               "states true, but " + std::to_string(v.unwritten) + " elements were never written");
    }
}

void check_measured(const ResultDocument& r, const std::string& origin) {
    std::size_t ok = 0;
    for (std::size_t i = 0; i < r.gemm.size(); ++i) {
        const GemmCase& c = r.gemm[i];
        const std::string field = case_field(c, i);
        if (c.status == CaseStatus::kFailed)
            refuse(origin, field + ".status", failed_case(c.reason));
        if (c.status != CaseStatus::kOk) continue;
        ++ok;
        check_gemm_validation(c, field, origin);
    }
    for (std::size_t j = 0; j < r.bandwidth.size(); ++j) {
        const BandwidthCase& b = r.bandwidth[j];
        const std::string field = case_field(b, r.gemm.size() + j);
        if (b.status == CaseStatus::kFailed)
            refuse(origin, field + ".status", failed_case(b.reason));
        if (b.status != CaseStatus::kOk) continue;
        ++ok;
        if (!b.validation_passed || b.errors != 0)
            refuse(origin, field + ".validation.passed", "validation did not pass");
    }
    if (ok == 0) refuse(origin, "results", "no case measured; nothing to publish");
}

// --- Plausibility: nothing over kMaxTimesDatasheet x what the profile's datasheet gives.

// The datasheet rate a GEMM case is bounded by: its precision's, or where the profile has none
// (an fp64 run on a chip without a published fp64 rate), the chip's fastest at any precision.
std::optional<double> gemm_bound(const ChipProfile& p, Precision precision) {
    if (const auto peak = datasheet_peak(p, precision)) return peak;
    std::optional<double> fastest;
    for (const auto& [_, rate] : p.peak_dense) fastest = std::max(fastest.value_or(rate), rate);
    return fastest;
}

void check_plausible(const ResultDocument& r, const ChipProfile& p, const std::string& origin) {
    const std::string times = std::to_string(kMaxTimesDatasheet) + "x ";
    for (std::size_t i = 0; i < r.gemm.size(); ++i) {
        const GemmCase& c = r.gemm[i];
        if (c.status != CaseStatus::kOk) continue;
        const auto bound = gemm_bound(p, c.precision);
        if (!bound)
            refuse(origin, case_field(c, i),
                   "profile " + p.id + " gives no peak to check it against");
        if (*c.tflops_max() > kMaxTimesDatasheet * *bound) {
            refuse(origin, case_field(c, i) + ".timing.samples_ms",
                   "the fastest iteration gives " + figure(*c.tflops_max()) + " TFLOPS, over " +
                       times + "the datasheet peak of " + p.id + " (" + figure(*bound) + ")");
        }
    }
    for (std::size_t j = 0; j < r.bandwidth.size(); ++j) {
        const BandwidthCase& b = r.bandwidth[j];
        if (b.status != CaseStatus::kOk) continue;
        const std::string field = case_field(b, r.gemm.size() + j);
        if (!p.memory_bandwidth_tbs) {
            refuse(origin, field,
                   "profile " + p.id + " gives no memory bandwidth to check the figure against");
        }
        if (*b.tbs_max() > kMaxTimesDatasheet * *p.memory_bandwidth_tbs) {
            refuse(origin, field + ".timing.samples_ms",
                   "the fastest iteration moves " + figure(*b.tbs_max()) + " TB/s, over " + times +
                       "the datasheet memory bandwidth of " + p.id + " (" +
                       figure(*p.memory_bandwidth_tbs) + ")");
        }
    }
}

// --- Stated figures: each must be what chipcount derives, key by key where the file states one.

class StatedFigures {
  public:
    StatedFigures(std::string origin, std::string source)
        : origin_(std::move(origin)), source_(std::move(source)) {}

    // Walks what the file states beside what chipcount derives (results/schema/result.schema.json
    // says the same). Every object is closed: a key chipcount does not write there is refused, so
    // that no figure reaches the published tree unchecked. A figure left out, or stated as null,
    // is left alone (an omission is not a lie), but a null block, text, flag or count is refused.
    void compare(const json& stated, const ojson& derived, const std::string& field) const {
        if (stated.is_null()) {
            if (derived.is_null() || (derived.is_number() && !derived.is_number_integer())) return;
            refuse(origin_, field,
                   "is null, but chipcount writes " + describe_json_value(json(derived)) +
                       " here from " + source_);
        }
        if (derived.is_object()) {
            if (!stated.is_object()) refuse(origin_, field, "must be a JSON object");
            for (const auto& [key, value] : stated.items()) {
                const auto it = derived.find(key);
                if (it == derived.end()) {
                    refuse(origin_, field + "." + key,
                           "is not a field chipcount writes there (it holds " +
                               describe_json_value(value) +
                               "); publish takes only fields it checks against " + source_);
                }
                compare(value, *it, field + "." + key);
            }

        } else if (derived.is_null()) {
            refuse(origin_, field,
                   "states " + describe_json_value(stated) + ", but " + source_ + " give none");
        } else if (derived.is_number()) {
            compare_number(stated, derived, field);
        } else if (derived.is_string() && stated != json(derived)) {
            refuse(origin_, field,
                   "states " + describe_json_value(stated) + ", but " + source_ + " give " +
                       describe_json_value(json(derived)));
        }
    }

  private:
    void compare_number(const json& stated, const ojson& derived, const std::string& field) const {
        if (!stated.is_number())
            refuse(origin_, field, "must be a number (got " + describe_json_value(stated) + ")");
        const double s = stated.get<double>(), d = derived.get<double>();
        if (s < 0 && d >= 0) refuse(origin_, field, "must not be negative (got " + figure(s) + ")");
        // A count (chipcount writes a whole number) is compared exactly: 2.5 is no count.
        const bool exact = derived.is_number_integer();
        const bool agrees =
            exact ? s == d
                  : std::fabs(s - d) <=
                        kStatedFigureTolerance * std::max(std::fabs(s), std::fabs(d)) + 1e-12;
        if (!agrees) {
            refuse(origin_, field,
                   "states " + figure(s) + ", but " + source_ + " give " + figure(d));
        }
    }

    std::string origin_, source_;
};

// The summary as stated, its profile named by the canonical id when it names this one by alias.
json stated_summary(const json& doc, const ChipProfile& p, const ProfileSet& profiles) {
    json summary = doc["summary"];
    if (summary.is_object() && summary.contains("profile") && summary["profile"].is_string() &&
        profiles.find(summary["profile"].get<std::string>()) == &p)
        summary["profile"] = p.id;
    return summary;
}

// Every case and the summary against the document chipcount would write from the same samples
// (its profile by canonical id).
void check_stated(const json& doc, const ResultDocument& derived_doc, const ChipProfile& p,
                  const ProfileSet& profiles, const std::string& origin) {
    const ojson derived = result_json(derived_doc, &p);
    const StatedFigures by_samples(origin, "its samples and the profile");
    const json& results = doc["results"];
    std::size_t position = 0;
    const auto compare_case = [&](const auto& c) {
        by_samples.compare(results[*c.file_index], derived["results"][position],
                           case_field(c, position));
        ++position;
    };
    for (const GemmCase& c : derived_doc.gemm) compare_case(c);
    for (const BandwidthCase& b : derived_doc.bandwidth) compare_case(b);
    StatedFigures(origin, "the cases")
        .compare(stated_summary(doc, p, profiles), derived["summary"], "summary");
}

// The efficiencies against this profile, whatever the file stated.
void recompute_efficiency(ResultDocument& r, const ChipProfile& p) {
    for (GemmCase& c : r.gemm) {
        c.vs_datasheet.reset();
        c.vs_clock_peak.reset();
        c.ratio_to_cublaslt.reset();
    }
    for (BandwidthCase& b : r.bandwidth) b.vs_datasheet.reset();
    apply_efficiency(r, &p);
}

}  // namespace

std::string PublishableResult::relative_path() const {
    return profile->id + "/" + date + "-" + git_sha.substr(0, 7) + ".json";
}

PublishableResult read_publishable(std::string_view text, const std::string& origin,
                                   const ProfileSet& profiles) {
    const json doc = parse_json_text(text, origin);
    PublishableResult out;
    out.document = read_result(doc, origin);
    check_top_level(doc, origin);
    out.profile = &published_profile(out.document, origin, profiles);
    check_device(doc, *out.profile, origin);
    name_parts(out.document, origin, out);
    check_measured(out.document, origin);
    check_plausible(out.document, *out.profile, origin);
    out.document.profile_id = out.profile->id;
    recompute_efficiency(out.document, *out.profile);
    check_stated(doc, out.document, *out.profile, profiles, origin);
    check_no_negative(doc, "", origin);  // the backstop, after the checks that say more
    return out;
}

}  // namespace chipcount
