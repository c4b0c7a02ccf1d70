// The estimator (design §3): claims to compute, power and equivalent chip counts per target,
// every number a low/central/high range, every factor from profiles/assumptions.json.
#pragma once
#include <nlohmann/json.hpp>

#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "chipcount/base/units.hpp"
#include "chipcount/benchmark/result.hpp"
#include "chipcount/estimate/claims.hpp"
#include "chipcount/estimate/factor.hpp"
#include "chipcount/estimate/prices.hpp"
#include "chipcount/estimate/ratio.hpp"
#include "chipcount/estimate/training.hpp"
#include "chipcount/io/file_names.hpp"
#include "chipcount/profiles/profile.hpp"

namespace chipcount {

struct Assumptions {
    Factor server_power_per_gpu_factor;
    Factor it_overhead_factor;
    Factor pue;
    // Optional in the file (older assumptions files have neither); a claim that needs one when
    // it is absent is refused with the factor named.
    std::optional<Factor> approximate_figure;      // "about X": X x [low, high]
    std::optional<Factor> fp32_normalised_to_fp16;  // national FP32-normalised statistics
    std::optional<Factor> training_utilization;     // model FLOPs utilization of a training run
    int gpus_per_server_default = 8;
    std::string reference_chip;
    std::vector<std::string> default_targets;  // as written: ids or aliases (default_target_ids)
    double check_tolerance = 0.10;
    nlohmann::ordered_json document;  // echoed in the estimate
    std::string origin;
    // Prices, currency rates and capex shares (profiles/prices.json), loaded beside the
    // assumptions; a claim that states money needs them.
    std::optional<PriceTable> prices;
};

Assumptions load_assumptions(const std::filesystem::path& path);

// The targets used when none are given, as profile ids (aliases resolved). InputError names the
// assumptions file when it names none or an unknown chip.
std::vector<std::string> default_target_ids(const Assumptions& assumptions,
                                            const ProfileSet& profiles);

// A throughput measured by `chipcount bench` (a sustained figure of a chipcount.result file), or
// by others for a chip chipcount cannot run (a chipcount.measurements file, third_party.hpp).
struct Measurement {
    std::string profile_id;
    Precision precision = Precision::kBf16;
    double sustained_tflops = 0;
    std::string file;    // the result or measurements file, as outputs name it (file_names.hpp)
    std::string sha256;  // of the file's bytes
    bool third_party = false;
    std::string kind = "sustained";  // third party: sustained or max_achievable (a burst)
    std::string source;              // third party: who measured it, how, with [keys]
};

// The sustained figure of every precision a result measured, for the GPU's profile. InputError
// when the GPU matched no profile. `source` names the result as outputs will.
std::vector<Measurement> measurements_from(const ResultDocument& result, const NamedInput& source,
                                           const ProfileSet& profiles);
// The same for result files and third-party chipcount.measurements files (told apart by their
// format). chipcount's own measurements come first, then sustained third-party figures, then
// max-achievable ones: the first of a chip and precision is the one used.
std::vector<Measurement> load_measurements(const std::vector<std::string>& paths,
                                           const ProfileSet& profiles);

struct EstimateOptions {
    std::vector<std::string> targets;  // profile ids
    Precision precision = Precision::kFp16;
    // Epoch AI's H100-equivalent basis: each chip's dense 8-bit rate (fp8, else int8), and for a
    // chip with neither, twice its dense 16-bit rate (every profiled chip with an 8-bit rate has
    // exactly that ratio), so that no total vanishes for want of an 8-bit figure. precision is
    // then kFp8.
    bool eight_bit = false;
    bool measured_basis = false;
    std::vector<Measurement> measurements;
    // The market a claim's money buys chips in, unless the claim names one.
    Market market = Market::kList;
    // For the Monte-Carlo estimate: a draw of a stated range ("4-5 million"), the same for one
    // amount throughout one draw. Empty: a range is read as its ends and midpoint.
    std::function<double(const Amount&)> draw_range;
    // A Monte-Carlo draw: the figures alone, without checks, estimated-figure marks, ratio
    // checks or totals by status and date.
    bool figures_only = false;
};

// The throughput used for a chip at a precision: measured sustained (with --basis measured and a
// measurement), else the datasheet dense peak; nullopt when the chip lacks the precision.
struct Rate {
    std::optional<double> tflops;
    std::string basis;          // "spec" or "measured"
    std::string source;         // the profile or the result file
    std::string source_sha256;  // the result file's, for a measured rate; empty for a profile
    std::string fallback;       // on the 8-bit basis: "int8" or "2 x fp16" when not fp8
    // A spec rate: how sure its profile is of peak_dense (datasheet, secondary or estimate);
    // a measured rate: "measured".
    std::string confidence;
};

// The name of the basis rates are compared on: a precision, or "8bit".
std::string rate_basis_name(const EstimateOptions& options);

struct Check {
    std::string kind;  // servers_vs_chips, compute_vs_chips, power_vs_chips, parts_chips, ...
    bool ok = true;
    double derived = 0;    // what the other stated forms (or the parts) imply
    double stated = 0;     // what the claim itself states
    double deviation = 0;  // relative: (derived - stated) / stated
    std::string detail;
};

// Per-target values, in the order of EstimateOptions::targets (kept compact: an estimate of a
// million claims against every profile must fit in memory).
using PerTarget = std::vector<std::optional<Range>>;

// A profiled chip whose rate fits the per-card rate a claim's compute and card count imply.
struct ChipFit {
    std::string chip;
    double tflops = 0;     // the chip's dense rate, or its 2:4-sparse rate (twice the dense)
    double deviation = 0;  // (chip rate - per-card rate) / per-card rate, against the central
};
struct ChipInference {
    Precision precision = Precision::kFp16;
    Range per_card_tflops;
    bool dense_reading = true;   // the claim's sparsity allows reading the figure as dense
    bool sparse_reading = true;  // ... and as a 2:4-sparse datasheet headline
    std::vector<ChipFit> dense;
    std::vector<ChipFit> sparse;
};

// The figures of a claim estimate that may rest on a profile figure.
enum class Affects { kEquivalents, kBandwidthEquivalents, kComputePflops, kPowerMw };
inline constexpr NameTable<Affects, 4> kAffectsNames{
    {{Affects::kEquivalents, "equivalents"},
     {Affects::kBandwidthEquivalents, "bandwidth_equivalents"},
     {Affects::kComputePflops, "compute_pflops"},
     {Affects::kPowerMw, "power_mw"}}};

// A profile figure an estimate rests on that its profile marks `estimate` (its field_confidence,
// else the profile's confidence): the figures it feeds are no surer than it is.
struct EstimatedFigure {
    std::string chip;   // profile id
    std::string field;  // peak_dense, tdp_w, server or memory_bandwidth_tbs
    Affects affects = Affects::kEquivalents;
    // The figure of one target: only that target's column rests on it. Otherwise a figure of
    // the claim's own chips, which every column rests on.
    bool target_only = false;
};

// A claim's money in US dollars, in one market at one year's prices: what a stated sum buys, or
// what the claim's chips cost.
struct MoneyEstimate {
    Market market = Market::kList;
    int year = 0;                       // of the prices and exchange rate
    std::optional<Range> stated_usd;    // the claim's own sum, at its year's exchange rate
    std::optional<Range> chips_usd;     // the accelerators at their quoted prices
    std::optional<Range> hardware_usd;  // servers and network
    std::optional<Range> capex_usd;     // the whole project
    // The price entries used: "nvidia-h100-sxm china 2025 per server (estimate)".
    std::vector<std::string> prices;
};

struct ClaimEstimate {
    const Claim* claim = nullptr;
    ClaimBasis basis = ClaimBasis::kChips;
    Precision precision = Precision::kFp16;
    std::optional<Range> chips;  // of the claim's own hardware (or the reference chip)
    std::optional<Range> compute_pflops;
    PerTarget equivalents;
    // Why a target has no equivalent: empty where it has one (the note on that cell).
    std::vector<std::string> missing;
    // Equivalents by memory_bandwidth (decode-bound work), memory_capacity and tdp.
    std::vector<std::pair<std::string, PerTarget>> by_metric;
    std::optional<Range> power_mw;     // facility
    std::optional<Range> power_it_mw;  // IT load
    std::optional<ChipInference> inference;  // unnamed cards with compute
    // The stated money in its market, or what the claim's chips cost in the chosen market.
    std::vector<MoneyEstimate> money;
    std::optional<RatioResult> ratio;  // a ratio claim, checked against the profiles
    std::optional<TrainingEstimate> training;  // a training run
    // Per target, the hours of that chip the training run's work takes (same utilization).
    PerTarget training_hours;
    std::vector<Check> checks;
    std::vector<std::string> notes;
    std::vector<EstimatedFigure> estimated_figures;
};

// The estimated profile figures a claim's `affects` figure rests on (see EstimatedFigure): for
// `target`'s column, or for a claim-wide figure (compute, power) with no target. Empty when it
// rests on none.
std::vector<const EstimatedFigure*> estimated_figures_of(const ClaimEstimate& claim,
                                                         Affects affects,
                                                         std::string_view target = {});

// The sums of some top-level claims. A claim without a figure for a target leaves the sum a
// lower bound (open above), with a note naming it; a group none of whose claims has one has none.
struct TotalGroup {
    std::string label;                // "all", a status, or a date (YYYY-MM-DD)
    std::vector<std::string> claims;  // the claims added up
    std::optional<Range> compute_pflops;
    PerTarget equivalents;
    PerTarget bandwidth_equivalents;  // by memory bandwidth
    std::optional<Range> power_mw;
    std::vector<std::string> notes;
};

struct Totals : TotalGroup {
    // The same claims by status, and per date: at each date a claim is dated, every project's
    // latest figure up to that date (undated claims are in no date's total).
    std::vector<TotalGroup> by_status;
    std::vector<TotalGroup> by_date;
};

struct Percentiles {
    double p5 = 0;
    double p50 = 0;
    double p95 = 0;
    // As the figure's range: a bound ("more than 115,000") stays one in every draw.
    bool open_below = false;
    bool open_above = false;
};

// One derived figure's percentiles: a claim's (or the totals', claim empty) figure, per target
// where it has one.
struct FigurePercentiles {
    std::string claim;   // empty for the totals
    std::string figure;  // chips, compute_pflops, power_mw, equivalents, money.capex_usd, ...
    std::string target;  // empty for a figure of the whole claim
    Percentiles p;
};

// The Monte-Carlo estimate (monte_carlo.hpp): percentiles of every derived figure.
struct MonteCarlo {
    std::size_t draws = 0;
    std::uint64_t seed = 0;
    std::vector<FigurePercentiles> figures;
};

struct Estimate {
    EstimateOptions options;
    std::vector<std::pair<std::string, Rate>> target_rates;  // at options.precision
    std::vector<ClaimEstimate> claims;
    Totals totals;
    std::optional<MonteCarlo> monte_carlo;  // with --draws
};

Estimate estimate(const ClaimSet& claims, const ProfileSet& profiles,
                  const Assumptions& assumptions, const EstimateOptions& options);

// The largest figure (chips, PFLOPS, MW, a total) an estimate may hold, written or read. With
// the caps on claims, profiles and assumptions no claim comes near it (at most about 1e16
// equivalents); the check below keeps an infinity or a NaN from ever reaching an output, where
// JSON would hold null.
inline constexpr double kMaxEstimateFigure = 1e30;
// InputError naming `origin`, the claim and the figure when any number is not finite or past
// kMaxEstimateFigure. estimate() runs it on every estimate.
void check_estimate_figures(const Estimate& e, const std::string& origin);

// IT watts per accelerator: server power per GPU (the profile's server, else TDP x factor) x
// the IT overhead. nullopt when the chip has neither.
std::optional<Range> it_watts_per_chip(const ChipProfile& chip, const Assumptions& assumptions);
// The profile field it_watts_per_chip starts from: "server" or "tdp_w".
std::string power_field(const ChipProfile& chip);

}  // namespace chipcount
