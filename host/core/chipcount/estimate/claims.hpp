// Data-center compute claims (design §2, format chipcount.claims): what a project says it will
// have, in chips, servers, compute or power. Read and validated here; estimated in estimate.hpp.
#pragma once
#include <nlohmann/json.hpp>

#include <algorithm>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "chipcount/base/figure.hpp"
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

// How a compute figure was counted. National statistics of earlier years converted AI compute
// to an FP32 equivalent ("以FP32单精度计算"): such a figure is neither a non-tensor FP32 peak nor
// an FP16 one (chip-specs.md §6).
enum class ComputeConvention { kNative, kFp32Normalised };
inline constexpr NameTable<ComputeConvention, 2> kComputeConventionNames{
    {{ComputeConvention::kNative, "native"},
     {ComputeConvention::kFp32Normalised, "fp32_normalised"}}};

// Where a price holds: "list" (official sales channels, wherever the chip is sold legally, the
// H20 in China too) or "china" (what buyers in China pay: the grey market for export-restricted
// chips, "black-market prices"). A scenario, never blended: each estimate names its market.
enum class Market { kList, kChina };
inline constexpr NameTable<Market, 2> kMarketNames{
    {{Market::kList, "list"}, {Market::kChina, "china"}}};

// What a stated sum of money pays for: a project's whole investment ("capex": buildings, power,
// cooling and IT), its IT hardware (servers and network), or the accelerators alone.
enum class MoneyCovers { kCapex, kHardware, kChips };
inline constexpr NameTable<MoneyCovers, 3> kMoneyCoversNames{{{MoneyCovers::kCapex, "capex"},
                                                              {MoneyCovers::kHardware, "hardware"},
                                                              {MoneyCovers::kChips, "chips"}}};

// A stated figure in the unit chipcount computes in (chips, servers, PFLOPS, MW, a fraction),
// with the bound its source gives it: "more than 115,000" is {kAtLeast, 115000}.
struct Amount {
    Bound bound = Bound::kExact;
    double value = 0;  // kBetween: the low end
    double upper = 0;  // kBetween: the high end; otherwise equal to value
    std::string text;  // as written, for tables and messages

    static Amount exact(double v) { return {Bound::kExact, v, v, ""}; }
    // The figure a check or a table compares: the stated number, a range's midpoint.
    double central() const { return bound == Bound::kBetween ? (value + upper) / 2 : value; }
};

struct ComputeStatement {
    Amount pflops;  // PFLOPS (POPS for integer precisions), as stated
    std::string unit;
    Precision precision = Precision::kFp16;
    Sparsity sparsity = Sparsity::kUnknown;
    ComputeConvention convention = ComputeConvention::kNative;
};

struct PowerStatement {
    Amount mw;
    std::string unit;
    PowerBasis basis = PowerBasis::kUnknown;
};

// "13.5 billion yuan" of total investment, priced at a year's prices and exchange rate.
struct MoneyStatement {
    Amount amount;         // in units of `currency`, scale words applied
    std::string currency;  // ISO code: USD, CNY or EUR
    int year = 0;          // the year of its prices: stated, else the claim's date
    bool year_from_date = false;
    MoneyCovers covers = MoneyCovers::kCapex;
    std::optional<Market> market;  // when stated; otherwise the estimate's default
};

// What a ratio claim compares: compute at a precision, memory bandwidth ("inference" as
// decode-bound work reads it), memory capacity, power (TDP) or interconnect bandwidth.
enum class RatioMetric { kCompute, kMemoryBandwidth, kMemoryCapacity, kPower, kInterconnect };
inline constexpr NameTable<RatioMetric, 5> kRatioMetricNames{
    {{RatioMetric::kCompute, "compute"},
     {RatioMetric::kMemoryBandwidth, "memory_bandwidth"},
     {RatioMetric::kMemoryCapacity, "memory_capacity"},
     {RatioMetric::kPower, "power"},
     {RatioMetric::kInterconnect, "interconnect"}}};

// One side of a ratio: chips (one of them, or the best of them on the metric), or a figure.
struct RatioSide {
    std::vector<std::string> chips;  // profile ids; empty for a figure
    std::optional<double> figure;    // in the metric's unit: TFLOPS, TB/s, GB, W or GB/s
    bool best = false;               // "best domestic": the best of the chips, not each
    std::string text;                // as written
};

// "One H100 delivers 3-4x the computing power of China's best domestic chip": of / to on a
// metric, stated as a ratio ("3-4x", "60%", "almost 2x"), checked against the profiles.
struct RatioStatement {
    RatioSide of;
    RatioSide to;
    RatioMetric metric = RatioMetric::kCompute;
    std::string metric_text;  // as written: "inference" is read as memory_bandwidth
    Precision precision = Precision::kFp16;
    Amount value;             // of / to as a plain ratio (3-4x is 3 to 4; 60% is 0.6)
};

// A training run: "2.788 million H800 GPU hours", "a run of 3.8e25 FLOP", "2,048 chips for two
// months", "37B active parameters on 14.8T tokens" (6ND). The chip is the claim's `chip`, the
// chips its `chips` (or servers).
struct TrainingStatement {
    std::optional<Amount> chip_hours;   // hours of the claim's chip
    std::optional<Amount> flop;         // the run's total, FLOP
    std::optional<Amount> hours;        // how long the claim's chips ran
    std::optional<Amount> utilization;  // model FLOPs utilization, a fraction of the peak
    std::optional<Amount> parameters;   // active parameters, for 6ND
    std::optional<Amount> tokens;       // training tokens, for 6ND
    Precision precision = Precision::kBf16;  // of the peak the utilization is of
};

// One part of a claim's hardware. A claim names one chip ("H100"), alternatives ("H100 or
// H200": a part each, without a count), or a mix with counts or shares ("mix"), whose part may
// itself be a group or alternatives ("most of them domestic": {"chip": "domestic", "share":
// "more than 50%"}), its chips then one of those named.
struct HardwarePart {
    std::vector<std::string> ids;  // profile ids: the chip, or the chips the part is one of
    std::optional<Amount> chips;   // how many of this part's chips
    std::optional<Amount> share;   // the fraction of the claim's chips, in (0, 1]
    std::string name;              // as written ("domestic", "H100"), for tables
};

struct Stated {
    std::optional<Amount> chips;
    std::optional<Amount> servers;
    std::optional<int>
        gpus_per_server;  // when stated; otherwise the chip's server, else the default
    // Empty when no chip is named: a count of cards whose chip the compute may reveal.
    std::vector<HardwarePart> hardware;
    std::string hardware_text;  // as written: "H100 or H200", or the mix's chips
    std::optional<ComputeStatement> compute;
    std::optional<PowerStatement> power;
    std::optional<MoneyStatement> money;
    std::optional<RatioStatement> ratio;
    std::optional<TrainingStatement> training;
    std::optional<Amount> projects;  // how many projects the claim covers

    // A mix whose every part has a count states its chips (their sum) without a total.
    bool mix_counts_chips() const {
        return !hardware.empty() &&
               std::all_of(hardware.begin(), hardware.end(),
                           [](const HardwarePart& p) { return p.chips.has_value(); });
    }
};

enum class ClaimBasis { kChips, kServers, kCompute, kPower, kMoney, kNone };
inline constexpr NameTable<ClaimBasis, 6> kClaimBasisNames{{{ClaimBasis::kChips, "chips"},
                                                            {ClaimBasis::kServers, "servers"},
                                                            {ClaimBasis::kCompute, "compute"},
                                                            {ClaimBasis::kPower, "power"},
                                                            {ClaimBasis::kMoney, "money"},
                                                            {ClaimBasis::kNone, "none"}}};
constexpr std::string_view claim_basis_name(ClaimBasis basis) {
    return name_of(kClaimBasisNames, basis);
}

// Where a project stands. Totals are given per status as well as in all.
enum class ClaimStatus { kUnstated, kPlanned, kApproved, kUnderConstruction, kOperating };
inline constexpr NameTable<ClaimStatus, 5> kClaimStatusNames{
    {{ClaimStatus::kUnstated, "unstated"},
     {ClaimStatus::kPlanned, "planned"},
     {ClaimStatus::kApproved, "approved"},
     {ClaimStatus::kUnderConstruction, "under_construction"},
     {ClaimStatus::kOperating, "operating"}}};

// When a figure holds: "as of" a date (what exists or was decided then) or "planned by" one.
enum class DateKind { kAsOf, kPlannedBy };
inline constexpr NameTable<DateKind, 2> kDateKindNames{
    {{DateKind::kAsOf, "as_of"}, {DateKind::kPlannedBy, "planned_by"}}};
struct ClaimDate {
    DateKind kind = DateKind::kAsOf;
    std::string text;  // as written: 2025, 2025-06, 2025-06-30 or 2024-Q4
    std::string end;   // the last day it covers, YYYY-MM-DD: how dates sort and compare
};

struct Claim {
    std::string id;
    std::string name;
    std::string region;
    std::string source;
    std::string notes;
    std::optional<std::string> part_of;
    // A claim about some of another's that overlaps its parts ("7 of the 39 projects are under
    // construction"): checked against the whole, never added to anything.
    std::optional<std::string> subset_of;
    bool parts_cover_all = true;  // "parts_cover": "all" (default) or "some"
    // Claims that share a project are one project's figures at different dates ("2,000 P by
    // 2025, 5,000 P by 2027"): totals take the latest, the timeline shows each.
    std::optional<std::string> project;
    std::optional<ClaimDate> date;
    ClaimStatus status = ClaimStatus::kUnstated;
    std::string phase;  // "1", "first phase": a label
    Stated stated;
    nlohmann::ordered_json stated_json;  // the known fields as written, echoed in the estimate
    // The claims whose part_of (subset_of) is this one, as positions in ClaimSet::claims (their
    // ids are claims[i].id; an estimate's claims are in the same order).
    std::vector<std::size_t> parts;
    std::vector<std::size_t> subsets;

    // The first present of chips and servers (of named hardware), compute, power; kNone for a
    // claim that only counts projects or unnamed cards without compute.
    ClaimBasis basis() const;
    // The project a claim belongs to: its `project`, else its own id.
    const std::string& project_key() const { return project ? *project : id; }
    // Not part or subset of another: what totals add up.
    bool top_level() const { return !part_of && !subset_of; }
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
    std::optional<std::string> chips, servers, gpus_per_server, chip, compute, power, money;
    std::optional<std::string> year, covers;  // the money's
    std::string precision = "fp16";
    std::string sparsity = "unknown";
    std::string power_basis = "unknown";
};
ClaimSet inline_claims(const InlineClaim& flags, const ProfileSet& profiles);

// Links parts and subsets to their whole and checks ids, part_of, subset_of and projects; used by
// both readers and inline claims.
void link_claims(ClaimSet& set);

// Plausibility caps for stated figures: anything larger is a typo or a unit slip.
inline constexpr double kMaxChips = 1e9;
inline constexpr double kMaxServers = 1e8;
inline constexpr double kMaxPflops = 1e7;
inline constexpr double kMaxMw = 1e6;
// The years a claim's money and the prices may be of.
inline constexpr int kMinClaimYear = 1990;
inline constexpr int kMaxClaimYear = 2100;
// Money in its own currency: a trillion dollars is 7 trillion yuan; 1e14 leaves room for both.
inline constexpr double kMaxMoney = 1e14;
// Training: the largest runs of 2025 are about 5e26 FLOP and a few hundred million GPU hours;
// the caps keep hours x the fastest peak under kMaxEstimateFigure (1e30).
inline constexpr double kMaxTrainingFlop = 1e29;
inline constexpr double kMaxChipHours = 1e10;
inline constexpr double kMaxTrainingHours = 87660;  // ten years
inline constexpr double kMaxParametersOrTokens = 1e16;
inline constexpr double kMaxProjects = 1e6;
// A stated figure as text: "more than 115,000 cards" needs a few dozen bytes.
inline constexpr std::size_t kMaxFigureTextBytes = 100;
inline constexpr std::size_t kMaxMixParts = 64;  // chips in one claim's mix
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
