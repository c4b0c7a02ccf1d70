// The main job without a GPU, the report in a real browser, publish and compare.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <chrono>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <regex>
#include <set>

#include "chipcount/io/sha256.hpp"
#include "test_support.hpp"

namespace chipcount::test {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

fs::path only_run_dir(const fs::path& base) {
    std::vector<fs::path> dirs;
    for (const auto& e : fs::directory_iterator(base / "results" / "runs"))
        dirs.push_back(e.path());
    EXPECT_EQ(dirs.size(), 1u);
    return dirs.empty() ? fs::path() : dirs.front();
}

bool machine_has_gpu() {
    const auto r = run_chipcount({"devices", "--format", "json"});
    return !json::parse(r.out)["devices"].empty();
}

TEST(MainJob, RunWithoutGpuWritesEstimateReportAndSummary) {
    if (machine_has_gpu()) GTEST_SKIP() << "a GPU is present: `run` would benchmark it";
    TempDir dir;
    const auto r = run_chipcount({"run", "--profiles", profiles_dir().string()}, {}, dir.path());
    ASSERT_EQ(r.exit_code, 0) << r.err << r.out;
    EXPECT_NE(r.out.find("nothing measured: "), std::string::npos) << r.out;
    const fs::path run = only_run_dir(dir.path());
    EXPECT_FALSE(fs::exists(run / "result.json"));
    for (const char* name : {"estimate.json", "classification.json", "report.html"}) {
        EXPECT_TRUE(fs::exists(run / name)) << name;
        EXPECT_NE(r.out.find((fs::path("results/runs") / run.filename() / name).string()),
                  std::string::npos)
            << name;
    }
    // Schemas.MainJobOutputs validates these files against their schemas.
    // The files are listed before the summary, so that the run ends with the summary table.
    const auto files_at = r.out.find("== files");
    const auto summary_at = r.out.find("Summary: ");
    ASSERT_NE(files_at, std::string::npos) << r.out;
    EXPECT_GT(summary_at, files_at) << r.out;
    EXPECT_EQ(r.out.substr(r.out.rfind('\n', r.out.size() - 2) + 1).rfind("basis: ", 0), 0u)
        << r.out;

    // The summary's numbers are the estimate's: the top-level claim's central equivalents.
    const json estimate = json::parse(read_text(run / "estimate.json"));
    EXPECT_EQ(estimate["assumptions"]["basis"], "spec");
    const json& top = estimate["claims"][0];
    ASSERT_EQ(top["id"], "xq-2024-all");
    std::string expected_row = "xq-2024-all";
    // "more than 115,000" stays a lower bound in every column, never an exact count.
    const std::regex row_pattern(
        "xq-2024-all +more than 115,000 H100 or H200; more than 14,000 servers; 39 projects"
        "( +[0-9,]+ or more)+");
    EXPECT_EQ(r.out.find("115,000 (115,000-115,000)"), std::string::npos) << r.out;
    std::smatch match;
    ASSERT_TRUE(std::regex_search(r.out, match, row_pattern)) << r.out;
    for (const auto& target : estimate["targets"]) {
        const double central =
            top["equivalents"][target.get<std::string>()]["central"].get<double>();
        char text[32];
        std::snprintf(text, sizeof text, "%.0f", central);
        std::string grouped = text;
        for (int i = static_cast<int>(grouped.size()) - 3; i > 0; i -= 3)
            grouped.insert(static_cast<std::size_t>(i), ",");
        EXPECT_NE(match.str().find(" " + grouped), std::string::npos)
            << target << " " << grouped << " in " << match.str();
    }
}

std::string utc_stamp_at(std::chrono::system_clock::time_point t) {
    const std::time_t seconds = std::chrono::system_clock::to_time_t(t);
    char text[32];
    std::strftime(text, sizeof text, "%Y%m%dT%H%M%SZ", std::gmtime(&seconds));
    return text;
}

// `run` draws its report from the documents in memory; `report` draws it from the files `run`
// wrote. Both must give the same page (the time it was generated aside).
TEST(MainJob, TheRunsReportIsTheReportOfItsFiles) {
    if (machine_has_gpu()) GTEST_SKIP() << "a GPU is present: `run` would benchmark it";
    TempDir dir;
    const auto r = run_chipcount({"run", "--profiles", profiles_dir().string()}, {}, dir.path());
    ASSERT_EQ(r.exit_code, 0) << r.err << r.out;
    const fs::path run = fs::relative(only_run_dir(dir.path()), dir.path());
    const auto again = run_chipcount(
        {"report", (run / "estimate.json").string(), "--profiles", profiles_dir().string()}, {},
        dir.path());
    ASSERT_EQ(again.exit_code, 0) << again.err;
    const auto without_time = [](std::string html) {
        const std::regex generated("generated [0-9TZ:-]+ by");
        return std::regex_replace(html, generated, "generated (time) by");
    };
    const std::string from_memory = read_text(dir / run / "report.html");
    ASSERT_NE(from_memory.find("Sources"), std::string::npos);
    EXPECT_EQ(without_time(from_memory), without_time(again.out));
}

TEST(MainJob, RunsInTheSameSecondGetSeparateFolders) {
    TempDir dir;
    // Folders for this second and the next few exist already, as if other runs had just made
    // them: the new runs must neither reuse nor touch them.
    const fs::path runs = dir / "results/runs";
    std::set<std::string> taken;
    const auto now = std::chrono::system_clock::now();
    for (int s = 0; s < 5; ++s) {
        taken.insert(utc_stamp_at(now + std::chrono::seconds(s)));
        fs::create_directories(runs / *taken.rbegin());
    }
    // Three runs at once, racing for the same names.
    std::vector<int> pids;
    for (int i = 0; i < 3; ++i) {
        pids.push_back(start_chipcount({"run", "--no-bench", "--profiles", profiles_dir().string()},
                                       dir.path()));
    }
    for (const int pid : pids) EXPECT_EQ(wait_chipcount(pid), 0);
    std::set<std::string> made;
    for (const auto& entry : fs::directory_iterator(runs)) {
        const std::string name = entry.path().filename().string();
        if (taken.count(name)) {
            EXPECT_TRUE(fs::is_empty(entry.path())) << name << " was written into";
        } else {
            made.insert(name);
            for (const char* file : {"estimate.json", "classification.json", "report.html"})
                EXPECT_TRUE(fs::exists(entry.path() / file)) << name << "/" << file;
        }
    }
    EXPECT_EQ(made.size(), 3u);
}

TEST(MainJob, OutputsNameInputsWithoutAbsolutePaths) {
    TempDir dir;
    const std::string claims = R"({"format": "chipcount.claims", "version": 1, "claims": [
        {"id": "a", "stated": {"chips": 2000, "chip": "H100"}}]})";
    fs::create_directories(dir / "work/in");
    fs::create_directories(dir / "data");
    write_text(dir / "work/in/claims.json", claims);
    write_text(dir / "data/claims.json", claims);
    // Both given as absolute paths: one under the working directory, one outside it.
    for (const auto& [claims_file, expected] :
         {std::pair{dir / "work/in/claims.json", "in/claims.json"},
          std::pair{dir / "data/claims.json", "claims.json"}}) {
        const fs::path out = dir / "work/out";
        fs::remove_all(out);
        const auto r = run_chipcount({"run", "--no-bench", "--profiles", profiles_dir().string(),
                                      "--claims", claims_file.string(), "--out-dir", out.string()},
                                     {}, dir / "work");
        ASSERT_EQ(r.exit_code, 0) << r.err << r.out;
        const fs::path run = fs::directory_iterator(out)->path();
        for (const auto& entry : fs::directory_iterator(run)) {
            const std::string text = read_text(entry.path());
            EXPECT_EQ(text.find(dir.path().string()), std::string::npos) << entry.path();
            EXPECT_EQ(text.find(source_dir().string()), std::string::npos) << entry.path();
        }
        const json estimate = json::parse(read_text(run / "estimate.json"));
        EXPECT_EQ(estimate["input"]["path"], expected);
        EXPECT_EQ(estimate["input"]["sha256"].get<std::string>().size(), 64u);
        EXPECT_EQ(estimate["assumptions"]["file"], "assumptions.json");  // outside the cwd
        const std::string html = read_text(run / "report.html");
        EXPECT_NE(html.find("<li>claims: " + std::string(expected) + " (sha256 " +
                            estimate["input"]["sha256"].get<std::string>() + ")</li>"),
                  std::string::npos)
            << html;
    }
}

TEST(MainJob, BrokenDataStopsTheRunBeforeItsFolderIsMade) {
    TempDir dir;
    const fs::path profiles = copy_profiles(dir.path());
    const std::string claims = (source_dir() / "claims/xinjiang-qinghai-2024.json").string();
    write_text(profiles / "rules/eccn-3a090.json", "{ not json");
    auto r = run_chipcount(
        {"run", "--no-bench", "--profiles", profiles.string(), "--claims", claims}, {}, dir.path());
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_NE(r.err.find("eccn-3a090.json"), std::string::npos) << r.err;
    EXPECT_FALSE(fs::exists(dir / "results")) << "a folder was left behind";

    // A default estimate target without a profile: named as what it is, no folder either.
    fs::copy_file(profiles_dir() / "rules/eccn-3a090.json", profiles / "rules/eccn-3a090.json",
                  fs::copy_options::overwrite_existing);
    fs::remove(profiles / "chips/nvidia-b200.json");
    r = run_chipcount({"run", "--no-bench", "--profiles", profiles.string(), "--claims", claims},
                      {}, dir.path());
    EXPECT_EQ(r.exit_code, 2);
    // The default targets are data: the message names the assumptions file and its field.
    EXPECT_NE(r.err.find("assumptions.json: assumptions: field 'default_targets.value': unknown "
                         "chip 'nvidia-b200'"),
              std::string::npos)
        << r.err;
    EXPECT_FALSE(fs::exists(dir / "results")) << "a folder was left behind";
}

TEST(MainJob, BadClaimsStopTheRunBeforeAnyFileIsWritten) {
    TempDir dir;
    write_text(dir / "claims.json",
               "{\"format\": \"chipcount.claims\", \"version\": 1, \"claims\": [{\"id\": \"a\", "
               "\"stated\": {\"chips\": -1, \"chip\": \"H100\"}}]}");
    const auto r =
        run_chipcount({"run", "--claims", (dir / "claims.json").string()}, {}, dir.path());
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_NE(r.err.find("claim 'a': field 'stated.chips'"), std::string::npos) << r.err;
    EXPECT_FALSE(fs::exists(dir / "results"));
}

// Renders a page in headless Chromium: the DOM after load, a screenshot, and what it logged.
struct Rendered {
    std::string dom;
    std::string log;
    bool screenshot = false;
};

Rendered render_in_chromium(const fs::path& page, const fs::path& work) {
    const std::string common =
        "timeout 90 '" + chromium().path + "'" +
        " --headless --no-sandbox --disable-gpu --hide-scrollbars --enable-logging=stderr --v=0"
        " --user-data-dir='" +
        (work / "profile").string() + "' --window-size=1100,2400 ";
    Rendered out;
    std::system((common + "--dump-dom 'file://" + page.string() + "' > '" +
                 (work / "dom.html").string() + "' 2> '" + (work / "dom.log").string() + "'")
                    .c_str());
    std::system((common + "--screenshot='" + (work / "page.png").string() + "' 'file://" +
                 page.string() + "' 2> '" + (work / "shot.log").string() + "' > /dev/null")
                    .c_str());
    out.dom = read_text(work / "dom.html");
    out.log = read_text(work / "dom.log") + read_text(work / "shot.log");
    out.screenshot = fs::exists(work / "page.png") && fs::file_size(work / "page.png") > 10000;
    return out;
}

TEST(Report, RendersInChromiumWithChartsAndEscapedNames) {
    CHIPCOUNT_NEED_TOOL(chromium());
    TempDir dir;
    write_text(dir / "claims.json", R"({"format": "chipcount.claims", "version": 1, "claims": [
        {"id": "<script>alert(1)</script>", "name": "<img src=x onerror=alert(2)>", "stated": {"compute": "4000 P"}},
        {"id": "h100s", "stated": {"chips": 2000, "chip": "H100"}},
        {"id": "h100s-phase-1", "part_of": "h100s", "stated": {"chips": 2000, "chip": "H100"}}]})");
    ASSERT_EQ(run_chipcount({"estimate", (dir / "claims.json").string(), "--format", "json", "-o",
                             (dir / "e.json").string()})
                  .exit_code,
              0);
    const auto r = run_chipcount({"report", (dir / "e.json").string(),
                                  (source_dir() / "tests/data/result-synthetic-h100.json").string(),
                                  "-o", (dir / "report.html").string()});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    const std::string html = read_text(dir / "report.html");
    // Self-contained: no external resources at all.
    EXPECT_EQ(html.find("http://"), html.find("http://www.w3.org/2000/svg"));
    EXPECT_EQ(html.find("https://"), std::string::npos);
    EXPECT_EQ(html.find("<script"), std::string::npos);

    const Rendered page = render_in_chromium(dir / "report.html", dir.path());
    ASSERT_FALSE(page.dom.empty()) << page.log;
    EXPECT_TRUE(page.screenshot) << page.log;
    // Four charts, each with data-bearing marks.
    std::size_t svgs = 0;
    for (std::size_t at = page.dom.find("<svg"); at != std::string::npos;
         at = page.dom.find("<svg", at + 1))
        ++svgs;
    EXPECT_GE(svgs, 4u);
    EXPECT_NE(page.dom.find("data-value=\"4,043\""),
              std::string::npos);  // 4000 P / 989.4 as an H100 dot
    // The hostile claim is text, never markup.
    EXPECT_NE(page.dom.find("&lt;script&gt;alert(1)&lt;/script&gt;"), std::string::npos);
    EXPECT_EQ(page.dom.find("<script>alert(1)"), std::string::npos);
    EXPECT_EQ(page.dom.find("<img src=\"x\""), std::string::npos);
    // No console errors.
    EXPECT_EQ(page.log.find("CONSOLE"), std::string::npos) << page.log;
    EXPECT_EQ(page.log.find("Uncaught"), std::string::npos) << page.log;
}

TEST(Report, MarkdownEscapesMarkup) {
    TempDir dir;
    write_text(dir / "claims.json", R"({"format": "chipcount.claims", "version": 1, "claims": [
        {"id": "<b>x|y</b>", "stated": {"chips": 10, "chip": "H20"}}]})");
    ASSERT_EQ(run_chipcount({"estimate", (dir / "claims.json").string(), "--format", "json", "-o",
                             (dir / "e.json").string()})
                  .exit_code,
              0);
    const auto r = run_chipcount({"report", (dir / "e.json").string(), "--format", "md"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_NE(r.out.find("&lt;b&gt;x\\|y&lt;/b&gt;"), std::string::npos) << r.out;
    EXPECT_EQ(r.out.find("<b>"), std::string::npos);
}

// The estimate of the bundled claims, written to `file` by chipcount and read back, for a test to
// change before it renders the report.
json bundled_estimate(const fs::path& file) {
    const auto r =
        run_chipcount({"estimate", (source_dir() / "claims/xinjiang-qinghai-2024.json").string(),
                       "--format", "json", "-o", file.string()});
    EXPECT_EQ(r.exit_code, 0) << r.err;
    return json::parse(read_text(file));
}

TEST(Report, AnEstimateWithAnUnnamedInputStillRenders) {
    TempDir dir;
    json e = bundled_estimate(dir / "e.json");
    e["input"] = {{"path", 5}};  // no sha256, a path of the wrong type
    write_text(dir / "e.json", e.dump());
    const auto r = run_chipcount({"report", (dir / "e.json").string(), "--format", "md"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_NE(r.out.find("- claims: (not named)\n"), std::string::npos) << r.out;
}

// The largest and smallest figures an estimate may hold (1e30 and a denormal-free tiny one) give
// a report with bounded axes and printed numbers: no loop, no "inf", no "nan".
TEST(Report, FiguresAtTheEdgesOfWhatIsAllowedRender) {
    TempDir dir;
    json e = bundled_estimate(dir / "e.json");
    const std::string target = e["targets"][0];
    e["claims"][0]["equivalents"][target] = {{"low", 1e-12}, {"central", 1e29}, {"high", 1e30}};
    e["claims"][1]["equivalents"][target] = {{"low", 1e-12}, {"central", 1e-12}, {"high", 1e-12}};
    write_text(dir / "e.json", e.dump());
    for (const std::string format : {"html", "md"}) {
        SCOPED_TRACE(format);
        const auto r = run_chipcount({"report", (dir / "e.json").string(), "--format", format});
        ASSERT_EQ(r.exit_code, 0) << r.err;
        EXPECT_NE(r.out.find("1e+29"), std::string::npos);
        EXPECT_EQ(r.out.find("inf"), std::string::npos);
        EXPECT_EQ(r.out.find("nan"), std::string::npos);
    }
}

TEST(Report, RejectsFilesOfOtherFormats) {
    const auto r =
        run_chipcount({"report", (source_dir() / "claims/xinjiang-qinghai-2024.json").string()});
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_NE(r.err.find("field 'format'"), std::string::npos) << r.err;
}

json fixture() {
    return json::parse(read_text(source_dir() / "tests/data/result-synthetic-h100.json"));
}

json gemm_case_791() {
    return {{"kind", "gemm"},
            {"backend", "cublaslt"},
            {"precision", "bf16"},
            {"m", 8192},
            {"n", 8192},
            {"k", 8192},
            {"layout", "TN"},
            {"phase", "burst"},
            {"status", "ok"},
            {"reason", nullptr},
            {"timing",
             {{"median_ms", 1.39},
              {"min_ms", 1.38},
              {"max_ms", 1.40},
              {"samples_ms", {1.39, 1.38, 1.40}}}},
            {"tflops", {{"median", 791.0}, {"max", 796.8}}},
            {"telemetry", json::object()},
            {"validation",
             {{"reference", "fp64"}, {"rel_error", 0.002}, {"tolerance", 0.03}, {"passed", true}}},
            {"efficiency", json::object()}};
}

// The fixture's cases (bf16 sustained 710 TFLOPS) behind one more bf16 case, measured at 791;
// its summary says so (publish refuses a summary that disagrees with the cases).
json passing_result() {
    json r = fixture();
    r["results"].insert(r["results"].begin(), gemm_case_791());
    r["summary"]["precisions"]["bf16"]["best_tflops"] = 791.0;
    r["summary"]["validation"]["cases"] = 5;
    r["summary"]["validation"]["passed"] = 5;
    return r;
}

TEST(Publish, CopiesIndexesAndNeverOverwrites) {
    TempDir dir;
    fs::create_directories(dir / "results");
    write_text(dir / "results/README.md",
               "# Results\n\nintro\n<!-- chipcount:results:begin -->\nold\n<!-- "
               "chipcount:results:end -->\ntail\n");
    write_text(dir / "run.json", passing_result().dump());
    const auto r = run_chipcount(
        {"publish", (dir / "run.json").string(), "--results", (dir / "results").string()});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    const fs::path published = dir / "results/nvidia-h100-sxm/2026-01-01-0000000.json";
    ASSERT_TRUE(fs::exists(published)) << r.out;
    EXPECT_EQ(read_text(published), read_text(dir / "run.json"));
    // Schemas.PublishedIndex validates an index against its schema.
    const json index = json::parse(read_text(dir / "results/index.json"));
    ASSERT_EQ(index["entries"].size(), 1u);
    EXPECT_DOUBLE_EQ(index["entries"][0]["bf16_sustained_tflops"].get<double>(), 710.0);
    const std::string readme = read_text(dir / "results/README.md");
    EXPECT_NE(readme.find("| NVIDIA H100 80GB HBM3 | nvidia-h100-sxm | 2026-01-01 |"),
              std::string::npos)
        << readme;
    EXPECT_EQ(readme.find("\nold\n"), std::string::npos);
    EXPECT_NE(readme.find("intro"), std::string::npos);
    EXPECT_NE(readme.find("tail"), std::string::npos);

    // Again: refused, the published file untouched.
    json changed = passing_result();
    changed["notes"] = json::array({"changed"});
    write_text(dir / "run2.json", changed.dump());
    const auto again = run_chipcount(
        {"publish", (dir / "run2.json").string(), "--results", (dir / "results").string()});
    EXPECT_EQ(again.exit_code, 2);
    EXPECT_NE(again.err.find("never overwritten"), std::string::npos) << again.err;
    EXPECT_EQ(read_text(published), read_text(dir / "run.json"));
}

TEST(Publish, RefusesFailedValidationAndBadFormat) {
    TempDir dir;
    fs::create_directories(dir / "results");
    json failed = passing_result();
    failed["results"][0]["validation"]["passed"] = false;
    write_text(dir / "failed.json", failed.dump());
    auto r = run_chipcount(
        {"publish", (dir / "failed.json").string(), "--results", (dir / "results").string()});
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_NE(r.err.find("validation.passed"), std::string::npos) << r.err;
    json failed_case = passing_result();
    failed_case["results"][0]["status"] = "failed";
    write_text(dir / "failed_case.json", failed_case.dump());
    r = run_chipcount(
        {"publish", (dir / "failed_case.json").string(), "--results", (dir / "results").string()});
    EXPECT_EQ(r.exit_code, 2);
    json wrong = passing_result();
    wrong["format"] = "chipcount.estimate";
    write_text(dir / "wrong.json", wrong.dump());
    r = run_chipcount(
        {"publish", (dir / "wrong.json").string(), "--results", (dir / "results").string()});
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_NE(r.err.find("field 'format'"), std::string::npos) << r.err;
    json no_timing = passing_result();
    no_timing["results"][0].erase("timing");
    write_text(dir / "no_timing.json", no_timing.dump());
    r = run_chipcount(
        {"publish", (dir / "no_timing.json").string(), "--results", (dir / "results").string()});
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_NE(r.err.find("results[0].timing"), std::string::npos) << r.err;
    // Nothing was published.
    EXPECT_FALSE(fs::exists(dir / "results/nvidia-h100-sxm"));
}

// `compare a.json b.json --format json` on two results written into `dir`.
json compared(const TempDir& dir, const json& a, const json& b) {
    write_text(dir / "a.json", a.dump());
    write_text(dir / "b.json", b.dump());
    const auto r = run_chipcount(
        {"compare", (dir / "a.json").string(), (dir / "b.json").string(), "--format", "json"});
    EXPECT_EQ(r.exit_code, 0) << r.err;
    return r.exit_code == 0 ? json::parse(r.out) : json::object({{"cases", json::array()}});
}

TEST(Compare, ARepeatedCaseInAKeepsEachItsOwnFigure) {
    TempDir dir;
    json a = fixture();
    json slower = gemm_case_791();
    for (json& ms : slower["timing"]["samples_ms"]) ms = ms.get<double>() * 2;
    a["results"] = json::array({gemm_case_791(), slower});  // the same case twice, A's order
    json b = fixture();
    b["results"] = json::array({gemm_case_791()});
    const json doc = compared(dir, a, b);
    ASSERT_EQ(doc["cases"].size(), 2u);
    EXPECT_EQ(doc["cases"][0]["case"], doc["cases"][1]["case"]);
    // Each row has its own A: the second is half the first (twice the time).
    EXPECT_NEAR(doc["cases"][1]["a"].get<double>() * 2, doc["cases"][0]["a"].get<double>(), 1e-9);
    EXPECT_NEAR(doc["cases"][0]["ratio"].get<double>(), 1.0, 1e-12);  // matched with B's case
    EXPECT_TRUE(doc["cases"][1]["b"].is_null());                      // B's case is used once
}

TEST(Compare, CaseByCaseRatios) {
    TempDir dir;
    json a = fixture();
    a["results"] = json::array({gemm_case_791()});
    json b = a;
    // B ran the case faster: every sample shorter by 791.0 / 870.1, so B / A is 870.1 / 791.0
    // (throughput is read from the samples, never from the file's derived figures).
    for (json& ms : b["results"][0]["timing"]["samples_ms"]) ms = ms.get<double>() * 791.0 / 870.1;
    const json doc = compared(dir, a, b);
    ASSERT_EQ(doc["cases"].size(), 1u);
    EXPECT_NEAR(doc["cases"][0]["ratio"].get<double>(), 870.1 / 791.0, 1e-12);
    EXPECT_EQ(doc["a"], "a.json");  // named without the machine's folders, with the sha256
    EXPECT_EQ(doc["b"], "b.json");
    EXPECT_EQ(doc["a_sha256"], sha256_hex(read_text(dir / "a.json")));
    EXPECT_NE(doc["a_sha256"], doc["b_sha256"]);
    EXPECT_EQ(run_chipcount({"compare", (dir / "a.json").string()}).exit_code, 2);
}

}  // namespace
}  // namespace chipcount::test
