// Figures as press and government texts state them ("more than 115,000", "up to 72,000",
// "4-5 million", "5000余台", "超过1万P"): the number, its unit as written, and how the text
// qualifies it, so that an estimate can carry "more than" as a bound instead of an exact count.
#pragma once
#include <optional>
#include <string>
#include <string_view>

#include "chipcount/names.hpp"

namespace chipcount {

// How a stated figure is qualified in its source text. A source that says "more than 115,000"
// gives a floor, not a count; the estimate must not read it as exact.
enum class Bound { kExact, kAtLeast, kAtMost, kAbout, kAlmost, kBetween };
inline constexpr NameTable<Bound, 6> kBoundNames{{{Bound::kExact, "exact"},
                                                  {Bound::kAtLeast, "at_least"},
                                                  {Bound::kAtMost, "at_most"},
                                                  {Bound::kAbout, "about"},
                                                  {Bound::kAlmost, "almost"},
                                                  {Bound::kBetween, "between"}}};

struct StatedFigure {
    Bound bound = Bound::kExact;
    double value =
        0;  // the stated number, scale word applied ("4-5 million": 4e6); kBetween: the low end
    double upper = 0;  // kBetween: the high end (> value); otherwise equal to value
    // The text after the number(s), trimmed, qualifier words removed; may be empty. Chinese
    // myriads stay in it ("2万卡": value 2, unit "万卡"), since whether 万 scales a count or a
    // compute unit is for count_unit_factor and compute_unit_to_pflops to say.
    std::string unit;
};

// Reads one stated figure: an optional qualifier before it ("more than", "about", "超过", "约"),
// a number (thousands commas in groups of three, an optional fraction) with an optional English
// scale word (thousand, million, billion, trillion), an optional mark ("115,000+", "5000余台", "1万多卡"),
// an optional unit and an optional qualifier after it ("or more", "以上", "左右"). Or a range of
// two numbers ("4-5 million", "3-4万卡", "4,000 to 5,000 P"), where a scale word or unit written
// once at the end applies to both ends, and which takes no qualifier. Strict: anything else is
// refused rather than guessed at, since a misread figure silently skews every estimate built on
// it. nullopt when `text` is not a figure; `problem` (when non-null) then says why in one clause
// ("the range 5-4 is reversed", "'more than' is not followed by a number", ...). Linear in the
// length of `text`, whatever its bytes.
std::optional<StatedFigure> parse_stated_figure(std::string_view text,
                                                std::string* problem = nullptr);

}  // namespace chipcount
