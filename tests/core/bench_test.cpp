// The benchmark's host-side arithmetic and method, tested without a GPU: statistics, FLOP and
// byte counts, shape parsing and sweeps, tolerances, warm-up and soak with fake runners, and
// the result document.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <stdexcept>

#include "validation_counts.hpp"
#include "chipcount/base/errors.hpp"
#include "chipcount/base/stats.hpp"
#include "chipcount/benchmark/bench_method.hpp"
#include "chipcount/benchmark/bench_plan.hpp"
#include "chipcount/benchmark/result.hpp"
#include "chipcount/io/json_write.hpp"
#include "test_support.hpp"

namespace chipcount {
namespace {

using test::checked_counts;


TEST(Stats, SummaryOfKnownSamples) {
    const Summary s = summarize({5, 1, 4, 2, 3});
    EXPECT_EQ(s.count, 5u);
    EXPECT_DOUBLE_EQ(s.median, 3);
    EXPECT_DOUBLE_EQ(s.min, 1);
    EXPECT_DOUBLE_EQ(s.max, 5);
    EXPECT_DOUBLE_EQ(s.mean, 3);
    EXPECT_NEAR(s.stddev, std::sqrt(2.5), 1e-12);
    EXPECT_DOUBLE_EQ(s.p10, 1.4);
    EXPECT_DOUBLE_EQ(s.p90, 4.6);
    EXPECT_NEAR(s.spread, (4.6 - 1.4) / 3, 1e-12);
    EXPECT_DOUBLE_EQ(summarize({1, 2, 3, 4}).median, 2.5);
    EXPECT_THROW(summarize({}), std::invalid_argument);
}

TEST(Plan, FlopAndByteCounting) {
    // 8192^3 in 1.39 ms: 2 * 8192^3 / 1.39e-3 / 1e12 = 791.0 TFLOPS (the design's example).
    EXPECT_NEAR(tflops({8192, 8192, 8192}, 1.390), 2.0 * 8192.0 * 8192 * 8192 / 1.390e-3 / 1e12,
                1e-9);
    EXPECT_NEAR(tflops({8192, 8192, 8192}, 1.390), 791.0, 0.1);
    EXPECT_DOUBLE_EQ(gemm_flops({2, 3, 4}), 48);
    EXPECT_DOUBLE_EQ(bytes_moved(MemoryPattern::kRead, 100), 100);
    EXPECT_DOUBLE_EQ(bytes_moved(MemoryPattern::kWrite, 100), 100);
    EXPECT_DOUBLE_EQ(bytes_moved(MemoryPattern::kCopy, 100), 200);
    EXPECT_DOUBLE_EQ(bytes_moved(MemoryPattern::kTriad, 100), 300);
    EXPECT_NEAR(terabytes_per_second(2.0 * 4294967296, 2.95), 2.912, 0.001);
}

TEST(Plan, ShapesParseAndReject) {
    const auto shapes = parse_shapes("8192x8192x8192, 1000x1000x1000,8191X8193x1025");
    ASSERT_EQ(shapes.size(), 3u);
    EXPECT_EQ(shapes[1], (Shape{1000, 1000, 1000}));
    EXPECT_EQ(shapes[2], (Shape{8191, 8193, 1025}));
    EXPECT_EQ(shape_text(shapes[2]), "8191x8193x1025");
    for (const char* bad :
         {"", "8192x8192", "0x1x1", "-1x2x3", "axbxc", "1x2x3x4", "1x2x3,", "99999999x1x1"}) {
        EXPECT_THROW(parse_shapes(bad), UsageError) << bad;
    }
}

TEST(Plan, WaveQuantizedShapesFillWholeWaves) {
    const auto shapes = wave_quantized_shapes(132, {4096, 8192}, 2048, 20480, 40);
    ASSERT_FALSE(shapes.empty());
    EXPECT_LE(shapes.size(), 40u);
    for (const Shape& s : shapes) {
        EXPECT_EQ(s.m % 128, 0);
        EXPECT_EQ(s.n % 256, 0);
        EXPECT_EQ((s.m / 128) * (s.n / 256) % 132, 0) << shape_text(s);
        EXPECT_GE(s.m, 2048);
        EXPECT_LE(s.n, 20480);
    }
    // Largest first.
    EXPECT_GE(shapes.front().m * shapes.front().n, shapes.back().m * shapes.back().n);
    EXPECT_TRUE(wave_quantized_shapes(0, {4096}, 2048, 20480, 10).empty());
}

TEST(Plan, QuickSuiteHasTheHeadlineShape) {
    const auto sweep = quick_sweep();
    EXPECT_NE(std::find(sweep.begin(), sweep.end(), kHeadlineShape), sweep.end());
    EXPECT_EQ(gemm_precisions().size(), 7u);
}

TEST(Plan, TolerancesOrderedByPrecisionAndGrowingWithK) {
    for (const std::int64_t k : {64, 8192, 65536}) {
        EXPECT_EQ(validation_tolerance(Precision::kInt8, k), 0.0);
        EXPECT_LT(validation_tolerance(Precision::kFp64, k), validation_tolerance(Precision::kFp32, k));
        EXPECT_LT(validation_tolerance(Precision::kFp32, k), validation_tolerance(Precision::kTf32, k));
        EXPECT_LE(validation_tolerance(Precision::kFp16, k), validation_tolerance(Precision::kBf16, k));
        EXPECT_LT(validation_tolerance(Precision::kBf16, k), validation_tolerance(Precision::kFp8, k));
        // A wrong element is of the order of the terms themselves (error ~1): always rejected.
        for (const Precision p : gemm_precisions()) EXPECT_LT(validation_tolerance(p, k), 0.1);
    }
    // The accumulation term grows as sqrt(K): fp32 at K = 65536 is 8 (1 + 256) 2^-24.
    EXPECT_DOUBLE_EQ(validation_tolerance(Precision::kFp32, 65536), 8 * 257 * std::ldexp(1.0, -24));
    EXPECT_GT(validation_tolerance(Precision::kFp32, 65536),
              validation_tolerance(Precision::kFp32, 1024));
    // bf16 at K = 8192: 8 (2^-8 + 2^-24 sqrt(8192)), by hand.
    EXPECT_NEAR(validation_tolerance(Precision::kBf16, 8192),
                8 * (1.0 / 256 + std::sqrt(8192.0) / 16777216.0), 1e-15);
    // TF32 has room for truncated inputs: 8 x 2^-10 of input rounding, not the old 5e-3.
    EXPECT_GT(validation_tolerance(Precision::kTf32, 8192), 8 * std::ldexp(1.0, -10));
}

// Iteration times that start slow (clocks ramping) and settle at 1 ms.
class RampingRunner : public IterationRunner {
  public:
    std::vector<double> run(int n) override {
        std::vector<double> out;
        for (int i = 0; i < n; ++i, ++count_) out.push_back(1.0 + 2.0 * std::exp(-count_ / 200.0));
        calls_.push_back(n);
        return out;
    }
    int count_ = 0;
    std::vector<int> calls_;
};

TEST(Method, WarmsUpUntilSettledThenSamples) {
    RampingRunner runner;
    MethodOptions options;
    const BurstMeasurement m = measure_burst(runner, options);
    EXPECT_TRUE(m.settled);
    EXPECT_GE(m.warmup_ms, options.warmup_min_ms);
    ASSERT_GE(m.samples_ms.size(), static_cast<std::size_t>(options.min_samples));
    // The timed samples come after the ramp: within 1% of the settled 1 ms.
    EXPECT_NEAR(summarize(m.samples_ms).median, 1.0, 0.01);
    // About timed_ms worth of samples.
    EXPECT_NEAR(static_cast<double>(m.samples_ms.size()), options.timed_ms / 1.0, 20);
}

class NeverSettles : public IterationRunner {
  public:
    std::vector<double> run(int n) override {
        std::vector<double> out;
        for (int i = 0; i < n; ++i)
            out.push_back((flip_ = !flip_) && (i % 2 == 0) ? 1.0 : 2.0 + (calls_ % 2));
        ++calls_;
        return out;
    }
    bool flip_ = false;
    int calls_ = 0;
};

TEST(Method, WarmupGivesUpAtTheCap) {
    NeverSettles runner;
    MethodOptions options;
    options.warmup_max_ms = 2000;
    const BurstMeasurement m = measure_burst(runner, options);
    EXPECT_FALSE(m.settled);
    EXPECT_GE(m.warmup_ms, 2000);
    EXPECT_LT(m.warmup_ms, 2000 + 300);
}

// A GPU that throttles under a power limit: 1 ms at first, 1.25 ms after 5 s.
class ThrottlingRunner : public IterationRunner {
  public:
    std::vector<double> run(int n) override {
        std::vector<double> out;
        for (int i = 0; i < n; ++i) {
            const double ms = elapsed_ < 5000 ? 1.0 : 1.25;
            elapsed_ += ms;
            out.push_back(ms);
        }
        return out;
    }
    double elapsed_ = 0;
};

TEST(Method, SustainedKeepsTheEndOfTheSoak) {
    ThrottlingRunner runner;
    std::vector<double> fractions;
    SoakOptions options;
    options.duration_s = 20;
    const SustainedMeasurement s =
        measure_sustained(runner, options, [&](double f) { fractions.push_back(f); });
    EXPECT_TRUE(s.plateau);  // 1.25 ms throughout the last quarter
    EXPECT_DOUBLE_EQ(s.plateau_spread, 0.0);
    EXPECT_GE(s.soak_ms, 20000);
    EXPECT_DOUBLE_EQ(summarize(s.samples_ms).median, 1.25);  // the throttled rate, not the burst
    EXPECT_DOUBLE_EQ(s.batch_medians.front(), 1.0);
    EXPECT_DOUBLE_EQ(s.batch_medians.back(), 1.25);
    ASSERT_FALSE(fractions.empty());
    EXPECT_DOUBLE_EQ(fractions.back(), 1.0);
    // Only the final quarter is kept: about 5 s of 1.25 ms iterations.
    EXPECT_NEAR(static_cast<double>(s.samples_ms.size()), 5000 / 1.25, 250);
}

double copy_bytes(const ResultDocument& doc);

ResultDocument sample_document() {
    ResultDocument doc;
    doc.tool = {{"name", "chipcount"},  {"version", "0.1.0"},
                {"git_sha", "abc"},     {"git_dirty", false},
                {"cuda", true},         {"cuda_version", "13.0"},
                {"archs", "80,89,90a"}, {"cublaslt_version", "13.0.0"}};
    doc.run = {{"started_at", "2026-11-23T00:00:00Z"},
               {"finished_at", "2026-11-23T00:01:00Z"},
               {"argv", {"chipcount", "bench"}},
               {"host", "test"}};
    doc.device = {{"index", 0},
                  {"name", "NVIDIA H100 80GB HBM3"},
                  {"uuid", "GPU-x"},
                  {"pci_bus_id", "0000:00:00.0"},
                  {"compute_capability", "9.0"},
                  {"sm_count", 132},
                  {"memory_bytes", 85520809984ull},
                  {"l2_bytes", 52428800},
                  {"max_sm_clock_mhz", 1980},
                  {"memory_clock_mhz", 2619},
                  {"memory_bus_width_bits", 5120},
                  {"driver_version", "13.0"},
                  {"runtime_version", "13.0"},
                  {"profile", "nvidia-h100-sxm"},
                  {"power_limit_w", 700},
                  {"nvidia_driver", "580.00"}};
    doc.profile_id = "nvidia-h100-sxm";
    GemmCase burst;
    burst.backend = "cublaslt";
    burst.precision = Precision::kBf16;
    burst.shape = kHeadlineShape;
    burst.samples_ms = {1.392, 1.388, 1.401, 1.385, 1.390};
    burst.timing = summarize(burst.samples_ms);
    burst.telemetry.sm_clock_mhz_median = 1755;
    burst.telemetry.power_w_median = 688;
    burst.validation =
        judge_validation(checked_counts("fp64, 4096 sampled elements", 4096, 0, 0.0021), Precision::kBf16, 8192);
    GemmCase sustained = burst;
    sustained.phase = "sustained";
    sustained.samples_ms = {1.55, 1.56, 1.54};
    sustained.timing = summarize(sustained.samples_ms);
    GemmCase own = burst;
    own.backend = "mma_sync";
    own.samples_ms = {2.78, 2.80};
    own.timing = summarize(own.samples_ms);
    GemmCase skipped;
    skipped.backend = "cublaslt";
    skipped.precision = Precision::kFp8;
    skipped.shape = kHeadlineShape;
    skipped.status = CaseStatus::kSkipped;
    skipped.reason = "fp8 (e4m3) needs compute capability 8.9 or newer";
    doc.gemm = {burst, sustained, own, skipped};
    BandwidthCase copy;
    copy.pattern = "copy";
    copy.bytes_per_array = 2.0 * (1ull << 30);
    copy.bytes_moved = 2 * copy.bytes_per_array;
    copy.samples_ms = {1.50, 1.49, 1.51};
    copy.timing = summarize(copy.samples_ms);
    doc.bandwidth = {copy};
    return doc;
}

TEST(Result, EfficiencySummaryAndRatios) {
    const ProfileSet profiles = ProfileSet::load(test::profiles_dir());
    const ChipProfile* h100 = profiles.find("nvidia-h100-sxm");
    ResultDocument doc = sample_document();
    apply_efficiency(doc, h100);
    const double median_tflops = tflops(kHeadlineShape, 1.390);
    EXPECT_NEAR(*doc.gemm[0].vs_datasheet, median_tflops / 989.4, 1e-12);
    // At 1,755 MHz against the 1,830 MHz the tensor peak assumes.
    EXPECT_NEAR(*doc.gemm[0].vs_clock_peak, median_tflops / (989.4 * 1755 / 1830), 1e-12);
    EXPECT_NEAR(*doc.gemm[2].ratio_to_cublaslt, tflops(kHeadlineShape, 2.79) / median_tflops, 1e-9);
    EXPECT_NEAR(*doc.bandwidth[0].vs_datasheet, terabytes_per_second(copy_bytes(doc), 1.50) / 3.35,
                1e-12);

    const auto json = result_json(doc, h100);
    EXPECT_EQ(json["format"], "chipcount.result");
    const auto& bf16 = json["summary"]["precisions"]["bf16"];
    EXPECT_NEAR(bf16["best_tflops"].get<double>(), median_tflops, 1e-9);
    EXPECT_EQ(bf16["best_backend"], "cublaslt");
    EXPECT_NEAR(bf16["sustained_tflops"].get<double>(), tflops(kHeadlineShape, 1.55), 1e-9);
    EXPECT_EQ(json["summary"]["validation"]["skipped"], 1);
    EXPECT_EQ(json["results"][0]["timing"]["samples_ms"].size(), 5u);
    EXPECT_FALSE(any_failed(doc));
    doc.gemm[0].status = CaseStatus::kFailed;
    EXPECT_TRUE(any_failed(doc));
}

double copy_bytes(const ResultDocument& doc) {
    return doc.bandwidth[0].bytes_moved;
}

// A NaN or Inf output element makes the error infinite (the reference kernel says so): the case
// fails, the result says null (the schema's word for it) and reads back as infinite, not 0.
TEST(Result, AnOutputElementThatIsNotFiniteFailsAndIsWrittenAsNull) {
    const ProfileSet profiles = ProfileSet::load(test::profiles_dir());
    ResultDocument doc = sample_document();
    doc.gemm[0].validation =
        judge_validation(checked_counts("fp64, 4096 sampled elements", 4096, 0, std::numeric_limits<double>::infinity()), Precision::kBf16, 8192);
    EXPECT_FALSE(doc.gemm[0].validation->passed);
    const auto json = result_json(doc, profiles.find("nvidia-h100-sxm"));
    EXPECT_TRUE(json["results"][0]["validation"]["rel_error"].is_null());
    const ResultDocument back = parse_result(json.dump(), "r.json");
    EXPECT_TRUE(std::isinf(back.gemm[0].validation->rel_error));
    EXPECT_FALSE(back.gemm[0].validation->passed);
}

// Any other figure that is not finite is a fault in chipcount: refused by name, never a null.
TEST(Result, AFigureThatIsNotFiniteIsRefusedByName) {
    ResultDocument doc = sample_document();
    doc.bandwidth[0].samples_ms = {0.0};
    doc.bandwidth[0].timing = summarize(doc.bandwidth[0].samples_ms);  // 0 ms: infinite TB/s
    try {
        (void)json_document_text(result_json(doc, nullptr), "the result");
        FAIL() << "a result with an infinite figure was written";
    } catch (const std::logic_error& e) {
        EXPECT_NE(std::string(e.what()).find("results[4].tbs.median"), std::string::npos)
            << e.what();
    }
}

TEST(Result, ValidationJudgement) {
    EXPECT_TRUE(judge_validation(checked_counts("r", 4096, 0, 0.002), Precision::kBf16, 8192).passed);
    EXPECT_FALSE(
        judge_validation(checked_counts("r", 4096, 1, 0.002), Precision::kBf16, 8192).passed);  // an unwritten element
    EXPECT_FALSE(judge_validation(checked_counts("r", 4096, 0, 0.5), Precision::kBf16, 8192).passed);  // a wrong element
    EXPECT_FALSE(
        judge_validation(checked_counts("r", 4096, 0, 1.0), Precision::kInt8, 8192).passed);  // int8 must be exact
    EXPECT_TRUE(judge_validation(checked_counts("r", 4096, 0, 0.0), Precision::kInt8, 8192).passed);
    EXPECT_FALSE(judge_validation(checked_counts("r", 0, 0, 0.0), Precision::kFp32, 8192).passed);  // nothing checked
}

TEST(Result, TelemetrySummary) {
    const TelemetrySummary t =
        summarize_telemetry({{1980, 400, 50, {}},
                             {1755, 690, 71, {"sw_power_cap"}},
                             {1740, 700, 70, {"sw_power_cap", "hw_slowdown"}}});
    EXPECT_EQ(t.samples, 3u);
    EXPECT_DOUBLE_EQ(*t.sm_clock_mhz_median, 1755);
    EXPECT_DOUBLE_EQ(*t.power_w_median, 690);
    EXPECT_DOUBLE_EQ(*t.temperature_c_max, 71);
    EXPECT_EQ(t.throttle_reasons, (std::vector<std::string>{"hw_slowdown", "sw_power_cap"}));
    EXPECT_FALSE(summarize_telemetry({}).sm_clock_mhz_median.has_value());
}

}  // namespace
}  // namespace chipcount
