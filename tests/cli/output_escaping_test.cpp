// Text from an input file, shown by each command: an error message escapes control characters
// and bidi overrides, CSV never starts a formula, Markdown never becomes markup. Claim ids and
// profile texts holding control or bidi characters are refused by the readers, so the terminal
// tables' own escaping (defence in depth) is tested in tests/core/text_escaping_test.cpp.
#include <gtest/gtest.h>

#include "test_support.hpp"

namespace chipcount::test {
namespace {

// A claim id that is a formula and holds Markdown and HTML markup.
const std::string kHostileClaims = R"({"format": "chipcount.claims", "version": 1, "claims": [
    {"id": "=HYPERLINK(\"http://e\")|*x*[y](z)<b>", "stated": {"chips": 10, "chip": "H20"}}]})";

CommandResult estimate(const TempDir& dir, const std::string& format) {
    write_text(dir / "claims.json", kHostileClaims);
    return run_chipcount({"estimate", (dir / "claims.json").string(), "--format", format});
}

TEST(OutputEscaping, CsvCellsNeverStartAFormula) {
    TempDir dir;
    const auto r = estimate(dir, "csv");
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_NE(r.out.find("\n\"'=HYPERLINK(\"\"http://e\"\")|"), std::string::npos) << r.out;
    EXPECT_EQ(r.out.find("\n=HYPERLINK"), std::string::npos) << r.out;
    EXPECT_EQ(r.out.find("\n\"=HYPERLINK"), std::string::npos) << r.out;
}

TEST(OutputEscaping, MarkdownCellsStayInTheirColumn) {
    TempDir dir;
    const auto r = estimate(dir, "md");
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_NE(r.out.find("| =HYPERLINK(&quot;http://e&quot;)\\|\\*x\\*\\[y\\](z)&lt;b&gt; |"),
              std::string::npos)
        << r.out;
    EXPECT_EQ(r.out.find("<b>"), std::string::npos) << r.out;
}

TEST(OutputEscaping, ErrorMessagesShowControlsAsEscapes) {
    const auto r =
        run_chipcount({"estimate", "--chips", "5", "--chip", "H\x1b[31m100\xE2\x80\xAE"});
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_EQ(r.err.find('\x1b'), std::string::npos) << r.err;
    EXPECT_EQ(r.err.find("\xE2\x80\xAE"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("H\\x1b[31m100\\u{202e}"), std::string::npos) << r.err;
}

TEST(OutputEscaping, AnErrorQuotingAFieldFromAFileIsEscaped) {
    TempDir dir;
    write_text(dir / "claims.json", R"({"format": "chipcount.claims", "version": 1, "claims": [
        {"id": "ok", "stated": {"chips": 1, "chip": "H2\u001b]0;owned\u0007\u202e"}}]})");
    const auto r = run_chipcount({"estimate", (dir / "claims.json").string()});
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_EQ(r.err.find('\x1b'), std::string::npos) << r.err;
    EXPECT_EQ(r.err.find('\x07'), std::string::npos) << r.err;
    EXPECT_EQ(r.err.find("\xE2\x80\xAE"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("H2\\x1b]0;owned\\x07\\u{202e}"), std::string::npos) << r.err;
}

TEST(OutputEscaping, AnUnknownCommandIsEscaped) {
    const auto r = run_chipcount({"est\x1b[1mimate"});
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_EQ(r.err.find('\x1b'), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("'est\\x1b[1mimate'"), std::string::npos) << r.err;
}

}  // namespace
}  // namespace chipcount::test
