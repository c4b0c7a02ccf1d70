// estimate through the binary: inline claims, the bundled data set, and bad input (exit 2, the
// file, claim id and field named, no output file written).
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <filesystem>

#include "chipcount/io/sha256.hpp"
#include "test_support.hpp"

namespace chipcount::test {
namespace {

using nlohmann::json;

TEST(EstimateCli, InlineComputeClaim) {
    const auto r = run_chipcount({"estimate", "--compute", "4000 P", "--format", "json"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    const json doc = json::parse(r.out);
    EXPECT_EQ(doc["format"], "chipcount.estimate");
    const json h100 = doc["claims"][0]["equivalents"]["nvidia-h100-sxm"];
    EXPECT_NEAR(h100["central"].get<double>(), 4000e3 / 989.4, 1e-6);
    EXPECT_NEAR(h100["low"].get<double>(), 2000e3 / 989.4, 1e-6);
    EXPECT_EQ(doc["targets"].size(), 8u);
    EXPECT_EQ(doc["assumptions"]["precision"], "fp16");
    EXPECT_TRUE(doc["assumptions"]["factors"]["pue"]["source"].is_string());
}

// The figure flags take a source's words, as a claims file does: the bound reaches the output.
TEST(EstimateCli, InlineFlagsTakeFiguresInTheSourcesWords) {
    const auto chips = run_chipcount({"estimate", "--chips", "more than 115,000", "--chip",
                                      "H100 or H200", "--targets", "H100", "--format", "json"});
    ASSERT_EQ(chips.exit_code, 0) << chips.err;
    const json h100 = json::parse(chips.out)["claims"][0]["equivalents"]["nvidia-h100-sxm"];
    EXPECT_NEAR(h100["central"].get<double>(), 115000, 1e-6);  // H100 and H200: same fp16 rate
    EXPECT_TRUE(h100["open_above"].get<bool>());
    EXPECT_FALSE(h100.contains("open_below"));

    // 5000余台 of H100 (8 a server): 40,000 chips or more.
    const auto servers = run_chipcount({"estimate", "--servers", "5000余台", "--chip", "H100",
                                        "--targets", "H100", "--format", "csv"});
    ASSERT_EQ(servers.exit_code, 0) << servers.err;
    EXPECT_NE(servers.out.find("inline,nvidia-h100-sxm,compute,servers,fp16,40000,40000,40000,at_least"),
              std::string::npos)
        << servers.out;

    // "超过1万P" of unknown sparsity: 10,000 PFLOPS or more, the low end half of it.
    const auto compute = run_chipcount(
        {"estimate", "--compute", "超过1万P", "--targets", "H100", "--format", "json"});
    ASSERT_EQ(compute.exit_code, 0) << compute.err;
    const json c = json::parse(compute.out)["claims"][0];
    EXPECT_NEAR(c["compute_pflops"]["central"].get<double>(), 10000, 1e-9);
    EXPECT_NEAR(c["compute_pflops"]["low"].get<double>(), 5000, 1e-9);
    EXPECT_TRUE(c["compute_pflops"]["open_above"].get<bool>());
    EXPECT_EQ(c["stated"]["compute"]["value"], "超过1万P");

    // "up to 100 MW" of IT power: at most 100e6 / 1,453.5 W per H100 (10.2 kW / 8 x 1.14).
    const auto power = run_chipcount({"estimate", "--power", "up to 100 MW", "--power-basis",
                                      "it", "--targets", "H100", "--format", "json"});
    ASSERT_EQ(power.exit_code, 0) << power.err;
    const json p = json::parse(power.out)["claims"][0]["equivalents"]["nvidia-h100-sxm"];
    EXPECT_NEAR(p["central"].get<double>(), 100e6 / (10200.0 / 8 * 1.14), 1e-6);
    EXPECT_TRUE(p["open_below"].get<bool>());
}

// What a claims file's figure takes, a flag takes: an exponent or a whole decimal is a count.
TEST(EstimateCli, InlineCountsReadAsFilesReadThem) {
    for (const char* text : {"1e3", "1000.0", "1,000"}) {
        const auto r = run_chipcount(
            {"estimate", "--chips", text, "--chip", "H100", "--targets", "H100", "--format", "json"});
        ASSERT_EQ(r.exit_code, 0) << text << ": " << r.err;
        EXPECT_NEAR(json::parse(r.out)["claims"][0]["chips"]["central"].get<double>(), 1000, 1e-9)
            << text;
    }
    // A plain count is echoed as the number it always was.
    const auto plain = run_chipcount({"estimate", "--chips", "2000", "--chip", "H100", "--format", "json"});
    ASSERT_EQ(plain.exit_code, 0) << plain.err;
    EXPECT_TRUE(json::parse(plain.out)["claims"][0]["stated"]["chips"].is_number());
}

TEST(EstimateCli, InlineServersAndChipsCrossCheck) {
    const auto r = run_chipcount(
        {"estimate", "--servers", "644", "--chips", "5000", "--chip", "H100", "--format", "json"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    const json check = json::parse(r.out)["claims"][0]["checks"][0];
    EXPECT_EQ(check["kind"], "servers_vs_chips");
    EXPECT_TRUE(check["ok"].get<bool>());
}

TEST(EstimateCli, PowerWithBasisAndTargets) {
    const auto r = run_chipcount({"estimate", "--power", "100 MW", "--basis", "it", "--targets",
                                  "H100,910B", "--format", "json"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    const json doc = json::parse(r.out);
    EXPECT_EQ(doc["claims"][0]["stated"]["power"]["basis"], "it");
    EXPECT_NEAR(doc["claims"][0]["equivalents"]["nvidia-h100-sxm"]["central"].get<double>(),
                100e6 / 1453.5, 1e-6);
    EXPECT_TRUE(doc["claims"][0]["equivalents"].contains("huawei-ascend-910b"));
}

TEST(EstimateCli, BundledDataSetWithFileHashAndCsv) {
    const auto path = (source_dir() / "claims" / "xinjiang-qinghai-2024.json").string();
    const auto r = run_chipcount({"estimate", path, "--format", "json"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    const json doc = json::parse(r.out);
    EXPECT_EQ(doc["input"]["sha256"].get<std::string>().size(), 64u);
    EXPECT_EQ(doc["totals"]["claims"], json::array({"xq-2024-all"}));
    // Each claim's `parts` lists, in file order, the claims whose part_of names it.
    std::size_t with_parts = 0;
    for (const json& whole : doc["claims"]) {
        json expected = json::array();
        for (const json& c : doc["claims"])
            if (c["part_of"] == whole["id"]) expected.push_back(c["id"]);
        EXPECT_EQ(whole["parts"], expected) << whole["id"];
        with_parts += expected.empty() ? 0 : 1;
    }
    EXPECT_GT(with_parts, 0u);  // the data set has wholes with parts
    const auto csv = run_chipcount({"estimate", path, "--format", "csv"});
    EXPECT_EQ(csv.out.rfind("claim,target,metric,basis,precision,low,central,high,bound,note\n", 0),
              0u);
    EXPECT_NE(csv.out.find("TOTAL,nvidia-h100-sxm,"), std::string::npos);
}

TEST(EstimateCli, MeasuredBasisFromAResultFile) {
    const auto fixture = (source_dir() / "tests/data/result-synthetic-h100.json").string();
    const auto r = run_chipcount({"estimate", "--compute", "700 P", "--sparsity", "dense",
                                  "--basis", "measured", "--measured", fixture, "--targets",
                                  "H100,H20", "--format", "json"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    const json doc = json::parse(r.out);
    EXPECT_EQ(doc["target_rates"]["nvidia-h100-sxm"]["basis"], "measured");
    EXPECT_EQ(doc["target_rates"]["nvidia-h20"]["basis"], "spec");
    // Named as outputs name files: the fixture lies outside the working directory.
    EXPECT_EQ(doc["target_rates"]["nvidia-h100-sxm"]["source"], "result-synthetic-h100.json");
    EXPECT_EQ(doc["target_rates"]["nvidia-h100-sxm"]["source_sha256"],
              sha256_hex(read_text(fixture)));
    EXPECT_TRUE(doc["target_rates"]["nvidia-h20"]["source_sha256"].is_null());
    EXPECT_NEAR(doc["claims"][0]["equivalents"]["nvidia-h100-sxm"]["central"].get<double>(), 1000.0,
                1e-9);
}

TEST(EstimateCli, WritesOutputAtomicallyAndRefusesToOverwrite) {
    TempDir dir;
    const auto out = dir / "estimate.json";
    const auto first = run_chipcount(
        {"estimate", "--chips", "10", "--chip", "H20", "--format", "json", "-o", out.string()});
    ASSERT_EQ(first.exit_code, 0) << first.err;
    const std::string written = read_text(out);
    EXPECT_EQ(json::parse(written)["format"], "chipcount.estimate");
    const auto again = run_chipcount(
        {"estimate", "--chips", "20", "--chip", "H20", "--format", "json", "-o", out.string()});
    EXPECT_EQ(again.exit_code, 2);
    EXPECT_NE(again.err.find("--force"), std::string::npos);
    EXPECT_EQ(read_text(out), written);
    const auto forced = run_chipcount({"estimate", "--chips", "20", "--chip", "H20", "--format",
                                       "json", "-o", out.string(), "--force"});
    EXPECT_EQ(forced.exit_code, 0);
    EXPECT_NE(read_text(out), written);
    // No temporary files left behind.
    std::size_t files = 0;
    for ([[maybe_unused]] const auto& entry : std::filesystem::directory_iterator(dir.path()))
        ++files;
    EXPECT_EQ(files, 1u);
}

struct BadClaims {
    const char* name;
    const char* body;    // the whole file
    const char* expect;  // in stderr
};

void PrintTo(const BadClaims& c, std::ostream* os) {
    *os << c.name;
}

class BadClaimsTest : public ::testing::TestWithParam<BadClaims> {};

TEST_P(BadClaimsTest, ExitsTwoNamingFileClaimAndFieldWithoutOutput) {
    const BadClaims& c = GetParam();
    TempDir dir;
    const auto file = dir / "claims.json";
    write_text(file, c.body);
    const auto out = dir / "estimate.json";
    const auto r =
        run_chipcount({"estimate", file.string(), "--format", "json", "-o", out.string()});
    EXPECT_EQ(r.exit_code, 2) << r.err;
    EXPECT_NE(r.err.find("claims.json"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find(c.expect), std::string::npos) << r.err;
    EXPECT_FALSE(std::filesystem::exists(out));
}

#define CLAIMS(body) "{\"format\": \"chipcount.claims\", \"version\": 1, \"claims\": [" body "]}"

INSTANTIATE_TEST_SUITE_P(
    Cases, BadClaimsTest,
    ::testing::Values(
        BadClaims{"malformed", CLAIMS("{\"id\": \"a\", \"stated\": {\"chips\": 5,}}"),
                  "malformed JSON"},
        BadClaims{"empty_file", "", "empty file"},
        BadClaims{"unknown_chip",
                  CLAIMS("{\"id\": \"a\", \"stated\": {\"chips\": 5, \"chip\": \"H1000\"}}"),
                  "claim 'a': field 'stated.chip': unknown chip 'H1000'"},
        BadClaims{
            "unknown_unit",
            CLAIMS(
                "{\"id\": \"a\", \"stated\": {\"compute\": {\"value\": 5, \"unit\": \"ZFLOPS\"}}}"),
            "claim 'a': field 'stated.compute.unit': unknown unit"},
        BadClaims{
            "unknown_power_unit",
            CLAIMS("{\"id\": \"a\", \"stated\": {\"power\": {\"value\": 5, \"unit\": \"MWh\"}}}"),
            "claim 'a': field 'stated.power.unit'"},
        BadClaims{"negative",
                  CLAIMS("{\"id\": \"a\", \"stated\": {\"servers\": -5, \"chip\": \"H100\"}}"),
                  "claim 'a': field 'stated.servers': must be a positive number"},
        BadClaims{"overflow",
                  CLAIMS("{\"id\": \"a\", \"stated\": {\"chips\": 1e999, \"chip\": \"H100\"}}"),
                  "number overflow"},
        BadClaims{"absurd",
                  CLAIMS("{\"id\": \"a\", \"stated\": {\"chips\": 1e15, \"chip\": \"H100\"}}"),
                  "claim 'a': field 'stated.chips': value"},
        BadClaims{"fractional",
                  CLAIMS("{\"id\": \"a\", \"stated\": {\"chips\": 2.5, \"chip\": \"H100\"}}"),
                  "field 'stated.chips': must be a whole number"},
        BadClaims{"duplicate_id",
                  CLAIMS("{\"id\": \"a\", \"stated\": {\"chips\": 5, \"chip\": \"H100\"}}, "
                         "{\"id\": \"a\", \"stated\": {\"chips\": 6, \"chip\": \"H100\"}}"),
                  "claim 'a': field 'id': duplicate id"},
        BadClaims{"part_of_nowhere",
                  CLAIMS("{\"id\": \"a\", \"part_of\": \"zz\", \"stated\": {\"chips\": 5, "
                         "\"chip\": \"H100\"}}"),
                  "claim 'a': field 'part_of': no claim with id 'zz'"},
        BadClaims{"part_of_loop",
                  CLAIMS("{\"id\": \"a\", \"part_of\": \"b\", \"stated\": {\"chips\": 5, \"chip\": "
                         "\"H100\"}}, "
                         "{\"id\": \"b\", \"part_of\": \"a\", \"stated\": {\"chips\": 6, \"chip\": "
                         "\"H100\"}}"),
                  "field 'part_of'"},
        BadClaims{"nothing_stated", CLAIMS("{\"id\": \"a\", \"stated\": {}}"),
                  "claim 'a': field 'stated': states nothing"},
        BadClaims{"servers_without_a_unit_word",
                  CLAIMS("{\"id\": \"a\", \"stated\": {\"servers\": \"5 bananas\"}}"),
                  "claim 'a': field 'stated.servers': unknown unit \"bananas\""},
        BadClaims{"unknown_precision",
                  CLAIMS("{\"id\": \"a\", \"stated\": {\"compute\": {\"value\": 5, \"unit\": "
                         "\"P\", \"precision\": \"fp12\"}}}"),
                  "field 'stated.compute.precision': unknown precision"},
        BadClaims{"bad_sparsity",
                  CLAIMS("{\"id\": \"a\", \"stated\": {\"compute\": {\"value\": 5, \"unit\": "
                         "\"P\", \"sparsity\": \"half\"}}}"),
                  "field 'stated.compute.sparsity'"},
        BadClaims{"wrong_type",
                  CLAIMS("{\"id\": \"a\", \"stated\": {\"chips\": \"many\", \"chip\": \"H100\"}}"),
                  "field 'stated.chips': expected a figure such as \"more than 115,000\""},
        BadClaims{"wrong_format",
                  "{\"format\": \"chipcount.profile\", \"version\": 1, \"claims\": []}",
                  "field 'format'"},
        BadClaims{"future_version",
                  "{\"format\": \"chipcount.claims\", \"version\": 2, \"claims\": []}",
                  "field 'version'"},
        BadClaims{"missing_id", CLAIMS("{\"stated\": {\"chips\": 5, \"chip\": \"H100\"}}"),
                  "claims[0]: field 'id': missing"}),
    [](const auto& param_info) { return std::string(param_info.param.name); });

TEST(EstimateCli, InlineMoneyNamesTheFlagAndThePrices) {
    // "$1 billion" of hardware at the bundled 2024 list prices: H100 equivalents, and what the
    // money bought, in billions.
    const auto r = run_chipcount({"estimate", "--money", "$1 billion", "--year", "2024", "--covers",
                                  "hardware", "--targets", "H100", "--format", "json"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    const auto j = nlohmann::json::parse(r.out);
    const auto& claim = j["claims"][0];
    EXPECT_EQ(claim["basis"], "money");
    EXPECT_EQ(claim["stated"]["money"]["value"], "$1 billion");
    EXPECT_EQ(claim["money"][0]["market"], "list");
    EXPECT_DOUBLE_EQ(claim["money"][0]["hardware_usd"]["central"].get<double>(), 1e9);
    EXPECT_GT(claim["equivalents"]["nvidia-h100-sxm"]["central"].get<double>(), 0);
    EXPECT_FALSE(j["prices"].contains("format"));  // the prices file is echoed, less its format
    EXPECT_TRUE(j["prices"].contains("factors"));
    const auto unknown = run_chipcount({"estimate", "--money", "5 pesos", "--year", "2024"});
    EXPECT_EQ(unknown.exit_code, 2);
    EXPECT_NE(unknown.err.find("--money: unknown currency or unit \"pesos\""), std::string::npos)
        << unknown.err;
    TempDir dir;
    write_text(dir / "prices.json", R"({"format": "chipcount.prices", "version": 1})");
    const auto bad = run_chipcount({"estimate", "--money", "$1 billion", "--year", "2024",
                                    "--prices", (dir / "prices.json").string()});
    EXPECT_EQ(bad.exit_code, 2);
    EXPECT_NE(bad.err.find("prices.json"), std::string::npos) << bad.err;
    EXPECT_NE(bad.err.find("currencies"), std::string::npos) << bad.err;
}

TEST(EstimateCli, MonteCarloDrawsAreSeededAndReproducible) {
    const auto drawn = [](const char* seed) {
        const auto r = run_chipcount({"estimate", "--power", "100 MW", "--targets", "H100",
                                      "--draws", "500", "--seed", seed, "--format", "json"});
        EXPECT_EQ(r.exit_code, 0) << r.err;
        return nlohmann::json::parse(r.out)["monte_carlo"];
    };
    const auto a = drawn("7");
    EXPECT_EQ(a["draws"], 500);
    EXPECT_EQ(a["seed"], 7);
    const auto& chips = a["claims"]["inline"]["equivalents"]["nvidia-h100-sxm"];
    EXPECT_LT(chips["p5"].get<double>(), chips["p50"].get<double>());
    EXPECT_LT(chips["p50"].get<double>(), chips["p95"].get<double>());
    EXPECT_EQ(a, drawn("7"));
    EXPECT_NE(a, drawn("8"));
    // Without --draws the estimate has the band alone.
    const auto plain = run_chipcount({"estimate", "--power", "100 MW", "--format", "json"});
    EXPECT_FALSE(nlohmann::json::parse(plain.out).contains("monte_carlo"));
}

TEST(EstimateCli, BadInlineValuesAreUsageErrors) {
    for (const std::vector<std::string>& args : std::vector<std::vector<std::string>>{
             {"estimate", "--chips", "-5", "--chip", "H100"},
             {"estimate", "--chips", "nan", "--chip", "H100"},
             {"estimate", "--compute", "lots"},
             {"estimate", "--compute", "5 ZFLOPS"},
             {"estimate", "--compute", "5e-324 P"},
             {"estimate", "--chips", "5", "--chip", std::string(100000, 'H')},
             {"estimate", "--power", "100 MW", "--basis", "sideways"},
             {"estimate", "--chips", "5", "--chip", "H100", "--targets", "nope"},
             {"estimate", "--money", "13.5 billion yuan"},
             {"estimate", "--money", "13.5 billion yuan", "--year", "twenty"},
             {"estimate", "--money", "13.5 billion pesos", "--year", "2024"},
             {"estimate", "--money", "$1 billion", "--year", "2024", "--covers", "everything"},
             {"estimate", "--money", "$1 billion", "--year", "2024", "--market", "grey"},
             {"estimate", "--chips", "5", "--chip", "H100", "--year", "2024"},
             {"estimate", "--compute", "4000 P", "--draws", "lots"},
             {"estimate", "--compute", "4000 P", "--draws", "2000000"},
             {"estimate", "--compute", "4000 P", "--draws", "100", "--seed", "-1"},
             {"estimate"}}) {
        const auto r = run_chipcount(args);
        EXPECT_EQ(r.exit_code, 2) << args[1] << " " << r.err;
        EXPECT_FALSE(r.err.empty());
    }
}

}  // namespace
}  // namespace chipcount::test
