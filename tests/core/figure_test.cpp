// Stated figures as press and government texts write them: every qualifier, scale words, marks,
// ranges with English and Chinese units, the refusals with the reason they give, and that no
// input, however garbled, throws or yields a figure that is not finite and positive.
#include "chipcount/base/figure.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <random>
#include <string>
#include <vector>

#include "chipcount/base/units.hpp"

namespace chipcount {
namespace {

struct Expected {
    const char* text;
    Bound bound;
    double value;
    double upper;
    const char* unit;
};

// Parses `text` and checks every field of the result.
void expect_figure(const Expected& want) {
    SCOPED_TRACE(want.text);
    std::string problem;
    const auto figure = parse_stated_figure(want.text, &problem);
    ASSERT_TRUE(figure) << problem;
    EXPECT_EQ(name_of(kBoundNames, figure->bound), name_of(kBoundNames, want.bound));
    EXPECT_EQ(figure->value, want.value);
    EXPECT_EQ(figure->upper, want.upper);
    EXPECT_EQ(figure->unit, want.unit);
}

// The reason `text` is refused.
std::string refusal(const std::string& text) {
    std::string problem;
    const auto figure = parse_stated_figure(text, &problem);
    EXPECT_FALSE(figure) << "accepted: " << text;
    EXPECT_FALSE(problem.empty()) << text;
    EXPECT_FALSE(parse_stated_figure(text)) << text;  // and without a problem to fill in
    return problem;
}

// The qualifiers, grouped by the bound they give: written from the task's list, not taken from
// the parser's tables, so that a word dropped or misfiled there fails here.
struct QualifierGroup {
    Bound bound;
    std::vector<std::string> words;
};

const QualifierGroup kPrefixes[] = {
    {Bound::kAtLeast,
     {"more than", "over", "at least", "above", "in excess of", "no less than", "not less than",
      "upwards of", ">", ">=", "≥", "超过", "逾", "至少", "不少于", "不低于", "大于"}},
    {Bound::kAtMost,
     {"up to", "at most", "no more than", "not more than", "less than", "fewer than", "under",
      "below", "<", "<=", "≤", "最多", "不超过", "不到", "低于", "小于"}},
    {Bound::kAbout,
     {"about", "around", "approximately", "approx.", "roughly", "some", "circa", "~", "≈", "约",
      "大约", "大概"}},
    {Bound::kAlmost, {"almost", "nearly", "close to", "just under", "近", "将近", "接近"}},
};

const QualifierGroup kSuffixes[] = {
    {Bound::kAtLeast, {"or more", "and more", "and above", "以上", "多"}},
    {Bound::kAtMost, {"or less", "or fewer", "以内", "以下"}},
    {Bound::kAbout, {"左右"}},
};

std::string upper_case(std::string text) {
    for (char& c : text) {
        if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
    }
    return text;
}

TEST(FigureQualifiers, EveryPrefixGivesItsBound) {
    for (const auto& [bound, words] : kPrefixes) {
        for (const std::string& word : words) {
            const std::string spaced = word + " 5,000 P";
            const std::string unspaced = word + "5000台";
            const std::string shouted = upper_case(word) + " 115,000";
            expect_figure({spaced.c_str(), bound, 5000, 5000, "P"});
            expect_figure({unspaced.c_str(), bound, 5000, 5000, "台"});
            expect_figure({shouted.c_str(), bound, 115000, 115000, ""});
        }
    }
}

TEST(FigureQualifiers, EverySuffixGivesItsBound) {
    for (const auto& [bound, words] : kSuffixes) {
        for (const std::string& word : words) {
            const std::string after_unit = "5,000 P " + word;
            const std::string after_cjk_unit = "5000台" + word;
            const std::string after_number = "72,000 " + word;
            expect_figure({after_unit.c_str(), bound, 5000, 5000, "P"});
            expect_figure({after_cjk_unit.c_str(), bound, 5000, 5000, "台"});
            expect_figure({after_number.c_str(), bound, 72000, 72000, ""});
        }
    }
    expect_figure({"5000 GPUs OR MORE", Bound::kAtLeast, 5000, 5000, "GPUs"});
}

TEST(FigureQualifiers, QualifiersAreWholeWords) {
    // "overall" is not "over", "something" not "some", "Pfor more" not "P" and "for more".
    EXPECT_NE(refusal("overall 5").find("does not start with a number"), std::string::npos);
    EXPECT_NE(refusal("something 5").find("does not start with a number"), std::string::npos);
    expect_figure({"5 Pfor more", Bound::kExact, 5, 5, "Pfor more"});
    expect_figure({"over5 P", Bound::kAtLeast, 5, 5, "P"});
}

TEST(FigureNumbers, ExactFiguresAndScaleWords) {
    const Expected cases[] = {
        {"4000", Bound::kExact, 4000, 4000, ""},
        {"4,000 P", Bound::kExact, 4000, 4000, "P"},
        {"1,234,567 cards", Bound::kExact, 1234567, 1234567, "cards"},
        {"  1.5 EFLOPS  ", Bound::kExact, 1.5, 1.5, "EFLOPS"},
        {"5EFLOPS", Bound::kExact, 5, 5, "EFLOPS"},
        {"2 million GPUs", Bound::kExact, 2e6, 2e6, "GPUs"},
        {"2.5 Billion", Bound::kExact, 2.5e9, 2.5e9, ""},
        {"3 THOUSAND servers", Bound::kExact, 3000, 3000, "servers"},
        {"3 thousandths", Bound::kExact, 3, 3, "thousandths"},  // not a scale word
        {"about 1.5 EFLOPS", Bound::kAbout, 1.5, 1.5, "EFLOPS"},
        {"more than 115,000", Bound::kAtLeast, 115000, 115000, ""},
        {"up to 72,000", Bound::kAtMost, 72000, 72000, ""},
        {"about 5,000", Bound::kAbout, 5000, 5000, ""},
        {"almost 600,000", Bound::kAlmost, 600000, 600000, ""},
        {"more than 50%", Bound::kAtLeast, 50, 50, "%"},
        {"over 4.5 million chips", Bound::kAtLeast, 4.5e6, 4.5e6, "chips"},
        {"2万卡", Bound::kExact, 2, 2, "万卡"},
        {"10亿亿次", Bound::kExact, 10, 10, "亿亿次"},
        {"超过1万P", Bound::kAtLeast, 1, 1, "万P"},
        {"约 300 MW", Bound::kAbout, 300, 300, "MW"},
    };
    for (const Expected& c : cases) expect_figure(c);
}

// A figure with one number, read as at least that number.
struct AtLeast {
    const char* text;
    double value;
    const char* unit;
};

TEST(FigureNumbers, MarksAfterTheNumber) {
    const AtLeast cases[] = {
        {"115,000+", 115000, ""},
        {"115,000+ GPUs", 115000, "GPUs"},
        {"2 million+ chips", 2e6, "chips"},
        {"5000余台", 5000, "台"},
        {"5000多台", 5000, "台"},
        {"1万多卡", 1, "万卡"},
        {"1万余台", 1, "万台"},
        {"3亿多", 3, "亿"},
        {"5000多", 5000, ""},
    };
    for (const AtLeast& c : cases)
        expect_figure({c.text, Bound::kAtLeast, c.value, c.value, c.unit});
}

struct Between {
    const char* text;
    double low;
    double high;
    const char* unit;
};

TEST(FigureRanges, BothEndsWithScaleAndUnitWrittenOnce) {
    const Between cases[] = {
        {"4-5 million", 4e6, 5e6, ""},
        {"4 - 5 million GPUs", 4e6, 5e6, "GPUs"},
        {"4 million to 5 million", 4e6, 5e6, ""},
        {"4 thousand to 2 million", 4e3, 2e6, ""},
        {"3-4万卡", 3, 4, "万卡"},
        {"3万-4万卡", 3, 4, "万卡"},
        {"4,000 to 5,000 P", 4000, 5000, "P"},
        {"4,000 TO 5,000 P", 4000, 5000, "P"},
        {"2,000–3,000", 2000, 3000, ""},
        {"1—2 EFLOPS", 1, 2, "EFLOPS"},
        {"1.5－2.5 EFLOPS", 1.5, 2.5, "EFLOPS"},
        {"5~6 P", 5, 6, "P"},
        {"5至6万台", 5, 6, "万台"},
        {"5到8台", 5, 8, "台"},
    };
    for (const Between& c : cases) expect_figure({c.text, Bound::kBetween, c.low, c.high, c.unit});
}

TEST(FigureRefusals, SayWhy) {
    const std::pair<const char*, const char*> cases[] = {
        {"4,5 P", "groups of three digits"},
        {"5-4", "the range 5-4 is reversed"},
        {"5 million - 4 million", "the range 5 million - 4 million is reversed"},
        {"5-5", "the range 5-5 has equal ends"},
        {"more than", "'more than' is not followed by a number"},
        {"More than GPUs", "'More than' is not followed by a number"},
        {"about more than 5", "two qualifiers ('about' and 'more than')"},
        {"115,000+ or more", "two qualifiers"},
        {"more than 5000余台", "two qualifiers"},
        {"5 P or more 以上", "two qualifiers"},
        {"-5", "negative"},
        {"−5 P", "negative"},
        {"+5", "no '+' sign"},
        {"more than -5", "negative"},
        {"0", "not positive"},
        {"0.0 P", "not positive"},
        {"", "empty"},
        {"  ", "empty"},
        {"1e400 P", "not finite"},
        {"1e308 billion", "not finite"},
        {"about 4-5", "a range takes no qualifier"},
        {"4-5 P or more", "a range takes no qualifier"},
        {"4-5+", "a range takes no qualifier"},
        {"5 -", "'-' is not followed by a number"},
        {"5 to", "'to' is not followed by a number"},
        {"5-ish", "'-' is not followed by a number"},
        {"4 million to 5", "no scale word"},
        {"3万-4千卡", "different units"},
        {"5 P 6", "the unit holds a digit"},
        {"1.2.3 P", "the unit holds a digit"},
        {"5 P\x1b[m", "control"},
        {"GPUs", "does not start with a number"},
        {"approx 5", "does not start with a number"},
    };
    for (const auto& [text, why] : cases)
        EXPECT_NE(refusal(text).find(why), std::string::npos) << text << ": " << refusal(text);
}

// Every accepted figure is usable: finite, positive, its upper end at or above its value.
void expect_sane(const std::string& text) {
    std::optional<StatedFigure> figure;
    std::string problem;
    EXPECT_NO_THROW(figure = parse_stated_figure(text, &problem)) << text;
    if (!figure) return;
    EXPECT_TRUE(std::isfinite(figure->value) && figure->value > 0) << text;
    EXPECT_TRUE(std::isfinite(figure->upper) && figure->upper >= figure->value) << text;
    EXPECT_EQ(figure->upper > figure->value, figure->bound == Bound::kBetween) << text;
}

TEST(FigureFuzz, PrefixesOfValidFiguresAndRandomBytes) {
    for (const std::string valid :
         {"more than 115,000 GPUs", "4-5 million", "1万多卡", "超过1万P", "3万-4万卡",
          "about 1.5 EFLOPS", "5,000 P or more", "≥ 2,000–3,000"}) {
        for (std::size_t n = 0; n <= valid.size(); ++n) expect_sane(valid.substr(0, n));
    }
    std::mt19937 random(1);
    // Bytes drawn mostly from the figure's own alphabet, so that the random strings reach the
    // parser's deeper steps, with any byte now and then.
    const std::string alphabet = "0123456789,.-+~ eE%Pmillon to多余万亿";
    for (int i = 0; i < 10000; ++i) {
        std::string text(random() % 41, '\0');
        for (char& c : text) {
            c = random() % 4 == 0 ? static_cast<char>(random() % 256)
                                  : alphabet[random() % alphabet.size()];
        }
        expect_sane(text);
    }
}

TEST(FigureUnits, FiguresMeetTheUnitTables) {
    const auto over = parse_stated_figure("超过1万P");
    ASSERT_TRUE(over);
    EXPECT_EQ(over->value * *compute_unit_to_pflops(over->unit), 1e4);
    const auto exa = parse_stated_figure("10亿亿次");
    ASSERT_TRUE(exa);
    EXPECT_EQ(exa->value * *compute_unit_to_pflops(exa->unit), 100);
    const auto cards = parse_stated_figure("2万卡");
    ASSERT_TRUE(cards);
    EXPECT_EQ(cards->value * *count_unit_factor(cards->unit, CountOf::kChips), 2e4);
    const auto servers = parse_stated_figure("5000余台");
    ASSERT_TRUE(servers);
    EXPECT_EQ(servers->value * *count_unit_factor(servers->unit, CountOf::kServers), 5000);
    EXPECT_FALSE(count_unit_factor(servers->unit, CountOf::kChips));
}

TEST(FigureBounds, NamesRoundTrip) {
    for (const auto& entry : kBoundNames)
        EXPECT_EQ(value_of(kBoundNames, name_of(kBoundNames, entry.value)), entry.value);
    EXPECT_EQ(name_of(kBoundNames, Bound::kAtLeast), "at_least");
}

}  // namespace
}  // namespace chipcount
