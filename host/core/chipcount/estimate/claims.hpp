// Data-center compute claims (design §2, format chipcount.claims): what a project says it will
// have, in chips, servers, compute or power. Read and validated here; estimated in estimate.hpp.
#pragma once
#include <nlohmann/json.hpp>

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "chipcount/profiles/profile.hpp"
#include "chipcount/vocabulary.hpp"

namespace chipcount {

enum class Sparsity { kDense, kSparse, kUnknown };
inline constexpr NameTable<Sparsity, 3> kSparsityNames{
    {{Sparsity::kDense, "dense"}, {Sparsity::kSparse, "sparse"}, {Sparsity::kUnknown, "unknown"}}};

enum class PowerBasis { kIt, kFacility, kUnknown };
inline constexpr NameTable<PowerBasis, 3> kPowerBasisNames{{{PowerBasis::kIt, "it"},
                                                            {PowerBasis::kFacility, "facility"},
                                                            {PowerBasis::kUnknown, "unknown"}}};

struct ComputeStatement {
    double value = 0;
    std::string unit;
    double pflops = 0;  // value in PFLOPS (POPS for integer precisions)
    Precision precision = Precision::kFp16;
    Sparsity sparsity = Sparsity::kUnknown;
};

struct PowerStatement {
    double value = 0;
    std::string unit;
    double mw = 0;
    PowerBasis basis = PowerBasis::kUnknown;
};

struct Stated {
    std::optional<double> chips;
    std::optional<double> servers;
    std::optional<int>
        gpus_per_server;              // when stated; otherwise the chip's server, else the default
    std::optional<std::string> chip;  // resolved profile id
    std::optional<ComputeStatement> compute;
    std::optional<PowerStatement> power;
};

enum class ClaimBasis { kChips, kServers, kCompute, kPower };
inline constexpr NameTable<ClaimBasis, 4> kClaimBasisNames{{{ClaimBasis::kChips, "chips"},
                                                            {ClaimBasis::kServers, "servers"},
                                                            {ClaimBasis::kCompute, "compute"},
                                                            {ClaimBasis::kPower, "power"}}};
constexpr std::string_view claim_basis_name(ClaimBasis basis) {
    return name_of(kClaimBasisNames, basis);
}

struct Claim {
    std::string id;
    std::string name;
    std::string region;
    std::string source;
    std::string notes;
    std::optional<std::string> part_of;
    bool parts_cover_all = true;  // "parts_cover": "all" (default) or "some"
    Stated stated;
    nlohmann::ordered_json stated_json;  // the known fields as written, echoed in the estimate
    // The claims whose part_of is this one, as positions in ClaimSet::claims (their ids are
    // claims[i].id; an estimate's claims are in the same order).
    std::vector<std::size_t> parts;

    ClaimBasis basis() const;  // the first present of chips, servers, compute, power
};

struct ClaimSet {
    std::string title;
    std::string origin;  // the file, or "command line"
    std::string sha256;  // of the file's bytes; empty for inline claims
    std::vector<Claim> claims;
};

// Reads and validates a claims file: every field, chip names against the profiles, unique ids,
// part_of targets that exist and never loop. InputError names the file, claim id and field.
ClaimSet load_claims(const std::filesystem::path& path, const ProfileSet& profiles);
ClaimSet parse_claims(const std::string& text, const std::string& origin,
                      const ProfileSet& profiles);

// An inline claim as the command line gives it (chipcount estimate --chips 5 --chip H100, or
// --compute "4000 P"): the text of each flag, read through the same reader as a file. A flag
// that is not a number where one is needed is a UsageError naming the flag; the rest are the
// reader's InputErrors, with "command line" for the file.
struct InlineClaim {
    std::optional<std::string> chips, servers, gpus_per_server, chip, compute, power;
    std::string precision = "fp16";
    std::string sparsity = "unknown";
    std::string power_basis = "unknown";
};
ClaimSet inline_claims(const InlineClaim& flags, const ProfileSet& profiles);

// Links parts to their whole and checks ids and part_of; used by both readers and inline claims.
void link_claims(ClaimSet& set);

// Plausibility caps for stated figures: anything larger is a typo or a unit slip.
inline constexpr double kMaxChips = 1e9;
inline constexpr double kMaxServers = 1e8;
inline constexpr double kMaxPflops = 1e7;
inline constexpr double kMaxMw = 1e6;
// A claim id is repeated per target in CSV and tables: short, and printable.
inline constexpr std::size_t kMaxClaimIdBytes = 128;
// The claim's other texts, shown in tables, the report and error messages: printable (the
// text_problem() rule; name and region also the name_problem() rule), and bounded so that one
// claim cannot fill a page. A project's name in Chinese runs to 30-40 characters, 3 bytes each.
inline constexpr std::size_t kMaxClaimNameBytes = 256;
inline constexpr std::size_t kMaxClaimRegionBytes = 128;
inline constexpr std::size_t kMaxClaimSourceBytes = 1000;  // as a profile's citation
inline constexpr std::size_t kMaxClaimNotesBytes = 4000;   // as a profile's notes

}  // namespace chipcount
