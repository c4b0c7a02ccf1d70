// Opens cuBLASLt at run time, in the manner of nvml_telemetry.cpp; cublaslt_library.hpp says why.
#include "common/cublaslt_library.hpp"

#include <dlfcn.h>

namespace chipcount::kernels {
namespace {

std::string dl_error() {
    const char* error = dlerror();
    return error != nullptr ? error : "unknown dynamic loader error";
}

// The ABI is stable within a major version only, so the library must be the headers' major.
void* open_library(std::string& why) {
    const std::string soname = "libcublasLt.so." + std::to_string(CUBLAS_VER_MAJOR);
    // The loader's search first (LD_LIBRARY_PATH, ld.so.cache, system directories), so an
    // installed or chosen cuBLASLt wins; then the toolkit the build used, which need not be on
    // that search path: the binary no longer links cuBLASLt, so it has no RUNPATH for it.
    if (void* library = dlopen(soname.c_str(), RTLD_NOW | RTLD_LOCAL)) return library;
    const std::string by_soname = dl_error();
    const std::string toolkit_copy = std::string(CHIPCOUNT_CUDA_LIBRARY_DIR) + "/" + soname;
    if (void* library = dlopen(toolkit_copy.c_str(), RTLD_NOW | RTLD_LOCAL)) return library;
    why = "cannot load cuBLASLt: " + by_soname + "; " + dl_error();
    return nullptr;
}

// Sets `target` to the symbol `name`; the first one missing is recorded in `why`.
template <typename F>
void resolve(void* library, const char* name, F& target, std::string& why) {
    target = reinterpret_cast<F>(dlsym(library, name));
    if (target == nullptr && why.empty()) {
        why = std::string("cuBLASLt lacks ") + name + ": " + dl_error();
    }
}

CublasLtLibrary load() {
    CublasLtLibrary lt;
    void* library = open_library(lt.why_unavailable);
    if (library == nullptr) return lt;
    std::string missing;
    // One token gives both the symbol's name and the field, so the two cannot disagree.
#define CHIPCOUNT_RESOLVE(symbol) resolve(library, #symbol, lt.symbol, missing)
    CHIPCOUNT_RESOLVE(cublasLtGetVersion);
    CHIPCOUNT_RESOLVE(cublasLtGetStatusName);
    CHIPCOUNT_RESOLVE(cublasLtGetStatusString);
    CHIPCOUNT_RESOLVE(cublasLtCreate);
    CHIPCOUNT_RESOLVE(cublasLtDestroy);
    CHIPCOUNT_RESOLVE(cublasLtMatmulDescCreate);
    CHIPCOUNT_RESOLVE(cublasLtMatmulDescDestroy);
    CHIPCOUNT_RESOLVE(cublasLtMatmulDescSetAttribute);
    CHIPCOUNT_RESOLVE(cublasLtMatrixLayoutCreate);
    CHIPCOUNT_RESOLVE(cublasLtMatrixLayoutDestroy);
    CHIPCOUNT_RESOLVE(cublasLtMatmulPreferenceCreate);
    CHIPCOUNT_RESOLVE(cublasLtMatmulPreferenceDestroy);
    CHIPCOUNT_RESOLVE(cublasLtMatmulPreferenceSetAttribute);
    CHIPCOUNT_RESOLVE(cublasLtMatmulAlgoGetHeuristic);
    CHIPCOUNT_RESOLVE(cublasLtMatmulAlgoConfigGetAttribute);
    CHIPCOUNT_RESOLVE(cublasLtMatmul);
#undef CHIPCOUNT_RESOLVE
    if (missing.empty()) return lt;
    dlclose(library);
    CublasLtLibrary unusable;  // every entry point null, as available() promises
    unusable.why_unavailable = missing;
    return unusable;
}

}  // namespace

const CublasLtLibrary& cublaslt() {
    // A function-local static is initialised exactly once, even by racing threads. The library
    // is never closed: handles and descriptors may be released up to process exit, and the
    // process's end unmaps it anyway.
    static const CublasLtLibrary library = load();
    return library;
}

}  // namespace chipcount::kernels
