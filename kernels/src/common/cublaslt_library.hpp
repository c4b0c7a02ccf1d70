// cuBLASLt, opened with dlopen on first use instead of linked: linked, the loader maps its 541 MB
// at every start, which cost each CPU-only command 80 ms or more and 205 MiB of peak RSS (see
// docs/build.md). Only <cublasLt.h> is used at build time, for the types and declarations below.
#pragma once
#include <cublasLt.h>

#include <string>

namespace chipcount::kernels {

// The cuBLASLt entry points chipcount calls, each named after its symbol and typed from the
// header's declaration, so a signature change fails to compile instead of failing at run time.
struct CublasLtLibrary {
    // Empty when the library and every entry point were found. Otherwise one line naming the
    // library or the symbol with dlerror()'s reason, and every entry point is null.
    std::string why_unavailable;
    decltype(&::cublasLtGetVersion) cublasLtGetVersion = nullptr;
    decltype(&::cublasLtGetStatusName) cublasLtGetStatusName = nullptr;
    decltype(&::cublasLtGetStatusString) cublasLtGetStatusString = nullptr;
    decltype(&::cublasLtCreate) cublasLtCreate = nullptr;
    decltype(&::cublasLtDestroy) cublasLtDestroy = nullptr;
    decltype(&::cublasLtMatmulDescCreate) cublasLtMatmulDescCreate = nullptr;
    decltype(&::cublasLtMatmulDescDestroy) cublasLtMatmulDescDestroy = nullptr;
    decltype(&::cublasLtMatmulDescSetAttribute) cublasLtMatmulDescSetAttribute = nullptr;
    decltype(&::cublasLtMatrixLayoutCreate) cublasLtMatrixLayoutCreate = nullptr;
    decltype(&::cublasLtMatrixLayoutDestroy) cublasLtMatrixLayoutDestroy = nullptr;
    decltype(&::cublasLtMatmulPreferenceCreate) cublasLtMatmulPreferenceCreate = nullptr;
    decltype(&::cublasLtMatmulPreferenceDestroy) cublasLtMatmulPreferenceDestroy = nullptr;
    decltype(&::cublasLtMatmulPreferenceSetAttribute) cublasLtMatmulPreferenceSetAttribute =
        nullptr;
    decltype(&::cublasLtMatmulAlgoGetHeuristic) cublasLtMatmulAlgoGetHeuristic = nullptr;
    decltype(&::cublasLtMatmulAlgoConfigGetAttribute) cublasLtMatmulAlgoConfigGetAttribute =
        nullptr;
    decltype(&::cublasLtMatmul) cublasLtMatmul = nullptr;

    bool available() const { return why_unavailable.empty(); }
};

// Opens cuBLASLt on the first call (once, even when threads race) and returns the same entry
// points ever after. Check available() before calling one.
const CublasLtLibrary& cublaslt();

}  // namespace chipcount::kernels
