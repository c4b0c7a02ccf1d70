// `publish` against crafted results (issue 14): paths made of anything but validated parts,
// results that lie, aliases, stray files in the results folder, and retries after a failure.
// Every refusal is exit 2 with the file and field named, and leaves the whole temporary tree
// (the results folder and everything around it) exactly as it was; every success leaves an
// index.json that validates against results/schema/index.schema.json.
#include <gtest/gtest.h>
#include <sys/resource.h>

#include <csignal>
#include <filesystem>
#include <functional>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "test_support.hpp"

namespace chipcount::test {
namespace {
namespace fs = std::filesystem;
using json = nlohmann::json;

// The synthetic H100 result (bf16: 770 TFLOPS burst, 710 sustained; fp16: 760 and 700), which
// publishes as nvidia-h100-sxm/2026-01-01-0000000.json.
json valid_result() {
    return json::parse(read_text(source_dir() / "tests/data/result-synthetic-h100.json"));
}
const std::string kPublished = "nvidia-h100-sxm/2026-01-01-0000000.json";
// results[1] of the fixture, as messages name it.
const std::string kBf16Burst = "results[1] (gemm cublaslt bf16 8192x8192x8192 burst)";

// Every file, folder and link under `root`, by relative path, with its content ("/" for a
// folder, "-> target" for a link): equal snapshots mean nothing was written, moved or removed.
std::map<std::string, std::string> snapshot(const fs::path& root) {
    std::map<std::string, std::string> out;
    for (const auto& entry : fs::recursive_directory_iterator(root)) {
        const std::string name = fs::relative(entry.path(), root).generic_string();
        if (entry.is_symlink())
            out[name] = "-> " + fs::read_symlink(entry.path()).string();
        else if (entry.is_directory())
            out[name] = "/";
        else
            out[name] = read_text(entry.path());
    }
    return out;
}

// The fixture with one field changed.
json with(const std::string& pointer, const json& value) {
    json r = valid_result();
    r[json::json_pointer(pointer)] = value;
    return r;
}

// A field of the fixture set to a value, and what the refusal must say.
struct Mutation {
    std::string pointer;
    json value;
    std::vector<std::string> expect;
};

// The paths that differ between two snapshots, one a line; empty when none.
std::string changes(const std::map<std::string, std::string>& before,
                    const std::map<std::string, std::string>& after) {
    std::string out;
    for (const auto& [path, content] : after) {
        const auto it = before.find(path);
        if (it == before.end())
            out += "created " + path + "\n";
        else if (it->second != content)
            out += "changed " + path + "\n";
    }
    for (const auto& [path, _] : before) {
        if (!after.count(path)) out += "removed " + path + "\n";
    }
    return out;
}

// A temporary folder with the input beside a results folder nested four levels down, so that a
// "../" walk out of results/ still lands inside the folder the snapshot sees.
class PublishTest : public ::testing::Test {
  protected:
    void SetUp() override { fs::create_directories(results()); }
    fs::path results() const { return dir_ / "a/b/c/d/results"; }
    const TempDir& dir() const { return dir_; }

    CommandResult publish(const json& result, const std::string& name = "r.json") {
        write_text(dir_ / name, result.dump(2));
        return run_chipcount({"publish", (dir_ / name).string(), "--results", results().string()});
    }

    // Exit 2, each of `expect` in the message, and not one byte changed anywhere in the tree.
    void expect_refused(const json& result, const std::vector<std::string>& expect) {
        write_text(dir_ / "r.json", result.dump(2));
        const auto before = snapshot(dir_.path());
        const auto r =
            run_chipcount({"publish", (dir_ / "r.json").string(), "--results", results().string()});
        EXPECT_EQ(r.exit_code, 2) << r.err;
        for (const std::string& needle : expect)
            EXPECT_NE(r.err.find(needle), std::string::npos) << "'" << needle << "' in " << r.err;
        EXPECT_EQ(r.err.find("failure:"), std::string::npos) << r.err;
        EXPECT_EQ(changes(before, snapshot(dir_.path())), "") << r.err;
    }

    void expect_each_refused(const std::vector<Mutation>& mutations) {
        for (const Mutation& m : mutations) {
            SCOPED_TRACE(m.pointer + " = " + m.value.dump());
            expect_refused(with(m.pointer, m.value), m.expect);
        }
    }

    // Exit 0, the file at `relative` under results/, and an index valid against its schema.
    void expect_published(const json& result, const std::string& relative) {
        const auto r = publish(result);
        ASSERT_EQ(r.exit_code, 0) << r.err;
        EXPECT_EQ(r.out, (results() / relative).string() + "\n");
        EXPECT_EQ(read_text(results() / relative), result.dump(2));
        expect_valid_index();
    }

    void expect_valid_index() {
        EXPECT_EQ(validate_json("index.schema.json", {results() / "index.json"}), 0);
    }

    json index() const { return json::parse(read_text(results() / "index.json")); }

  private:
    TempDir dir_;
};

TEST_F(PublishTest, TheFixturePublishesUnderItsCanonicalName) {
    CHIPCOUNT_NEED_TOOL(python_with_jsonschema());
    expect_published(valid_result(), kPublished);
    const json entry = index()["entries"][0];
    EXPECT_EQ(entry["path"], kPublished);
    EXPECT_EQ(entry["profile"], "nvidia-h100-sxm");
    EXPECT_EQ(entry["date"], "2026-01-01");
    // Recomputed from the samples: 2 x 8192^3 flop in 1.5486079264450705 ms is 710 TFLOPS.
    EXPECT_NEAR(entry["bf16_sustained_tflops"].get<double>(),
                2.0 * 8192.0 * 8192.0 * 8192.0 / 1.5486079264450705e-3 / 1e12, 1e-9);
    EXPECT_NEAR(entry["bf16_sustained_tflops"].get<double>(), 710.0, 1e-6);
    // Against the H100 SXM datasheet's 989.4 bf16 TFLOPS.
    EXPECT_NEAR(entry["bf16_sustained_vs_datasheet"].get<double>(), 710.0 / 989.4, 1e-6);
}

TEST_F(PublishTest, RefusesAPathMadeOfAnythingButAProfileIdADateAndASha) {
    const std::string inside = (dir() / "escaped").string();  // an absolute path in the sandbox
    const std::vector<Mutation> mutations = {
        // run.started_at: the date, from a well-formed UTC timestamp only.
        {"/run/started_at", "../../../e", {"r.json", "field 'run.started_at'", "../../../e"}},
        {"/run/started_at", "../../../../../escaped-2026-01-01T00:00:00Z", {"run.started_at"}},
        {"/run/started_at", "2026-01-01/../../../x", {"run.started_at"}},
        {"/run/started_at", inside, {"run.started_at"}},
        {"/run/started_at", "2026-01-01T00:00:00Z\n", {"run.started_at", "\\n"}},
        {"/run/started_at", std::string("2026-01-01\0T00:00:00Z", 21), {"run.started_at"}},
        {"/run/started_at", "2026-02-30T00:00:00Z", {"run.started_at"}},
        {"/run/started_at", "2026-13-01T00:00:00Z", {"run.started_at"}},
        {"/run/started_at", "2026-01-01T24:00:00Z", {"run.started_at"}},
        {"/run/started_at", "2026-01-01T00:00:00+08:00", {"run.started_at"}},
        {"/run/started_at", "2026-01-01", {"run.started_at"}},
        {"/run/started_at", "", {"run.started_at"}},
        // tool.git_sha: 7 to 40 lowercase hex digits.
        {"/tool/git_sha", "../../../x", {"r.json", "field 'tool.git_sha'"}},
        {"/tool/git_sha", inside, {"tool.git_sha"}},
        {"/tool/git_sha", "abcdef0/../../../x", {"tool.git_sha"}},
        {"/tool/git_sha", "abcdef0\n", {"tool.git_sha"}},
        {"/tool/git_sha", std::string("abcdef0\0", 8), {"tool.git_sha"}},
        {"/tool/git_sha", "abc", {"tool.git_sha"}},
        {"/tool/git_sha", "ABCDEF0", {"tool.git_sha"}},
        {"/tool/git_sha", std::string(41, 'a'), {"tool.git_sha"}},
        {"/tool/git_sha", "unknown", {"tool.git_sha"}},
        // device.profile: a known profile, by id or alias.
        {"/device/profile", "../../../x", {"r.json", "field 'device.profile'", "unknown chip"}},
        {"/device/profile", inside, {"device.profile"}},
        {"/device/profile", "nvidia-h100-sxm/../../../x", {"device.profile"}},
        {"/device/profile", std::string("nvidia-h100-sxm\0", 16), {"device.profile"}},
        {"/device/profile", "nvidia-h100-sxm\n", {"device.profile"}},
        {"/device/profile", nullptr, {"device.profile", "matched no chip profile"}},
    };
    expect_each_refused(mutations);
    EXPECT_FALSE(fs::exists(dir() / "escaped-0000000.json"));
}

// A case with bytes moved, at `tbs` TB/s by its only sample.
json bandwidth_case(double bytes, double ms) {
    const double tbs = bytes / (ms * 1e-3) / 1e12;
    return {{"kind", "bandwidth"},
            {"backend", "chipcount"},
            {"pattern", "copy"},
            {"bytes", bytes},
            {"status", "ok"},
            {"timing", {{"median_ms", ms}, {"min_ms", ms}, {"max_ms", ms}, {"samples_ms", {ms}}}},
            {"tbs", {{"median", tbs}, {"max", tbs}}},
            {"validation", {{"errors", 0}, {"passed", true}}}};
}

TEST_F(PublishTest, RefusesResultsThatLie) {
    const std::vector<Mutation> mutations = {
        // Negative figures.
        {"/results/1/tflops/median", -770.0, {"r.json", kBf16Burst + ".tflops.median", "negative"}},
        {"/summary/precisions/bf16/sustained_tflops",
         -710.0,
         {"field 'summary.precisions.bf16.sustained_tflops'", "negative"}},
        // Figures the samples do not give: 2 x 8192^3 flop in 1.42793717892987 ms is 770 TFLOPS.
        {"/results/1/tflops/median", 900.0, {kBf16Burst + ".tflops.median", "states 900", "770"}},
        {"/results/1/tflops/max", 771.0, {kBf16Burst + ".tflops.max", "770"}},
        {"/results/1/timing/median_ms", 5.0, {kBf16Burst + ".timing.median_ms"}},
        {"/results/1/timing/min_ms", 1.0, {kBf16Burst + ".timing.min_ms"}},
        {"/results/1/timing/count", 100, {kBf16Burst + ".timing.count"}},
        {"/results/1/efficiency/vs_datasheet", 0.99, {kBf16Burst + ".efficiency.vs_datasheet"}},
        // A summary that disagrees with the cases, or states what no case measured.
        {"/summary/precisions/bf16/best_tflops",
         900.0,
         {"field 'summary.precisions.bf16.best_tflops'", "states 900", "770"}},
        {"/summary/precisions/fp8", {{"best_tflops", 1900.0}}, {"summary.precisions.fp8"}},
        {"/summary/bandwidth/copy", {{"tbs", 3.0}}, {"summary.bandwidth.copy"}},
        {"/summary/validation/failed", 1, {"summary.validation.failed"}},
        {"/summary/profile", "nvidia-h200-sxm", {"summary.profile"}},
        {"/summary/precisions", "fast", {"summary.precisions", "JSON object"}},
        // A verdict its own figures contradict, or a tolerance looser than chipcount's.
        {"/results/1/validation/rel_error",
         0.5,
         {kBf16Burst + ".validation.passed", "0.5", "tolerance 0.03"}},
        {"/results/1/validation/unwritten", 12, {kBf16Burst + ".validation.passed", "12"}},
        {"/results/1/validation/tolerance",
         1.0,
         {kBf16Burst + ".validation.tolerance", "looser", "0.03"}},
        // Absurd: 2 x 8192^3 flop in 0.3 ms is 3665 TFLOPS, over 3 x 989.4 (the bf16 datasheet).
        {"/results/1/timing/samples_ms",
         json::array({0.3}),
         {kBf16Burst + ".timing.samples_ms", "3x", "989.4"}},
        // 1e10 bytes in 0.5 ms is 20 TB/s, over 3 x 3.35 TB/s.
        {"/results/4",
         bandwidth_case(1e10, 0.5),
         {"results[4] (bandwidth copy).timing.samples_ms", "3x", "3.35"}},
    };
    expect_each_refused(mutations);
}

TEST_F(PublishTest, RefusesAMeasurementFiledUnderAProfileItsDeviceContradicts) {
    // The runner would never have named nvidia-b200 for an H100 with 132 SMs.
    json r = valid_result();
    r["device"]["profile"] = "nvidia-b200";
    r["summary"]["profile"] = "nvidia-b200";
    expect_refused(r, {"r.json", "field 'device.name'", "NVIDIA H100 80GB HBM3", "nvidia-b200"});
    // An H100 PCIe's SM count under the SXM's profile.
    expect_refused(with("/device/sm_count", 114), {"field 'device.name'", "sm_count 114"});
    // A profile with no match rule: no result can claim it.
    r["device"]["profile"] = "amd-mi300x";
    r["summary"]["profile"] = "amd-mi300x";
    expect_refused(r, {"field 'device.profile'", "amd-mi300x", "no device match rule"});
}

TEST_F(PublishTest, RefusesFiguresItDoesNotRecomputeWhenOutOfRangeOrUnknown) {
    const std::vector<Mutation> mutations = {
        {"/device/power_limit_w", -700, {"r.json", "field 'device.power_limit_w'", "-700"}},
        {"/device/sm_count", -5, {"field 'device.sm_count'", "-5"}},
        {"/device/max_sm_clock_mhz", 1e9, {"field 'device.max_sm_clock_mhz'"}},
        {"/device/memory_bytes", 1, {"field 'device.memory_bytes'"}},
        {"/device/temperature_c", -40, {"field 'device.temperature_c'", "negative"}},
        {"/results/0/tflops/p99", 99999, {"results[0] (gemm cublaslt fp16", ".tflops.p99"}},
        {"/results/1/telemetry/power_w/peak", 1e6, {kBf16Burst + ".telemetry.power_w.peak"}},
        {"/summary/headline_tflops", 99999, {"field 'summary.headline_tflops'", "not a field"}},
        {"/summary/precisions/bf16/headline", 99999, {"summary.precisions.bf16.headline"}},
        {"/summary/validation/flaky", 0, {"summary.validation.flaky"}},
        {"/run/argv", json::array({"chipcount", -1}), {"field 'run.argv[1]'", "negative"}},
    };
    expect_each_refused(mutations);
}

// A sample too short for any chip, so short that its throughput is past what a double holds: the
// message gives no "inf" that would read as a figure.
TEST_F(PublishTest, ASampleOf1eMinus300MsIsRefusedWithoutInf) {
    expect_refused(with("/results/1/timing/samples_ms", json::array({1e-300})),
                   {"results[1].timing.samples_ms", "over 1.8e308 TFLOPS"});
    write_text(dir() / "r.json",
               with("/results/1/timing/samples_ms", json::array({1e-300})).dump());
    const auto r =
        run_chipcount({"publish", (dir() / "r.json").string(), "--results", results().string()});
    EXPECT_EQ(r.err.find("inf"), std::string::npos) << r.err;
}

// The README's file column links to the result; text from the file (the device name) stays
// escaped, so that it cannot become a link, a column or HTML.
TEST_F(PublishTest, TheReadmeLinksEachResultAndEscapesTheDeviceName) {
    CHIPCOUNT_NEED_TOOL(python_with_jsonschema());
    json r = valid_result();
    r["device"]["name"] = "NVIDIA H100 80GB HBM3 [evil](https://x.example) | <b>";
    expect_published(r, kPublished);
    const std::string readme = read_text(results() / "README.md");
    EXPECT_NE(readme.find("| [" + kPublished + "](" + kPublished + ") |"), std::string::npos)
        << readme;
    EXPECT_EQ(readme.find("[evil]("), std::string::npos) << readme;
    EXPECT_NE(readme.find("\\[evil\\]"), std::string::npos) << readme;
    EXPECT_EQ(readme.find("<b>"), std::string::npos) << readme;
    EXPECT_EQ(readme.find(" | <"), std::string::npos) << readme;
}

TEST_F(PublishTest, AcceptsFiguresRoundedToFourSignificantDigitsAndAnHonestBandwidthCase) {
    CHIPCOUNT_NEED_TOOL(python_with_jsonschema());
    json r = valid_result();
    r["results"][1]["tflops"]["median"] = 770.1;  // within 0.1% of 770
    // 1e10 bytes in 4 ms: 2.5 TB/s, under 3 x 3.35.
    r["results"].push_back(bandwidth_case(1e10, 4.0));
    r["summary"]["bandwidth"]["copy"] = {{"tbs", 2.5}};
    r["summary"]["validation"]["cases"] = 5;
    r["summary"]["validation"]["passed"] = 5;
    expect_published(r, kPublished);
    EXPECT_NEAR(index()["entries"][0]["copy_tbs"].get<double>(), 2.5, 1e-12);
}

TEST_F(PublishTest, AResultNamingItsProfileByAliasPublishesUnderTheCanonicalId) {
    CHIPCOUNT_NEED_TOOL(python_with_jsonschema());
    json r = valid_result();
    r["device"]["profile"] = "H100 SXM";
    r["summary"]["profile"] = "h100";  // aliases match case-insensitively
    expect_published(r, kPublished);
    EXPECT_EQ(index()["entries"][0]["profile"], "nvidia-h100-sxm");
    EXPECT_FALSE(fs::exists(results() / "H100 SXM"));
    // Published again, by its canonical id this time: the same name, so refused.
    json canonical = valid_result();
    canonical["notes"] = json::array({"another run"});
    expect_refused(canonical, {"never overwritten"});
}

// Files that are not published results, each put under results/ before a valid publish.
struct Stray {
    std::string name;
    std::function<void(const fs::path& results, const fs::path& sandbox)> make;
    std::string expect;
};

// Makes results/<relative> holding `content`, with the folders on its way.
std::function<void(const fs::path&, const fs::path&)> a_file(std::string relative,
                                                             std::string content) {
    return [relative, content](const fs::path& results, const fs::path&) {
        fs::create_directories((results / relative).parent_path());
        write_text(results / relative, content);
    };
}

TEST_F(PublishTest, RefusesToAddToAResultsFolderHoldingFilesItCannotAccountFor) {
    const std::string lying = with("/results/1/tflops/median", 900.0).dump(2);
    const std::vector<Stray> strays = {
        {"a stray file", a_file("notes.txt", "x"), "notes.txt"},
        {"a dot file", a_file(".DS_Store", "x"), ".DS_Store"},
        {"an unknown folder", a_file("my-gpu/x.json", "{}"), "my-gpu"},
        {"a folder named by alias", a_file("H100/x.json", "{}"), "H100"},
        {"a broken result", a_file("nvidia-h100-sxm/2026-01-02-1234567.json", "{"),
         "2026-01-02-1234567.json"},
        {"a result under a name its content does not give",
         a_file("nvidia-h100-sxm/2026-01-02-1234567.json", valid_result().dump()),
         "nvidia-h100-sxm/2026-01-01-0000000.json"},
        {"a lying result put there by hand, at its own name", a_file(kPublished, lying),
         kBf16Burst + ".tflops.median"},
        {"a text file beside results", a_file("nvidia-h100-sxm/notes.md", "x"), "notes.md"},
        {"a profile folder that is a link out",
         [](auto& r, auto& sandbox) {
             fs::create_directories(sandbox / "elsewhere");
             fs::create_directory_symlink(sandbox / "elsewhere", r / "nvidia-h100-sxm");
         },
         "nvidia-h100-sxm"},
        {"a result that is a link",
         [](auto& r, auto& sandbox) {
             fs::create_directories(r / "nvidia-h200-sxm");
             write_text(sandbox / "outside.json", "{}");
             fs::create_symlink(sandbox / "outside.json",
                                r / "nvidia-h200-sxm/2026-01-01-0000000.json");
         },
         "2026-01-01-0000000.json"},
    };
    for (const Stray& s : strays) {
        SCOPED_TRACE(s.name);
        fs::remove_all(results());
        fs::create_directories(results());
        s.make(results(), dir().path());
        expect_refused(valid_result(), {s.expect, "publish adds only to a results folder"});
    }
}

TEST_F(PublishTest, KeepsWhatBelongsBesideResults) {
    CHIPCOUNT_NEED_TOOL(python_with_jsonschema());
    fs::create_directories(results() / "runs/20260101T000000Z");
    write_text(results() / "runs/20260101T000000Z/estimate.json", "{}");
    fs::create_directories(results() / "schema");
    write_text(results() / "schema/index.schema.json", "{}");
    fs::create_directories(results() / "nvidia-h100-sxm");
    write_text(results() / "nvidia-h100-sxm/2026-01-01-torch-crosscheck.json", "{}");
    expect_published(valid_result(), kPublished);
    EXPECT_EQ(index()["entries"].size(), 1u);
}

TEST_F(PublishTest, TwoResultsAreIndexedInPathOrder) {
    CHIPCOUNT_NEED_TOOL(python_with_jsonschema());
    json later = valid_result();
    later["run"]["started_at"] = "2026-03-04T05:06:07.123Z";
    later["tool"]["git_sha"] = "0123456789abcdef";
    expect_published(later, "nvidia-h100-sxm/2026-03-04-0123456.json");
    expect_published(valid_result(), kPublished);
    const json entries = index()["entries"];
    ASSERT_EQ(entries.size(), 2u);
    EXPECT_EQ(entries[0]["path"], kPublished);
    EXPECT_EQ(entries[1]["path"], "nvidia-h100-sxm/2026-03-04-0123456.json");
    EXPECT_EQ(entries[1]["git_sha"], "0123456789abcdef");
    const std::string readme = read_text(results() / "README.md");
    EXPECT_NE(readme.find("2026-03-04"), std::string::npos) << readme;
}

TEST_F(PublishTest, PublishingTheSameFileTwiceGivesTheSameTree) {
    CHIPCOUNT_NEED_TOOL(python_with_jsonschema());
    expect_published(valid_result(), kPublished);
    const auto once = snapshot(dir().path());
    const auto again = publish(valid_result());
    EXPECT_EQ(again.exit_code, 0) << again.err;
    EXPECT_NE(again.err.find("already published"), std::string::npos) << again.err;
    EXPECT_EQ(changes(once, snapshot(dir().path())), "");
    expect_valid_index();
}

// Publishes `result` with writes capped at `cap` bytes a file, so that the result copy fits and
// the README (larger) does not: the write fails (EFBIG; chipcount ignores SIGXFSZ) between the
// copy and the index. Returns its exit code.
int publish_with_file_size_cap(const std::vector<std::string>& args, const fs::path& cwd,
                               rlim_t cap) {
    rlimit old_size{};
    getrlimit(RLIMIT_FSIZE, &old_size);
    rlimit size = old_size;
    size.rlim_cur = cap;
    const auto old_handler = std::signal(SIGXFSZ, SIG_IGN);  // this process writes nothing now
    setrlimit(RLIMIT_FSIZE, &size);                          // inherited by the child
    const int pid = start_chipcount(args, cwd);
    setrlimit(RLIMIT_FSIZE, &old_size);
    std::signal(SIGXFSZ, old_handler);
    return wait_chipcount(pid);
}

TEST_F(PublishTest, ARetryAfterAFailureBetweenTheCopyAndTheIndexCompletesTheTree) {
    CHIPCOUNT_NEED_TOOL(python_with_jsonschema());
    const std::string big_readme = "# Results\n\n" + std::string(200'000, 'x') +
                                   "\n<!-- chipcount:results:begin -->\n" +
                                   "<!-- chipcount:results:end -->\n";
    // The tree a publish that never failed leaves.
    TempDir clean;
    fs::create_directories(clean / "results");
    write_text(clean / "results/README.md", big_readme);
    write_text(clean / "r.json", valid_result().dump(2));
    ASSERT_EQ(run_chipcount({"publish", (clean / "r.json").string(), "--results",
                             (clean / "results").string()})
                  .exit_code,
              0);
    const auto expected = snapshot(clean / "results");

    write_text(results() / "README.md", big_readme);
    write_text(dir() / "r.json", valid_result().dump(2));
    const std::vector<std::string> args = {"publish", (dir() / "r.json").string(), "--results",
                                           results().string()};
    // A failed write is an I/O failure: exit 1 (docs/cli.md, exit codes).
    EXPECT_EQ(publish_with_file_size_cap(args, dir().path(), 64 * 1024), 1);
    // Failed midway: the copy is there, the index is not.
    ASSERT_TRUE(fs::exists(results() / kPublished));
    ASSERT_FALSE(fs::exists(results() / "index.json"));
    // What a publish killed mid-write (SIGKILL, a power cut) leaves besides: temporary files of
    // the names publish writes, in the results folder and in a profile folder.
    write_text(results() / ".README.md.tmp-Ab12Cd", "half a README");
    write_text(results() / ".index.json.tmp-0aZ9zA", "half an index");
    write_text(results() / "nvidia-h100-sxm/.2026-01-01-0000000.json.tmp-xY12z9", "half a result");

    const auto retry = run_chipcount(args);
    ASSERT_EQ(retry.exit_code, 0) << retry.err;
    EXPECT_NE(retry.err.find("left behind"), std::string::npos) << retry.err;
    EXPECT_EQ(changes(expected, snapshot(results())), "");
    expect_valid_index();
}

TEST_F(PublishTest, AnUnwritableIndexOrReadmeIsFoundBeforeAnythingIsWritten) {
    for (const std::string name : {"index.json", "README.md"}) {
        SCOPED_TRACE(name);
        fs::remove_all(results());
        fs::create_directories(results() / name);  // a folder where the file goes
        expect_refused(valid_result(), {name});
    }
}

}  // namespace
}  // namespace chipcount::test
