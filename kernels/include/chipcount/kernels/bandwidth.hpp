// Memory bandwidth kernels (read, write, copy, triad) with 16-byte accesses over arrays far
// larger than L2. Every output element is checked after each pattern; the read kernel's sum is
// checked against an independent reduction (Thrust).
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

    // `samples` timings, each from one event pair around `launches` back-to-back launches,
    // returned as milliseconds per launch: launch latency stays out of the figure.
    std::vector<double> run(MemoryPattern pattern, int launches, int samples);
    // Elements of the pattern's output that are wrong; for read, 1 when the kernel's sum differs
    // from a Thrust reduction of the same array (and from the sum the fill pattern implies).
    std::size_t count_errors(MemoryPattern pattern);
    std::size_t bytes_per_array() const;

    struct Impl;

  private:
    std::unique_ptr<Impl> impl_;
};

}  // namespace chipcount::kernels
