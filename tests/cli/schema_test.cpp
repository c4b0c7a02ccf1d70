// Real outputs of each command, validated against results/schema/ by an independent validator.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "validation_counts.hpp"
#include "chipcount/benchmark/publish.hpp"
#include "chipcount/benchmark/result.hpp"
#include "chipcount/estimate/estimate.hpp"
#include "test_support.hpp"

namespace chipcount::test {
namespace {

using test::checked_counts;


namespace fs = std::filesystem;

// Every test here runs the independent validator: python3 with jsonschema.
class Schemas : public ::testing::Test {
  protected:
    void SetUp() override { CHIPCOUNT_NEED_TOOL(python_with_jsonschema()); }
};

TEST_F(Schemas, EveryProfileFile) {
    std::vector<fs::path> files;
    for (const auto& entry : fs::directory_iterator(profiles_dir() / "chips"))
        files.push_back(entry.path());
    ASSERT_GE(files.size(), 21u);
    EXPECT_EQ(validate_json("profile.schema.json", files), 0);
}

TEST_F(Schemas, ProfilesShowOutput) {
    TempDir dir;
    // H100: no per-field confidence; 910C: its TDP is an estimate.
    std::vector<fs::path> outs;
    for (const char* chip : {"H100", "910C"}) {
        outs.push_back(dir / (std::string(chip) + ".json"));
        ASSERT_EQ(run_chipcount(
                      {"profiles", "show", chip, "--format", "json", "-o", outs.back().string()})
                      .exit_code,
                  0)
            << chip;
    }
    EXPECT_EQ(validate_json("profile.schema.json", outs), 0);
}

// The profile schema and the reader agree on field_confidence: each form below is accepted by
// both or refused by both.
TEST_F(Schemas, ProfileFieldConfidenceSchemaAndReaderAgree) {
    struct Case {
        const char* extra;  // members added to a copy of the bundled nvidia-h20.json
        bool accepted;
    };
    const Case cases[] = {
        {R"("field_confidence": {"tdp_w": "estimate", "server": "datasheet"})", true},
        {R"("field_confidence": {})", true},
        {R"("field_confidence": null)", true},
        {R"("field_confidence": {"tdp": "estimate"})", false},
        {R"("field_confidence": {"tdp_w": "guess"})", false},
        {R"("field_confidence": {"tdp_w": 1})", false},
        {R"("field_confidence": "estimate")", false},
        {R"("die_area_mm2": null, "field_confidence": {"die_area_mm2": "estimate"})", false},
        {R"("boost_clock_mhz": null, "field_confidence": {"boost_clock_mhz": "estimate"})", false},
    };
    TempDir dir;
    const auto profiles = copy_profiles(dir.path());
    const auto file = profiles / "chips" / "nvidia-h20.json";
    const std::string original = read_text(file);
    for (const Case& c : cases) {
        nlohmann::json document = nlohmann::json::parse(original);
        document.update(nlohmann::json::parse("{" + std::string(c.extra) + "}"));
        write_text(file, document.dump(2));
        const auto read = run_chipcount({"profiles", "list", "--profiles", profiles.string()});
        EXPECT_EQ(read.exit_code == 0, c.accepted) << c.extra << "\n" << read.err;
        EXPECT_EQ(validate_json("profile.schema.json", {file}) == 0, c.accepted) << c.extra;
    }
}

TEST_F(Schemas, BundledClaims) {
    EXPECT_EQ(validate_json("claims.schema.json",
                            {source_dir() / "claims" / "xinjiang-qinghai-2024.json"}),
              0);
}

TEST_F(Schemas, EstimateOutputs) {
    TempDir dir;
    const auto file = dir / "estimate.json";
    const auto inline_file = dir / "inline.json";
    ASSERT_EQ(
        run_chipcount({"estimate", (source_dir() / "claims/xinjiang-qinghai-2024.json").string(),
                       "--format", "json", "-o", file.string()})
            .exit_code,
        0);
    ASSERT_EQ(run_chipcount({"estimate", "--power", "100 MW", "--precision", "fp8", "--format",
                             "json", "-o", inline_file.string()})
                  .exit_code,
              0);
    // Money, ratios, training runs and the Monte-Carlo percentiles.
    const auto training = dir / "training.json";
    ASSERT_EQ(run_chipcount({"estimate", (source_dir() / "claims/training-runs.json").string(),
                             "--draws", "200", "--format", "json", "-o", training.string()})
                  .exit_code,
              0);
    const auto money = dir / "money.json";
    ASSERT_EQ(run_chipcount({"estimate", "--money", "13.5 billion yuan", "--year", "2024",
                             "--market", "china", "--draws", "200", "--format", "json", "-o",
                             money.string()})
                  .exit_code,
              0);
    const auto others = dir / "others.json";
    ASSERT_EQ(run_chipcount({"estimate", "--compute", "4000 P", "--precision", "bf16", "--basis",
                             "measured", "--measured",
                             (profiles_dir() / "measurements" / "mamf-finder.json").string(),
                             "--format", "json", "-o", others.string()})
                  .exit_code,
              0);
    EXPECT_EQ(validate_json("estimate.schema.json", {file, inline_file, training, money, others}), 0);
}

// The claims schema says what the reader accepts: each claim below is accepted by both or refused
// by both (the schema is checked by an independent validator, the reader by running estimate).
TEST_F(Schemas, ClaimsSchemaAndReaderAgree) {
    struct Case {
        const char* claim;
        bool accepted;
    };
    const Case cases[] = {
        {R"({"id": "a", "stated": {"compute": {"value": 4000, "unit": "P"}}})", true},
        {R"({"id": "a", "stated": {"compute": {"value": 4, "unit": "EFlops"}}})", true},
        {R"({"id": "a", "stated": {"compute": {"value": 4, "unit": "pflops"}}})", false},
        {R"({"id": "a", "stated": {"compute": {"value": 4, "unit": "p"}}})", false},
        {R"({"id": "a", "stated": {"power": {"value": 100, "unit": " MW"}}})", true},
        {R"({"id": "a", "stated": {"power": {"value": 100, "unit": "mW"}}})", false},
        {R"({"id": "a", "stated": {"power": {"value": 100, "unit": "mw"}}})", false},
        {R"({"id": "a", "stated": {"servers": 10, "gpus_per_server": 1000, "chip": "H100"}})",
         true},
        {R"({"id": "a", "stated": {"servers": 10, "gpus_per_server": 1001, "chip": "H100"}})",
         false},
        {R"({"id": "a", "name": "和林格尔新区智算中心", "region": "内蒙古", "stated": {"chips": 5, "chip": "H100"}})",
         true},
        {R"({"id": "a", "name": "ab\u202ecd", "stated": {"chips": 5, "chip": "H100"}})", false},
        {R"({"id": "a", "name": "ab\u00a0cd", "stated": {"chips": 5, "chip": "H100"}})", false},
        {R"({"id": "a", "source": "line\nbreak", "stated": {"chips": 5, "chip": "H100"}})",
         false},
        {R"({"id": "a", "notes": "\u200b", "stated": {"chips": 5, "chip": "H100"}})", false},
        {R"({"id": "a\u3000", "stated": {"chips": 5, "chip": "H100"}})", false},
        // A trailing line break (a regex's $ matches before it).
        {R"({"id": "a", "name": "abc\n", "stated": {"chips": 5, "chip": "H100"}})", false},
        {R"({"id": "a\n", "stated": {"chips": 5, "chip": "H100"}})", false},
        // A null field is read as absent.
        {R"({"id": "a", "name": null, "notes": null, "parts_cover": null, "stated": {"chips": 5, "chip": "H100", "servers": null}})",
         true},
        {R"({"id": "a", "stated": {"compute": {"value": 4, "unit": "P", "precision": null}}})",
         true},
        {R"({"id": "a", "stated": {"chips": null, "chip": "H100"}})", false},
        // The string form: the same units, a comma only between groups of three.
        {R"({"id": "a", "stated": {"compute": "4,000 P", "power": " 1.5e2 MW "}})", true},
        {R"({"id": "a", "stated": {"compute": "5EFLOPS"}})", true},
        {R"({"id": "a", "stated": {"compute": "4000 pflops"}})", false},
        {R"({"id": "a", "stated": {"power": "100 mw"}})", false},
        {R"({"id": "a", "stated": {"compute": "4,5 P"}})", false},
        {R"({"id": "a", "stated": {"compute": "P"}})", false},
        // What a claim must state, and with what.
        {R"({"id": "a", "stated": {"chip": "H100"}})", false},
        // A count of unnamed cards is a claim (its compute, if any, tells which chips fit).
        {R"({"id": "a", "stated": {"chips": 5}})", true},
        // Figures in a source's words, mixes, dates and subsets.
        {R"({"id": "a", "stated": {"chips": "more than 115,000", "chip": "H100 or H200"}})", true},
        {R"({"id": "a", "stated": {"servers": "5000余台", "compute": "超过1万P"}})", true},
        {R"({"id": "a", "stated": {"chips": 100, "mix": [{"chip": "H100", "share": "30%"}, {"chip": "H20"}]}})",
         true},
        {R"({"id": "a", "stated": {"chips": 100, "chip": "H100", "mix": [{"chip": "H20"}]}})", false},
        {R"({"id": "a", "as_of": "2025-06", "status": "operating", "stated": {"compute": "100 P"}})",
         true},
        {R"({"id": "a", "as_of": "2025-06", "planned_by": "2027", "stated": {"compute": "100 P"}})",
         false},
        {R"({"id": "a", "planned_by": "2025-13", "stated": {"compute": "100 P"}})", false},
        {R"({"id": "a", "status": "built", "stated": {"compute": "100 P"}})", false},
        {R"({"id": "a", "stated": {"projects": 7}})", true},
        // Money: a text with its currency, or a number with a field 'currency'.
        {R"({"id": "a", "as_of": "2024-12", "stated": {"money": "13.5 billion yuan"}})", true},
        {R"({"id": "a", "stated": {"money": {"value": "135亿元", "year": 2024, "market": "china"}}})", true},
        {R"({"id": "a", "stated": {"money": {"value": 2e9, "currency": "USD", "year": 2024, "covers": "hardware"}}})",
         true},
        {R"({"id": "a", "stated": {"money": {"value": 2e9, "year": 2024}}})", false},
        {R"({"id": "a", "stated": {"money": {"value": "$2 billion", "year": 2024, "market": "grey"}}})", false},
        {R"({"id": "a", "stated": {"money": {"value": "$2 billion", "year": 2024, "covers": "all"}}})", false},
        {R"({"id": "a", "stated": {"money": {"value": "$2 billion", "year": 1980}}})", false},
        {R"({"id": "a", "stated": {"money": {"value": 2e15, "currency": "USD", "year": 2024}}})", false},
        // Ratios: sides, a metric and a value.
        {R"({"id": "a", "stated": {"ratio": {"of": "H100", "to": "best domestic", "metric": "compute", "value": "3-4x"}}})",
         true},
        {R"({"id": "a", "stated": {"ratio": {"of": "4.8 TB/s", "to": "nvidia", "metric": "memory_bandwidth", "value": 2}}})",
         true},
        {R"({"id": "a", "stated": {"ratio": {"of": "H100", "to": "H20", "metric": "speed", "value": 2}}})", false},
        {R"({"id": "a", "stated": {"ratio": {"of": "H100", "to": "H20", "value": 2}}})", false},
        {R"({"id": "a", "stated": {"ratio": {"of": "H100", "to": "H20", "metric": "compute", "value": 0}}})", false},
        // Training runs.
        {R"({"id": "a", "stated": {"chip": "H800", "training": {"gpu_hours": "2.788 million", "parameters": "37B", "tokens": "14.8T"}}})",
         true},
        {R"({"id": "a", "stated": {"training": {"flop": 3.8e25}}})", true},
        {R"({"id": "a", "stated": {"training": {}}})", false},
        {R"({"id": "a", "stated": {"training": {"parameters": "37B"}}})", false},
        {R"({"id": "a", "stated": {"gpus_per_server": 8, "compute": "4000 P"}})", false},
        {R"({"id": "a", "stated": {"servers": 5, "gpus_per_server": 8, "chip": "H100"}})", true},
        // The caps, in each unit.
        {R"({"id": "a", "stated": {"compute": {"value": 1e7, "unit": "PFLOPS"}}})", true},
        {R"({"id": "a", "stated": {"compute": {"value": 2e7, "unit": "PFLOPS"}}})", false},
        {R"({"id": "a", "stated": {"compute": {"value": 2e10, "unit": "TFLOPS"}}})", false},
        {R"({"id": "a", "stated": {"compute": {"value": 2e4, "unit": "EFLOPS"}}})", false},
        {R"({"id": "a", "stated": {"power": {"value": 2e6, "unit": "MW"}}})", false},
        {R"({"id": "a", "stated": {"power": {"value": 2e9, "unit": "kW"}}})", false},
        {R"({"id": "a", "stated": {"power": {"value": 900, "unit": "GW"}}})", true},
        {R"({"id": "a", "stated": {"power": {"value": 2e12, "unit": "W"}}})", false},
        // compute and power stated as null are absent too; a precision in any case; sources
        // are the file's own (chipcount does not read them).
        {R"({"id": "a", "stated": {"chips": 5, "chip": "H100", "compute": null, "power": null}})",
         true},
        {R"({"id": "a", "stated": {"compute": {"value": 4, "unit": "P", "precision": "BF16"}}})",
         true},
        {R"({"id": "a", "stated": {"compute": {"value": 4, "unit": "P", "precision": "bf15"}}})",
         false},
        // The object form's value may carry the unit (then no 'unit' field); a number needs one.
        {R"({"id": "a", "stated": {"compute": {"value": "more than 4,000 P", "precision": "fp8"}}})",
         true},
        {R"({"id": "a", "stated": {"compute": {"value": "4,000 P", "sparsity": "dense"}}})", true},
        {R"({"id": "a", "stated": {"compute": {"value": "4,000 P", "unit": "P"}}})", false},
        {R"({"id": "a", "stated": {"compute": {"value": 4000, "precision": "fp8"}}})", false},
        {R"({"id": "a", "stated": {"power": {"value": "about 100 MW", "basis": "it"}}})", true},
        {R"({"id": "a", "stated": {"power": {"value": 100, "basis": "it"}}})", false},
        // A mix part may be a group or alternatives; a mix of counts states its chips.
        {R"({"id": "a", "stated": {"chips": 100, "mix": [{"chip": "domestic", "share": "more than 50%"}, {"chip": "nvidia"}]}})",
         true},
        {R"({"id": "a", "stated": {"mix": [{"chip": ["H100", "H200"], "chips": 30}, {"chip": "910B", "chips": 70}]}})",
         true},
        {R"({"id": "a", "stated": {"mix": [{"chip": "H100", "chips": 30}, {"chip": "910B"}]}})",
         false},
        {R"({"id": "a", "stated": {"chips": 100, "mix": [{"chip": null, "chips": 5}, {"chip": "H20"}]}})",
         false},
        // A unit apart from a text value, Chinese units in 'unit', a null unit read as absent.
        {R"({"id": "a", "stated": {"power": {"value": "about 100", "unit": "兆瓦"}}})", true},
        {R"({"id": "a", "stated": {"power": {"value": 10, "unit": "万千瓦"}}})", true},
        {R"({"id": "a", "stated": {"compute": {"value": "1.5 million", "unit": "TFLOPS"}}})", true},
        {R"({"id": "a", "stated": {"compute": {"value": "4000 P", "unit": null}}})", true},
        {R"({"id": "a", "stated": {"compute": {"value": 4000, "unit": null}}})", false},
        {R"({"id": "a", "stated": {"compute": {"value": "4000 P", "unit": ""}}})", false},
    };
    TempDir dir;
    for (const Case& c : cases) {
        const auto file = dir / "claims.json";
        write_text(file, R"({"format": "chipcount.claims", "version": 1, "sources": {"a": 5}, "claims": [)" +
                             std::string(c.claim) + "]}");
        const auto read = run_chipcount({"estimate", file.string()});
        EXPECT_EQ(read.exit_code == 0, c.accepted) << c.claim << "\n" << read.err;
        EXPECT_EQ(validate_json("claims.schema.json", {file}) == 0, c.accepted) << c.claim;
    }
}

// A result as the benchmark writes it: one measured, validated case and one skipped case.
ResultDocument model_result() {
    ResultDocument doc;
    doc.tool = {{"name", "chipcount"},
                {"version", "0.1.0"},
                {"git_sha", "abc"},
                {"git_dirty", false},
                {"cuda", true}};
    doc.run = {{"started_at", "2026-01-01T00:00:00Z"},
               {"finished_at", "2026-01-01T00:01:00Z"},
               {"argv", {"chipcount", "bench"}},
               {"host", "h"}};
    doc.device = {{"name", "NVIDIA H100 80GB HBM3"}, {"uuid", "GPU-x"},
                  {"compute_capability", "9.0"},     {"sm_count", 132},
                  {"memory_bytes", 85520809984ull},  {"l2_bytes", 52428800}};
    doc.profile_id = "nvidia-h100-sxm";  // written as device.profile
    GemmCase ok;
    ok.backend = "cublaslt";
    ok.shape = kHeadlineShape;
    ok.samples_ms = {1.39, 1.40};
    ok.timing = summarize(ok.samples_ms);
    ok.validation =
        judge_validation(checked_counts("fp64, 4096 sampled elements", 4096, 0, 0.002), Precision::kBf16, 8192);
    GemmCase skipped = ok;
    skipped.precision = Precision::kFp8;
    skipped.status = CaseStatus::kSkipped;
    skipped.reason = "needs compute capability 8.9";
    skipped.timing.reset();
    skipped.samples_ms.clear();
    skipped.validation.reset();
    doc.gemm = {ok, skipped};
    return doc;
}

TEST_F(Schemas, ResultDocumentFromTheModel) {
    ResultDocument doc = model_result();
    TempDir dir;
    write_text(dir / "result.json", result_json(doc, nullptr).dump(2));
    EXPECT_EQ(validate_json(
                  "result.schema.json",
                  {dir / "result.json", source_dir() / "tests/data/result-synthetic-h100.json"}),
              0);

    // Round trip: the written result reads back, and its sustained figure is what the estimator
    // uses.
    doc.profile_id = "nvidia-h100-sxm";
    GemmCase sustained = doc.gemm[0];
    sustained.phase = "sustained";
    sustained.samples_ms = {1.55, 1.56};
    sustained.timing = summarize(sustained.samples_ms);
    doc.gemm.push_back(sustained);
    write_text(dir / "roundtrip.json", result_json(doc, nullptr).dump(2));
    const auto read_back = load_result(dir / "roundtrip.json");
    EXPECT_EQ(read_back.gemm.size() + read_back.bandwidth.size(), 3u);
    EXPECT_EQ(read_back.gemm[0].samples_ms, (std::vector<double>{1.39, 1.40}));
    // Everything written reads back to the same document: writing it again gives the same JSON.
    // (Compared as plain JSON: key order inside the provenance blocks is not kept.)
    EXPECT_EQ(nlohmann::json::parse(result_json(read_back, nullptr).dump()),
              nlohmann::json::parse(result_json(doc, nullptr).dump()));
    const ProfileSet profiles = ProfileSet::load(profiles_dir());
    const auto measured = load_measurements({(dir / "roundtrip.json").string()}, profiles);
    ASSERT_EQ(measured.size(), 1u);
    EXPECT_EQ(measured[0].profile_id, "nvidia-h100-sxm");
    EXPECT_EQ(measured[0].precision, Precision::kBf16);
    EXPECT_NEAR(measured[0].sustained_tflops, tflops(kHeadlineShape, 1.555), 1e-9);
    EXPECT_EQ(validate_json("result.schema.json", {dir / "roundtrip.json"}), 0);
    doc.gemm.pop_back();

    // The schema can fail: an "ok" case whose validation did not pass is rejected.
    doc.gemm[0].validation->passed = false;
    write_text(dir / "bad.json", result_json(doc, nullptr).dump(2));
    EXPECT_NE(validate_json("result.schema.json", {dir / "bad.json"}), 0);
    doc.gemm[0].validation->passed = true;

    // The derived objects are closed, as publish holds them: a figure chipcount does not write,
    // in a case, a block of a case or the summary, is refused; provenance (tool) stays open.
    const nlohmann::json written = nlohmann::json::parse(result_json(doc, nullptr).dump());
    for (const char* pointer : {"/extra", "/results/0/extra", "/results/0/timing/extra",
                                "/results/0/validation/extra", "/results/0/telemetry/extra",
                                "/summary/extra", "/summary/validation/extra",
                                "/summary/precisions/bf16/extra"}) {
        nlohmann::json changed = written;
        changed[nlohmann::json::json_pointer(pointer)] = 1;
        write_text(dir / "extra.json", changed.dump(2));
        EXPECT_NE(validate_json("result.schema.json", {dir / "extra.json"}), 0) << pointer;
    }
    nlohmann::json open = written;
    open["tool"]["extra"] = 1;
    write_text(dir / "open.json", open.dump(2));
    EXPECT_EQ(validate_json("result.schema.json", {dir / "open.json"}), 0);
}

TEST_F(Schemas, MainJobOutputs) {
    TempDir dir;
    const auto r =
        run_chipcount({"run", "--no-bench", "--profiles", profiles_dir().string()}, {}, dir.path());
    ASSERT_EQ(r.exit_code, 0) << r.err << r.out;
    const fs::path runs = dir / "results/runs";
    ASSERT_TRUE(fs::is_directory(runs));
    const fs::path run = fs::directory_iterator(runs)->path();
    EXPECT_EQ(validate_json("estimate.schema.json", {run / "estimate.json"}), 0);
    EXPECT_EQ(validate_json("classification.schema.json", {run / "classification.json"}), 0);
}

// publish and the result schema take the same files: a figure may be null or left out, a block,
// a count or a flag may be left out but not null (each change to a result chipcount wrote).
TEST_F(Schemas, ResultSchemaAndPublishAgree) {
    ResultDocument doc = model_result();
    doc.tool["git_sha"] = "abc1234";
    const nlohmann::json written = nlohmann::json::parse(result_json(doc, nullptr).dump());
    struct Change {
        const char* pointer;
        nlohmann::json value;  // a discarded value: the key is removed
        bool accepted;
    };
    const nlohmann::json removed = nlohmann::json::value_t::discarded;
    const Change changes[] = {
        {"/results/0/timing/mean_ms", nullptr, true},
        {"/results/0/timing/mean_ms", removed, true},
        {"/results/0/efficiency/vs_datasheet", nullptr, true},
        {"/results/0/tflops/median", nullptr, true},
        {"/results/0/method", removed, true},
        {"/results/0/telemetry", removed, true},
        {"/summary/precisions/bf16", removed, true},
        {"/results/0/method", nullptr, false},
        {"/results/0/efficiency", nullptr, false},
        {"/results/0/telemetry/samples", nullptr, false},
        {"/results/0/validation/unwritten", nullptr, false},
        {"/results/0/timing/count", 2.5, false},
        {"/summary/validation", nullptr, false},
        {"/summary", nullptr, false},
        {"/summary", removed, false},
        {"/notes", removed, false},
        {"/results/0/extra", 1, false},
        {"/results/0/method/bytes_per_set", nullptr, true},
        {"/results/0/tflops", nullptr, false},
        {"/results/1/precision", "fp4", true},  // a skipped case
        {"/tool/name", removed, true},
        {"/device/uuid", removed, true},
    };
    for (const Change& change : changes) {
        TempDir dir;
        nlohmann::json changed = written;
        const nlohmann::json::json_pointer pointer(change.pointer);
        if (change.value.is_discarded())
            changed[pointer.parent_pointer()].erase(pointer.back());
        else
            changed[pointer] = change.value;
        write_text(dir / "result.json", changed.dump(2));
        fs::create_directories(dir / "results");
        const auto r = run_chipcount({"publish", (dir / "result.json").string(), "--results",
                                      (dir / "results").string()});
        const std::string what = std::string(change.pointer) + " = " + change.value.dump();
        EXPECT_EQ(r.exit_code == 0, change.accepted) << what << "\n" << r.err;
        EXPECT_EQ(validate_json("result.schema.json", {dir / "result.json"}) == 0, change.accepted)
            << what;
    }
}

TEST_F(Schemas, PublishedIndex) {
    TempDir dir;
    ResultDocument doc = model_result();
    doc.tool["git_sha"] = "abc1234";  // publish needs a git commit: 7 to 40 hex digits
    write_text(dir / "result.json", result_json(doc, nullptr).dump(2));
    fs::create_directories(dir / "results");
    const auto r = run_chipcount(
        {"publish", (dir / "result.json").string(), "--results", (dir / "results").string()});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_EQ(validate_json("index.schema.json", {dir / "results/index.json"}), 0);
}

}  // namespace
}  // namespace chipcount::test
