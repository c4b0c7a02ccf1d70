#include "chipcount/base/figure.hpp"

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <utility>

#include "chipcount/base/text.hpp"
#include "chipcount/base/units.hpp"

namespace chipcount {
namespace {

struct Qualifier {
    std::string_view text;
    Bound bound;
};

// Before the number. English ones match in any case, as whole words; the longest match wins
// (">=" over ">", "将近" is not "近" followed by "将").
constexpr Qualifier kPrefixQualifiers[] = {
    {"more than", Bound::kAtLeast},
    {"over", Bound::kAtLeast},
    {"at least", Bound::kAtLeast},
    {"above", Bound::kAtLeast},
    {"in excess of", Bound::kAtLeast},
    {"no less than", Bound::kAtLeast},
    {"not less than", Bound::kAtLeast},
    {"upwards of", Bound::kAtLeast},
    {">", Bound::kAtLeast},
    {">=", Bound::kAtLeast},
    {"≥", Bound::kAtLeast},
    {"超过", Bound::kAtLeast},
    {"逾", Bound::kAtLeast},
    {"至少", Bound::kAtLeast},
    {"不少于", Bound::kAtLeast},
    {"不低于", Bound::kAtLeast},
    {"大于", Bound::kAtLeast},
    {"up to", Bound::kAtMost},
    {"at most", Bound::kAtMost},
    {"no more than", Bound::kAtMost},
    {"not more than", Bound::kAtMost},
    {"less than", Bound::kAtMost},
    {"fewer than", Bound::kAtMost},
    {"under", Bound::kAtMost},
    {"below", Bound::kAtMost},
    {"<", Bound::kAtMost},
    {"<=", Bound::kAtMost},
    {"≤", Bound::kAtMost},
    {"最多", Bound::kAtMost},
    {"不超过", Bound::kAtMost},
    {"不到", Bound::kAtMost},
    {"低于", Bound::kAtMost},
    {"小于", Bound::kAtMost},
    {"about", Bound::kAbout},
    {"around", Bound::kAbout},
    {"approximately", Bound::kAbout},
    {"approx.", Bound::kAbout},
    {"roughly", Bound::kAbout},
    {"some", Bound::kAbout},
    {"circa", Bound::kAbout},
    {"~", Bound::kAbout},
    {"≈", Bound::kAbout},
    {"约", Bound::kAbout},
    {"大约", Bound::kAbout},
    {"大概", Bound::kAbout},
    {"almost", Bound::kAlmost},
    {"nearly", Bound::kAlmost},
    {"close to", Bound::kAlmost},
    {"just under", Bound::kAlmost},
    {"近", Bound::kAlmost},
    {"将近", Bound::kAlmost},
    {"接近", Bound::kAlmost},
};

// After the unit, or after the number when there is none.
constexpr Qualifier kSuffixQualifiers[] = {
    {"or more", Bound::kAtLeast}, {"and more", Bound::kAtLeast}, {"and above", Bound::kAtLeast},
    {"以上", Bound::kAtLeast},    {"多", Bound::kAtLeast},       {"or less", Bound::kAtMost},
    {"or fewer", Bound::kAtMost}, {"以内", Bound::kAtMost},      {"以下", Bound::kAtMost},
    {"左右", Bound::kAbout},
};

// Marks right after the number, before the unit: "115,000+", "5000余台", "5000多台".
constexpr Qualifier kMarks[] = {
    {"+", Bound::kAtLeast}, {"余", Bound::kAtLeast}, {"多", Bound::kAtLeast}};

// The Chinese myriads that a unit may start with; a mark may follow them ("1万多卡").
constexpr std::string_view kMyriads[] = {"万", "亿"};

// English scale words. Not "k" or "m": they would clash with kW and MW.
struct Scale {
    std::string_view word;
    double factor;
};
constexpr Scale kScales[] = {
    {"thousand", 1e3}, {"million", 1e6}, {"billion", 1e9}, {"trillion", 1e12}};

// Between the two numbers of a range. "~" is one only there; before a number it means about.
constexpr std::string_view kRangeSeparators[] = {"-", "–", "—", "－", "~", "至", "到", "to"};

// What reads as a sign before a number: ASCII, the minus sign, the fullwidth forms and dashes.
constexpr std::string_view kSigns[] = {"-", "+", "−", "－", "＋", "–", "—"};

bool is_ascii_letter(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

char ascii_lower(char c) {
    return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
}

bool same_ignoring_case(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i) {
        if (ascii_lower(a[i]) != ascii_lower(b[i])) return false;
    }
    return true;
}

// The length of `word` when `text` starts with it (ASCII in any case), else 0. A word that ends
// in a letter must end a word of `text` too: "over" is not the start of "overall".
std::size_t match_at_start(std::string_view text, std::string_view word) {
    if (text.size() < word.size() || !same_ignoring_case(text.substr(0, word.size()), word))
        return 0;
    if (is_ascii_letter(word.back()) && text.size() > word.size() &&
        is_ascii_letter(text[word.size()]))
        return 0;
    return word.size();
}

// The same at the end of `text`: "P or more", but not "Pfor more".
std::size_t match_at_end(std::string_view text, std::string_view word) {
    if (text.size() < word.size()) return 0;
    const std::size_t start = text.size() - word.size();
    if (!same_ignoring_case(text.substr(start), word)) return 0;
    if (is_ascii_letter(word.front()) && start > 0 && is_ascii_letter(text[start - 1])) return 0;
    return word.size();
}

template <std::size_t N>
std::size_t longest_at_start(std::string_view text, const std::string_view (&words)[N]) {
    std::size_t longest = 0;
    for (const std::string_view word : words)
        longest = std::max(longest, match_at_start(text, word));
    return longest;
}

// A qualifier found in the text: which, and the text it took (for messages, as written).
struct Found {
    Bound bound = Bound::kExact;
    std::string_view text;
};

template <std::size_t N>
std::optional<Found> longest_qualifier(std::string_view text, const Qualifier (&table)[N],
                                       std::size_t (*match)(std::string_view, std::string_view)) {
    std::optional<Found> best;
    for (const Qualifier& q : table) {
        const std::size_t length = match(text, q.text);
        if (length == 0 || (best && best->text.size() >= length)) continue;
        const std::size_t start = match == match_at_end ? text.size() - length : 0;
        best = Found{q.bound, text.substr(start, length)};
    }
    return best;
}

std::string_view skip_spaces(std::string_view text) {
    const std::size_t first = text.find_first_not_of(" \t");
    return first == std::string_view::npos ? std::string_view() : text.substr(first);
}

std::string_view trim_spaces(std::string_view text) {
    text = skip_spaces(text);
    const std::size_t last = text.find_last_not_of(" \t");
    return last == std::string_view::npos ? std::string_view() : text.substr(0, last + 1);
}

bool starts_number(std::string_view text) {
    return !text.empty() && (is_ascii_digit(text[0]) || text[0] == '.');
}

// The text after a number, split around a mark: "余台" is the mark 余 and "台"; "万多卡" the myriad
// 万, the mark 多 and "卡" (the mark sits between the myriad and the rest of the unit).
struct MarkedUnit {
    std::string_view myriad;
    std::optional<Found> mark;
    std::string_view rest;
};

MarkedUnit split_mark(std::string_view text) {
    for (const std::string_view myriad : kMyriads) {
        if (!text.starts_with(myriad)) continue;
        const std::string_view after = text.substr(myriad.size());
        if (const auto mark = longest_qualifier(after, kMarks, match_at_start))
            return {myriad, mark, after.substr(mark->text.size())};
    }
    if (const auto mark = longest_qualifier(text, kMarks, match_at_start))
        return {{}, mark, text.substr(mark->text.size())};
    return {{}, std::nullopt, text};
}

// One number of a figure, its scale word applied.
struct End {
    double value = 0;
    double scale = 1;       // 1 when no scale word follows the number
    std::string_view text;  // as written, scale word included, for messages
};

// Reads a figure from left to right, `rest` being what is still to read. Each step either
// advances or refuses, saying why in `problem`.
class FigureReader {
  public:
    FigureReader(std::string_view text, std::string* problem) : rest_(text), problem_(problem) {}

    std::optional<StatedFigure> read() {
        if (rest_.empty()) return refuse("the text is empty");
        const std::optional<Found> qualifier =
            longest_qualifier(rest_, kPrefixQualifiers, match_at_start);
        if (qualifier) {
            rest_ = skip_spaces(rest_.substr(qualifier->text.size()));
            if (const auto second = longest_qualifier(rest_, kPrefixQualifiers, match_at_start))
                return two_qualifiers(*qualifier, *second);
        }
        const std::optional<End> low = read_end(qualifier);
        if (!low) return std::nullopt;
        const std::string_view myriad = range_myriad();
        if (const std::size_t separator = longest_at_start(skip_spaces(rest_), kRangeSeparators))
            return read_range(*low, separator, myriad, qualifier);
        return read_single(*low, qualifier);
    }

  private:
    // std::nullopt, which any of the steps' results converts from.
    std::nullopt_t refuse(std::string why) {
        if (problem_) *problem_ = std::move(why);
        return std::nullopt;
    }

    std::nullopt_t two_qualifiers(const Found& first, const Found& second) {
        return refuse("two qualifiers ('" + std::string(first.text) + "' and '" +
                      std::string(second.text) + "'): a figure takes one");
    }

    // A number and its scale word; `after` is the qualifier or separator before it, if any.
    std::optional<End> read_end(std::optional<Found> after) {
        const std::string_view start = rest_;
        if (const std::size_t sign = longest_at_start(rest_, kSigns);
            sign > 0 && starts_number(skip_spaces(rest_.substr(sign)))) {
            const std::string_view written = rest_.substr(0, sign);
            return refuse(written == "+" || written == "＋"
                              ? "a figure's number takes no '+' sign"
                              : "the number is negative, and a figure is positive");
        }
        std::string why;
        const std::optional<Decimal> number = parse_decimal(rest_, &why);
        if (!number) {
            if (why.empty()) {
                why = after ? "'" + std::string(after->text) + "' is not followed by a number"
                            : "the text does not start with a number or a qualifier such as "
                              "'more than', 'up to' or 'about'";
            }
            return refuse(std::move(why));
        }
        End end{number->value, 1, {}};
        rest_ = rest_.substr(number->length);
        read_scale(end);
        end.text = start.substr(0, start.size() - rest_.size());
        if (!std::isfinite(end.value))
            return refuse("the number " + std::string(end.text) + " is too large (not finite)");
        return end;
    }

    void read_scale(End& end) {
        const std::string_view after = skip_spaces(rest_);
        for (const Scale& scale : kScales) {
            const std::size_t length = match_at_start(after, scale.word);
            if (length == 0) continue;
            end.value *= scale.factor;
            end.scale = scale.factor;
            rest_ = after.substr(length);
            return;
        }
    }

    // "3万-4万卡": a myriad after the low end of a range, which the high end must repeat.
    // Empty, and nothing read, when no range follows one.
    std::string_view range_myriad() {
        const std::string_view after = skip_spaces(rest_);
        for (const std::string_view myriad : kMyriads) {
            if (!after.starts_with(myriad)) continue;
            const std::string_view next = skip_spaces(after.substr(myriad.size()));
            const std::size_t separator = longest_at_start(next, kRangeSeparators);
            if (separator == 0 || !starts_number(skip_spaces(next.substr(separator)))) return {};
            rest_ = after.substr(myriad.size());
            return myriad;
        }
        return {};
    }

    std::optional<StatedFigure> read_range(End low, std::size_t separator_length,
                                           std::string_view myriad,
                                           std::optional<Found> qualifier) {
        const std::string_view range_start = low.text;
        rest_ = skip_spaces(rest_);
        const Found separator{Bound::kBetween, rest_.substr(0, separator_length)};
        rest_ = skip_spaces(rest_.substr(separator_length));
        if (!starts_number(rest_))
            return refuse("the range separator '" + std::string(separator.text) +
                          "' is not followed by a number");
        const std::optional<End> high = read_end(separator);
        if (!high) return std::nullopt;
        if (qualifier)
            return refuse("a range takes no qualifier ('" + std::string(qualifier->text) + "')");
        if (low.scale != 1 && high->scale == 1)
            return refuse(
                "the range's high end has no scale word: write 4-5 million or 4 million "
                "to 5 million");
        if (low.scale == 1) low.value *= high->scale;
        const std::string range(range_start.data(),
                                high->text.data() + high->text.size() - range_start.data());
        if (low.value > high->value) return refuse("the range " + range + " is reversed");
        if (low.value == high->value)
            return refuse("the range " + range + " has equal ends: write one number");
        const std::string_view unit_text = skip_spaces(rest_);
        if (!myriad.empty() && !unit_text.starts_with(myriad))
            return refuse("the range's ends have different units: write 3-4" + std::string(myriad) +
                          " or 3" + std::string(myriad) + "-4" + std::string(myriad));
        if (split_mark(unit_text).mark ||
            longest_qualifier(unit_text, kSuffixQualifiers, match_at_end))
            return refuse("a range takes no qualifier");
        return with_unit(StatedFigure{Bound::kBetween, low.value, high->value, {}}, unit_text);
    }

    std::optional<StatedFigure> read_single(const End& number, std::optional<Found> qualifier) {
        std::string_view text = skip_spaces(rest_);
        const MarkedUnit marked = split_mark(text);
        text = marked.rest;
        if (marked.mark) {
            if (qualifier) return two_qualifiers(*qualifier, *marked.mark);
            qualifier = marked.mark;
        }
        if (const auto suffix = longest_qualifier(text, kSuffixQualifiers, match_at_end)) {
            if (qualifier) return two_qualifiers(*qualifier, *suffix);
            qualifier = suffix;
            text = trim_spaces(text.substr(0, text.size() - suffix->text.size()));
            if (const auto another = longest_qualifier(text, kSuffixQualifiers, match_at_end))
                return two_qualifiers(*another, *suffix);
        }
        const Bound bound = qualifier ? qualifier->bound : Bound::kExact;
        return with_unit({bound, number.value, number.value, std::string(marked.myriad)}, text);
    }

    // Appends the unit text to the figure's unit, refusing one that cannot be a unit.
    std::optional<StatedFigure> with_unit(StatedFigure figure, std::string_view text) {
        figure.unit += trim_spaces(text);
        for (const char c : figure.unit) {
            if (is_ascii_digit(c))
                return refuse(
                    "the unit holds a digit: a figure is one number or a range of two, "
                    "with its unit after them");
        }
        if (find_code_point(figure.unit, is_invisible_control) != std::string::npos ||
            find_code_point(figure.unit, is_non_ascii_space) != std::string::npos)
            return refuse("the unit holds a control, invisible or unusual space character");
        return figure;
    }

    std::string_view rest_;
    std::string* problem_;
};

}  // namespace

std::optional<StatedFigure> parse_stated_figure(std::string_view text, std::string* problem) {
    const std::string trimmed = trim(text);
    return FigureReader(trimmed, problem).read();
}

}  // namespace chipcount
