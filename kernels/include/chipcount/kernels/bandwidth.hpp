// Memory bandwidth kernels (read, write, copy, triad) with 16-byte accesses over arrays far
// larger than L2. Every output element is checked after each pattern.
#pragma once
#include <cstddef>
#include <memory>
#include <string>
#include <vector>

#include "chipcount/vocabulary.hpp"

namespace chipcount::kernels {

class BandwidthBench {
  public:
    // Allocates three arrays of `bytes_per_array` on `device`.
    BandwidthBench(int device, std::size_t bytes_per_array);
    ~BandwidthBench();
    BandwidthBench(const BandwidthBench&) = delete;
    BandwidthBench& operator=(const BandwidthBench&) = delete;

    std::vector<double> run(MemoryPattern pattern, int iterations);  // per-iteration GPU ms
    // Elements of the pattern's output (or, for read, the reduction) that are wrong.
    std::size_t count_errors(MemoryPattern pattern);
    std::size_t bytes_per_array() const;

    struct Impl;

  private:
    std::unique_ptr<Impl> impl_;
};

}  // namespace chipcount::kernels
