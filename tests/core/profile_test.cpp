// Every bundled profile loads and validates; aliases resolve; devices match their profile.
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <string>
#include <vector>

#include "chipcount/base/errors.hpp"
#include "chipcount/profiles/profile.hpp"
#include "bundled_data.hpp"
#include "test_support.hpp"

namespace chipcount {
namespace {

namespace fs = std::filesystem;

// The smallest valid profile that matches devices whose name contains `name_regex` and that have
// `sm_count` SMs.
std::string matching_profile(const std::string& id, const std::string& name_regex, int sm_count) {
    return R"({"format": "chipcount.profile", "version": 1, "id": ")" + id +
           R"(", "vendor": "Test", "name": ")" + id +
           R"(", "aliases": [], "datacenter": true, "us_origin": true,
               "peak_dense": {"fp16": 100}, "sources": {"peak_dense": "test figure"},
               "confidence": "estimate",
               "match": {"name_regex": ")" +
           name_regex + R"(", "compute_units": )" + std::to_string(sm_count) + "}}";
}

// A profile set with one chips/<id>.json per (id, text) pair, in a folder of its own under `dir`.
ProfileSet profile_set(const fs::path& dir,
                       const std::vector<std::pair<std::string, std::string>>& files) {
    fs::create_directories(dir / "chips");
    for (const auto& [id, text] : files) test::write_text(dir / "chips" / (id + ".json"), text);
    return ProfileSet::load(dir);
}


TEST(Profiles, EveryBundledFileLoadsAndRequiredIdsExist) {
    const ProfileSet& set = test::bundled_profiles();
    for (const char* id :
         {"nvidia-h100-sxm",    "nvidia-h100-pcie",   "nvidia-h100-nvl",     "nvidia-h200-sxm",
          "nvidia-h200-nvl",    "nvidia-h20",         "nvidia-h800-sxm",     "nvidia-a100-sxm",
          "nvidia-a800-sxm",    "nvidia-l20",         "nvidia-l40s",         "nvidia-rtx-4090",
          "nvidia-rtx-4090d",   "nvidia-b200",        "nvidia-gb200",        "huawei-ascend-910",
          "huawei-ascend-910b", "huawei-ascend-910c", "cambricon-mlu370-x8", "hygon-k100-ai",
          "amd-mi300x",         "nvidia-b300",        "nvidia-gb300",        "google-tpu-v5p",
          "google-tpu-v6e",     "google-tpu-v7",      "amd-mi355x",          "hygon-bw200"}) {
        EXPECT_NE(set.find(id), nullptr) << id;
    }
}

TEST(Profiles, FiguresArePositiveFiniteAndSourced) {
    for (const ChipProfile& p : test::bundled_profiles().all()) {
        EXPECT_FALSE(p.peak_dense.empty()) << p.id;
        for (const auto& [precision, rate] : p.peak_dense) {
            EXPECT_TRUE(std::isfinite(rate) && rate > 0)
                << p.id << " " << precision_name(precision);
        }
        EXPECT_EQ(p.sources.count("peak_dense"), 1u) << p.id;
        if (p.memory_bandwidth_tbs) {
            EXPECT_EQ(p.sources.count("memory_bandwidth_tbs"), 1u) << p.id;
        }
        if (p.tdp_w) {
            EXPECT_EQ(p.sources.count("tdp_w"), 1u) << p.id;
        }
        EXPECT_TRUE(is_confidence_word(p.confidence)) << p.id;
        // A figure with a confidence of its own has a source too.
        for (const auto& [field, confidence] : p.field_confidence) {
            EXPECT_EQ(p.sources.count(field), 1u) << p.id << " " << field;
            EXPECT_TRUE(is_confidence_word(confidence)) << p.id << " " << field;
        }
    }
}

TEST(Profiles, AliasesPeopleWriteResolve) {
    const ProfileSet& set = test::bundled_profiles();
    const std::pair<const char*, const char*> cases[] = {{"H100", "nvidia-h100-sxm"},
                                                         {"h200", "nvidia-h200-sxm"},
                                                         {"H20", "nvidia-h20"},
                                                         {"910B", "huawei-ascend-910b"},
                                                         {"Ascend 910C", "huawei-ascend-910c"},
                                                         {"A800", "nvidia-a800-sxm"},
                                                         {"H800", "nvidia-h800-sxm"},
                                                         {"B200", "nvidia-b200"},
                                                         {"B300", "nvidia-b300"},
                                                         {"GB300", "nvidia-gb300"},
                                                         {"Trillium", "google-tpu-v6e"},
                                                         {"Ironwood", "google-tpu-v7"},
                                                         {"MI355X", "amd-mi355x"},
                                                         {"BW200", "hygon-bw200"},
                                                         {" RTX 4090D ", "nvidia-rtx-4090d"}};
    for (const auto& [alias, id] : cases) {
        const ChipProfile* p = set.find(alias);
        ASSERT_NE(p, nullptr) << alias;
        EXPECT_EQ(p->id, id) << alias;
    }
    EXPECT_EQ(set.find("H100-something"), nullptr);
}

TEST(Profiles, AscendFiguresFollowTheIssue) {
    const ProfileSet& set = test::bundled_profiles();
    EXPECT_DOUBLE_EQ(*set.find("910B")->peak(Precision::kFp16), 320.0);
    EXPECT_DOUBLE_EQ(*set.find("910B")->peak(Precision::kBf16), 320.0);
    EXPECT_NE(set.find("910B")->notes.find("280"), std::string::npos);
    EXPECT_DOUBLE_EQ(*set.find("910C")->peak(Precision::kFp16), 800.0);
    EXPECT_DOUBLE_EQ(*set.find("910C")->peak(Precision::kBf16), 780.0);
    // Not published: absent, never zero.
    EXPECT_FALSE(set.find("910B")->peak(Precision::kFp8).has_value());
}

// The two gaps that nulled whole columns, filled with estimates marked as such.
TEST(Profiles, AscendGapsAreFilledWithMarkedEstimates) {
    const ProfileSet& set = test::bundled_profiles();
    const ChipProfile& c = *set.find("910C");
    ASSERT_TRUE(c.tdp_w.has_value());
    EXPECT_DOUBLE_EQ(*c.tdp_w, 800.0);  // 2 x the 910B's 400 W
    EXPECT_EQ(c.confidence_of("tdp_w"), "estimate");
    EXPECT_EQ(c.confidence_of("memory_bandwidth_tbs"), "secondary");
    EXPECT_NE(c.sources.at("tdp_w").find("[chiao]"), std::string::npos);
    EXPECT_EQ(c.notes.find("not used"), std::string::npos) << c.notes;

    const ChipProfile& b = *set.find("910B");
    ASSERT_TRUE(b.memory_bandwidth_tbs.has_value());
    EXPECT_DOUBLE_EQ(*b.memory_bandwidth_tbs, 1.6);  // half of the 910C's 3.2 TB/s
    EXPECT_EQ(b.confidence_of("memory_bandwidth_tbs"), "estimate");
    EXPECT_EQ(b.confidence_of("tdp_w"), "secondary");
    EXPECT_NE(b.sources.at("memory_bandwidth_tbs").find("[ep_mlhw_csv]"), std::string::npos);
    EXPECT_EQ(b.notes.find("UNKNOWN"), std::string::npos) << b.notes;
}

TEST(Profiles, UnknownNameSuggestsClosest) {
    try {
        test::bundled_profiles().get("H10O", "test");
        FAIL() << "expected InputError";
    } catch (const InputError& e) {
        const std::string what = e.what();
        EXPECT_NE(what.find("unknown chip 'H10O'"), std::string::npos) << what;
        EXPECT_NE(what.find("nvidia-h100-sxm"), std::string::npos) << what;
    }
}

TEST(Profiles, DevicesMatchByNameAndSmCount) {
    const ProfileSet& set = test::bundled_profiles();
    const std::tuple<const char*, int, const char*> cases[] = {
        {"NVIDIA H100 80GB HBM3", 132, "nvidia-h100-sxm"},
        {"NVIDIA H100 PCIe", 114, "nvidia-h100-pcie"},
        {"NVIDIA H100 NVL", 132, "nvidia-h100-nvl"},
        {"NVIDIA H200", 132, "nvidia-h200-sxm"},
        {"NVIDIA H200 NVL", 132, "nvidia-h200-nvl"},
        {"NVIDIA H20", 78, "nvidia-h20"},
        {"NVIDIA H800", 132, "nvidia-h800-sxm"},
        {"NVIDIA A100-SXM4-80GB", 108, "nvidia-a100-sxm"},
        {"NVIDIA A800-SXM4-80GB", 108, "nvidia-a800-sxm"},
        {"NVIDIA L40S", 142, "nvidia-l40s"},
        {"NVIDIA GeForce RTX 4090", 128, "nvidia-rtx-4090"},
        {"NVIDIA GeForce RTX 4090 D", 114, "nvidia-rtx-4090d"},
        {"NVIDIA B200", 148, "nvidia-b200"},
        {"NVIDIA GB200", 152, "nvidia-gb200"},
    };
    for (const auto& [name, sms, id] : cases) {
        const ChipProfile* p = set.match_device(name, sms);
        ASSERT_NE(p, nullptr) << name;
        EXPECT_EQ(p->id, id) << name;
    }
    // An unknown GPU, or a known name with the wrong SM count, matches nothing.
    EXPECT_EQ(set.match_device("NVIDIA RTX A6000", 84), nullptr);
    EXPECT_EQ(set.match_device("NVIDIA H100 80GB HBM3", 114), nullptr);
}

TEST(Profiles, ADeviceThatTwoProfilesMatchEquallyWellMatchesNeither) {
    const std::string device = "Test GPU X";
    const int sms = 100;
    // Both name patterns occur in the device name, and both ask for its SM count.
    const std::pair<std::string, std::string> a{"test-gpu-a",
                                                matching_profile("test-gpu-a", "GPU", sms)};
    const std::pair<std::string, std::string> b{"test-gpu-b",
                                                matching_profile("test-gpu-b", "GPU X", sms)};
    test::TempDir dir;

    // Controls: each profile alone matches the device.
    for (const auto& only : {a, b}) {
        const ProfileSet set = profile_set(dir / ("only-" + only.first), {only});
        const ChipProfile* p = set.match_device(device, sms);
        ASSERT_NE(p, nullptr) << only.first;
        EXPECT_EQ(p->id, only.first);
    }

    const ProfileSet both = profile_set(dir / "both", {a, b});
    ASSERT_EQ(both.all().size(), 2u);
    const ChipProfile* p = both.match_device(device, sms);
    EXPECT_EQ(p, nullptr) << "picked " << (p ? p->id : "") << " although " << a.first << " and "
                          << b.first << " match equally well";
}

}  // namespace
}  // namespace chipcount
