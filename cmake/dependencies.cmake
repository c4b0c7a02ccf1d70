# Third-party packages, all from Debian (scripts/bootstrap installs them).
find_package(Threads REQUIRED)
find_package(cxxopts 3 REQUIRED)
find_package(nlohmann_json 3.10 REQUIRED)
if(CHIPCOUNT_ENABLE_TESTS)
  find_package(GTest REQUIRED)
endif()
