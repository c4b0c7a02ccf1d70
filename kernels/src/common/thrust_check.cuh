// Checked Thrust calls. Thrust reports a failure by throwing thrust::system_error (or bad_alloc
// for its temporary storage); CHIPCOUNT_THRUST_CHECKED turns both into the library's own exceptions by the
// CUDA error code, so a sticky error inside Thrust stops the run as DeviceLostError like any other.
#pragma once
#include <thrust/system/cuda/error.h>
#include <thrust/system_error.h>

#include <new>
#include <utility>

#include "common/cuda_check.hpp"

namespace chipcount::kernels::detail {

// Runs f() and returns its result; `call` names it in the error; `stream` is queried for a sticky
// error when Thrust's exception carries no CUDA code.
template <typename F>
decltype(auto) thrust_checked(F&& f, const char* call, cudaStream_t stream) {
    try {
        return std::forward<F>(f)();
    } catch (const thrust::system_error& e) {
        throw_thrust_error(e.code().value(), e.code().category() == thrust::cuda_category(),
                           e.what(), call, stream);
    } catch (const std::bad_alloc& e) {
        throw_thrust_error(0, false, e.what(), call, stream);
    }
}

}  // namespace chipcount::kernels::detail

// CHIPCOUNT_THRUST_CHECKED(stream, expression): the expression's value; `stream` is the one the
// expression runs on. Variadic, so commas in template arguments need no extra parentheses.
#define CHIPCOUNT_THRUST_CHECKED(stream, ...)                                                  \
    ::chipcount::kernels::detail::thrust_checked([&]() -> decltype(auto) { return __VA_ARGS__; }, \
                                                 #__VA_ARGS__, (stream))
