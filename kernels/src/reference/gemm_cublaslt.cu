#include <algorithm>
#include <cstdint>
#include <sstream>
#include <vector>

#include "common/gemm_types.cuh"
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
    throw KernelError(message.str());
}
}  // namespace detail

namespace {

template <typename T>
void set_desc(cublasLtMatmulDesc_t desc, cublasLtMatmulDescAttributes_t attribute, const T& value) {
    CHIPCOUNT_CUBLAS_CHECK(
        cublaslt().cublasLtMatmulDescSetAttribute(desc, attribute, &value, sizeof value));
}

LtLayout make_layout(cudaDataType_t type, std::int64_t rows, std::int64_t cols, std::int64_t ld) {
    cublasLtMatrixLayout_t layout = nullptr;
    CHIPCOUNT_CUBLAS_CHECK(cublaslt().cublasLtMatrixLayoutCreate(
        &layout, type, static_cast<std::uint64_t>(rows), static_cast<std::uint64_t>(cols), ld));
    return LtLayout(layout);
}

}  // namespace

CublasLtGemm::CublasLtGemm(Precision precision, Shape shape, int cc_major, cudaStream_t stream)
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
        const float ones[2] = {1.0f, 1.0f};
        CHIPCOUNT_CUDA_CHECK(cudaMemcpy(scales_.get(), ones, sizeof ones, cudaMemcpyHostToDevice));
        const float* a_scale = scales_.get();
        const float* b_scale = scales_.get() + 1;
        set_desc(desc, CUBLASLT_MATMUL_DESC_A_SCALE_POINTER, a_scale);
        set_desc(desc, CUBLASLT_MATMUL_DESC_B_SCALE_POINTER, b_scale);
    }
    // TN: A is K x M (transposed to M x K), B is K x N, D is M x N; all column-major.
    a_layout_ = make_layout(types.in_type, shape.k, shape.m, shape.k);
    b_layout_ = make_layout(types.in_type, shape.k, shape.n, shape.k);
    d_layout_ = make_layout(types.out_type, shape.m, shape.n, shape.m);
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
        d_layout_.get(), d, d_layout_.get(), have_algo_ ? &algo_ : nullptr, workspace_.get(),
        workspace_.bytes(), stream_));
}

void CublasLtGemm::choose_algorithm(const void* a, const void* b, void* d, int candidates) {
    const CublasLtLibrary& lt = cublaslt();
    cublasLtMatmulPreference_t preference = nullptr;
    CHIPCOUNT_CUBLAS_CHECK(lt.cublasLtMatmulPreferenceCreate(&preference));
    LtPreference owned(preference);
    const std::size_t workspace = workspace_.bytes();
    CHIPCOUNT_CUBLAS_CHECK(lt.cublasLtMatmulPreferenceSetAttribute(
        preference, CUBLASLT_MATMUL_PREF_MAX_WORKSPACE_BYTES, &workspace, sizeof workspace));
    std::vector<cublasLtMatmulHeuristicResult_t> results(
        static_cast<std::size_t>(std::max(1, candidates)));
    int returned = 0;
    const cublasStatus_t status = lt.cublasLtMatmulAlgoGetHeuristic(
        handle_.get(), desc_.get(), a_layout_.get(), b_layout_.get(), d_layout_.get(),
        d_layout_.get(), preference, static_cast<int>(results.size()), results.data(), &returned);
    if (status == CUBLAS_STATUS_NOT_SUPPORTED ||
        (status == CUBLAS_STATUS_SUCCESS && returned == 0)) {
        throw UnsupportedError("cuBLASLt " + std::to_string(lt.cublasLtGetVersion()) +
                               " has no algorithm for this case on this GPU");
    }
    CHIPCOUNT_CUBLAS_CHECK(status);

    // Time each candidate: 2 untimed runs, then the median of 5.
    EventTimer timer;
    double best_ms = 0;
    double first_ms = 0;
    int best = -1;
    for (int c = 0; c < returned; ++c) {
        if (results[c].state != CUBLAS_STATUS_SUCCESS) continue;
        algo_ = results[c].algo;
        have_algo_ = true;
        std::vector<double> times;
        try {
            for (int i = 0; i < 7; ++i) {
                timer.start(stream_);
                run(a, b, d);
                timer.stop(stream_);
                if (i >= 2) times.push_back(timer.elapsed_ms());
            }
        } catch (const KernelError&) {
            continue;  // a candidate that fails to launch is skipped, not fatal
        }
        std::sort(times.begin(), times.end());
        const double median = times[times.size() / 2];
        if (c == 0) first_ms = median;
        if (best < 0 || median < best_ms) {
            best = c;
            best_ms = median;
        }
    }
    if (best < 0) throw KernelError("no cuBLASLt candidate algorithm ran");
    algo_ = results[best].algo;
    have_algo_ = true;
    int algo_id = -1;
    std::size_t written = 0;
    CHIPCOUNT_CUBLAS_CHECK(lt.cublasLtMatmulAlgoConfigGetAttribute(
        &algo_, CUBLASLT_ALGO_CONFIG_ID, &algo_id, sizeof algo_id, &written));
    std::ostringstream text;
    text << "cuBLASLt algo " << algo_id << ", heuristic candidate " << best + 1 << " of "
         << returned << " (candidate 1: " << first_ms << " ms, chosen: " << best_ms
         << " ms), workspace " << (workspace >> 20) << " MiB";
    description_ = text.str();
}

}  // namespace chipcount::kernels
