// Timed, validated matrix multiplication on one GPU. CUDA-free: the CLI and the core never see a
// CUDA type. The timing policy (warm-up, sample count, heat soak, which cuBLASLt candidate to
// keep) lives in the host core; this class only runs iterations and reports their GPU times,
// offers the library's candidates, and validates the output.
#pragma once
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "chipcount/kernels/device.hpp"
#include "chipcount/vocabulary.hpp"

namespace chipcount::kernels {

// cublaslt: the vendor library. Our own kernels: simt_fp32, mma_sync (bf16/fp16), wgmma_tma
// (sm_90a).
enum class GemmBackend { kCublasLt, kSimtFp32, kMmaSync, kWgmmaTma };

inline constexpr NameTable<GemmBackend, 4> kGemmBackendNames{{
    {GemmBackend::kCublasLt, "cublaslt"},
    {GemmBackend::kSimtFp32, "simt_fp32"},
    {GemmBackend::kMmaSync, "mma_sync"},
    {GemmBackend::kWgmmaTma, "wgmma_tma"},
}};

constexpr std::string_view gemm_backend_name(GemmBackend backend) {
    return name_of(kGemmBackendNames, backend);
}

struct GemmSetup {
    int device = 0;
    Precision precision = Precision::kBf16;
    GemmBackend backend = GemmBackend::kCublasLt;
    Shape shape;
    int heuristic_candidates = 8;  // cuBLASLt: how many of the heuristic's algorithms to offer
    std::uint64_t seed = 1;        // input fill; the same seed gives every backend the same data
};

// Whether a case can run here; `reason` says why not (arch, library, shape, memory).
struct Support {
    bool ok = false;
    std::string reason;
};

Support gemm_supported(const DeviceInfo& device, const GemmSetup& setup);

// One cuBLASLt algorithm as the library describes it (cublasLtMatmulAlgoConfigGetAttribute), so a
// result says what ran, not only an id that means nothing across versions.
struct AlgorithmConfig {
    int id = -1;                     // CUBLASLT_ALGO_CONFIG_ID
    std::string tile;                // "128x256" (CUBLASLT_ALGO_CONFIG_TILE_ID); "" when undefined
    std::string stages;              // "64x4" (CUBLASLT_ALGO_CONFIG_STAGES_ID); "" when undefined
    int split_k = 1;                 // CUBLASLT_ALGO_CONFIG_SPLITK_NUM (1: no split)
    int reduction_scheme = 0;        // CUBLASLT_ALGO_CONFIG_REDUCTION_SCHEME
    int cta_swizzling = 0;           // CUBLASLT_ALGO_CONFIG_CTA_SWIZZLING
    int custom_option = 0;           // CUBLASLT_ALGO_CONFIG_CUSTOM_OPTION
    std::size_t workspace_bytes = 0; // the heuristic's workspaceSize for it
    double waves = 0;                // the heuristic's wavesCount
};

// The settings that shape the numbers, recorded in the result beside the figures.
struct GemmSettings {
    std::string compute;  // "fp64", "fp32", "fp32_fast_tf32", "int32": the accumulation type
    std::string output;   // the D type: "fp64", "fp32", "fp16", "bf16", "int32"
    std::optional<bool> fp8_fast_accumulation;  // fp8 only: CUBLASLT_MATMUL_DESC_FAST_ACCUM
    std::optional<double> a_scale, b_scale;     // fp8 only: the per-tensor scales (1.0)
};

// The sampled output element with the largest error, where it is and what it held.
struct WorstElement {
    std::int64_t row = 0;
    std::int64_t col = 0;
    double value = 0;      // what the GPU wrote (NaN/Inf possible)
    double reference = 0;  // the fp64 reference
    double error = 0;      // |value - reference| / sqrt(sum_l (a_il b_lj)^2); +inf if not finite
    int buffer_set = 0;
};

struct GemmValidation {
    std::string reference;  // "fp64, 4096 sampled elements x 3 buffer sets" or "fp64, all ..."
    std::size_t checked_elements = 0;  // elements compared with the reference, all sets together
    std::size_t unwritten = 0;   // output elements still holding the poison after the run
    std::size_t nan_count = 0;   // output elements that are NaN (other than the poison)
    std::size_t inf_count = 0;   // output elements that are +-Inf
    std::size_t guard_bytes_changed = 0;  // bytes of the guard regions around the outputs that
                                          // changed: a stray write outside the matrix
    int buffer_sets_checked = 0;
    double max_rel_error = 0;           // max |d - ref| / sqrt(sum_l (a_il b_lj)^2)
    std::optional<WorstElement> worst;  // the sample behind max_rel_error
    double checksum = 0;  // sum of set 0's output in fp64 (Thrust): the same for every backend
                          // on the same inputs, up to rounding
};

class GemmBench {
  public:
    // Allocates rotating buffer sets (at least 2x L2 in all), each output between guard regions,
    // fills A and B on the GPU (Thrust, counter-based: the same seed gives the same data on every
    // backend), and, for cuBLASLt, asks the heuristic for its candidates and uses the first.
    // DeviceLostError when the GPU context is lost; UnsupportedError when the case cannot run.
    explicit GemmBench(const GemmSetup& setup);
    ~GemmBench();
    GemmBench(const GemmBench&) = delete;
    GemmBench& operator=(const GemmBench&) = delete;

    // Runs `iterations` back-to-back GEMMs (rotating buffer sets) and returns each one's GPU time
    // in milliseconds, from CUDA events around the kernels only.
    std::vector<double> run(int iterations);

    // cuBLASLt: the heuristic's candidates in its order (its first choice first); empty for our
    // kernels. use_candidate(i) makes candidate i the one that runs from now on.
    const std::vector<AlgorithmConfig>& candidates() const;
    void use_candidate(std::size_t index);

    // For up to `sets` buffer sets: poisons the output and its guard regions, runs once, counts on
    // the GPU (Thrust) the elements left unwritten, NaN and Inf and the guard bytes changed, and
    // compares sampled elements (all of them for small shapes; the corners always) with an fp64
    // reference computed on the GPU.
    GemmValidation validate(std::size_t samples, int sets = 3);

    std::string algorithm() const;  // what runs now: cuBLASLt algorithm and rank, or kernel name
    GemmSettings settings() const;
    int buffer_sets() const;
    std::size_t bytes_per_set() const;

    struct Impl;

  private:
    std::unique_ptr<Impl> impl_;
};

// cuBLASLt's version as "13.0.2", empty without CUDA.
std::string cublaslt_version();

}  // namespace chipcount::kernels
