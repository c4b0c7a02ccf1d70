#include "chipcount/estimate/chip_inference.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace chipcount {

bool has_sparse_rate(const ChipProfile& chip) {
    return chip.vendor == "NVIDIA" || chip.vendor == "AMD";
}

namespace {

bool fits(double rate, const Range& per_card, double tolerance) {
    const double low = per_card.open_below ? 0.0 : per_card.low * (1 - tolerance);
    const double high = per_card.open_above ? std::numeric_limits<double>::infinity()
                                            : per_card.high * (1 + tolerance);
    return rate >= low && rate <= high;
}

void sort_by_closeness(std::vector<ChipFit>& fits_found) {
    std::sort(fits_found.begin(), fits_found.end(), [](const ChipFit& a, const ChipFit& b) {
        if (std::fabs(a.deviation) != std::fabs(b.deviation))
            return std::fabs(a.deviation) < std::fabs(b.deviation);
        return a.chip < b.chip;
    });
}

}  // namespace

ChipInference infer_chips(const Range& per_card_tflops, Precision precision, Sparsity sparsity,
                          double tolerance, const ProfileSet& profiles) {
    ChipInference out;
    out.precision = precision;
    out.per_card_tflops = per_card_tflops;
    out.dense_reading = sparsity != Sparsity::kSparse;
    out.sparse_reading = sparsity != Sparsity::kDense;
    const double central = per_card_tflops.central;
    for (const ChipProfile& chip : profiles.all()) {
        const auto dense = chip.peak(precision);
        if (!dense) continue;
        if (out.dense_reading && fits(*dense, per_card_tflops, tolerance))
            out.dense.push_back({chip.id, *dense, (*dense - central) / central});
        const double sparse = 2 * *dense;
        if (out.sparse_reading && has_sparse_rate(chip) &&
            fits(sparse, per_card_tflops, tolerance))
            out.sparse.push_back({chip.id, sparse, (sparse - central) / central});
    }
    sort_by_closeness(out.dense);
    sort_by_closeness(out.sparse);
    return out;
}

}  // namespace chipcount
