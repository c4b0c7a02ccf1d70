// GemmBench: buffers, rotation, timing and validation around one GEMM backend.
#include <algorithm>
#include <functional>
#include <random>
#include <sstream>

#include "chipcount/kernels/gemm.hpp"
#include "common/cuda_check.hpp"
#include "common/device_resources.hpp"
#include "common/fill.cuh"
#include "common/gemm_types.cuh"
#include "own_gemm.hpp"
#include "reference/gemm_cublaslt.hpp"
#include "reference/gemm_reference.hpp"

namespace chipcount::kernels {
namespace {

std::size_t set_bytes(const GemmSetup& setup) {
    const GemmTypeInfo t = gemm_type_info(setup.precision);
    const auto m = static_cast<std::size_t>(setup.shape.m);
    const auto n = static_cast<std::size_t>(setup.shape.n);
    const auto k = static_cast<std::size_t>(setup.shape.k);
    return (m * k + n * k) * t.in_bytes + m * n * t.out_bytes;
}

// Enough buffer sets that the rotation spans at least 2x L2, so no iteration finds its inputs
// cached by the one before; never fewer than 2, never more than 16 or 60% of memory.
int buffer_set_count(const GemmSetup& setup, const DeviceInfo& device) {
    const std::size_t bytes = set_bytes(setup);
    const std::size_t want = 2 * device.l2_bytes;
    int sets = bytes >= want ? 2 : static_cast<int>(std::min<std::size_t>(16, want / bytes + 2));
    const auto budget = static_cast<std::size_t>(0.6 * static_cast<double>(device.memory_bytes));
    while (sets > 1 && static_cast<std::size_t>(sets) * bytes > budget) --sets;
    return sets;
}

}  // namespace

std::string cublaslt_version() {
    const CublasLtLibrary& lt = cublaslt();
    if (!lt.available()) return {};
    const std::size_t v = lt.cublasLtGetVersion();  // major*10000 + minor*100 + patch
    return std::to_string(v / 10000) + "." + std::to_string((v / 100) % 100) + "." +
           std::to_string(v % 100);
}

Support gemm_supported(const DeviceInfo& device, const GemmSetup& setup) {
    const int cc = device.cc_major * 10 + device.cc_minor;
    const Shape& s = setup.shape;
    if (s.m <= 0 || s.n <= 0 || s.k <= 0) return {false, "empty shape"};
    if (setup.precision == Precision::kFp64Tensor || setup.precision == Precision::kFp4) {
        return {false, "no " + std::string(precision_name(setup.precision)) +
                           " GEMM here (fp64 GEMMs use the tensor cores where they exist)"};
    }
    if ((setup.precision == Precision::kTf32 || setup.precision == Precision::kBf16) && cc < 80) {
        return {false, std::string(precision_name(setup.precision)) +
                           " tensor cores need compute capability 8.0"};
    }
    if (setup.precision == Precision::kFp8 && cc < 89) {
        return {false, "fp8 (e4m3) needs compute capability 8.9 or newer; this GPU is " +
                           std::to_string(device.cc_major) + "." + std::to_string(device.cc_minor)};
    }
    if ((setup.precision == Precision::kFp8 || setup.precision == Precision::kInt8) &&
        (s.m % 16 != 0 || s.n % 16 != 0 || s.k % 16 != 0)) {
        return {false, "8-bit cuBLASLt GEMMs need m, n and k divisible by 16"};
    }
    const std::size_t need = set_bytes(setup) + CublasLtGemm::workspace_bytes(device.cc_major);
    if (static_cast<double>(need) > 0.6 * static_cast<double>(device.memory_bytes)) {
        return {false,
                "shape too large: one buffer set needs " + std::to_string(need >> 20) + " MiB"};
    }
    if (setup.backend != GemmBackend::kCublasLt) return own_gemm_supported(device, setup);
    if (const CublasLtLibrary& lt = cublaslt(); !lt.available()) return {false, lt.why_unavailable};
    return {true, {}};
}

struct GemmBench::Impl {
    GemmSetup setup;
    DeviceInfo device;
    DeviceGuard guard;
    CudaStream stream;
    GemmTypeInfo types;
    std::vector<DeviceAllocation> a, b, d;
    std::unique_ptr<CublasLtGemm> lt;
    std::function<void(const void*, const void*, void*)> launch;
    std::string algorithm;
    int next = 0;

    Impl(const GemmSetup& s, const DeviceInfo& dev)
        : setup(s), device(dev), guard(s.device), types(gemm_type_info(s.precision)) {}
};

GemmBench::GemmBench(const GemmSetup& setup) {
    const DeviceList list = query_devices();
    if (setup.device < 0 || setup.device >= static_cast<int>(list.devices.size())) {
        throw KernelError("no GPU with index " + std::to_string(setup.device));
    }
    const DeviceInfo& device = list.devices[setup.device];
    const Support support = gemm_supported(device, setup);
    if (!support.ok) throw KernelError("unsupported GEMM case: " + support.reason);
    impl_ = std::make_unique<Impl>(setup, device);
    Impl& im = *impl_;
    const auto m = static_cast<std::size_t>(setup.shape.m);
    const auto n = static_cast<std::size_t>(setup.shape.n);
    const auto k = static_cast<std::size_t>(setup.shape.k);
    const int sets = buffer_set_count(setup, device);
    for (int i = 0; i < sets; ++i) {
        im.a.emplace_back(m * k * im.types.in_bytes);
        im.b.emplace_back(n * k * im.types.in_bytes);
        im.d.emplace_back(m * n * im.types.out_bytes);
        // Set i holds the same data whatever the backend: seeds depend only on (seed, set,
        // operand).
        fill_gemm_input(setup.precision, im.a.back().get(), m * k, setup.seed * 1000 + 2 * i,
                        im.stream.get());
        fill_gemm_input(setup.precision, im.b.back().get(), n * k, setup.seed * 1000 + 2 * i + 1,
                        im.stream.get());
    }
    im.stream.synchronize();
    if (setup.backend == GemmBackend::kCublasLt) {
        im.lt = std::make_unique<CublasLtGemm>(setup.precision, setup.shape, device.cc_major,
                                               im.stream.get());
        im.lt->choose_algorithm(im.a[0].get(), im.b[0].get(), im.d[0].get(),
                                setup.heuristic_candidates);
        im.algorithm = im.lt->description();
        im.launch = [&im](const void* a, const void* b, void* d) { im.lt->run(a, b, d); };
    } else {
        OwnGemm own = make_own_gemm(device, setup, im.stream.get());
        im.algorithm = own.description;
        im.launch = std::move(own.launch);
    }
}

GemmBench::~GemmBench() = default;

std::vector<double> GemmBench::run(int iterations) {
    Impl& im = *impl_;
    std::vector<CudaEvent> events(static_cast<std::size_t>(iterations) + 1);
    const auto sets = static_cast<int>(im.a.size());
    // One event between consecutive launches: iteration i is the time from event i to i + 1, all
    // queued ahead so the GPU runs them back to back.
    events[0].record(im.stream.get());
    for (int i = 0; i < iterations; ++i) {
        const int s = im.next;
        im.next = (im.next + 1) % sets;
        im.launch(im.a[s].get(), im.b[s].get(), im.d[s].get());
        events[static_cast<std::size_t>(i) + 1].record(im.stream.get());
    }
    im.stream.synchronize();
    std::vector<double> ms(static_cast<std::size_t>(iterations));
    for (int i = 0; i < iterations; ++i) {
        float elapsed = 0;
        CHIPCOUNT_CUDA_CHECK(cudaEventElapsedTime(&elapsed, events[i].get(), events[i + 1].get()));
        ms[i] = elapsed;
    }
    return ms;
}

GemmValidation GemmBench::validate(std::size_t samples) {
    Impl& im = *impl_;
    const Shape& s = im.setup.shape;
    const std::size_t elements = static_cast<std::size_t>(s.m) * static_cast<std::size_t>(s.n);
    CHIPCOUNT_CUDA_CHECK(
        cudaMemsetAsync(im.d[0].get(), im.types.poison_byte, im.d[0].bytes(), im.stream.get()));
    im.launch(im.a[0].get(), im.b[0].get(), im.d[0].get());
    im.stream.synchronize();

    GemmValidation v;
    v.unwritten = count_unwritten(im.setup.precision, im.d[0].get(), elements);
    std::vector<std::int64_t> rows, cols;
    if (elements <= samples) {
        for (std::int64_t j = 0; j < s.n; ++j) {
            for (std::int64_t i = 0; i < s.m; ++i) {
                rows.push_back(i);
                cols.push_back(j);
            }
        }
        v.reference = "fp64, all " + std::to_string(elements) + " elements";
    } else {
        // The four corners (edge tiles are where bugs live), then uniform random positions.
        rows = {0, s.m - 1, 0, s.m - 1};
        cols = {0, 0, s.n - 1, s.n - 1};
        std::mt19937_64 random(im.setup.seed);
        std::uniform_int_distribution<std::int64_t> row(0, s.m - 1), col(0, s.n - 1);
        while (rows.size() < samples) {
            rows.push_back(row(random));
            cols.push_back(col(random));
        }
        v.reference = "fp64, " + std::to_string(samples) + " sampled elements";
    }
    const auto errors = reference_errors(
        im.setup.precision, {im.a[0].get(), im.b[0].get(), im.d[0].get(), s}, rows, cols);
    v.checked_elements = errors.size();
    v.max_rel_error = errors.empty() ? 0 : *std::max_element(errors.begin(), errors.end());
    return v;
}

std::string GemmBench::algorithm() const {
    return impl_->algorithm;
}
int GemmBench::buffer_sets() const {
    return static_cast<int>(impl_->a.size());
}
std::size_t GemmBench::bytes_per_set() const {
    return set_bytes(impl_->setup);
}

}  // namespace chipcount::kernels
