# Project-wide warning and sanitizer flags, applied through an interface target so that
# third-party code is never compiled with them.
add_library(chipcount_warnings INTERFACE)
target_compile_options(chipcount_warnings INTERFACE
  $<$<COMPILE_LANGUAGE:CXX>:-Wall -Wextra -Wpedantic -Wshadow -Wconversion -Wno-sign-conversion>)
if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU")
  # GCC 12 reports false -Wrestrict positives inside libstdc++'s string concatenation.
  target_compile_options(chipcount_warnings INTERFACE $<$<COMPILE_LANGUAGE:CXX>:-Wno-restrict>)
endif()
if(CHIPCOUNT_WARNINGS_AS_ERRORS)
  target_compile_options(chipcount_warnings INTERFACE $<$<COMPILE_LANGUAGE:CXX>:-Werror>)
endif()

# Assertions on, in the checking builds (sanitizer and fuzz): libstdc++'s bounds checks
# (operator[] past the end of a vector, front() of an empty string) and assert() itself, which
# nlohmann::json uses to catch a missing key read through a const operator[]. A release build
# would read past the end by luck; these builds abort and say where.
function(chipcount_enable_assertions)
  add_compile_definitions(_GLIBCXX_ASSERTIONS)
  add_compile_options(-UNDEBUG)
endfunction()

if(CHIPCOUNT_SANITIZE)
  # Applied globally so that every object (and GoogleTest's main) agrees on the ABI.
  add_compile_options(-fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all)
  add_link_options(-fsanitize=address,undefined)
  chipcount_enable_assertions()
  if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU")
    # ASan's instrumentation defeats GCC's flow analysis: libstdc++'s <regex> and <functional>
    # (through cxxopts and the profile matcher) then raise ~100 false -Wmaybe-uninitialized per
    # build. The other builds keep the warning, with -Werror.
    target_compile_options(chipcount_warnings INTERFACE
      $<$<COMPILE_LANGUAGE:CXX>:-Wno-maybe-uninitialized>)
  endif()
endif()
