// What a GPU's output check found, as judge_validation takes it: shared by the result tests.
#pragma once
#include <string>
#include <utility>

#include "chipcount/benchmark/result.hpp"

namespace chipcount::test {

inline ValidationCounts checked_counts(std::string reference, std::size_t checked,
                                       std::size_t unwritten, double max_rel_error) {
    ValidationCounts c;
    c.reference = std::move(reference);
    c.checked_elements = checked;
    c.unwritten = unwritten;
    c.max_rel_error = max_rel_error;
    return c;
}

}  // namespace chipcount::test
