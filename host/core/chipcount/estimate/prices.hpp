// Prices of chips and servers by year and market, currency rates by year, and the factors that
// turn a price into the cost of a GPU in a cluster and a project's money into hardware (format
// chipcount.prices, profiles/prices.json). Every figure carries its source.
#pragma once
#include <nlohmann/json.hpp>

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "chipcount/estimate/claims.hpp"
#include "chipcount/estimate/factor.hpp"

namespace chipcount {

enum class PricedPer { kChip, kServer };
inline constexpr NameTable<PricedPer, 2> kPricedPerNames{
    {{PricedPer::kChip, "chip"}, {PricedPer::kServer, "server"}}};

struct PriceEntry {
    std::string chip;  // profile id
    Market market = Market::kList;
    int year = 0;
    PricedPer per = PricedPer::kChip;
    int gpus = 1;        // a server's GPUs
    Range price;         // in `currency`, per chip or per server
    std::string currency;
    std::string source;
    std::string confidence;  // datasheet, secondary or estimate
};

struct CurrencyRates {
    std::map<int, double> per_usd;  // year -> units of the currency per US dollar
    std::string source;
};

struct PriceTable {
    std::map<std::string, CurrencyRates> currencies;  // by ISO code; USD is implicit
    std::vector<PriceEntry> prices;
    Factor server_cost_per_chip_price;     // a server's cost per GPU / the GPU's price
    Factor cluster_cost_per_server_cost;   // network and storage on top of the servers
    Factor hardware_share_of_capex;        // servers and network / a project's investment
    nlohmann::ordered_json document;       // echoed in the estimate
    std::string origin;
};

// Reads and validates a prices file; chips are checked against the profiles. InputError names
// the file, the entry and the field.
PriceTable load_prices(const std::filesystem::path& path, const ProfileSet& profiles);
PriceTable parse_prices(const std::string& text, const std::string& origin,
                        const ProfileSet& profiles);

// The profiles' own prices.json (beside assumptions.json), or `path` when given; nullopt when
// no path is given and the profiles have no prices.json (money claims are then refused).
std::optional<PriceTable> load_prices_for(const ProfileSet& profiles,
                                          const std::optional<std::string>& path);

// US dollars per unit of `currency` in `year`: that year's rate, else the nearest year's (the
// latest before it, else the earliest after it). nullopt for a currency the table lacks.
struct UsdRate {
    double usd_per_unit = 1;
    int year = 0;  // the year whose rate it is
};
std::optional<UsdRate> usd_rate(const PriceTable& table, std::string_view currency, int year);

// A chip's price in a market and year, in US dollars: as the table gives it (per chip, or a
// server's price per GPU), and as the cost of one GPU in a cluster (with its share of the server
// and the network). The nearest year's entry when the year has none.
struct ChipPrice {
    Range usd_quoted;     // the quoted price per GPU
    Range usd_installed;  // a GPU in a cluster: servers and network
    const PriceEntry* entry = nullptr;

    // What one GPU costs a sum that `covers` this: the quoted price when it buys chips alone,
    // else the installed cost.
    const Range& cost(MoneyCovers covers) const {
        return covers == MoneyCovers::kChips ? usd_quoted : usd_installed;
    }
    // "nvidia-h100-sxm china 2025 per server of 8 (estimate)"
    std::string describe() const;
};
std::optional<ChipPrice> chip_price(const PriceTable& table, std::string_view chip, Market market,
                                    int year);

}  // namespace chipcount
