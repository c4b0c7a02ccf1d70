// The names a claim may give its hardware besides one profile: groups of profiled chips
// ("domestic", "nvidia") and alternatives ("H100 or H200").
#pragma once
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "chipcount/profiles/profile.hpp"

namespace chipcount {

// The profile ids a group name stands for, case-insensitively; nullopt when `name` is no group.
//   domestic, 国产: the profiled data-center chips of non-US origin (all Chinese today: Huawei,
//                  Cambricon, Hygon), for "N cards, most of them domestic"
//   nvidia:        the profiled NVIDIA data-center chips, for "Nvidia processors"
std::optional<std::vector<std::string>> chip_group_members(std::string_view name,
                                                           const ProfileSet& profiles);

// "H100 or H200", "H100/H200", "H100、H200" and "H100或H200" as their names, trimmed; the text
// itself when it holds no separator. An empty alternative ("H100 or") stays empty, for the
// caller to refuse by name.
std::vector<std::string> split_alternatives(std::string_view text);

inline constexpr std::string_view kChipGroups = "domestic (国产), nvidia";

}  // namespace chipcount
