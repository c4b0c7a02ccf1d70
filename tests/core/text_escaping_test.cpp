// Text from input files reaches terminals, spreadsheets and Markdown viewers: each gets it in a
// form that cannot run, recolour, reorder or restructure anything.
#include <gtest/gtest.h>

#include "chipcount/base/text.hpp"
#include "chipcount/format/table.hpp"

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
