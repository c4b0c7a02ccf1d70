#include "chipcount/estimate/ratio.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "chipcount/format/table.hpp"

namespace chipcount {
namespace {

struct Member {
    std::string name;
    double value = 0;
};

// The side's chips that have the metric (those that lack it into `lacking`), or its figure; on
// a "best" side, the best of them marked.
std::vector<Member> members(const RatioSide& side, const MetricOf& metric_of,
                            std::vector<std::string>& lacking, std::size_t& best) {
    std::vector<Member> out;
    if (side.figure) {
        out.push_back({side.text, *side.figure});
    } else {
        for (const std::string& chip : side.chips) {
            if (const auto value = metric_of(chip)) {
                out.push_back({chip, *value});
            } else if (std::find(lacking.begin(), lacking.end(), chip) == lacking.end()) {
                lacking.push_back(chip);
            }
        }
    }
    best = SIZE_MAX;
    if (side.best) {
        for (std::size_t i = 0; i < out.size(); ++i) {
            if (best == SIZE_MAX || out[i].value > out[best].value) best = i;
        }
    }
    return out;
}

// On a "best" side, every chip that ties the best is judged ("best H100 or H200": both 989.4).
bool judged_member(const std::vector<Member>& side, std::size_t best, std::size_t i) {
    return best == SIZE_MAX || side[i].value == side[best].value;
}

bool meets(double ratio, const Range& stated, double tolerance) {
    const double floor = stated.open_below ? 0.0 : stated.low;
    const double ceiling = stated.open_above ? std::numeric_limits<double>::infinity() : stated.high;
    return ratio >= floor * (1 - tolerance) && ratio <= ceiling * (1 + tolerance);
}

std::string ratio_text(double ratio) {
    return format_number(ratio, ratio < 10 ? 2 : 1) + "x";
}

std::string pair_text(const RatioPair& p) {
    return p.of + " / " + p.to + " = " + ratio_text(p.ratio);
}

}  // namespace

std::string metric_unit(RatioMetric metric) {
    switch (metric) {
        case RatioMetric::kCompute:
            return "TFLOPS";
        case RatioMetric::kMemoryBandwidth:
            return "TB/s";
        case RatioMetric::kMemoryCapacity:
            return "GB";
        case RatioMetric::kPower:
            return "W";
        case RatioMetric::kInterconnect:
            return "GB/s";
    }
    return "";
}

RatioResult check_ratio(const RatioStatement& ratio, const Range& stated, double tolerance,
                        const MetricOf& metric_of) {
    RatioResult out;
    out.unit = metric_unit(ratio.metric);
    std::size_t best_of = SIZE_MAX;
    std::size_t best_to = SIZE_MAX;
    const std::vector<Member> of = members(ratio.of, metric_of, out.lacking, best_of);
    const std::vector<Member> to = members(ratio.to, metric_of, out.lacking, best_to);
    for (std::size_t i = 0; i < of.size(); ++i) {
        for (std::size_t j = 0; j < to.size(); ++j) {
            if (of[i].name == to[j].name) continue;  // a chip against itself checks nothing
            RatioPair p{of[i].name, to[j].name, of[i].value, to[j].value,
                        of[i].value / to[j].value, false, true};
            p.holds = meets(p.ratio, stated, tolerance);
            p.judged = judged_member(of, best_of, i) && judged_member(to, best_to, j);
            out.pairs.push_back(std::move(p));
        }
    }
    std::vector<std::string> held;
    std::vector<std::string> failed;
    std::vector<std::string> others;  // pairs left out by "best" that would hold
    for (const RatioPair& p : out.pairs) {
        if (!p.judged) {
            if (p.holds) others.push_back(pair_text(p));
            continue;
        }
        (p.holds ? held : failed).push_back(pair_text(p));
    }
    const auto joined = [](const std::vector<std::string>& items) {
        std::string text;
        for (const std::string& item : items) text += (text.empty() ? "" : "; ") + item;
        return text;
    };
    const std::string against =
        " against stated " + (ratio.value.text.empty() ? format_range(stated, 2) + "x"
                                                       : "\"" + ratio.value.text + "\"");
    if (held.empty() && failed.empty()) {
        out.verdict = RatioVerdict::kUnknown;
        out.summary = "no pair of chips has figures for the metric";
    } else if (failed.empty()) {
        out.verdict = RatioVerdict::kHolds;
        out.summary = "holds: " + joined(held) + against;
    } else if (held.empty()) {
        out.verdict = RatioVerdict::kDoesNotHold;
        out.summary = "does not hold: " + joined(failed) + against;
    } else {
        out.verdict = RatioVerdict::kHoldsOnlyFor;
        out.summary = "holds only for " + joined(held) + "; not for " + joined(failed) + against;
    }
    if (!others.empty()) out.summary += "; it would hold for " + joined(others);
    if (!out.lacking.empty()) out.summary += "; no figure for " + joined(out.lacking);
    return out;
}

}  // namespace chipcount
