// Which profiled chips a count of unnamed cards could be: the per-card rate the claim's own
// compute implies ("12 EFLOPS over 40,000 cards" = 300 TFLOPS per card), set against every
// profile's dense rate and, where the chip has 2:4 sparsity, its sparse rate.
#pragma once
#include "chipcount/estimate/claims.hpp"
#include "chipcount/estimate/estimate.hpp"

namespace chipcount {

// A chip fits when its rate lies in the per-card range widened by `tolerance` on each closed
// side (an open side takes any rate beyond it). Sparse rates are twice the dense rate of NVIDIA
// and AMD chips, the vendors whose tensor cores run 2:4 sparsity (chip-specs.md §6.2); Huawei,
// Cambricon and Hygon market none. The sparsity of the claim decides which readings are made:
// dense only, sparse only, or both when unknown. Fits are sorted by how close they are.
ChipInference infer_chips(const Range& per_card_tflops, Precision precision, Sparsity sparsity,
                          double tolerance, const ProfileSet& profiles);

// True for the chips whose tensor cores run 2:4 structured sparsity (see above).
bool has_sparse_rate(const ChipProfile& chip);

}  // namespace chipcount
