#include "chipcount/io/json_write.hpp"

#include <stdexcept>

namespace chipcount {
namespace {

// Depth-first; the documents are built by chipcount, so their depth is small and bounded.
void check_finite(const ordered_json& value, const std::string& path, const std::string& what) {
    if (value.is_number_float() && !std::isfinite(value.get<double>())) {
        throw std::logic_error(what + ": field '" + path + "' is not a finite number");
    }
    if (value.is_object()) {
        for (const auto& [key, item] : value.items())
            check_finite(item, path.empty() ? key : path + "." + key, what);
    } else if (value.is_array()) {
        for (std::size_t i = 0; i < value.size(); ++i)
            check_finite(value[i], path + "[" + std::to_string(i) + "]", what);
    }
}

}  // namespace

void require_finite_numbers(const ordered_json& document, const std::string& what) {
    check_finite(document, "", what);
}

std::string json_document_text(const ordered_json& document, const std::string& what) {
    require_finite_numbers(document, what);
    return document.dump(2) + "\n";
}

}  // namespace chipcount
