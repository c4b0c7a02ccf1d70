// Reading a chipcount.estimate back: the plain values a reader of the file uses (the report), in
// the estimate's target order. Made either by the reader from a file or, for `run`, from the
// estimate in memory, so the report never needs the file it was just written to.
#pragma once
#include <nlohmann/json.hpp>

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "chipcount/base/units.hpp"
#include "chipcount/estimate/estimate.hpp"
#include "chipcount/io/file_names.hpp"

namespace chipcount {

struct EstimatedCheck {
    std::string kind;  // servers_vs_chips, ..., parts_chips, parts_compute, ...
    bool ok = true;
    double stated = 0;
    double derived = 0;
};

struct EstimatedClaim {
    std::string id;
    std::string name;
    std::optional<std::string> part_of;
    std::vector<std::optional<Range>>
        equivalents;  // per target, in EstimateDocument::targets order
    std::vector<EstimatedCheck> checks;
};

struct EstimateDocument {
    std::vector<std::string> targets;
    std::string basis;      // "spec" or "measured"
    std::string precision;  // the precision the rates are compared at
    NamedInput input;       // the claims, as the estimate names them (path empty: not named)
    std::vector<EstimatedClaim> claims;
    std::vector<std::optional<Range>> totals;  // per target
};

// InputError names the file and field.
EstimateDocument read_estimate(const nlohmann::json& document, const std::string& origin);
EstimateDocument parse_estimate(std::string_view text, const std::string& origin);
EstimateDocument load_estimate(const std::filesystem::path& path);

// The same values from the estimate in memory.
EstimateDocument estimate_document(const Estimate& estimate, const NamedInput& input);

}  // namespace chipcount
