#include "chipcount/estimate/prices.hpp"

#include <cmath>
#include <cstdlib>
#include <tuple>

#include "chipcount/base/errors.hpp"
#include "chipcount/io/files.hpp"
#include "chipcount/io/json_read.hpp"

namespace chipcount {
namespace {

constexpr int kFirstYear = kMinClaimYear;
constexpr int kLastYear = kMaxClaimYear;
// A server of 72 GPUs at several million dollars is the dearest thing priced; 1e10 in any of the
// table's currencies is a typo.
constexpr double kMaxPrice = 1e10;
constexpr double kMinPrice = 1;
// Units per US dollar: a euro's 0.9 to a yen's 150.
constexpr double kMinRate = 0.01;
constexpr double kMaxRate = 1e4;
constexpr std::size_t kMaxSourceBytes = 2000;
constexpr std::size_t kMaxEntries = 10000;
// A citation as long as a profile's; as many as a table of thousands of prices could cite. The
// file is echoed whole in every estimate, so it stays small.
constexpr std::size_t kMaxCitationBytes = 1000;
constexpr std::size_t kMaxReferences = 1000;
constexpr std::size_t kMaxCurrencies = 100;
constexpr std::size_t kMaxRatesPerCurrency = 200;

bool is_currency_code(const std::string& code) {
    if (code.size() != 3) return false;
    for (const char c : code) {
        if (c < 'A' || c > 'Z') return false;
    }
    return true;
}

int year_of(const FieldReader& reader, const std::string& field, const std::string& text) {
    char* end = nullptr;
    const long year = std::strtol(text.c_str(), &end, 10);
    if (text.size() != 4 || end != text.c_str() + 4 || year < kFirstYear || year > kLastYear)
        reader.fail(field, "expected a year from " + std::to_string(kFirstYear) + " to " +
                               std::to_string(kLastYear) + " (got \"" + excerpt(text) + "\")");
    return static_cast<int>(year);
}

void check_cited(const FieldReader& reader, const std::string& field, const std::string& source,
                 const nlohmann::json& references) {
    if (source.empty()) reader.fail(field, "every figure needs a source");
    for (const std::string& key : cited_keys(source)) {
        if (!references.contains(key))
            reader.fail(field, "cites [" + key + "], which is not in 'references'");
    }
}

CurrencyRates read_currency(const FieldReader& currencies, const std::string& code,
                            const nlohmann::json& references) {
    if (!is_currency_code(code) || code == "USD")
        currencies.fail(code, "expected a currency code other than USD, such as CNY");
    const FieldReader entry = currencies.object(code);
    CurrencyRates out;
    const FieldReader rates = entry.object("rates");
    if (rates.raw().size() > kMaxRatesPerCurrency)
        entry.fail("rates", "holds more than " + std::to_string(kMaxRatesPerCurrency) + " years");
    for (const auto& [year, value] : rates.raw().items()) {
        out.per_usd[year_of(rates, year, year)] =
            rates.plausible_value(value, year, kMinRate, kMaxRate);
    }
    if (out.per_usd.empty()) entry.fail("rates", "holds no year");
    out.source = entry.text("source", kMaxSourceBytes);
    check_cited(entry, "source", out.source, references);
    return out;
}

PriceEntry read_price(const FieldReader& entry, const PriceTable& table,
                      const ProfileSet& profiles, const nlohmann::json& references) {
    PriceEntry p;
    p.chip = profiles
                 .get(entry.string("chip"),
                      table.origin + ": prices: field '" + entry.field_name("chip") + "'")
                 .id;
    const auto market = entry.optional_enum("market", kMarketNames);
    if (!market) entry.fail("market", "missing required field (list or china)");
    p.market = *market;
    p.year = static_cast<int>(entry.integer("year", kFirstYear, kLastYear));
    const auto per = entry.optional_enum("per", kPricedPerNames);
    if (!per) entry.fail("per", "missing required field (chip or server)");
    p.per = *per;
    if (p.per == PricedPer::kServer) {
        p.gpus = static_cast<int>(entry.integer("gpus", 1, kMaxGpusPerServer));
    } else if (entry.has("gpus")) {
        entry.fail("gpus", "only a server's price has GPUs");
    }
    p.price = {entry.plausible("low", kMinPrice, kMaxPrice),
               entry.plausible("central", kMinPrice, kMaxPrice),
               entry.plausible("high", kMinPrice, kMaxPrice)};
    if (!(p.price.low <= p.price.central && p.price.central <= p.price.high))
        entry.fail("central", "low <= central <= high must hold");
    p.currency = entry.string("currency");
    if (p.currency != "USD" && table.currencies.count(p.currency) == 0)
        entry.fail("currency", "\"" + excerpt(p.currency) +
                                   "\" is neither USD nor a currency of 'currencies'");
    p.source = entry.text("source", kMaxSourceBytes);
    check_cited(entry, "source", p.source, references);
    p.confidence = entry.string("confidence");
    if (!is_confidence_word(p.confidence))
        entry.fail("confidence", "must be datasheet, secondary or estimate (got \"" +
                                     excerpt(p.confidence) + "\")");
    return p;
}

// The item of the year nearest `year` (year_of gives 0 for items that do not count): the latest
// at or before it, else the earliest after it.
template <class Years, class YearOf>
auto nearest_year(const Years& items, int year, YearOf year_of) -> decltype(&*items.begin()) {
    decltype(&*items.begin()) before = nullptr;
    decltype(&*items.begin()) after = nullptr;
    for (const auto& item : items) {
        const int y = year_of(item);
        if (!y) continue;
        if (y <= year && (!before || y > year_of(*before))) before = &item;
        if (y > year && (!after || y < year_of(*after))) after = &item;
    }
    return before ? before : after;
}

}  // namespace

PriceTable parse_prices(const std::string& text, const std::string& origin,
                        const ProfileSet& profiles) {
    const json document = parse_json_text(text, origin);
    check_format(document, origin, "chipcount.prices", 1);
    const FieldReader top(document, origin, "prices");
    PriceTable table;
    table.origin = origin;
    const json references = top.has("references") ? top.required("references") : json::object();
    if (!references.is_object()) top.fail("references", "must be an object of key: citation");
    if (references.size() > kMaxReferences)
        top.fail("references", "holds more than " + std::to_string(kMaxReferences) + " citations");
    for (const auto& [key, value] : references.items()) {
        if (!value.is_string() || value.get<std::string>().empty())
            top.fail("references." + excerpt(key), "must be a non-empty citation string");
        if (const auto problem = text_problem(value.get<std::string>(), kMaxCitationBytes))
            top.fail("references." + excerpt(key), *problem);
    }
    const FieldReader currencies = top.object("currencies");
    if (currencies.raw().size() > kMaxCurrencies)
        top.fail("currencies", "holds more than " + std::to_string(kMaxCurrencies) + " currencies");
    for (const auto& [code, value] : currencies.raw().items())
        table.currencies[code] = read_currency(currencies, code, references);
    const FieldReader factors = top.object("factors");
    table.server_cost_per_chip_price = read_factor(factors, "server_cost_per_chip_price");
    table.cluster_cost_per_server_cost = read_factor(factors, "cluster_cost_per_server_cost");
    table.hardware_share_of_capex = read_factor(factors, "hardware_share_of_capex", 1.0, 0.01);
    for (const char* key : {"server_cost_per_chip_price", "cluster_cost_per_server_cost",
                            "hardware_share_of_capex"})
        check_cited(factors.object(key), "source", factors.object(key).string("source"),
                    references);
    const json& prices = top.required("prices");
    if (!prices.is_array()) top.fail("prices", "must be an array");
    if (prices.size() > kMaxEntries)
        top.fail("prices", "holds more than " + std::to_string(kMaxEntries) + " entries");
    for (std::size_t i = 0; i < prices.size(); ++i) {
        const std::string at = "prices[" + std::to_string(i) + "]";
        if (!prices[i].is_object()) top.fail(at, "must be an object");
        PriceEntry entry = read_price(top.element(prices[i], at + "."), table, profiles, references);
        for (const PriceEntry& other : table.prices) {
            if (std::tie(other.chip, other.market, other.year) ==
                std::tie(entry.chip, entry.market, entry.year))
                top.fail(at, "a second " + std::string(name_of(kMarketNames, entry.market)) +
                                 " price of " + entry.chip + " for " +
                                 std::to_string(entry.year) + " (one per chip, market and year)");
        }
        table.prices.push_back(std::move(entry));
    }
    // Echoed in every estimate; built once every field is known to be small and well formed.
    table.document = nlohmann::ordered_json::parse(document.dump());
    return table;
}

PriceTable load_prices(const std::filesystem::path& path, const ProfileSet& profiles) {
    return parse_prices(read_text_file(path), path.string(), profiles);
}

std::optional<PriceTable> load_prices_for(const ProfileSet& profiles,
                                          const std::optional<std::string>& path) {
    if (path) return load_prices(*path, profiles);
    const std::filesystem::path beside = profiles.directory() / "prices.json";
    std::error_code ec;
    if (!std::filesystem::exists(beside, ec)) return std::nullopt;
    return load_prices(beside, profiles);
}

std::optional<UsdRate> usd_rate(const PriceTable& table, std::string_view currency, int year) {
    if (currency == "USD") return UsdRate{1.0, year};
    const auto it = table.currencies.find(std::string(currency));
    if (it == table.currencies.end()) return std::nullopt;
    const auto* rate = nearest_year(it->second.per_usd, year,
                                    [](const auto& entry) { return entry.first; });
    if (!rate) return std::nullopt;
    return UsdRate{1.0 / rate->second, rate->first};
}

std::optional<ChipPrice> chip_price(const PriceTable& table, std::string_view chip, Market market,
                                    int year) {
    const PriceEntry* entry = nearest_year(table.prices, year, [&](const PriceEntry& p) {
        return p.chip == chip && p.market == market ? p.year : 0;
    });
    if (!entry) return std::nullopt;
    const auto rate = usd_rate(table, entry->currency, entry->year);
    if (!rate) return std::nullopt;  // the reader refuses such a currency
    ChipPrice out;
    out.entry = entry;
    const Range per_gpu = entry->price * rate->usd_per_unit / entry->gpus;
    if (entry->per == PricedPer::kChip) {
        out.usd_quoted = per_gpu;
        out.usd_installed = per_gpu.times(table.server_cost_per_chip_price.range)
                                .times(table.cluster_cost_per_server_cost.range);
    } else {
        // A server's price per GPU holds the rest of the server: the chip alone is that over
        // the server factor (the dearest chip where the factor is least).
        out.usd_quoted = per_gpu.divided_by(table.server_cost_per_chip_price.range);
        out.usd_installed = per_gpu.times(table.cluster_cost_per_server_cost.range);
    }
    return out;
}

std::string ChipPrice::describe() const {
    return entry->chip + " " + std::string(name_of(kMarketNames, entry->market)) + " " +
           std::to_string(entry->year) + " per " +
           (entry->per == PricedPer::kChip ? std::string("chip")
                                           : "server of " + std::to_string(entry->gpus)) +
           " (" + entry->confidence + ")";
}

}  // namespace chipcount
