# The README's two commands:
#   make run    installs the build packages, configures, builds the chipcount binary alone, then
#               runs `chipcount run` (the main job)
#   make test   installs the build and the test packages, configures, builds everything, runs the
#               test suite; then the CPU suite again under AddressSanitizer + UBSan, and a bounded
#               libFuzzer run of every parser
# PRESET picks the CMake preset: `cuda` when nvcc is found (on PATH or in /usr/local/cuda/bin, where
# cmake/cuda.cmake looks too), `cpu` otherwise.

NVCC := $(shell command -v nvcc 2>/dev/null || ls /usr/local/cuda/bin/nvcc 2>/dev/null)
PRESET ?= $(if $(NVCC),cuda,cpu)
JOBS ?= $(shell nproc 2>/dev/null || echo 2)
BUILD_DIR := build/$(PRESET)
CHIPCOUNT := $(BUILD_DIR)/host/chipcount
FUZZ_SECONDS ?= 25
# Under `make test` a missing test tool (chromium, python3's jsonschema) fails the tests that need
# it instead of skipping them: bootstrap --test has installed them, so a skip would hide a fault.
TEST_ENV := CHIPCOUNT_REQUIRE_TEST_TOOLS=1

# One target at a time, also under `make -j`: two bootstraps would fight over apt's lock, and two
# configures over one build folder. The builds and the tests run in parallel inside (ninja, ctest).
.NOTPARALLEL:

.PHONY: all bootstrap bootstrap-test configure build run test test-main test-asan test-fuzz scale \
        clean

all: build  # `make` alone builds the binary, as `make run` does

bootstrap:
	@scripts/bootstrap

bootstrap-test:
	@scripts/bootstrap --test

configure: bootstrap
	@cmake --preset $(PRESET) >/dev/null

# The main job needs the binary alone: no test executables.
build: configure
	@cmake --build --preset $(PRESET) -j $(JOBS) --target chipcount

run: build
	$(CHIPCOUNT) run

test: test-main test-asan test-fuzz

test-main: bootstrap-test configure
	@cmake --build --preset $(PRESET) -j $(JOBS)
	$(TEST_ENV) ctest --preset $(PRESET) -j $(JOBS)
	@echo "bad-input cases: $$(ctest --preset $(PRESET) -N -R 'BadInput[A-Za-z]*Test\.' | grep -c 'Test *#')"

test-asan: bootstrap-test
	@cmake --preset asan >/dev/null
	@cmake --build --preset asan -j $(JOBS)
	$(TEST_ENV) ctest --preset asan -j $(JOBS) -L cpu

test-fuzz: bootstrap-test
	@cmake --preset fuzz >/dev/null
	@cmake --build --preset fuzz -j $(JOBS)
	scripts/run-fuzz $(FUZZ_SECONDS)

scale: bootstrap-test build  # scripts/scale-bench is python3 (in the test set)
	scripts/scale-bench --chipcount $(CHIPCOUNT)

clean:
	rm -rf build
