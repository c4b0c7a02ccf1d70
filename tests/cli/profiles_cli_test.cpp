// profiles and classify through the binary, and broken profile files: exit 2, file and field named.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "test_support.hpp"

namespace chipcount::test {
namespace {

using nlohmann::json;

json chip_entry(const json& doc, const std::string& id) {
    for (const auto& chip : doc["chips"]) {
        if (chip["id"] == id) return chip;
    }
    ADD_FAILURE() << "no chip " << id;
    return {};
}

TEST(ClassifyCli, AllAsJsonMatchesIndependentArithmetic) {
    const auto r = run_chipcount({"classify", "--all", "--format", "json"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    const json doc = json::parse(r.out);
    EXPECT_EQ(doc["format"], "chipcount.classification");
    EXPECT_FALSE(doc["rules"]["citation"].get<std::string>().empty());

    const json h100 = chip_entry(doc, "nvidia-h100-sxm");
    EXPECT_NEAR(h100["tpp"].get<double>(), 15832, 15832e-3);
    EXPECT_EQ(h100["tier"], "3A090.a.1");
    const json h20 = chip_entry(doc, "nvidia-h20");
    EXPECT_NEAR(h20["tpp"].get<double>(), 2368, 1e-6);
    EXPECT_NEAR(h20["performance_density"].get<double>(), 2.91, 0.005);
    EXPECT_EQ(h20["tier"], "not controlled");
    const json l20 = chip_entry(doc, "nvidia-l20");
    EXPECT_NEAR(l20["tpp"].get<double>(), 1912, 1912e-3);
    EXPECT_NEAR(l20["performance_density"].get<double>(), 3.14, 0.005);
    EXPECT_EQ(l20["tier"], "not controlled");
    const json a100 = chip_entry(doc, "nvidia-a100-sxm");
    EXPECT_NEAR(a100["tpp"].get<double>(), 4992, 1e-6);
    EXPECT_EQ(a100["tier"], "3A090.a.1");
    const json rtx = chip_entry(doc, "nvidia-rtx-4090");
    EXPECT_NEAR(rtx["tpp"].get<double>(), 5285, 1.0);
    EXPECT_EQ(rtx["tier"], "3A090.a.1");
    EXPECT_FALSE(rtx["datacenter"].get<bool>());
    const json rtxd = chip_entry(doc, "nvidia-rtx-4090d");
    EXPECT_LT(rtxd["tpp"].get<double>(), 4800);
    EXPECT_EQ(rtxd["tier"], "not controlled");
    const json ascend = chip_entry(doc, "huawei-ascend-910c");
    EXPECT_FALSE(ascend["us_origin"].get<bool>());
}

TEST(ClassifyCli, SelectedIdsAndAliases) {
    const auto r = run_chipcount({"classify", "H20", "910B", "--format", "csv"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_EQ(r.out.rfind("id,TPP,", 0), 0u) << r.out;
    EXPECT_NE(r.out.find("nvidia-h20,"), std::string::npos);
    EXPECT_NE(r.out.find("huawei-ascend-910b,"), std::string::npos);
    EXPECT_EQ(r.out.find("nvidia-h100-sxm"), std::string::npos);
}

double metric_ratio(const json& doc, const std::string& metric) {
    for (const auto& m : doc["metrics"]) {
        if (m["metric"] == metric) return m["ratio"].get<double>();
    }
    ADD_FAILURE() << "no metric " << metric;
    return 0;
}

TEST(ProfilesCli, CompareH100With910B) {
    const auto r = run_chipcount({"profiles", "compare", "H100", "910B", "--format", "json"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_NEAR(metric_ratio(json::parse(r.out), "dense fp16"), 989.4 / 320.0, 1e-9);
    const auto table = run_chipcount({"profiles", "compare", "H100", "910B"});
    EXPECT_NE(table.out.find("3.09x"), std::string::npos) << table.out;
}

TEST(ProfilesCli, CompareH200WithH100) {
    const auto r = run_chipcount({"profiles", "compare", "H200", "H100", "--format", "json"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    const json doc = json::parse(r.out);
    EXPECT_NEAR(metric_ratio(doc, "memory bandwidth"), 4.8 / 3.35, 1e-9);
    EXPECT_DOUBLE_EQ(metric_ratio(doc, "dense bf16"), 1.0);
    EXPECT_DOUBLE_EQ(metric_ratio(doc, "dense fp8"), 1.0);
    const auto table = run_chipcount({"profiles", "compare", "H200", "H100"});
    EXPECT_NE(table.out.find("1.43x"), std::string::npos) << table.out;
}

TEST(ProfilesCli, Compare910CWithH100UsesTheEstimatedTdp) {
    const auto r = run_chipcount({"profiles", "compare", "910C", "H100", "--format", "json"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    const json doc = json::parse(r.out);
    EXPECT_NEAR(metric_ratio(doc, "TDP"), 800.0 / 700.0, 1e-9);
    EXPECT_NEAR(metric_ratio(doc, "dense bf16 per watt"), (780.0 / 800.0) / (989.4 / 700.0), 1e-9);
}

TEST(ProfilesCli, ShowMarksAFieldsOwnConfidence) {
    const auto show = run_chipcount({"profiles", "show", "910C"});
    ASSERT_EQ(show.exit_code, 0) << show.err;
    EXPECT_NE(show.out.find("800 W (estimate)"), std::string::npos) << show.out;
    EXPECT_EQ(show.out.find("3.200 TB/s (estimate)"), std::string::npos) << show.out;  // secondary
    const auto b = run_chipcount({"profiles", "show", "910B"});
    EXPECT_NE(b.out.find("1.600 TB/s (estimate)"), std::string::npos) << b.out;

    const auto json_show = run_chipcount({"profiles", "show", "910C", "--format", "json"});
    ASSERT_EQ(json_show.exit_code, 0) << json_show.err;
    const json doc = json::parse(json_show.out);
    EXPECT_EQ(doc["tdp_w"], 800);
    EXPECT_EQ(doc["field_confidence"], json({{"tdp_w", "estimate"}}));
    // A profile without per-field confidence: an empty object.
    const auto h100 = run_chipcount({"profiles", "show", "H100", "--format", "json"});
    EXPECT_EQ(json::parse(h100.out)["field_confidence"], json::object());
}

TEST(ProfilesCli, ListShowAndFormats) {
    const auto list = run_chipcount({"profiles", "list", "--format", "md"});
    ASSERT_EQ(list.exit_code, 0);
    EXPECT_NE(list.out.find("| nvidia-h20 |"), std::string::npos) << list.out;
    const auto show = run_chipcount({"profiles", "show", "Ascend 910B"});
    ASSERT_EQ(show.exit_code, 0);
    EXPECT_NE(show.out.find("[gitee910b]"), std::string::npos) << show.out;
    const auto json_show = run_chipcount({"profiles", "show", "H100", "--format", "json"});
    EXPECT_EQ(json::parse(json_show.out)["id"], "nvidia-h100-sxm");
}

TEST(ProfilesCli, UnknownIdExitsTwoWithClosestMatches) {
    const auto r = run_chipcount({"profiles", "show", "H1000"});
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_NE(r.err.find("unknown chip 'H1000'"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("closest: "), std::string::npos) << r.err;
    const auto c = run_chipcount({"classify", "nope-chip"});
    EXPECT_EQ(c.exit_code, 2);
}

struct BrokenProfile {
    const char* name;
    const char* from;  // text replaced in nvidia-h20.json
    const char* to;
    const char* expect;  // in the message, with the file name
};

void PrintTo(const BrokenProfile& c, std::ostream* os) {
    *os << c.name;
}

class BrokenProfileTest : public ::testing::TestWithParam<BrokenProfile> {};

TEST_P(BrokenProfileTest, ExitsTwoNamingFileAndField) {
    const BrokenProfile& c = GetParam();
    TempDir dir;
    const auto profiles = copy_profiles(dir.path());
    const auto file = profiles / "chips" / "nvidia-h20.json";
    std::string text = read_text(file);
    const auto at = text.find(c.from);
    ASSERT_NE(at, std::string::npos) << c.from;
    text.replace(at, std::string(c.from).size(), c.to);
    write_text(file, text);
    const auto r = run_chipcount({"profiles", "list", "--profiles", profiles.string()});
    EXPECT_EQ(r.exit_code, 2) << r.err;
    EXPECT_NE(r.err.find("nvidia-h20.json"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find(c.expect), std::string::npos) << r.err;
    EXPECT_TRUE(r.out.empty()) << r.out;
}

INSTANTIATE_TEST_SUITE_P(
    Cases, BrokenProfileTest,
    ::testing::Values(
        BrokenProfile{"negative", "\"fp16\": 148", "\"fp16\": -148",
                      "field 'peak_dense.fp16': must be a positive number"},
        BrokenProfile{"zero", "\"fp16\": 148", "\"fp16\": 0", "field 'peak_dense.fp16'"},
        BrokenProfile{"string", "\"fp16\": 148", "\"fp16\": \"148\"",
                      "field 'peak_dense.fp16': must be a number"},
        BrokenProfile{"absurd", "\"tdp_w\": 400", "\"tdp_w\": 1e308", "field 'tdp_w': value"},
        BrokenProfile{"unknown_precision", "\"fp16\": 148", "\"fp17\": 148",
                      "field 'peak_dense.fp17': unknown precision"},
        BrokenProfile{"missing_field", "\"vendor\": \"NVIDIA\",", "",
                      "field 'vendor': missing required field"},
        BrokenProfile{"wrong_format", "\"chipcount.profile\"", "\"chipcount.claims\"",
                      "field 'format'"},
        BrokenProfile{"future_version", "\"version\": 1", "\"version\": 2", "field 'version'"},
        BrokenProfile{"duplicate_alias", "\"H20\",", "\"H100\",", "'H100' is already used by"},
        BrokenProfile{"missing_source", "\"tdp_w\": \"", "\"tdp_x\": \"",
                      "field 'sources.tdp_w': missing"},
        BrokenProfile{"id_mismatch", "\"id\": \"nvidia-h20\"", "\"id\": \"nvidia-h21\"",
                      "does not match the file name"},
        BrokenProfile{"bad_confidence", "\"confidence\": \"secondary\"", "\"confidence\": \"sure\"",
                      "field 'confidence'"},
        BrokenProfile{"bad_field_confidence", "\"confidence\": \"secondary\"",
                      "\"confidence\": \"secondary\", \"field_confidence\": {\"tdp_w\": \"sure\"}",
                      "field 'field_confidence.tdp_w': must be datasheet, secondary or estimate"},
        BrokenProfile{
            "unknown_field_confidence", "\"confidence\": \"secondary\"",
            "\"confidence\": \"secondary\", \"field_confidence\": {\"tdp\": \"estimate\"}",
            "field 'field_confidence.tdp': not a profile figure"},
        BrokenProfile{"malformed", "\"datacenter\": true,", "\"datacenter\": true,,",
                      "malformed JSON"}),
    [](const auto& param_info) { return std::string(param_info.param.name); });

TEST(ProfilesCli, EnvironmentVariablePointsAtProfiles) {
    TempDir dir;
    const auto profiles = copy_profiles(dir.path());
    std::filesystem::remove(profiles / "chips" / "amd-mi300x.json");
    const auto r = run_chipcount({"profiles", "list", "--format", "csv"},
                                 {{"CHIPCOUNT_PROFILES", profiles.string()}});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_EQ(r.out.find("amd-mi300x"), std::string::npos);
    EXPECT_NE(r.out.find("nvidia-h20"), std::string::npos);
}

}  // namespace
}  // namespace chipcount::test
