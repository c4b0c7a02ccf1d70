#include "chipcount/estimate/claims.hpp"

#include <cmath>
#include <cstdint>
#include <unordered_map>

#include "chipcount/base/errors.hpp"
#include "chipcount/base/units.hpp"
#include "chipcount/io/files.hpp"
#include "chipcount/io/json_read.hpp"
#include "chipcount/io/sha256.hpp"

namespace chipcount {
namespace {

double whole_count(const FieldReader& reader, std::string_view key, double max) {
    const double value = reader.positive(key, max);
    if (std::floor(value) != value) {
        reader.fail(std::string(key), "must be a whole number (got " +
                                          describe_json_value(reader.raw()[std::string(key)]) +
                                          ")");
    }
    return value;
}

// The shorthand "compute": "4000 P" or "power": "100 MW".
Quantity read_quantity(const FieldReader& stated, std::string_view key, const char* example) {
    const json& raw = stated.required(key);
    std::string problem;
    const auto quantity = parse_quantity(raw.get<std::string>(), &problem);
    if (!quantity) {
        stated.fail(std::string(key),
                    "expected a number and a unit such as \"" + std::string(example) + "\" (got " +
                        describe_json_value(raw) + ")" + (problem.empty() ? "" : ": " + problem));
    }
    return *quantity;
}

// The stated figures as the reader understood them, echoed in the estimate: the known fields
// only, so that the echo stays about as large as what was read (an unknown field may hold
// anything, such as ten thousand nested arrays that an indented dump would make quadratic).
nlohmann::ordered_json echo_of(const json& stated) {
    using ojson = nlohmann::ordered_json;
    // A null field was read as absent (FieldReader::has), so it is left out here too.
    const auto given = [](const json& from, const char* key) {
        return from.contains(key) && !from[key].is_null();
    };
    const auto copy = [&given](const json& from, std::initializer_list<const char*> keys) {
        ojson to = ojson::object();
        for (const char* key : keys) {
            if (given(from, key)) to[key] = ojson::parse(from[key].dump());
        }
        return to;
    };
    ojson out = copy(stated, {"chips", "servers", "gpus_per_server", "chip"});
    // compute and power are an object or the shorthand string, both already read.
    if (given(stated, "compute")) {
        const json& compute = stated["compute"];
        out["compute"] = compute.is_object()
                             ? copy(compute, {"value", "unit", "precision", "sparsity"})
                             : ojson(compute.get<std::string>());
    }
    if (given(stated, "power")) {
        const json& power = stated["power"];
        out["power"] = power.is_object() ? copy(power, {"value", "unit", "basis"})
                                         : ojson(power.get<std::string>());
    }
    return out;
}

ComputeStatement read_compute(const FieldReader& stated) {
    ComputeStatement compute;
    const json& raw = stated.required("compute");
    if (raw.is_string()) {
        // Shorthand: "compute": "4000 P"
        const Quantity quantity = read_quantity(stated, "compute", "4000 P");
        compute.value = quantity.value;
        compute.unit = quantity.unit;
    } else {
        const FieldReader reader = stated.object("compute");
        compute.value = reader.positive("value", 1e15);
        compute.unit = reader.string("unit");
        if (const auto precision = reader.optional_string("precision")) {
            const auto parsed = parse_precision(*precision);
            if (!parsed)
                reader.fail("precision", "unknown precision \"" + *precision +
                                             "\" (known: " + precision_list() + ")");
            compute.precision = *parsed;
        }
        compute.sparsity =
            reader.optional_enum("sparsity", kSparsityNames).value_or(Sparsity::kUnknown);
    }
    const auto factor = compute_unit_to_pflops(compute.unit);
    if (!factor)
        stated.fail("compute.unit", "unknown unit \"" + compute.unit + "\"" +
                                        unit_case_hint(compute.unit) +
                                        " (known: " + std::string(kComputeUnits) + ")");
    compute.pflops = compute.value * *factor;
    if (compute.pflops > kMaxPflops) {
        stated.fail("compute.value", "value " + describe_json_value(compute.value) + " " +
                                         compute.unit +
                                         " is not plausible (the limit is 10,000 EFLOPS)");
    }
    return compute;
}

PowerStatement read_power(const FieldReader& stated) {
    PowerStatement power;
    const json& raw = stated.required("power");
    if (raw.is_string()) {
        const Quantity quantity = read_quantity(stated, "power", "100 MW");
        power.value = quantity.value;
        power.unit = quantity.unit;
    } else {
        const FieldReader reader = stated.object("power");
        power.value = reader.positive("value", 1e15);
        power.unit = reader.string("unit");
        power.basis =
            reader.optional_enum("basis", kPowerBasisNames).value_or(PowerBasis::kUnknown);
    }
    const auto factor = power_unit_to_mw(power.unit);
    if (!factor)
        stated.fail("power.unit", "unknown unit \"" + power.unit + "\"" +
                                      unit_case_hint(power.unit) +
                                      " (known: " + std::string(kPowerUnits) + ")");
    power.mw = power.value * *factor;
    if (power.mw > kMaxMw)
        stated.fail("power.value", "value " + describe_json_value(power.value) + " " + power.unit +
                                       " is not plausible (the limit is 1 TW)");
    return power;
}

Claim read_claim(const json& raw, const std::string& origin, std::size_t index,
                 const ProfileSet& profiles) {
    const std::string position = "claims[" + std::to_string(index) + "]";
    const FieldReader anonymous(raw, origin, position);
    Claim claim;
    claim.id = anonymous.name("id", kMaxClaimIdBytes);
    if (claim.id.empty()) anonymous.fail("id", "must not be empty");
    const FieldReader reader(raw, origin, "claim '" + claim.id + "'");
    claim.name = reader.optional_name("name", kMaxClaimNameBytes).value_or(claim.id);
    claim.region = reader.optional_name("region", kMaxClaimRegionBytes).value_or("");
    claim.source = reader.optional_text("source", kMaxClaimSourceBytes).value_or("");
    claim.notes = reader.optional_text("notes", kMaxClaimNotesBytes).value_or("");
    claim.part_of = reader.optional_name("part_of", kMaxClaimIdBytes);
    if (const auto cover = reader.optional_string("parts_cover")) {
        if (*cover != "all" && *cover != "some")
            reader.fail("parts_cover", "must be all or some (got \"" + *cover + "\")");
        claim.parts_cover_all = *cover == "all";
    }

    const FieldReader stated = reader.object("stated");
    Stated& s = claim.stated;
    if (stated.has("chips")) s.chips = whole_count(stated, "chips", kMaxChips);
    if (stated.has("servers")) s.servers = whole_count(stated, "servers", kMaxServers);
    if (stated.has("gpus_per_server"))
        s.gpus_per_server =
            static_cast<int>(stated.integer("gpus_per_server", 1, kMaxGpusPerServer));
    if (const auto chip = stated.optional_string("chip")) {
        s.chip = profiles.get(*chip, origin + ": claim '" + claim.id + "': field 'stated.chip'").id;
    }
    if (stated.has("compute")) s.compute = read_compute(stated);
    if (stated.has("power")) s.power = read_power(stated);
    if (!s.chips && !s.servers && !s.compute && !s.power) {
        reader.fail("stated", "states nothing: give chips, servers, compute or power");
    }
    if ((s.chips || s.servers) && !s.chip)
        stated.fail("chip", "required with chips or servers (which chip?)");
    if (s.gpus_per_server && !s.servers)
        stated.fail("gpus_per_server", "only meaningful with servers");
    claim.stated_json = echo_of(stated.raw());  // after the reads above: every field is valid
    return claim;
}

}  // namespace

ClaimBasis Claim::basis() const {
    if (stated.chips) return ClaimBasis::kChips;
    if (stated.servers) return ClaimBasis::kServers;
    if (stated.compute) return ClaimBasis::kCompute;
    return ClaimBasis::kPower;
}

void link_claims(ClaimSet& set) {
    std::unordered_map<std::string, std::size_t> index;  // id -> position
    index.reserve(set.claims.size());
    for (std::size_t i = 0; i < set.claims.size(); ++i) {
        if (!index.emplace(set.claims[i].id, i).second) {
            throw InputError(set.origin + ": claim '" + set.claims[i].id +
                             "': field 'id': duplicate id");
        }
    }
    std::vector<std::size_t> parent(set.claims.size(), SIZE_MAX);
    for (std::size_t i = 0; i < set.claims.size(); ++i) {
        Claim& claim = set.claims[i];
        if (!claim.part_of) continue;
        const auto it = index.find(*claim.part_of);
        if (it == index.end()) {
            throw InputError(set.origin + ": claim '" + claim.id +
                             "': field 'part_of': no claim with id '" + *claim.part_of + "'");
        }
        parent[i] = it->second;
        set.claims[it->second].parts.push_back(i);
    }
    // Every chain of part_of must end at a top-level claim. Each claim is walked at most once:
    // 0 unvisited, 1 on the current walk, 2 known to end well. Meeting a 1 again is a loop.
    std::vector<unsigned char> state(set.claims.size(), 0);
    std::vector<std::size_t> path;
    for (std::size_t start = 0; start < set.claims.size(); ++start) {
        path.clear();
        std::size_t at = start;
        while (at != SIZE_MAX && state[at] == 0) {
            state[at] = 1;
            path.push_back(at);
            at = parent[at];
        }
        if (at != SIZE_MAX && state[at] == 1) {
            const Claim& claim = set.claims[at];
            throw InputError(set.origin + ": claim '" + claim.id +
                             "': field 'part_of': the chain of part_of from '" + claim.id +
                             "' loops and never reaches a top-level claim");
        }
        for (const std::size_t i : path) state[i] = 2;
    }
}

ClaimSet parse_claims(const std::string& text, const std::string& origin,
                      const ProfileSet& profiles) {
    const json document = parse_json_text(text, origin);
    check_format(document, origin, "chipcount.claims", 1);
    const FieldReader top(document, origin, "");
    ClaimSet set;
    set.origin = origin;
    set.sha256 = sha256_hex(text);
    set.title = top.optional_text("title", kMaxClaimSourceBytes).value_or("");
    const json& claims = top.required("claims");
    if (!claims.is_array()) top.fail("claims", "must be an array");
    if (claims.empty()) top.fail("claims", "is empty: nothing to estimate");
    for (std::size_t i = 0; i < claims.size(); ++i)
        set.claims.push_back(read_claim(claims[i], origin, i, profiles));
    link_claims(set);
    return set;
}

ClaimSet inline_claims(const InlineClaim& flags, const ProfileSet& profiles) {
    const auto number = [](const std::string& flag, const std::string& text) {
        const auto value = parse_count(text);
        if (!value)
            throw UsageError("--" + flag +
                             ": expected a count: digits, optionally with thousands commas "
                             "(4000 or 4,000), not zero (got '" +
                             text + "')");
        return *value;
    };
    const auto quantity = [](const std::string& flag, const std::string& text,
                             const char* example) {
        std::string problem;
        const auto parsed = parse_quantity(text, &problem);
        if (!parsed)
            throw UsageError("--" + flag + ": expected a number and a unit such as \"" + example +
                             "\" (got '" + text + "')" + (problem.empty() ? "" : ": " + problem));
        return json{{"value", parsed->value}, {"unit", parsed->unit}};
    };
    json stated = json::object();
    if (flags.chips) stated["chips"] = number("chips", *flags.chips);
    if (flags.servers) stated["servers"] = number("servers", *flags.servers);
    if (flags.gpus_per_server)
        stated["gpus_per_server"] = number("gpus-per-server", *flags.gpus_per_server);
    if (flags.chip) stated["chip"] = *flags.chip;
    if (flags.compute) {
        json compute = quantity("compute", *flags.compute, "4000 P");
        compute["precision"] = flags.precision;
        compute["sparsity"] = flags.sparsity;
        stated["compute"] = compute;
    }
    if (flags.power) {
        json power = quantity("power", *flags.power, "100 MW");
        power["basis"] = flags.power_basis;
        stated["power"] = power;
    }
    const json document = {
        {"format", "chipcount.claims"},
        {"version", 1},
        {"title", "inline claim"},
        {"claims",
         {{{"id", "inline"}, {"name", "claim from the command line"}, {"stated", stated}}}}};
    // A flag is bytes, not necessarily UTF-8: invalid bytes become U+FFFD (and then an unknown
    // unit or chip, named in the message) instead of a JSON type error.
    const std::string text = document.dump(-1, ' ', false, json::error_handler_t::replace);
    ClaimSet set = parse_claims(text, "command line", profiles);
    set.sha256.clear();
    return set;
}

ClaimSet load_claims(const std::filesystem::path& path, const ProfileSet& profiles) {
    return parse_claims(read_text_file(path), path.string(), profiles);
}

}  // namespace chipcount
