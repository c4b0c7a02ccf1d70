// cuBLASLt, the vendor reference: TN layout (FP8 requires it on Hopper), alpha 1, beta 0, a
// workspace sized for the architecture, and the fastest of the heuristic's top candidates.
#pragma once
#include <cuda_runtime.h>

#include <string>

#include "chipcount/kernels/gemm.hpp"
#include "common/cublas_check.hpp"
#include "common/device_resources.hpp"

namespace chipcount::kernels {

class CublasLtGemm {
  public:
    CublasLtGemm(Precision precision, Shape shape, int cc_major, cudaStream_t stream);

    // Times each of the top `candidates` heuristic algorithms on (a, b, d) and keeps the fastest.
    void choose_algorithm(const void* a, const void* b, void* d, int candidates);
    void run(const void* a, const void* b, void* d) const;
    const std::string& description() const { return description_; }

    // Hopper wants a 32 MiB workspace for its split-K/stream-K kernels; 4 MiB elsewhere.
    static std::size_t workspace_bytes(int cc_major) {
        return cc_major >= 9 ? 32u << 20 : 4u << 20;
    }

  private:
    Precision precision_;
    Shape shape_;
    cudaStream_t stream_;
    LtHandle handle_;
    LtMatmulDesc desc_;
    LtLayout a_layout_, b_layout_, d_layout_;
    DeviceAllocation workspace_;
    DeviceBuffer<float> scales_;  // FP8 per-tensor scales for A and B (1.0): device pointers
    cublasLtMatmulAlgo_t algo_{};
    bool have_algo_ = false;
    std::string description_;
};

}  // namespace chipcount::kernels
