#include "chipcount/export_control/export_control.hpp"

#include "chipcount/format/table.hpp"
#include "chipcount/io/files.hpp"
#include "chipcount/io/json_read.hpp"
#include "chipcount/io/sha256.hpp"

namespace chipcount {
namespace {

bool holds(const std::optional<double>& min, const std::optional<double>& below, double value) {
    return (!min || value >= *min) && (!below || value < *below);
}

}  // namespace

ExportRules load_export_rules(const std::filesystem::path& path) {
    const std::string origin = path.string();
    const std::string text = read_text_file(path);
    const json document = parse_json_text(text, origin);
    check_format(document, origin, "chipcount.rules", 1);
    const FieldReader top(document, origin, "rules");
    ExportRules rules;
    rules.file = path;
    rules.sha256 = sha256_hex(text);
    rules.citation = top.string("citation");
    rules.source = top.string("source");
    rules.effective_date = top.string("effective_date");
    rules.text_as_of = top.optional_string("text_as_of").value_or("");
    const json& tiers = top.required("tiers");
    if (!tiers.is_array() || tiers.empty()) top.fail("tiers", "must be a non-empty array");
    for (std::size_t i = 0; i < tiers.size(); ++i) {
        const FieldReader reader(tiers[i], origin, "rules", "tiers[" + std::to_string(i) + "].");
        ExportTier tier;
        tier.tier = reader.string("tier");
        tier.text = reader.string("text");
        tier.tpp_min = reader.optional_positive("tpp_min", 1e9);
        tier.tpp_below = reader.optional_positive("tpp_below", 1e9);
        tier.pd_min = reader.optional_positive("pd_min", 1e6);
        tier.pd_below = reader.optional_positive("pd_below", 1e6);
        if (!tier.tpp_min && !tier.tpp_below) reader.fail("tpp_min", "a tier needs a TPP bound");
        rules.tiers.push_back(std::move(tier));
    }
    const FieldReader non_dc = top.object("non_datacenter");
    rules.non_datacenter_exempt_below = non_dc.positive("tpp_exempt_below", 1e9);
    rules.non_datacenter_note = non_dc.string("note");
    rules.non_us_origin_note = top.string("non_us_origin_note");
    rules.later_policy = top.optional_string("later_policy").value_or("");
    return rules;
}

Classification classify(const ChipProfile& profile, const ExportRules& rules) {
    Classification out;
    out.chip_id = profile.id;
    out.chip_name = profile.name;
    out.datacenter = profile.datacenter;
    out.us_origin = profile.us_origin;
    out.die_area_mm2 = profile.die_area_mm2;
    for (const auto& [precision, rate] : profile.peak_dense) {
        const double tpp = rate * precision_bits(precision);
        // Ties go to the narrower precision (fp8 over fp16 at equal TPP): the figure datasheets
        // headline and the rule's own example (Technical Note 2) uses.
        if (!out.tpp || tpp >= *out.tpp - 1e-9) {
            out.tpp = tpp;
            out.tpp_precision = precision;
            out.tpp_rate = rate;
        }
    }
    if (out.tpp && profile.die_area_mm2) out.performance_density = *out.tpp / *profile.die_area_mm2;
    const double tpp = out.tpp.value_or(0.0);

    if (!profile.datacenter && tpp < rules.non_datacenter_exempt_below) {
        out.tier = "not controlled";
        out.notes.push_back("Note 2: not designed or marketed for data centers and TPP below " +
                            format_number(rules.non_datacenter_exempt_below, 0));
    } else {
        std::vector<std::string> undecided;  // tiers that hinge on an unknown die area
        for (const ExportTier& tier : rules.tiers) {
            if (!holds(tier.tpp_min, tier.tpp_below, tpp)) continue;
            const bool needs_pd = tier.pd_min || tier.pd_below;
            if (needs_pd && !out.performance_density) {
                undecided.push_back(tier.tier);
                continue;
            }
            if (needs_pd && !holds(tier.pd_min, tier.pd_below, *out.performance_density)) continue;
            out.tier = tier.tier;
            out.controlled = true;
            break;
        }
        if (!out.controlled) {
            if (undecided.empty()) {
                out.tier = "not controlled";
            } else {
                out.tier = "undetermined";
                std::string which;
                for (const auto& t : undecided) which += (which.empty() ? "" : ", ") + t;
                out.notes.push_back("die area unknown: performance density needed to decide " +
                                    which);
            }
        }
        if (out.controlled && !profile.datacenter) {
            out.notes.push_back(
                "Note 2: not designed for data centers; license exceptions NAC/ACA apply");
        }
    }
    if (!profile.us_origin) out.notes.push_back(rules.non_us_origin_note);
    return out;
}

}  // namespace chipcount
