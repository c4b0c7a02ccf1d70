// Throughput measured by others for chips chipcount cannot run itself (an Ascend figure from
// vendor tools or a paper, a published mamf-finder table), each with its source: format
// chipcount.measurements, read by `estimate --measured` beside chipcount's own result files.
#pragma once
#include <string>
#include <vector>

#include "chipcount/estimate/estimate.hpp"

namespace chipcount {

// Reads a chipcount.measurements file: every entry's chip (a profile), precision, TFLOPS, kind
// (`sustained` or `max_achievable`), source citing [keys] of `references`, and confidence.
// InputError names the file, the entry and the field. `text` is the file's bytes.
std::vector<Measurement> parse_third_party_measurements(const std::string& text,
                                                        const std::string& path,
                                                        const ProfileSet& profiles);

}  // namespace chipcount
