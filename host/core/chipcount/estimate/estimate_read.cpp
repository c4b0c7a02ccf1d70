// The reader of the chipcount.estimate format, beside its writer (estimate_report.cpp).
#include "chipcount/estimate/estimate_read.hpp"

#include "chipcount/io/files.hpp"
#include "chipcount/io/json_read.hpp"

namespace chipcount {
namespace {

std::optional<Range> read_range(const FieldReader& owner, const std::string& key) {
    if (!owner.has(key)) return std::nullopt;
    const FieldReader range = owner.object(key);
    // Counts of chips, PFLOPS and MW: finite, non-negative and no larger than an estimate
    // ever writes (estimate.hpp).
    const auto bound = [&range](const char* name) {
        return range.non_negative(name, kMaxEstimateFigure);
    };
    Range out{bound("low"), bound("central"), bound("high")};
    out.open_below = range.optional_boolean("open_below").value_or(false);
    out.open_above = range.optional_boolean("open_above").value_or(false);
    // A range is ordered: an estimate never writes a low above its central or a central above
    // its high, and a report drawn from one would show the bars upside down.
    if (out.low > out.central)
        range.fail("low", "is above central (" + json(out.low).dump() + " > " +
                              json(out.central).dump() + "): a range needs low <= central <= high");
    if (out.central > out.high)
        range.fail("central", "is above high (" + json(out.central).dump() + " > " +
                                  json(out.high).dump() +
                                  "): a range needs low <= central <= high");
    return out;
}

// Per target, in the estimate's target order (a JSON object keeps no order once parsed).
std::vector<std::optional<Range>> read_per_target(const FieldReader& equivalents,
                                                  const std::vector<std::string>& targets) {
    for (const auto& [target, range] : equivalents.raw().items()) read_range(equivalents, target);
    std::vector<std::optional<Range>> out;
    for (const std::string& target : targets) out.push_back(read_range(equivalents, target));
    return out;
}

EstimatedClaim read_claim(const FieldReader& c, const std::string& origin,
                          const std::vector<std::string>& targets) {
    EstimatedClaim claim;
    claim.id = c.string("id");
    claim.name = c.optional_string("name").value_or("");
    if (c.raw().contains("part_of") && !c.raw()["part_of"].is_null() &&
        !c.raw()["part_of"].is_string())
        c.fail("part_of", "must be a string or null");
    claim.part_of = c.optional_string("part_of");
    claim.equivalents = read_per_target(c.object("equivalents"), targets);
    const json& checks = c.required("checks");
    if (!checks.is_array()) c.fail("checks", "must be an array");
    for (std::size_t k = 0; k < checks.size(); ++k) {
        const FieldReader check(checks[k], origin, "estimate",
                                c.field_name("checks[" + std::to_string(k) + "]."));
        EstimatedCheck out;
        out.kind = check.string("kind");
        out.ok = check.optional_boolean("ok").value_or(true);
        for (const char* key : {"stated", "derived"}) {
            if (!check.required(key).is_number()) check.fail(key, "must be a number");
        }
        out.stated = check.raw()["stated"].get<double>();
        out.derived = check.raw()["derived"].get<double>();
        claim.checks.push_back(std::move(out));
    }
    return claim;
}

}  // namespace

EstimateDocument read_estimate(const json& doc, const std::string& origin) {
    check_format(doc, origin, "chipcount.estimate", 1);
    const FieldReader top(doc, origin, "estimate");
    EstimateDocument out;
    out.targets = top.string_array("targets");
    const FieldReader assumptions = top.object("assumptions");
    out.basis = assumptions.optional_string("basis").value_or("");
    out.precision = assumptions.optional_string("precision").value_or("");
    // The claims' name is provenance for the report's Sources: one missing or of the wrong type
    // reads as "not named" rather than refusing the whole estimate.
    const FieldReader input = top.object("input");
    const auto text = [&input](const char* key) {
        const json& value = input.raw().contains(key) ? input.raw()[key] : json();
        return value.is_string() ? value.get<std::string>() : std::string();
    };
    out.input = {text("path"), text("sha256")};
    const json& claims = top.required("claims");
    if (!claims.is_array()) top.fail("claims", "must be an array");
    for (std::size_t i = 0; i < claims.size(); ++i) {
        const FieldReader c(claims[i], origin, "estimate", "claims[" + std::to_string(i) + "].");
        out.claims.push_back(read_claim(c, origin, out.targets));
    }
    out.totals = read_per_target(top.object("totals").object("equivalents"), out.targets);
    return out;
}

EstimateDocument parse_estimate(std::string_view text, const std::string& origin) {
    return read_estimate(parse_json_text(text, origin), origin);
}

EstimateDocument load_estimate(const std::filesystem::path& path) {
    return parse_estimate(read_text_file(path), path.string());
}

EstimateDocument estimate_document(const Estimate& e, const NamedInput& input) {
    EstimateDocument out;
    out.targets = e.options.targets;
    out.basis = e.options.measured_basis ? "measured" : "spec";
    out.precision = std::string(precision_name(e.options.precision));
    out.input = input;
    for (const ClaimEstimate& c : e.claims) {
        EstimatedClaim claim{c.claim->id, c.claim->name, c.claim->part_of, c.equivalents, {}};
        for (const Check& check : c.checks)
            claim.checks.push_back({check.kind, check.ok, check.stated, check.derived});
        out.claims.push_back(std::move(claim));
    }
    out.totals = e.totals.equivalents;
    return out;
}

}  // namespace chipcount
