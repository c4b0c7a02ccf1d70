// cuBLASLt, the vendor reference: TN layout (FP8 requires it on Hopper), alpha 1, beta 0, a
// workspace sized for the architecture, and the heuristic's top candidates, each described by its
// configuration. Which candidate to keep is the host's choice (timing policy lives there): this
// class only lists them and runs the one chosen, the heuristic's first by default.
#pragma once
#include <cuda_runtime.h>

#include <string>
#include <vector>

#include "chipcount/kernels/gemm.hpp"
#include "common/cublas_check.hpp"
#include "common/device_resources.hpp"

namespace chipcount::kernels {

class CublasLtGemm {
  public:
    // UnsupportedError when the heuristic has no usable algorithm for the case.
    CublasLtGemm(Precision precision, Shape shape, int cc_major, cudaStream_t stream,
                 int heuristic_candidates);

    void run(const void* a, const void* b, void* d) const;

    const std::vector<AlgorithmConfig>& candidates() const { return configs_; }
    void use(std::size_t index);  // KernelError when out of range
    // "cuBLASLt algo 66 (tile 128x256, stages 64x4, split-K 1), heuristic candidate 1 of 8,
    // workspace 32 MiB"
    std::string description() const;
    bool fast_accumulation() const { return fast_accumulation_; }
    // FP8 only: the per-tensor scale of A and of B (D = scale_a * scale_b * A * B).
    static constexpr float kFp8Scale = 1.0f;

    // Hopper wants a 32 MiB workspace for its split-K/stream-K kernels; 4 MiB elsewhere.
    static std::size_t workspace_bytes(int cc_major) {
        return cc_major >= 9 ? 32u << 20 : 4u << 20;
    }

  private:
    void find_candidates(int count);

    Precision precision_;
    Shape shape_;
    cudaStream_t stream_;
    LtHandle handle_;
    LtMatmulDesc desc_;
    LtLayout a_layout_, b_layout_, d_layout_;
    DeviceAllocation workspace_;
    DeviceBuffer<float> scales_;  // FP8 per-tensor scales for A and B (1.0): device pointers
    std::vector<cublasLtMatmulAlgo_t> algos_;  // the heuristic's usable results, in its order
    std::vector<AlgorithmConfig> configs_;     // their descriptions, index for index
    std::size_t current_ = 0;
    bool fast_accumulation_ = false;
};

}  // namespace chipcount::kernels
