#include <algorithm>
#include <cstdint>
#include <sstream>
#include <vector>

#include "common/gemm_types.cuh"
#include "reference/cublaslt_names.hpp"
#include "reference/gemm_cublaslt.hpp"

namespace chipcount::kernels {

namespace detail {
void throw_cublas_error(cublasStatus_t status, const char* call, const char* file, int line) {
    std::ostringstream message;
    // The status came from a cuBLASLt call, so the library is loaded.
    const CublasLtLibrary& lt = cublaslt();
    message << file << ":" << line << ": " << call
            << " failed: " << lt.cublasLtGetStatusName(status) << ": "
            << lt.cublasLtGetStatusString(status);
    // cuBLASLt reports a kernel fault as CUBLAS_STATUS_EXECUTION_FAILED (or INTERNAL_ERROR): the
    // runtime tells whether it was sticky. The legacy stream's query returns a sticky error too.
    throw_library_error(message.str(), nullptr);
}
}  // namespace detail

namespace {

template <typename T>
void set_desc(cublasLtMatmulDesc_t desc, cublasLtMatmulDescAttributes_t attribute, const T& value) {
    CHIPCOUNT_CUBLAS_CHECK(
        cublaslt().cublasLtMatmulDescSetAttribute(desc, attribute, &value, sizeof value));
}

// One algorithm configuration attribute, as its declared type (cublasLt.h) widened to int.
template <typename T>
int config_attribute(const cublasLtMatmulAlgo_t& algo, cublasLtMatmulAlgoConfigAttributes_t id) {
    T value{};
    std::size_t written = 0;
    CHIPCOUNT_CUBLAS_CHECK(cublaslt().cublasLtMatmulAlgoConfigGetAttribute(&algo, id, &value,
                                                                           sizeof value, &written));
    return static_cast<int>(value);
}

AlgorithmConfig describe_algorithm(const cublasLtMatmulHeuristicResult_t& result) {
    const cublasLtMatmulAlgo_t& algo = result.algo;
    AlgorithmConfig c;
    c.id = config_attribute<std::int32_t>(algo, CUBLASLT_ALGO_CONFIG_ID);
    c.tile = cublaslt_tile_text(
        static_cast<unsigned>(config_attribute<std::uint32_t>(algo, CUBLASLT_ALGO_CONFIG_TILE_ID)));
    c.stages = cublaslt_stages_text(static_cast<unsigned>(
        config_attribute<std::uint32_t>(algo, CUBLASLT_ALGO_CONFIG_STAGES_ID)));
    c.split_k = config_attribute<std::int32_t>(algo, CUBLASLT_ALGO_CONFIG_SPLITK_NUM);
    c.reduction_scheme =
        config_attribute<std::uint32_t>(algo, CUBLASLT_ALGO_CONFIG_REDUCTION_SCHEME);
    c.cta_swizzling = config_attribute<std::uint32_t>(algo, CUBLASLT_ALGO_CONFIG_CTA_SWIZZLING);
    c.custom_option = config_attribute<std::uint32_t>(algo, CUBLASLT_ALGO_CONFIG_CUSTOM_OPTION);
    c.workspace_bytes = result.workspaceSize;
    c.waves = result.wavesCount;
    return c;
}

LtLayout make_layout(cudaDataType_t type, std::int64_t rows, std::int64_t cols, std::int64_t ld) {
    cublasLtMatrixLayout_t layout = nullptr;
    CHIPCOUNT_CUBLAS_CHECK(cublaslt().cublasLtMatrixLayoutCreate(
        &layout, type, static_cast<std::uint64_t>(rows), static_cast<std::uint64_t>(cols), ld));
    return LtLayout(layout);
}

}  // namespace

CublasLtGemm::CublasLtGemm(Precision precision, Shape shape, int cc_major, cudaStream_t stream,
                           int heuristic_candidates)
    : precision_(precision),
      shape_(shape),
      stream_(stream),
      workspace_(workspace_bytes(cc_major)),
      scales_(2) {
    // gemm_supported has said so already for GemmBench; this keeps any other caller from
    // calling a null entry point.
    const CublasLtLibrary& lt = cublaslt();
    if (!lt.available()) throw UnsupportedError(lt.why_unavailable);
    const GemmTypeInfo types = gemm_type_info(precision);
    cublasLtHandle_t handle = nullptr;
    CHIPCOUNT_CUBLAS_CHECK(lt.cublasLtCreate(&handle));
    handle_.reset(handle);
    cublasLtMatmulDesc_t desc = nullptr;
    CHIPCOUNT_CUBLAS_CHECK(lt.cublasLtMatmulDescCreate(&desc, types.compute, types.scale_type));
    desc_.reset(desc);
    set_desc(desc, CUBLASLT_MATMUL_DESC_TRANSA, CUBLAS_OP_T);
    set_desc(desc, CUBLASLT_MATMUL_DESC_TRANSB, CUBLAS_OP_N);
    if (precision == Precision::kFp8) {
        const float ones[2] = {kFp8Scale, kFp8Scale};
        CHIPCOUNT_CUDA_CHECK(cudaMemcpy(scales_.get(), ones, sizeof ones, cudaMemcpyHostToDevice));
        const float* a_scale = scales_.get();
        const float* b_scale = scales_.get() + 1;
        set_desc(desc, CUBLASLT_MATMUL_DESC_A_SCALE_POINTER, a_scale);
        set_desc(desc, CUBLASLT_MATMUL_DESC_B_SCALE_POINTER, b_scale);
        // Set, not left to the default: fast accumulation (fewer fp32 promotions of the
        // partial sums) is faster and less accurate, and the result records which one ran.
        const std::int8_t fast_accumulation = 0;
        set_desc(desc, CUBLASLT_MATMUL_DESC_FAST_ACCUM, fast_accumulation);
        fast_accumulation_ = fast_accumulation != 0;
    }
    // TN: A is K x M (transposed to M x K), B is K x N, D is M x N; all column-major.
    a_layout_ = make_layout(types.in_type, shape.k, shape.m, shape.k);
    b_layout_ = make_layout(types.in_type, shape.k, shape.n, shape.k);
    d_layout_ = make_layout(types.out_type, shape.m, shape.n, shape.m);
    find_candidates(heuristic_candidates);
}

void CublasLtGemm::run(const void* a, const void* b, void* d) const {
    // alpha = 1, beta = 0, in the scale type: double, float or int32.
    const double alpha_d = 1.0, beta_d = 0.0;
    const float alpha_f = 1.0f, beta_f = 0.0f;
    const std::int32_t alpha_i = 1, beta_i = 0;
    const GemmTypeInfo types = gemm_type_info(precision_);
    const void* alpha = types.scale_type == CUDA_R_64F   ? static_cast<const void*>(&alpha_d)
                        : types.scale_type == CUDA_R_32I ? static_cast<const void*>(&alpha_i)
                                                         : static_cast<const void*>(&alpha_f);
    const void* beta = types.scale_type == CUDA_R_64F   ? static_cast<const void*>(&beta_d)
                       : types.scale_type == CUDA_R_32I ? static_cast<const void*>(&beta_i)
                                                        : static_cast<const void*>(&beta_f);
    CHIPCOUNT_CUBLAS_CHECK(cublaslt().cublasLtMatmul(
        handle_.get(), desc_.get(), alpha, a, a_layout_.get(), b, b_layout_.get(), beta, d,
        d_layout_.get(), d, d_layout_.get(), &algos_[current_], workspace_.get(),
        workspace_.bytes(), stream_));
}

// The heuristic's top `count` algorithms that it says can run this case, in its order. Nothing is
// timed here: a choice by a few timings at start-up measured clocks still ramping, one buffer set
// and launch latency (noise); the host times the candidates under its own policy if it wants.
void CublasLtGemm::find_candidates(int count) {
    const CublasLtLibrary& lt = cublaslt();
    cublasLtMatmulPreference_t preference = nullptr;
    CHIPCOUNT_CUBLAS_CHECK(lt.cublasLtMatmulPreferenceCreate(&preference));
    LtPreference owned(preference);
    const std::size_t workspace = workspace_.bytes();
    CHIPCOUNT_CUBLAS_CHECK(lt.cublasLtMatmulPreferenceSetAttribute(
        preference, CUBLASLT_MATMUL_PREF_MAX_WORKSPACE_BYTES, &workspace, sizeof workspace));
    std::vector<cublasLtMatmulHeuristicResult_t> results(
        static_cast<std::size_t>(std::max(1, count)));
    int returned = 0;
    const cublasStatus_t status = lt.cublasLtMatmulAlgoGetHeuristic(
        handle_.get(), desc_.get(), a_layout_.get(), b_layout_.get(), d_layout_.get(),
        d_layout_.get(), preference, static_cast<int>(results.size()), results.data(), &returned);
    if (status != CUBLAS_STATUS_NOT_SUPPORTED) CHIPCOUNT_CUBLAS_CHECK(status);
    for (int c = 0; c < returned; ++c) {
        if (results[c].state != CUBLAS_STATUS_SUCCESS) continue;
        algos_.push_back(results[c].algo);
        configs_.push_back(describe_algorithm(results[c]));
    }
    if (algos_.empty()) {
        throw UnsupportedError("cuBLASLt " + std::to_string(lt.cublasLtGetVersion()) +
                               " has no algorithm for this case on this GPU");
    }
}

void CublasLtGemm::use(std::size_t index) {
    if (index >= algos_.size()) {
        throw KernelError("cuBLASLt candidate " + std::to_string(index) + " does not exist: " +
                          std::to_string(algos_.size()) + " candidates");
    }
    current_ = index;
}

std::string CublasLtGemm::description() const {
    const AlgorithmConfig& c = configs_[current_];
    std::ostringstream text;
    text << "cuBLASLt algo " << c.id << " (tile " << (c.tile.empty() ? "undefined" : c.tile)
         << ", stages " << (c.stages.empty() ? "undefined" : c.stages) << ", split-K "
         << c.split_k << "), heuristic candidate " << current_ + 1 << " of " << configs_.size()
         << ", workspace " << (workspace_.bytes() >> 20) << " MiB";
    return text.str();
}

}  // namespace chipcount::kernels
