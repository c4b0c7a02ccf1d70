// GemmBench: buffers, rotation, timing and validation around one GEMM backend.
#include <algorithm>
#include <functional>
#include <random>
#include <sstream>

#include "chipcount/kernels/gemm.hpp"
#include "common/cuda_check.hpp"
#include "common/device_checks.cuh"
#include "common/device_resources.hpp"
#include "common/guarded_buffer.hpp"
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

// The accumulation type and the output type as cuBLASLt names them; our kernels accumulate and
// store the same way (fp32 accumulation for fp32, bf16 and fp16).
GemmSettings settings_for(Precision precision) {
    const GemmTypeInfo t = gemm_type_info(precision);
    GemmSettings s;
    switch (t.compute) {
        case CUBLAS_COMPUTE_64F: s.compute = "fp64"; break;
        case CUBLAS_COMPUTE_32F_FAST_TF32: s.compute = "fp32_fast_tf32"; break;
        case CUBLAS_COMPUTE_32I: s.compute = "int32"; break;
        default: s.compute = "fp32"; break;
    }
    switch (t.out_type) {
        case CUDA_R_64F: s.output = "fp64"; break;
        case CUDA_R_16F: s.output = "fp16"; break;
        case CUDA_R_16BF: s.output = "bf16"; break;
        case CUDA_R_32I: s.output = "int32"; break;
        default: s.output = "fp32"; break;
    }
    return s;
}

// Which of `available` buffer sets validate() checks when asked for `wanted`: the first, the
// last, and ones spread evenly between.
std::vector<int> sets_to_check(int wanted, int available) {
    const int count = std::max(1, std::min(wanted, available));
    std::vector<int> sets;
    for (int i = 0; i < count; ++i)
        sets.push_back(count == 1 ? 0 : static_cast<int>((std::int64_t{i} * (available - 1)) /
                                                         (count - 1)));
    return sets;
}

// Positions to compare with the reference in one buffer set: every element when there are no
// more than `samples`; otherwise the four corners (edge tiles are where bugs live), then random
// positions from a generator seeded by (seed, set), so each set is sampled in other places.
void sample_positions(const Shape& s, std::size_t samples, std::uint64_t seed, int set,
                      std::vector<std::int64_t>& rows, std::vector<std::int64_t>& cols) {
    rows.clear();
    cols.clear();
    const std::size_t elements = static_cast<std::size_t>(s.m) * static_cast<std::size_t>(s.n);
    if (elements <= samples) {
        for (std::int64_t j = 0; j < s.n; ++j) {
            for (std::int64_t i = 0; i < s.m; ++i) {
                rows.push_back(i);
                cols.push_back(j);
            }
        }
        return;
    }
    rows = {0, s.m - 1, 0, s.m - 1};
    cols = {0, 0, s.n - 1, s.n - 1};
    std::mt19937_64 random(seed * 0x9E3779B97F4A7C15ull + static_cast<std::uint64_t>(set));
    std::uniform_int_distribution<std::int64_t> row(0, s.m - 1), col(0, s.n - 1);
    while (rows.size() < samples) {
        rows.push_back(row(random));
        cols.push_back(col(random));
    }
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
    std::vector<DeviceAllocation> a, b;
    std::vector<GuardedBuffer> d;  // each output between guard regions; kernels see d[i].get()
    std::unique_ptr<CublasLtGemm> lt;
    std::function<void(const void*, const void*, void*)> launch;
    std::string own_description;  // our kernels; cuBLASLt describes the candidate in use
    int next = 0;

    Impl(const GemmSetup& s, const DeviceInfo& dev)
        : setup(s), device(dev), guard(s.device), types(gemm_type_info(s.precision)) {}

    void launch_set(int set) { launch(a[set].get(), b[set].get(), d[set].get()); }
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
                                               im.stream.get(), setup.heuristic_candidates);
        im.launch = [&im](const void* a, const void* b, void* d) { im.lt->run(a, b, d); };
    } else {
        OwnGemm own = make_own_gemm(device, setup, im.stream.get());
        im.own_description = own.description;
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
        im.launch_set(s);
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

const std::vector<AlgorithmConfig>& GemmBench::candidates() const {
    static const std::vector<AlgorithmConfig> kNone;  // our kernels have no alternatives
    return impl_->lt ? impl_->lt->candidates() : kNone;
}

void GemmBench::use_candidate(std::size_t index) {
    if (!impl_->lt) {
        throw KernelError(std::string(gemm_backend_name(impl_->setup.backend)) +
                          " has no candidates to choose from");
    }
    impl_->lt->use(index);
}

GemmValidation GemmBench::validate(std::size_t samples, int sets) {
    Impl& im = *impl_;
    const Shape& s = im.setup.shape;
    const std::vector<int> checked = sets_to_check(sets, buffer_sets());
    GemmValidation v;
    std::vector<std::int64_t> rows, cols;
    for (const int set : checked) {
        // Poison the output and refill its guards, run once, and see what the kernel left.
        im.d[set].poison(im.types.poison_byte, im.stream.get());
        im.launch_set(set);
        const OutputCounts counts = count_output(im.setup.precision, im.d[set], im.stream.get());
        v.unwritten += counts.unwritten;
        v.nan_count += counts.nan_count;
        v.inf_count += counts.inf_count;
        v.guard_bytes_changed += counts.guard_bytes_changed;
        if (set == 0) v.checksum = counts.checksum;

        sample_positions(s, samples, im.setup.seed, set, rows, cols);
        const std::vector<ReferenceSample> results = reference_samples(
            im.setup.precision, {im.a[set].get(), im.b[set].get(), im.d[set].get(), s}, rows,
            cols, im.stream.get());
        for (std::size_t i = 0; i < results.size(); ++i) {
            const ReferenceSample& r = results[i];
            // The first sample seeds the worst; a NaN error (never written: +inf) cannot hide.
            if (!v.worst || r.error > v.max_rel_error) {
                v.max_rel_error = r.error;
                v.worst = WorstElement{rows[i], cols[i], r.value, r.reference, r.error, set};
            }
        }
        v.checked_elements += results.size();
        ++v.buffer_sets_checked;
    }
    const std::size_t elements = static_cast<std::size_t>(s.m) * static_cast<std::size_t>(s.n);
    const std::string per_set = elements <= samples
                                    ? "all " + std::to_string(elements) + " elements"
                                    : std::to_string(samples) + " sampled elements";
    v.reference = "fp64, " + per_set + " x " + std::to_string(v.buffer_sets_checked) +
                  (v.buffer_sets_checked == 1 ? " buffer set" : " buffer sets");
    return v;
}

std::string GemmBench::algorithm() const {
    return impl_->lt ? impl_->lt->description() : impl_->own_description;
}

GemmSettings GemmBench::settings() const {
    GemmSettings s = settings_for(impl_->setup.precision);
    if (impl_->lt && impl_->setup.precision == Precision::kFp8) {
        s.fp8_fast_accumulation = impl_->lt->fast_accumulation();
        s.a_scale = CublasLtGemm::kFp8Scale;
        s.b_scale = CublasLtGemm::kFp8Scale;
    }
    return s;
}

int GemmBench::buffer_sets() const {
    return static_cast<int>(impl_->a.size());
}
std::size_t GemmBench::bytes_per_set() const {
    return set_bytes(impl_->setup);
}

}  // namespace chipcount::kernels
