// Timed, validated matrix multiplication on one GPU. CUDA-free: the CLI and the core never see a
// CUDA type. The timing policy (warm-up, sample count, heat soak) lives in the host core; this
// class only runs iterations and reports their GPU times, and validates the output.
#pragma once
#include <cstddef>
#include <cstdint>
#include <memory>
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
    int heuristic_candidates = 8;  // cuBLASLt: top-N algorithms tried, the fastest kept
    std::uint64_t seed = 1;        // input fill; the same seed gives every backend the same data
};

// Whether a case can run here; `reason` says why not (arch, library, shape, memory).
struct Support {
    bool ok = false;
    std::string reason;
};

Support gemm_supported(const DeviceInfo& device, const GemmSetup& setup);

struct GemmValidation {
    std::string reference;  // "fp64, 4096 sampled elements" or "fp64, all 1048576 elements"
    std::size_t checked_elements = 0;  // elements compared with the reference
    std::size_t unwritten = 0;  // output elements still poisoned (or not finite) after the run
    double max_rel_error = 0;   // max |d - ref| / sqrt(sum_l (a_il b_lj)^2) over the samples
};

class GemmBench {
  public:
    // Allocates rotating buffer sets (at least 2x L2 in all), fills A and B with random non-zero
    // values on the GPU and, for cuBLASLt, picks the fastest of the top heuristic candidates.
    explicit GemmBench(const GemmSetup& setup);
    ~GemmBench();
    GemmBench(const GemmBench&) = delete;
    GemmBench& operator=(const GemmBench&) = delete;

    // Runs `iterations` back-to-back GEMMs (rotating buffer sets) and returns each one's GPU time
    // in milliseconds, from CUDA events around the kernels only.
    std::vector<double> run(int iterations);

    // Poisons the output, runs once, checks every element was written, and compares sampled
    // elements (all of them for small shapes) with an fp64 reference computed on the GPU.
    GemmValidation validate(std::size_t samples);

    std::string algorithm() const;  // what ran: cuBLASLt algo id and candidate rank, or kernel name
    int buffer_sets() const;
    std::size_t bytes_per_set() const;

    struct Impl;

  private:
    std::unique_ptr<Impl> impl_;
};

// cuBLASLt's version as "13.0.2", empty without CUDA.
std::string cublaslt_version();

}  // namespace chipcount::kernels
