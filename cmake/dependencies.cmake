# Third-party packages, all from Debian (scripts/bootstrap installs them).
find_package(Threads REQUIRED)
find_package(cxxopts 3 REQUIRED)
find_package(nlohmann_json 3.10 REQUIRED)
if(CHIPCOUNT_ENABLE_TESTS)
  # The tests are not needed to build or run chipcount: without GoogleTest they are left out, and
  # the next configure looks again (`make test` installs it through scripts/bootstrap --test).
  find_package(GTest)
  if(NOT GTest_FOUND)
    message(STATUS "chipcount: GoogleTest not found; the test suite is not built "
                   "(scripts/bootstrap --test installs libgtest-dev)")
  endif()
endif()
