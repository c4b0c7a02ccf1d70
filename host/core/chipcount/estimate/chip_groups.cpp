#include "chipcount/estimate/chip_groups.hpp"

#include "chipcount/base/text.hpp"

namespace chipcount {

std::optional<std::vector<std::string>> chip_group_members(std::string_view name,
                                                           const ProfileSet& profiles) {
    const std::string key = to_lower(trim(name));
    bool (*member)(const ChipProfile&) = nullptr;
    if (key == "domestic" || key == "国产") {
        member = [](const ChipProfile& p) { return p.datacenter && !p.us_origin; };
    } else if (key == "nvidia") {
        member = [](const ChipProfile& p) { return p.datacenter && p.vendor == "NVIDIA"; };
    } else {
        return std::nullopt;
    }
    std::vector<std::string> ids;
    for (const ChipProfile& profile : profiles.all()) {
        if (member(profile)) ids.push_back(profile.id);
    }
    return ids;
}

std::vector<std::string> split_alternatives(std::string_view text) {
    // Separators in the order tried; " or " is matched case-insensitively.
    static constexpr std::string_view kSeparators[] = {" or ", "/", "、", "或"};
    std::vector<std::string> out;
    const std::string lower = to_lower(text);
    std::size_t start = 0;
    std::size_t at = 0;
    while (at < text.size()) {
        std::size_t width = 0;
        for (const std::string_view separator : kSeparators) {
            if (std::string_view(lower).substr(at, separator.size()) == separator) {
                width = separator.size();
                break;
            }
        }
        if (width == 0) {
            ++at;
            continue;
        }
        out.push_back(trim(text.substr(start, at - start)));
        at += width;
        start = at;
    }
    out.push_back(trim(text.substr(start)));
    return out;
}

}  // namespace chipcount
