// ECCN 3A090 classification: total processing performance (TPP), performance density (PD) and
// the tier. The thresholds come from profiles/rules/eccn-3a090.json, never from this code.
#pragma once
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "chipcount/profiles/profile.hpp"
#include "chipcount/vocabulary.hpp"

namespace chipcount {

struct ExportTier {
    std::string tier;                 // "3A090.a.1"
    std::string text;                 // the rule's words
    std::optional<double> tpp_min;    // TPP >= tpp_min
    std::optional<double> tpp_below;  // TPP <  tpp_below
    std::optional<double> pd_min;
    std::optional<double> pd_below;
};

struct ExportRules {
    std::string citation;
    std::string source;
    std::string effective_date;
    std::string text_as_of;
    std::vector<ExportTier> tiers;  // checked in order; the first that holds is the tier
    double non_datacenter_exempt_below = 0;
    std::string non_datacenter_note;
    std::string non_us_origin_note;
    std::string later_policy;
    std::filesystem::path file;
    std::string sha256;  // of the bytes read, so Sources can cite them without reading again
};

ExportRules load_export_rules(const std::filesystem::path& path);

struct Classification {
    std::string chip_id;
    std::string chip_name;
    std::optional<double> tpp;
    std::optional<Precision> tpp_precision;  // the precision that sets the TPP
    std::optional<double> tpp_rate;          // its dense rate, TOPS or TFLOPS
    std::optional<double> performance_density;
    std::optional<double> die_area_mm2;
    bool datacenter = true;
    bool us_origin = true;
    std::string tier;         // a tier name, "not controlled" or "undetermined"
    bool controlled = false;  // tier is one of the rule's tiers
    std::vector<std::string> notes;
};

// TPP = max over precisions of dense rate x bit length; PD = TPP / applicable die area.
Classification classify(const ChipProfile& profile, const ExportRules& rules);

}  // namespace chipcount
