#include "chipcount/estimate/claims.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <regex>
#include <unordered_map>

#include "chipcount/base/errors.hpp"
#include "chipcount/base/text.hpp"
#include "chipcount/base/units.hpp"
#include "chipcount/estimate/chip_groups.hpp"
#include "chipcount/estimate/ratio.hpp"
#include "chipcount/estimate/training.hpp"
#include "chipcount/format/table.hpp"
#include "chipcount/io/files.hpp"
#include "chipcount/io/json_read.hpp"
#include "chipcount/io/sha256.hpp"

namespace chipcount {
namespace {

// The plausible maximum and the unit table of each kind of stated figure.
enum class AmountKind {
    kChips, kServers, kCompute, kPower, kShare, kProjects, kMoney, kRatio,
    kChipHours, kFlop, kDuration, kParameters, kTokens
};

struct AmountRules {
    const char* example;  // for messages
    double max;
    const char* limit;  // the max as messages say it
    bool whole;  // counts: whole numbers
    std::string_view units;
    // The least plausible figure, and as messages say it: below it a figure is a slip (a unit
    // read a million times too small), and products of it could underflow to a printed zero.
    double min;
    const char* least;
};

AmountRules rules_of(AmountKind kind) {
    switch (kind) {
        case AmountKind::kChips:
            return {"more than 115,000", kMaxChips, "1,000,000,000 chips", true, kChipCountUnits,
                    1, "1 chip"};
        case AmountKind::kServers:
            return {"about 5,000", kMaxServers, "100,000,000 servers", true, kServerCountUnits,
                    1, "1 server"};
        case AmountKind::kCompute:
            return {"4000 P", kMaxPflops, "10,000 EFLOPS", false, kComputeUnits, 1e-6,
                    "1 GFLOPS"};
        case AmountKind::kPower:
            return {"100 MW", kMaxMw, "1 TW", false, kPowerUnits, 1e-6, "1 W"};
        case AmountKind::kShare:
            return {"30%", 1.0, "100%", false, "% or none (a fraction)", 1e-6, "0.0001%"};
        case AmountKind::kProjects:
            return {"39", kMaxProjects, "1,000,000 projects", true, "none", 1, "1 project"};
        case AmountKind::kMoney:
            // Less than a thousand buys no part of a data center; tables would print 0 chips.
            return {"13.5 billion yuan", kMaxMoney, "100 trillion", false, kMoneyUnits, 1000,
                    "1,000 in its currency"};
        case AmountKind::kRatio:
            return {"3-4x", 1e6, "1,000,000x", false, "x, ×, times, 倍, % or none", 1e-6,
                    "0.000001x"};
        case AmountKind::kChipHours:
            return {"2.788 million GPU hours", kMaxChipHours, "1e10 hours", false,
                    "GPU hours, GPU-hours, chip hours, hours, h, 卡时, GPU小时 (after 万 or 亿) or "
                    "none",
                    1, "1 hour"};
        case AmountKind::kFlop:
            return {"3.8e25 FLOP", kMaxTrainingFlop, "1e29 FLOP", false, "FLOP, FLOPs or none", 1e12,
                    "1e12 FLOP"};
        case AmountKind::kDuration:
            return {"2 months", kMaxTrainingHours, "10 years", false,
                    "hours, h, days, weeks, months, years, 小时, 天, 周, 个月, 月, 年", 1, "1 hour"};
        case AmountKind::kParameters:
            return {"37 billion", kMaxParametersOrTokens, "1e16", false,
                    "K, M, B, T (thousand to trillion), parameters, params or none", 1, "1"};
        case AmountKind::kTokens:
            return {"14.8 trillion", kMaxParametersOrTokens, "1e16", false,
                    "K, M, B, T (thousand to trillion), tokens or none", 1, "1"};
    }
    return {"", 0, "", false, "", 0, ""};
}

// "GPU hours" and its spellings, optionally after 万 or 亿 ("278.8万卡时").
std::optional<double> chip_hours_unit_factor(std::string_view unit) {
    static constexpr std::string_view kWords[] = {
        "GPU hours", "GPU-hours", "GPU hour", "chip hours", "chip-hours", "hours", "h",
        "卡时",      "GPU小时",   "GPU时",    "卡小时",     "小时"};
    double factor = 1;
    if (unit.starts_with("万")) {
        factor = 1e4;
        unit.remove_prefix(std::string_view("万").size());
    } else if (unit.starts_with("亿")) {
        factor = 1e8;
        unit.remove_prefix(std::string_view("亿").size());
    }
    const std::string word = trim(unit);
    if (word.empty()) return factor;
    for (const std::string_view known : kWords) {
        if (word == known) return factor;
    }
    return std::nullopt;
}

// A duration's unit in hours (a month is a twelfth of 365.25 days).
std::optional<double> duration_unit_hours(std::string_view unit) {
    static constexpr std::pair<std::string_view, double> kUnits[] = {
        {"hours", 1},       {"hour", 1},      {"h", 1},        {"小时", 1},     {"days", 24},
        {"day", 24},        {"天", 24},       {"weeks", 168},  {"week", 168},   {"周", 168},
        {"months", kHoursPerMonth},  {"month", kHoursPerMonth}, {"个月", kHoursPerMonth},
        {"月", kHoursPerMonth},      {"years", 12 * kHoursPerMonth},
        {"year", 12 * kHoursPerMonth}, {"年", 12 * kHoursPerMonth}};
    for (const auto& [word, hours] : kUnits) {
        if (unit == word) return hours;
    }
    return std::nullopt;
}

// "671B", "37 B parameters", "14.8T tokens", "14.8 trillion" (the scale word is the figure's):
// a magnitude letter (K, M, B, T) and then, or alone, one of `words`.
std::optional<double> magnitude_unit_factor(std::string_view unit,
                                            std::initializer_list<std::string_view> words) {
    std::string rest = trim(unit);
    double factor = 1;
    static constexpr std::pair<char, double> kLetters[] = {
        {'K', 1e3}, {'M', 1e6}, {'B', 1e9}, {'T', 1e12}};
    for (const auto& [letter, scale] : kLetters) {
        if (!rest.empty() && rest[0] == letter && (rest.size() == 1 || rest[1] == ' ')) {
            factor = scale;
            rest = trim(std::string_view(rest).substr(1));
            break;
        }
    }
    if (rest.empty()) return factor;
    for (const std::string_view word : words) {
        if (rest == word) return factor;
    }
    return std::nullopt;
}

// The factor a unit of `kind` converts by; nullopt for a unit this kind does not know.
std::optional<double> unit_factor(AmountKind kind, std::string_view unit) {
    switch (kind) {
        case AmountKind::kChips:
            return count_unit_factor(unit, CountOf::kChips);
        case AmountKind::kServers:
            return count_unit_factor(unit, CountOf::kServers);
        case AmountKind::kCompute:
            return compute_unit_to_pflops(unit);
        case AmountKind::kPower:
            return power_unit_to_mw(unit);
        case AmountKind::kShare:
            if (unit == "%") return 0.01;
            if (unit.empty()) return 1.0;
            return std::nullopt;
        case AmountKind::kProjects:
            if (unit.empty()) return 1.0;
            return std::nullopt;
        case AmountKind::kMoney:
            // A currency is more than a factor: read_money reads it with money_unit.
            return std::nullopt;
        case AmountKind::kRatio:
            if (unit.empty() || unit == "x" || unit == "X" || unit == "×" || unit == "times" ||
                unit == "倍")
                return 1.0;
            if (unit == "%") return 0.01;
            return std::nullopt;
        case AmountKind::kChipHours:
            return chip_hours_unit_factor(unit);
        case AmountKind::kFlop:
            if (unit.empty() || unit == "FLOP" || unit == "FLOPs" || unit == "flop") return 1.0;
            return std::nullopt;
        case AmountKind::kDuration:
            return duration_unit_hours(unit);
        case AmountKind::kParameters:
            return magnitude_unit_factor(unit, {"parameters", "params"});
        case AmountKind::kTokens:
            return magnitude_unit_factor(unit, {"tokens"});
    }
    return std::nullopt;
}

// Checks a stated figure against its kind's limits, in the kind's own unit.
void check_amount(const FieldReader& reader, const std::string& field, const Amount& amount,
                  AmountKind kind) {
    const AmountRules rules = rules_of(kind);
    const std::string shown = amount.text.empty() ? format_plain(amount.value) : amount.text;
    for (const double v : {amount.value, amount.upper}) {
        if (!std::isfinite(v) || v <= 0)
            reader.fail(field, "must be a positive number (got " + shown + ")");
        if (v > rules.max)
            reader.fail(field, "value " + shown + " is not plausible (the limit is " +
                                   std::string(rules.limit) + ")");
        if (v < rules.min)
            reader.fail(field, "value " + shown + " is not plausible (the least is " +
                                   std::string(rules.least) + ")");
        // "1.5万" is 15,000 cards, but "2.5 chips" is no count.
        if (rules.whole && amount.bound != Bound::kAbout && std::floor(v) != v)
            reader.fail(field, "must be a whole number (got " + shown + ")");
    }
}

// A stated figure as written: a number, or a text with its bound and unit ("more than
// 115,000", "4-5 million", "2万卡", "超过1万P"), not yet in the kind's unit.
struct WrittenAmount {
    Amount amount;
    std::string unit;  // as written after the number; empty for a number or a bare count
};

WrittenAmount read_written_amount(const FieldReader& reader, const std::string& field,
                                  const json& raw, AmountKind kind) {
    const AmountRules rules = rules_of(kind);
    if (raw.is_number()) {
        // A plain number needs no words of its own: tables print it as a number.
        return {Amount::exact(raw.get<double>()), ""};
    }
    if (!raw.is_string())
        reader.fail(field, "must be a number or a text such as \"" + std::string(rules.example) +
                               "\" (got " + describe_json_value(raw) + ")");
    const std::string text = raw.get<std::string>();
    if (const auto problem = text_problem(text, kMaxFigureTextBytes))
        reader.fail(field, *problem);
    std::string problem;
    const auto figure = parse_stated_figure(text, &problem);
    if (!figure)
        reader.fail(field, "expected a figure such as \"" + std::string(rules.example) +
                               "\" (got " + describe_json_value(raw) + ")" +
                               (problem.empty() ? "" : ": " + problem));
    return {{figure->bound, figure->value, figure->upper, trim(text)}, figure->unit};
}

// The amount in the kind's unit; `unit_field` names the field a unit problem is reported on.
Amount in_unit(const FieldReader& reader, const std::string& field, WrittenAmount written,
               AmountKind kind, const std::string& unit_field) {
    const AmountRules rules = rules_of(kind);
    const auto factor = unit_factor(kind, written.unit);
    if (!factor)
        reader.fail(unit_field, "unknown unit \"" + excerpt(written.unit) + "\"" +
                                    unit_case_hint(written.unit) + " (known: " +
                                    std::string(rules.units) + ")");
    written.amount.value *= *factor;
    written.amount.upper *= *factor;
    check_amount(reader, field, written.amount, kind);
    return written.amount;
}

// A count, a share or a number of projects, its unit (if any) in the same text.
Amount read_amount(const FieldReader& reader, std::string_view key, AmountKind kind) {
    const std::string field(key);
    return in_unit(reader, field, read_written_amount(reader, field, reader.required(key), kind),
                   kind, field);
}

// A quantity with a unit: the shorthand text ("4000 P", "more than 1万P") or the object form
// {"value": 4000 or "more than 4,000", "unit": "P"}, whose value may carry the unit instead
// ({"value": "more than 4,000 P"}). Unit problems name "<key>.unit".
Amount read_quantity_amount(const FieldReader& stated, std::string_view key, AmountKind kind,
                            std::string& unit) {
    const std::string field(key);
    const std::string unit_field = field + ".unit";
    const json& raw = stated.required(key);
    if (raw.is_string()) {
        WrittenAmount written = read_written_amount(stated, field, raw, kind);
        if (written.unit.empty())
            stated.fail(field, "needs a unit, such as \"" + std::string(rules_of(kind).example) +
                                   "\" (known: " + std::string(rules_of(kind).units) + ")");
        unit = written.unit;
        return in_unit(stated, field, written, kind, unit_field);
    }
    const FieldReader object = stated.object(key);
    const json& value = object.required("value");
    // A number has no unit of its own: the field 'unit' is then required as it always was.
    if (value.is_number() || object.has("unit")) {
        unit = object.string("unit");
        if (trim(unit).empty()) object.fail("unit", "is empty");
    }
    WrittenAmount written = read_written_amount(object, "value", value, kind);
    // "1万" with the unit "P" is 1万P: a myriad in the value scales the unit.
    const bool myriad = written.unit == "万" || written.unit == "亿";
    if (!unit.empty() && !written.unit.empty() && !myriad)
        object.fail("value", "carries the unit \"" + written.unit +
                                 "\" and so does the field 'unit': give it once");
    const bool unit_in_value = unit.empty();
    if (unit_in_value) {
        if (written.unit.empty())
            object.fail("unit", "missing required field (or write the unit in 'value': \"" +
                                    std::string(rules_of(kind).example) + "\")");
        unit = written.unit;
    } else {
        unit = written.unit + unit;
        // A text value with its unit apart reads whole in tables: "about 100" + "MW".
        if (!written.amount.text.empty()) written.amount.text += " " + trim(object.string("unit"));
    }
    written.unit = unit;
    return in_unit(stated, field + ".value", written, kind,
                   unit_in_value ? field + ".value" : unit_field);
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
    ojson out = copy(stated, {"chips", "servers", "gpus_per_server", "chip", "projects"});
    if (given(stated, "mix")) {
        out["mix"] = ojson::array();
        for (const json& part : stated["mix"]) out["mix"].push_back(copy(part, {"chip", "chips", "share"}));
    }
    // compute and power are an object or the shorthand string, both already read.
    if (given(stated, "compute")) {
        const json& compute = stated["compute"];
        out["compute"] =
            compute.is_object()
                ? copy(compute, {"value", "unit", "precision", "sparsity", "convention"})
                : ojson(compute.get<std::string>());
    }
    if (given(stated, "money")) {
        const json& money = stated["money"];
        out["money"] = money.is_object()
                           ? copy(money, {"value", "currency", "year", "covers", "market"})
                           : ojson(money.get<std::string>());
    }
    if (given(stated, "training"))
        out["training"] = copy(stated["training"], {"gpu_hours", "flop", "duration", "utilization",
                                                    "parameters", "tokens", "precision"});
    if (given(stated, "ratio")) out["ratio"] = copy(stated["ratio"], {"of", "to", "metric", "precision", "value"});
    if (given(stated, "power")) {
        const json& power = stated["power"];
        out["power"] = power.is_object() ? copy(power, {"value", "unit", "basis"})
                                         : ojson(power.get<std::string>());
    }
    return out;
}

ComputeStatement read_compute(const FieldReader& stated) {
    ComputeStatement compute;
    compute.pflops = read_quantity_amount(stated, "compute", AmountKind::kCompute, compute.unit);
    const json& raw = stated.required("compute");
    if (raw.is_string()) return compute;  // the shorthand: fp16, unknown sparsity
    const FieldReader reader = stated.object("compute");
    compute.convention = reader.optional_enum("convention", kComputeConventionNames)
                             .value_or(ComputeConvention::kNative);
    if (const auto precision = reader.optional_string("precision")) {
        const auto parsed = parse_precision(*precision);
        if (!parsed)
            reader.fail("precision", "unknown precision \"" + excerpt(*precision) +
                                         "\" (known: " + precision_list() + ")");
        compute.precision = *parsed;
    } else if (compute.convention == ComputeConvention::kFp32Normalised) {
        compute.precision = Precision::kFp32;
    }
    if (compute.convention == ComputeConvention::kFp32Normalised &&
        compute.precision != Precision::kFp32)
        reader.fail("precision", "an fp32_normalised figure is counted at fp32 (got \"" +
                                     std::string(precision_name(compute.precision)) + "\")");
    compute.sparsity =
        reader.optional_enum("sparsity", kSparsityNames).value_or(Sparsity::kUnknown);
    return compute;
}

PowerStatement read_power(const FieldReader& stated) {
    PowerStatement power;
    power.mw = read_quantity_amount(stated, "power", AmountKind::kPower, power.unit);
    const json& raw = stated.required("power");
    if (raw.is_string()) return power;
    power.basis = stated.object("power")
                      .optional_enum("basis", kPowerBasisNames)
                      .value_or(PowerBasis::kUnknown);
    return power;
}

// "13.5 billion yuan", "$2.3 billion", "135亿元", or {"value": ..., "currency": "CNY", "year":
// 2024, "covers": "capex", "market": "china"}. The year is the money's own, else the claim's date.
MoneyStatement read_money(const FieldReader& stated, const std::optional<ClaimDate>& date) {
    static constexpr std::string_view kCurrencies[] = {"USD", "CNY", "EUR"};
    MoneyStatement money;
    const json& raw = stated.required("money");
    const std::optional<FieldReader> object =
        raw.is_object() ? std::optional<FieldReader>(stated.object("money")) : std::nullopt;
    const json* value = &raw;
    std::string field = "money";
    std::string named_currency;  // the object's field 'currency'
    if (object) {
        value = &object->required("value");
        field = "money.value";
        if (const auto code = object->optional_string("currency")) {
            if (std::find(std::begin(kCurrencies), std::end(kCurrencies), *code) ==
                std::end(kCurrencies))
                object->fail("currency", "unknown currency \"" + excerpt(*code) +
                                             "\" (known: USD, CNY, EUR)");
            named_currency = *code;
        }
    }
    std::string currency;
    if (value->is_number()) {
        money.amount = Amount::exact(value->get<double>());
    } else if (value->is_string()) {
        const std::string text = value->get<std::string>();
        if (const auto problem = text_problem(text, kMaxFigureTextBytes)) stated.fail(field, *problem);
        const CurrencySign sign = strip_currency_sign(text);
        std::string problem;
        const auto figure = parse_stated_figure(sign.text, &problem);
        if (!figure)
            stated.fail(field, "expected a sum such as \"13.5 billion yuan\" or \"$2 billion\" (got " +
                                   describe_json_value(*value) + ")" +
                                   (problem.empty() ? "" : ": " + problem));
        const auto unit = money_unit(figure->unit);
        if (!unit)
            stated.fail(field, "unknown currency or unit \"" + excerpt(figure->unit) +
                                   "\" (known: " + std::string(kMoneyUnits) + ")");
        if (!sign.currency.empty() && !unit->currency.empty() && sign.currency != unit->currency)
            stated.fail(field, "names two currencies (" + sign.currency + " and " +
                                   unit->currency + ")");
        currency = sign.currency.empty() ? unit->currency : sign.currency;
        money.amount = {figure->bound, figure->value * unit->factor, figure->upper * unit->factor,
                        trim(text)};
    } else {
        stated.fail(field, "must be a number or a text such as \"13.5 billion yuan\" (got " +
                               describe_json_value(*value) + ")");
    }
    if (!named_currency.empty() && !currency.empty() && named_currency != currency)
        stated.fail(field, "is in " + currency + " but field 'money.currency' says " +
                               named_currency);
    if (currency.empty()) currency = named_currency;
    if (currency.empty())
        stated.fail(field, "needs a currency: \"13.5 billion yuan\", \"$2 billion\", or a field "
                           "'currency' (USD, CNY or EUR)");
    money.currency = currency;
    check_amount(stated, field, money.amount, AmountKind::kMoney);
    if (object && object->has("year")) {
        money.year = static_cast<int>(object->integer("year", kMinClaimYear, kMaxClaimYear));
    } else if (date) {
        money.year = std::stoi(date->end.substr(0, 4));
        money.year_from_date = true;
    } else {
        stated.fail(object ? "money.year" : "money",
                    "needs a year for its prices and exchange rate: give 'year' in the object "
                    "form ({\"value\": ..., \"year\": 2024}), or the claim's as_of or planned_by");
    }
    if (object) {
        money.covers =
            object->optional_enum("covers", kMoneyCoversNames).value_or(MoneyCovers::kCapex);
        money.market = object->optional_enum("market", kMarketNames);
    }
    return money;
}

// The chips a name stands for: a profile, a group ("domestic"), or alternatives written "H100
// or H200", "H100/H200", "H100或H200" or as an array of names; a list per name written (a
// group's members, or the one chip).
std::vector<std::vector<std::string>> resolve_chips(const FieldReader& reader,
                                                    const std::string& field, const json& raw,
                                                    const ProfileSet& profiles,
                                                    const std::string& context) {
    std::vector<std::string> names;
    if (raw.is_array()) {
        for (const json& item : raw) {
            if (!item.is_string())
                reader.fail(field, "must be chip names (got " + describe_json_value(item) + ")");
            names.push_back(item.get<std::string>());
        }
    } else if (raw.is_string()) {
        const std::string text = raw.get<std::string>();
        if (profiles.find(text) || chip_group_members(text, profiles)) {
            names.push_back(text);
        } else {
            names = split_alternatives(text);
        }
    } else {
        reader.fail(field, "must be a chip name or an array of names (got " +
                               describe_json_value(raw) + ")");
    }
    if (names.empty()) reader.fail(field, "names no chip");
    std::vector<std::vector<std::string>> per_name;
    std::vector<std::string> ids;
    for (const std::string& name : names) {
        const auto members = chip_group_members(name, profiles);
        per_name.push_back(members ? *members
                                   : std::vector<std::string>{profiles.get(name, context).id});
        ids.insert(ids.end(), per_name.back().begin(), per_name.back().end());
    }
    std::sort(ids.begin(), ids.end());
    if (std::adjacent_find(ids.begin(), ids.end()) != ids.end())
        reader.fail(field, "names a chip twice");
    if (ids.size() > kMaxMixParts)
        reader.fail(field, "names more than " + std::to_string(kMaxMixParts) + " chips");
    return per_name;
}

std::vector<std::string> flattened(const std::vector<std::vector<std::string>>& lists) {
    std::vector<std::string> out;
    for (const auto& list : lists) out.insert(out.end(), list.begin(), list.end());
    std::sort(out.begin(), out.end());
    return out;
}

std::string join_ids(const std::vector<std::string>& ids) {
    std::string out;
    for (const std::string& id : ids) out += (out.empty() ? "" : " or ") + id;
    return out;
}

// "mix": [{"chip": "H800", "chips": 3000}, {"chip": "H100", "share": "30%"}, {"chip": "H20"}]
std::vector<HardwarePart> read_mix(const FieldReader& stated, const ProfileSet& profiles,
                                   const std::string& context) {
    const json& raw = stated.required("mix");
    if (!raw.is_array() || raw.empty())
        stated.fail("mix", "must be a non-empty array of {chip, chips or share}");
    if (raw.size() > kMaxMixParts)
        stated.fail("mix", "has more than " + std::to_string(kMaxMixParts) + " entries");
    std::vector<HardwarePart> parts;
    for (std::size_t i = 0; i < raw.size(); ++i) {
        const std::string at = "mix[" + std::to_string(i) + "]";
        if (!raw[i].is_object()) stated.fail(at, "must be an object {chip, chips or share}");
        const FieldReader entry = stated.element(raw[i], at + ".");
        HardwarePart part;
        const std::string field = entry.field_name("chip");
        part.ids = flattened(resolve_chips(entry, "chip", entry.required("chip"), profiles,
                                           context + ": field '" + field + "'"));
        part.name = entry.raw()["chip"].is_string() ? entry.raw()["chip"].get<std::string>()
                                                    : join_ids(part.ids);
        if (entry.has("chips")) part.chips = read_amount(entry, "chips", AmountKind::kChips);
        if (entry.has("share")) part.share = read_amount(entry, "share", AmountKind::kShare);
        if (part.chips && part.share) entry.fail("share", "give chips or share, not both");
        for (const HardwarePart& earlier : parts) {
            for (const std::string& id : part.ids) {
                if (std::find(earlier.ids.begin(), earlier.ids.end(), id) != earlier.ids.end())
                    entry.fail("chip", id + " is in the mix twice");
            }
        }
        parts.push_back(std::move(part));
    }
    return parts;
}

void check_mix(const FieldReader& stated, const Stated& s) {
    const bool total = s.chips || s.servers;
    double shares = 0;
    for (std::size_t i = 0; i < s.hardware.size(); ++i) {
        const HardwarePart& part = s.hardware[i];
        const std::string at = "mix[" + std::to_string(i) + "]";
        if (part.share && !total)
            stated.fail(at + ".share", "a share needs the claim's chips or servers");
        if (!part.chips && !part.share && !total)
            stated.fail(at, "gives neither chips nor share, and the claim states no chips or "
                            "servers to share out");
        if (part.share) shares += part.share->value;
    }
    if (shares > 1.0 + 1e-9)
        stated.fail("mix", "the shares add up to " + format_percent(shares) + ", over 100%");
}

// "2025", "2025-06", "2025-06-30" or "2024-Q4": the last day it covers.
std::optional<std::string> date_end(const std::string& text) {
    static const std::regex pattern(R"(^(\d{4})(?:-(\d{2})(?:-(\d{2}))?|-Q([1-4]))?$)");
    std::smatch m;
    if (!std::regex_match(text, m, pattern)) return std::nullopt;
    const int year = std::stoi(m[1]);
    if (year < kMinClaimYear || year > kMaxClaimYear) return std::nullopt;
    int month = 12;
    if (m[2].matched) month = std::stoi(m[2]);
    if (m[4].matched) month = 3 * std::stoi(m[4]);
    if (month < 1 || month > 12) return std::nullopt;
    static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    const int last = kDays[month - 1] + (month == 2 && leap ? 1 : 0);
    int day = last;
    if (m[3].matched) {
        day = std::stoi(m[3]);
        if (day < 1 || day > last) return std::nullopt;
    }
    char out[11];
    std::snprintf(out, sizeof out, "%04d-%02d-%02d", year, month, day);
    return std::string(out);
}

std::optional<ClaimDate> read_date(const FieldReader& reader) {
    std::optional<ClaimDate> date;
    for (const DateKind kind : {DateKind::kAsOf, DateKind::kPlannedBy}) {
        const std::string key(name_of(kDateKindNames, kind));
        const auto text = reader.optional_string(key);
        if (!text) continue;
        if (date) reader.fail(key, "give as_of or planned_by, not both");
        const auto end = date_end(*text);
        if (!end)
            reader.fail(key, "expected a date as 2025, 2025-06, 2025-06-30 or 2024-Q4 (got \"" +
                                 *text + "\")");
        date = ClaimDate{kind, *text, *end};
    }
    return date;
}

// A figure on a ratio's side, in the metric's unit (TFLOPS, TB/s, GB, W, GB/s); nullopt for a
// unit the metric does not take.
std::optional<double> metric_unit_factor(RatioMetric metric, std::string_view unit) {
    switch (metric) {
        case RatioMetric::kCompute:
            if (const auto pflops = compute_unit_to_pflops(unit)) return *pflops * 1000.0;
            return std::nullopt;
        case RatioMetric::kMemoryBandwidth:
            if (unit == "TB/s") return 1.0;
            if (unit == "GB/s") return 1e-3;
            return std::nullopt;
        case RatioMetric::kMemoryCapacity:
            if (unit == "GB") return 1.0;
            if (unit == "TB") return 1e3;
            return std::nullopt;
        case RatioMetric::kPower:
            if (unit == "W") return 1.0;
            if (unit == "kW") return 1e3;
            return std::nullopt;
        case RatioMetric::kInterconnect:
            if (unit == "GB/s") return 1.0;
            if (unit == "TB/s") return 1e3;
            return std::nullopt;
    }
    return std::nullopt;
}

constexpr std::string_view kMetricUnits =
    "compute: TFLOPS, PFLOPS, P, ...; memory_bandwidth: TB/s, GB/s; memory_capacity: GB, TB; "
    "power: W, kW; interconnect: GB/s, TB/s";

// The least and greatest figure a ratio's side may state, in the metric's unit: a chip's TFLOPS,
// TB/s, GB, W or GB/s are all well inside.
constexpr double kMinRatioFigure = 1e-3;
constexpr double kMaxRatioFigure = 1e7;

// True when every alternative of `names` is a profiled chip or a group: then the side is chips,
// even where it reads as a number and a unit ("910C").
bool names_chips(const std::string& names, const ProfileSet& profiles) {
    if (profiles.find(names) || chip_group_members(names, profiles)) return true;
    const std::vector<std::string> parts = split_alternatives(names);
    return !parts.empty() && std::all_of(parts.begin(), parts.end(), [&](const std::string& p) {
        return profiles.find(p) || chip_group_members(p, profiles);
    });
}

// "H100", "best domestic", "H100 or H200", or a figure with the metric's unit ("4.8 TB/s").
RatioSide read_ratio_side(const FieldReader& ratio, const std::string& key, RatioMetric metric,
                          const ProfileSet& profiles, const std::string& context) {
    RatioSide side;
    const json& raw = ratio.required(key);
    if (!raw.is_string())
        ratio.fail(key, "must be a chip, \"best\" and a group (\"best domestic\") or a figure "
                        "such as \"4.8 TB/s\" (got " + describe_json_value(raw) + ")");
    side.text = trim(raw.get<std::string>());
    if (const auto problem = text_problem(side.text, kMaxFigureTextBytes)) ratio.fail(key, *problem);
    std::string names = side.text;
    if (names.size() > 5 && to_lower(std::string_view(names).substr(0, 5)) == "best ") {
        side.best = true;
        names = trim(names.substr(5));
    }
    if (names_chips(names, profiles)) {
        side.chips = flattened(resolve_chips(ratio, key, json(names), profiles,
                                             context + ": field '" + ratio.field_name(key) + "'"));
        return side;
    }
    const bool numeric = !side.text.empty() && (is_ascii_digit(side.text[0]) ||
                                                side.text[0] == '.' || side.text[0] == '-');
    std::string problem;
    const auto figure = parse_stated_figure(side.text, &problem);
    if (!figure && numeric)
        ratio.fail(key, "expected a figure in the metric's unit, such as \"4.8 TB/s\", or a chip" +
                            (problem.empty() ? "" : ": " + problem));
    if (figure && !side.best) {
        const auto factor = metric_unit_factor(metric, figure->unit);
        if (!factor)
            ratio.fail(key, "unit \"" + excerpt(figure->unit) + "\" is not one of the metric " +
                                std::string(name_of(kRatioMetricNames, metric)) + " (" +
                                std::string(kMetricUnits) + ")");
        side.figure = figure->value * *factor;
        if (*side.figure < kMinRatioFigure || *side.figure > kMaxRatioFigure)
            ratio.fail(key, "value " + side.text + " is not plausible (in " +
                                metric_unit(metric) + ", " + format_plain(kMinRatioFigure) +
                                " to " + format_plain(kMaxRatioFigure) + ")");
        return side;
    }
    // Neither: the reader names the unknown chip.
    side.chips = flattened(resolve_chips(ratio, key, json(names), profiles,
                                         context + ": field '" + ratio.field_name(key) + "'"));
    return side;
}

// {"of": "H100", "to": "best domestic", "metric": "compute", "value": "3-4x"}
RatioStatement read_ratio(const FieldReader& stated, const ProfileSet& profiles,
                          const std::string& context) {
    const FieldReader ratio = stated.object("ratio");
    RatioStatement out;
    out.metric_text = ratio.string("metric");
    if (out.metric_text == "inference") {
        out.metric = RatioMetric::kMemoryBandwidth;
    } else if (out.metric_text == "training") {
        out.metric = RatioMetric::kCompute;
    } else if (const auto metric = value_of(kRatioMetricNames, out.metric_text)) {
        out.metric = *metric;
    } else {
        ratio.fail("metric", "must be " + name_choices(kRatioMetricNames) +
                                 ", or inference (memory bandwidth) or training (compute) (got \"" +
                                 excerpt(out.metric_text) + "\")");
    }
    if (const auto precision = ratio.optional_string("precision")) {
        const auto parsed = parse_precision(*precision);
        if (!parsed)
            ratio.fail("precision", "unknown precision \"" + excerpt(*precision) +
                                        "\" (known: " + precision_list() + ")");
        if (out.metric != RatioMetric::kCompute)
            ratio.fail("precision", "only a compute ratio has a precision");
        out.precision = *parsed;
    }
    out.of = read_ratio_side(ratio, "of", out.metric, profiles, context);
    out.to = read_ratio_side(ratio, "to", out.metric, profiles, context);
    if (out.of.figure && out.to.figure)
        ratio.fail("to", "a ratio of two figures checks nothing: name a chip on one side");
    if (!out.of.figure && out.of.chips == out.to.chips)
        ratio.fail("to", "names the same chips as 'of': a chip against itself checks nothing");
    // "Best" is the highest figure: for power (TDP) the highest is no better.
    if ((out.of.best || out.to.best) && out.metric == RatioMetric::kPower)
        ratio.fail(out.of.best ? "of" : "to",
                   "\"best\" has no meaning for power (TDP): name the chips");
    out.value = in_unit(ratio, "value",
                        read_written_amount(ratio, "value", ratio.required("value"),
                                            AmountKind::kRatio),
                        AmountKind::kRatio, "value");
    return out;
}

// {"gpu_hours": "2.788 million", "parameters": "37B", "tokens": "14.8T", "precision": "fp8"}
TrainingStatement read_training(const FieldReader& stated) {
    const FieldReader training = stated.object("training");
    TrainingStatement out;
    const auto amount = [&training](const char* key, AmountKind kind) -> std::optional<Amount> {
        if (!training.has(key)) return std::nullopt;
        return read_amount(training, key, kind);
    };
    out.chip_hours = amount("gpu_hours", AmountKind::kChipHours);
    out.flop = amount("flop", AmountKind::kFlop);
    out.hours = amount("duration", AmountKind::kDuration);
    out.utilization = amount("utilization", AmountKind::kShare);
    out.parameters = amount("parameters", AmountKind::kParameters);
    out.tokens = amount("tokens", AmountKind::kTokens);
    if (out.parameters.has_value() != out.tokens.has_value())
        training.fail(out.parameters ? "tokens" : "parameters",
                      "6ND needs both parameters and tokens");
    if (out.parameters && 6 * out.parameters->upper * out.tokens->upper > kMaxTrainingFlop)
        training.fail("tokens", "6 x parameters x tokens = " +
                                    format_plain(6 * out.parameters->upper * out.tokens->upper) +
                                    " FLOP, which is not plausible (the limit is " +
                                    format_plain(kMaxTrainingFlop) + " FLOP)");
    if (!out.chip_hours && !out.flop && !out.hours && !out.parameters)
        training.fail("gpu_hours", "a training run needs gpu_hours, flop, duration (with the "
                                   "claim's chips), or parameters and tokens");
    if (const auto precision = training.optional_string("precision")) {
        const auto parsed = parse_precision(*precision);
        if (!parsed)
            training.fail("precision", "unknown precision \"" + excerpt(*precision) +
                                           "\" (known: " + precision_list() + ")");
        out.precision = *parsed;
    }
    return out;
}

void read_hardware(const FieldReader& stated, Stated& s, const ProfileSet& profiles,
                   const std::string& context) {
    if (stated.has("chip") && stated.has("mix"))
        stated.fail("mix", "give chip (one chip or alternatives) or mix, not both");
    if (stated.has("chip")) {
        const json& raw = stated.required("chip");
        // A part per alternative: "domestic or H20" is a domestic chip or an H20, each as likely.
        for (auto& ids : resolve_chips(stated, "chip", raw, profiles,
                                       context + ": field 'stated.chip'")) {
            std::string name = join_ids(ids);
            s.hardware.push_back({std::move(ids), std::nullopt, std::nullopt, std::move(name)});
        }
        s.hardware_text = raw.is_string() ? raw.get<std::string>() : "";
    } else if (stated.has("mix")) {
        s.hardware = read_mix(stated, profiles, context);
        check_mix(stated, s);
    }
    // Alternatives read "H100 or H200"; a mix's parts "H800, H100, H20".
    const char* separator = stated.has("chip") ? " or " : ", ";
    if (s.hardware_text.empty()) {
        for (const HardwarePart& part : s.hardware)
            s.hardware_text += (s.hardware_text.empty() ? "" : separator) + part.name;
    }
}

Claim read_claim(const json& raw, const std::string& origin, std::size_t index,
                 const ProfileSet& profiles) {
    const std::string position = "claims[" + std::to_string(index) + "]";
    const FieldReader anonymous(raw, origin, position);
    Claim claim;
    claim.id = anonymous.name("id", kMaxClaimIdBytes);
    if (claim.id.empty()) anonymous.fail("id", "must not be empty");
    const std::string context = origin + ": claim '" + claim.id + "'";
    const FieldReader reader(raw, origin, "claim '" + claim.id + "'");
    claim.name = reader.optional_name("name", kMaxClaimNameBytes).value_or(claim.id);
    claim.region = reader.optional_name("region", kMaxClaimRegionBytes).value_or("");
    claim.source = reader.optional_text("source", kMaxClaimSourceBytes).value_or("");
    claim.notes = reader.optional_text("notes", kMaxClaimNotesBytes).value_or("");
    claim.part_of = reader.optional_name("part_of", kMaxClaimIdBytes);
    claim.subset_of = reader.optional_name("subset_of", kMaxClaimIdBytes);
    if (claim.part_of && claim.subset_of)
        reader.fail("subset_of", "give part_of or subset_of, not both");
    claim.project = reader.optional_name("project", kMaxClaimIdBytes);
    claim.phase = reader.optional_name("phase", kMaxClaimIdBytes).value_or("");
    claim.status = reader.optional_enum("status", kClaimStatusNames).value_or(ClaimStatus::kUnstated);
    claim.date = read_date(reader);
    if (const auto cover = reader.optional_string("parts_cover")) {
        if (*cover != "all" && *cover != "some")
            reader.fail("parts_cover", "must be all or some (got \"" + *cover + "\")");
        claim.parts_cover_all = *cover == "all";
    }

    const FieldReader stated = reader.object("stated");
    Stated& s = claim.stated;
    if (stated.has("chips")) s.chips = read_amount(stated, "chips", AmountKind::kChips);
    if (stated.has("servers")) s.servers = read_amount(stated, "servers", AmountKind::kServers);
    if (stated.has("projects"))
        s.projects = read_amount(stated, "projects", AmountKind::kProjects);
    if (stated.has("gpus_per_server"))
        s.gpus_per_server =
            static_cast<int>(stated.integer("gpus_per_server", 1, kMaxGpusPerServer));
    read_hardware(stated, s, profiles, context);
    if (stated.has("compute")) s.compute = read_compute(stated);
    if (stated.has("power")) s.power = read_power(stated);
    if (stated.has("money")) s.money = read_money(stated, claim.date);
    if (stated.has("ratio")) s.ratio = read_ratio(stated, profiles, context);
    if (stated.has("training")) {
        s.training = read_training(stated);
        const bool chips = s.chips || s.servers;
        if (s.training->hours && !chips)
            stated.fail("training.duration", "needs the claim's chips or servers (how many ran)");
        const bool one_chip = s.hardware.size() == 1 && s.hardware[0].ids.size() == 1;
        if ((s.training->chip_hours || s.training->hours) && !one_chip)
            stated.fail(s.training->chip_hours ? "training.gpu_hours" : "training.duration",
                        "needs one named chip (stated.chip) whose hours they are");
    }
    if (!s.chips && !s.servers && !s.mix_counts_chips() && !s.compute && !s.power && !s.money &&
        !s.ratio && !s.training && !s.projects) {
        reader.fail("stated", "states nothing: give chips, servers, compute, power, money, ratio, "
                              "training or projects");
    }
    if (s.gpus_per_server && !s.servers)
        stated.fail("gpus_per_server", "only meaningful with servers");
    claim.stated_json = echo_of(stated.raw());  // after the reads above: every field is valid
    return claim;
}

}  // namespace

ClaimBasis Claim::basis() const {
    // A count of unnamed cards converts through the compute it states, if any.
    const bool named = !stated.hardware.empty();
    if (stated.chips && (named || !stated.compute)) return ClaimBasis::kChips;
    if (stated.servers && (named || !stated.compute)) return ClaimBasis::kServers;
    if (stated.mix_counts_chips()) return ClaimBasis::kChips;
    if (stated.compute) return ClaimBasis::kCompute;
    if (stated.power) return ClaimBasis::kPower;
    if (stated.money) return ClaimBasis::kMoney;
    return ClaimBasis::kNone;
}

namespace {

// subset_of names another claim, never the claim itself.
void link_subsets(ClaimSet& set, const std::unordered_map<std::string, std::size_t>& index) {
    for (std::size_t i = 0; i < set.claims.size(); ++i) {
        const Claim& claim = set.claims[i];
        if (!claim.subset_of) continue;
        const auto it = index.find(*claim.subset_of);
        const std::string field = set.origin + ": claim '" + claim.id + "': field 'subset_of': ";
        if (it == index.end())
            throw InputError(field + "no claim with id '" + *claim.subset_of + "'");
        if (it->second == i) throw InputError(field + "a claim is not a subset of itself");
        set.claims[it->second].subsets.push_back(i);
    }
}

// The claims of one project are its figures at different dates: each needs a date of its own,
// and they stand at the same level (all top-level, or all parts of one whole).
void check_projects(const ClaimSet& set) {
    std::unordered_map<std::string, std::size_t> first;  // project -> its first claim
    std::unordered_map<std::string, std::size_t> seen_date;  // project + date -> claim
    for (std::size_t i = 0; i < set.claims.size(); ++i) {
        const Claim& claim = set.claims[i];
        if (!claim.project) continue;
        const std::string field = set.origin + ": claim '" + claim.id + "': field '";
        if (!claim.date)
            throw InputError(field + "project': a claim of project '" + *claim.project +
                             "' needs a date (as_of or planned_by): a project's claims are its "
                             "figures at different dates");
        const auto [at, added] = first.emplace(*claim.project, i);
        const Claim& other = set.claims[at->second];
        if (!added && (other.part_of != claim.part_of || other.subset_of != claim.subset_of))
            throw InputError(field + "project': claims '" + other.id + "' and '" + claim.id +
                             "' of project '" + *claim.project +
                             "' must be part of the same claim (or both top-level)");
        const auto [dated, fresh] = seen_date.emplace(*claim.project + "\n" + claim.date->end, i);
        if (!fresh)
            throw InputError(field + std::string(name_of(kDateKindNames, claim.date->kind)) +
                             "': project '" + *claim.project + "' has two claims dated " +
                             claim.date->text + " ('" + set.claims[dated->second].id + "' and '" +
                             claim.id + "')");
    }
}

}  // namespace

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
    link_subsets(set, index);
    check_projects(set);
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

namespace {

// The flag an inline claim's field came from: "stated.compute.unit" -> "--compute".
constexpr std::pair<std::string_view, std::string_view> kInlineFlags[] = {
    {"chips", "--chips"},   {"servers", "--servers"}, {"gpus_per_server", "--gpus-per-server"},
    {"chip", "--chip"},     {"compute", "--compute"}, {"power", "--power"},
    {"money", "--money"}};

// A reader's message about an inline claim, naming the flag the user typed instead of the field
// of the claim built from it ("command line: claim 'inline': field 'stated.chips': must be a
// whole number" -> "--chips: must be a whole number"); as it was when no flag matches.
std::string message_naming_the_flag(const std::string& message) {
    static constexpr std::string_view kField = "field 'stated.";
    const std::size_t at = message.find(kField);
    if (at == std::string::npos) return message;
    const std::size_t key_start = at + kField.size();
    const std::size_t close = message.find("': ", key_start);
    if (close == std::string::npos) return message;
    // The money's own flags first: "money.year" is --year, "money.covers" --covers.
    const std::string_view path = std::string_view(message).substr(key_start, close - key_start);
    for (const auto& [field, flag] : {std::pair<std::string_view, std::string_view>{"money.year", "--year"},
                                      {"money.covers", "--covers"}}) {
        if (path == field) return std::string(flag) + ": " + message.substr(close + 3);
    }
    const std::string_view key =
        std::string_view(message).substr(key_start, message.find_first_of(".[']", key_start) - key_start);
    for (const auto& [field, flag] : kInlineFlags) {
        if (key == field) return std::string(flag) + ": " + message.substr(close + 3);
    }
    return message;
}

}  // namespace

ClaimSet inline_claims(const InlineClaim& flags, const ProfileSet& profiles) {
    // A figure flag takes what a claims file takes ("more than 115,000", "about 4,000 P",
    // "超过1万P"); the reader checks its unit and limits. Here only that it is a figure at all,
    // so that the message names the flag. A plain count stays a number, as the echo of the
    // claim has always shown it.
    const auto figure = [](const std::string& flag, const std::string& text, const char* example,
                           bool needs_unit = false) -> json {
        std::string problem;
        const auto parsed = parse_stated_figure(text, &problem);
        if (parsed && !(parsed->value > 0)) problem = "a figure must be above zero";
        if (parsed && needs_unit && parsed->unit.empty()) problem = "it needs a unit";
        if (!parsed || !problem.empty())
            throw UsageError("--" + flag + ": expected a figure such as \"" + example +
                             "\" (got '" + text + "')" + (problem.empty() ? "" : ": " + problem));
        if (const auto count = parse_count(text); count && !needs_unit) return *count;
        return text;
    };
    json stated = json::object();
    if (flags.chips) stated["chips"] = figure("chips", *flags.chips, "more than 115,000");
    if (flags.servers) stated["servers"] = figure("servers", *flags.servers, "about 5,000");
    if (flags.gpus_per_server) {
        const auto count = parse_count(*flags.gpus_per_server);
        if (!count)
            throw UsageError("--gpus-per-server: expected a count: digits, not zero (got '" +
                             *flags.gpus_per_server + "')");
        stated["gpus_per_server"] = *count;
    }
    if (flags.chip) stated["chip"] = *flags.chip;
    if (flags.compute) {
        stated["compute"] = {{"value", figure("compute", *flags.compute, "4000 P", true)},
                             {"precision", flags.precision},
                             {"sparsity", flags.sparsity}};
    }
    if (flags.power) {
        stated["power"] = {{"value", figure("power", *flags.power, "100 MW", true)},
                           {"basis", flags.power_basis}};
    }
    if (flags.year && !flags.money) throw UsageError("--year: only meaningful with --money");
    if (flags.covers && !flags.money) throw UsageError("--covers: only meaningful with --money");
    if (flags.money) {
        json money = {{"value", *flags.money}};
        if (!flags.year)
            throw UsageError("--money: needs --year, the year of its prices and exchange rate");
        const auto year = parse_count(*flags.year);
        if (!year || *year < kMinClaimYear || *year > kMaxClaimYear)
            throw UsageError("--year: expected a year from " + std::to_string(kMinClaimYear) +
                             " to " + std::to_string(kMaxClaimYear) + " (got '" + *flags.year +
                             "')");
        money["year"] = static_cast<int>(*year);
        if (flags.covers) money["covers"] = *flags.covers;
        stated["money"] = money;
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
    try {
        ClaimSet set = parse_claims(text, "command line", profiles);
        set.sha256.clear();
        return set;
    } catch (const InputError& e) {
        throw UsageError(message_naming_the_flag(e.what()));
    }
}

ClaimSet load_claims(const std::filesystem::path& path, const ProfileSet& profiles) {
    return parse_claims(read_text_file(path), path.string(), profiles);
}

}  // namespace chipcount
