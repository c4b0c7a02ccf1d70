# CUDA is optional: without a CUDA compiler (or with CHIPCOUNT_ENABLE_CUDA=OFF) the kernels
# library is built from no_cuda.cpp, which implements the same CUDA-free API.
set(CHIPCOUNT_HAVE_CUDA OFF)
if(CHIPCOUNT_ENABLE_CUDA)
  # nvcc on PATH first, then /usr/local/cuda/bin, where NVIDIA's packages put it without adding it
  # to PATH (the Makefile looks in the same two places when it picks the preset). Handed over as
  # CUDACXX, so that check_language still tries the compiler and falls back to no_cuda.cpp when
  # it does not work.
  if(NOT DEFINED CMAKE_CUDA_COMPILER AND NOT DEFINED ENV{CUDACXX})
    find_program(chipcount_nvcc nvcc PATHS /usr/local/cuda/bin NO_CACHE)
    if(chipcount_nvcc)
      set(ENV{CUDACXX} ${chipcount_nvcc})
    endif()
  endif()
  include(CheckLanguage)
  check_language(CUDA)
  if(CMAKE_CUDA_COMPILER)
    if(NOT DEFINED CMAKE_CUDA_ARCHITECTURES)
      set(CMAKE_CUDA_ARCHITECTURES ${CHIPCOUNT_CUDA_ARCHS})
    endif()
    enable_language(CUDA)
    # .cu files are C++17: CMake 3.25 cannot spell nvcc's C++20 flag, and nvcc 13's front end
    # trips over libstdc++ 12 in C++20 mode.
    set(CMAKE_CUDA_STANDARD 17)
    set(CMAKE_CUDA_STANDARD_REQUIRED ON)
    find_package(CUDAToolkit REQUIRED)
    set(CHIPCOUNT_HAVE_CUDA ON)
    message(STATUS "chipcount: CUDA ${CMAKE_CUDA_COMPILER_VERSION}, archs ${CMAKE_CUDA_ARCHITECTURES}")
  else()
    message(STATUS "chipcount: no CUDA compiler found; building without CUDA")
  endif()
else()
  message(STATUS "chipcount: CUDA disabled (CHIPCOUNT_ENABLE_CUDA=OFF)")
endif()
