// Text from input files reaches terminals, spreadsheets and Markdown viewers: each gets it in a
// form that cannot run, recolour, reorder or restructure anything.
#include <gtest/gtest.h>

#include "chipcount/base/errors.hpp"
#include "chipcount/base/text.hpp"
#include "chipcount/format/table.hpp"
#include "chipcount/io/json_read.hpp"

namespace chipcount {
namespace {

using namespace std::string_literals;

TEST(VisibleText, KeepsPrintableAsciiAndValidUtf8) {
    EXPECT_EQ(visible_text("H100 x 8, 4,000 P"), "H100 x 8, 4,000 P");
    EXPECT_EQ(visible_text("新疆 — café"), "新疆 — café");
    EXPECT_EQ(visible_text("\xF0\x9F\x94\xA5"), "\xF0\x9F\x94\xA5");  // a 4-byte code point
}

TEST(VisibleText, EscapesControlCharactersAndNul) {
    EXPECT_EQ(visible_text("a\nb\tc\rd"), "a\\nb\\tc\\rd");
    EXPECT_EQ(visible_text("\x1b[31mred"), "\\x1b[31mred");
    EXPECT_EQ(visible_text("nul\0here"s), "nul\\x00here");
    EXPECT_EQ(visible_text("del\x7f"), "del\\x7f");
    EXPECT_EQ(visible_text("c1 \xC2\x9B"), "c1 \\u{9b}");  // U+009B, the 8-bit CSI
}

TEST(VisibleText, EscapesBidiControlsAndLineSeparators) {
    EXPECT_EQ(visible_text("abc\xE2\x80\xAE"
                           "def"),
              "abc\\u{202e}def");  // RIGHT-TO-LEFT OVERRIDE
    EXPECT_EQ(visible_text("\xE2\x81\xA6x\xE2\x81\xA9"), "\\u{2066}x\\u{2069}");  // isolates
    EXPECT_EQ(visible_text("\xE2\x80\x8F"), "\\u{200f}");                         // RLM
    EXPECT_EQ(visible_text("\xD8\x9C"), "\\u{61c}");                              // ALM
    EXPECT_EQ(visible_text("a\xE2\x80\xA8"
                           "b"),
              "a\\u{2028}b");
}

TEST(VisibleText, EscapesBytesThatAreNotUtf8) {
    EXPECT_EQ(visible_text("\xff"), "\\xff");
    EXPECT_EQ(visible_text("\xC0\x80"), "\\xc0\\x80");                    // overlong NUL
    EXPECT_EQ(visible_text("\xED\xA0\x80"), "\\xed\\xa0\\x80");           // a surrogate
    EXPECT_EQ(visible_text("\xF4\x90\x80\x80"), "\\xf4\\x90\\x80\\x80");  // above U+10FFFF
    EXPECT_EQ(visible_text("cut \xE4\xB8"), "cut \\xe4\\xb8");            // truncated sequence
}

TEST(SpreadsheetSafe, NeutralisesFormulasButKeepsNumbers) {
    EXPECT_EQ(spreadsheet_safe("=HYPERLINK(\"http://x\")"), "'=HYPERLINK(\"http://x\")");
    EXPECT_EQ(spreadsheet_safe("+1+1"), "'+1+1");
    EXPECT_EQ(spreadsheet_safe("-2+3"), "'-2+3");
    EXPECT_EQ(spreadsheet_safe("@SUM(A1)"), "'@SUM(A1)");
    EXPECT_EQ(spreadsheet_safe("\tx"), "'\tx");
    EXPECT_EQ(spreadsheet_safe("-"), "'-");
    EXPECT_EQ(spreadsheet_safe("-5.25"), "-5.25");
    EXPECT_EQ(spreadsheet_safe("+12"), "+12");
    EXPECT_EQ(spreadsheet_safe("-1e-05"), "-1e-05");
    EXPECT_EQ(spreadsheet_safe("a=b"), "a=b");
    EXPECT_EQ(spreadsheet_safe(""), "");
}

TEST(MarkdownText, EscapesMarkupPipesAndHtml) {
    EXPECT_EQ(markdown_text("a|b"), "a\\|b");
    EXPECT_EQ(markdown_text("*bold* _em_ `code`"), "\\*bold\\* \\_em\\_ \\`code\\`");
    EXPECT_EQ(markdown_text("![x](http://e/i.png)"), "\\!\\[x\\](http://e/i.png)");
    EXPECT_EQ(markdown_text("<script>"), "&lt;script&gt;");
    EXPECT_EQ(markdown_text("# not a heading"), "\\# not a heading");
    EXPECT_EQ(markdown_text("two\nlines"), "two lines");
    EXPECT_EQ(markdown_text("back\\slash"), "back\\\\slash");
    EXPECT_EQ(markdown_text("\xE2\x80\xAE"), "\\\\u{202e}");  // visible, then the backslash escaped
}

Table one_cell(const std::string& cell) {
    Table table;
    table.header = {"claim", "chips"};
    table.rows = {{cell, "-12"}};
    return table;
}

TEST(RenderTable, EveryFormatMakesInputTextSafe) {
    const std::string hostile = "=cmd|x\x1b[2J\xE2\x80\xAE";
    const std::string text = render(one_cell(hostile), OutputFormat::kTable);
    EXPECT_EQ(text.find('\x1b'), std::string::npos) << text;
    EXPECT_EQ(text.find("\xE2\x80\xAE"), std::string::npos) << text;
    EXPECT_NE(text.find("\\x1b[2J\\u{202e}"), std::string::npos) << text;

    const std::string csv = render(one_cell(hostile), OutputFormat::kCsv);
    EXPECT_EQ(csv, "claim,chips\n'=cmd|x\x1b[2J\xE2\x80\xAE,-12\n");

    const std::string md = render(one_cell(hostile), OutputFormat::kMarkdown);
    EXPECT_NE(md.find("| =cmd\\|x\\\\x1b\\[2J\\\\u{202e} | -12 |"), std::string::npos) << md;
}

TEST(RenderTable, ColumnsLineUpAfterEscaping) {
    Table table;
    table.header = {"a", "b"};
    table.rows = {{"x\ty", "1"}, {"long-name", "2"}};
    const std::string text = render(table, OutputFormat::kTable);
    // "x\ty" shows as 4 columns (x, \, t, y), so column b starts at the same offset on each row.
    EXPECT_NE(text.find("x\\ty       1\n"), std::string::npos) << text;
    EXPECT_NE(text.find("long-name  2\n"), std::string::npos) << text;
}

}  // namespace
}  // namespace chipcount

namespace chipcount {
namespace {

using namespace std::string_literals;

// The code point as UTF-8.
std::string utf8_of(std::uint32_t c) {
    std::string out;
    if (c < 0x80) {
        out += static_cast<char>(c);
    } else if (c < 0x800) {
        out += static_cast<char>(0xC0 | (c >> 6));
        out += static_cast<char>(0x80 | (c & 0x3F));
    } else {
        out += static_cast<char>(0xE0 | (c >> 12));
        out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (c & 0x3F));
    }
    return out;
}

TEST(InvisibleControl, OneSetForReadersAndPrinters) {
    // U+061C, U+2028/9 and the invisible format characters, beside C0, C1, DEL and bidi.
    for (const std::uint32_t c :
         {0x00u, 0x1Bu, 0x7Fu, 0x9Bu, 0x061Cu, 0x200Eu, 0x202Eu, 0x2066u, 0x2028u, 0x2029u, 0x00ADu,
          0x200Bu, 0x200Cu, 0x200Du, 0x2060u, 0xFEFFu}) {
        EXPECT_TRUE(is_invisible_control(c)) << std::hex << c;
        const std::string text = "a" + utf8_of(c) + "b";
        EXPECT_TRUE(has_invisible_control(text)) << std::hex << c;
        EXPECT_TRUE(text_problem(text, 64)) << std::hex << c;
        EXPECT_EQ(visible_text(text).find(utf8_of(c)), std::string::npos) << std::hex << c;
    }
    for (const std::uint32_t c : {0x20u, 0x41u, 0xE9u, 0x00A0u, 0x2014u, 0x65B0u})
        EXPECT_FALSE(is_invisible_control(c)) << std::hex << c;
    EXPECT_EQ(visible_text("H\u200b100"), "H\\u{200b}100");
    EXPECT_EQ(visible_text("\ufeffx\u00ad"), "\\u{feff}x\\u{ad}");
}

TEST(InvisibleControl, NamesRefuseNonAsciiSpaces) {
    for (const std::uint32_t c :
         {0x00A0u, 0x1680u, 0x2000u, 0x2003u, 0x200Au, 0x202Fu, 0x205Fu, 0x3000u})
        EXPECT_TRUE(is_non_ascii_space(c)) << std::hex << c;
    EXPECT_FALSE(is_non_ascii_space(0x20));
    EXPECT_FALSE(name_problem("HGX H20", 64));
    EXPECT_TRUE(name_problem("H100\u00a0", 64));
    EXPECT_TRUE(name_problem("H\u3000100", 64));
    EXPECT_FALSE(text_problem("a citation\u00a0[1]", 64));  // citations may hold one
}

TEST(HtmlEscape, ShowsControlAndBidiCharactersAsEscapes) {
    EXPECT_EQ(html_escape("EVIL\x1b]0;pwned\x07\u202e<b>"),
              "EVIL\\x1b]0;pwned\\x07\\u{202e}&lt;b&gt;");
    EXPECT_EQ(html_escape("a\0b"s), "a\\x00b");
    EXPECT_EQ(html_escape("新疆 — café & 'x'"), "新疆 — café &amp; &#39;x&#39;");
    // Markdown is unchanged by the second pass: its escapes are printable.
    EXPECT_EQ(markdown_text("a\x1b|b\u202e"), "a\\\\x1b\\|b\\\\u{202e}");
}

TEST(ParseJsonText, RefusesANulByteWithItsPlace) {
    try {
        (void)parse_json_text("{\"a\": 1}\n\0{garbage"s, "x.json");
        FAIL() << "accepted";
    } catch (const InputError& e) {
        EXPECT_NE(std::string(e.what()).find("x.json:2:1: a NUL byte"), std::string::npos)
            << e.what();
    }
}

TEST(ParseJsonText, RefusesARepeatedKeyNamingItsPath) {
    const auto refusal = [](const std::string& text) -> std::string {
        try {
            (void)parse_json_text(text, "x.json");
        } catch (const InputError& e) {
            return e.what();
        }
        return "";
    };
    EXPECT_EQ(refusal(R"({"chips": 5, "chips": 7})"),
              "x.json: field 'chips': duplicate key 'chips' (a key may appear only once in an "
              "object)");
    EXPECT_NE(refusal(R"({"claims": [{"id": "a"}, {"id": "b", "s": {"x": 1, "y": [], "x": 2}}]})")
                  .find("field 'claims[1].s.x': duplicate key 'x'"),
              std::string::npos);
    EXPECT_NE(refusal(R"([[1, 2], [{"a": {}, "a": 1}]])").find("field '[1][0].a'"),
              std::string::npos);
    // The same key in different objects, and escapes that spell other keys, are fine.
    EXPECT_EQ(refusal(R"({"a": {"k": 1}, "b": {"k": 2}, "k": [{"k": 1}, {"k": 2}]})"), "");
    EXPECT_EQ(refusal(R"({"ab": 1, "a\u0062c": 2})"), "");
    EXPECT_NE(refusal(R"({"ab": 1, "a\u0062": 2})").find("duplicate key 'ab'"), std::string::npos);
    // The document is the one json::parse builds.
    const std::string text =
        R"({"a": [1, -2, 3.5, "s", true, null, {"b": {}}], "c": 18446744073709551615})";
    EXPECT_EQ(parse_json_text(text, "x"), json::parse(text));
}

}  // namespace
}  // namespace chipcount
