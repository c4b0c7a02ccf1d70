# The README's two commands:
#   make run    bootstrap, configure, build, then `chipcount run` (the main job)
#   make test   bootstrap, configure, build, then the test suite; then the CPU suite again under
#               AddressSanitizer + UBSan, and a bounded libFuzzer run of every parser
# PRESET picks the CMake preset: `cuda` when nvcc is found, `cpu` otherwise.

NVCC := $(shell command -v nvcc 2>/dev/null || ls /usr/local/cuda/bin/nvcc 2>/dev/null)
PRESET ?= $(if $(NVCC),cuda,cpu)
JOBS ?= $(shell nproc 2>/dev/null || echo 2)
BUILD_DIR := build/$(PRESET)
FUZZ_SECONDS ?= 25

.PHONY: all bootstrap configure build run test test-main test-asan test-fuzz scale clean

all: build

bootstrap:
	@scripts/bootstrap

configure: bootstrap
	@cmake --preset $(PRESET) >/dev/null

build: configure
	@cmake --build --preset $(PRESET) -j $(JOBS)

run: build
	$(BUILD_DIR)/chipcount run

test: test-main test-asan test-fuzz

test-main: build
	ctest --preset $(PRESET) -j $(JOBS)
	@echo "bad-input cases: $$(ctest --preset $(PRESET) -N -R 'BadInputTest' | grep -c 'Test *#')"

test-asan: bootstrap
	@cmake --preset asan >/dev/null
	@cmake --build --preset asan -j $(JOBS)
	ctest --preset asan -j $(JOBS) -L cpu

test-fuzz: bootstrap
	@cmake --preset fuzz >/dev/null
	@cmake --build --preset fuzz -j $(JOBS)
	scripts/run-fuzz $(FUZZ_SECONDS)

scale: build
	scripts/scale-bench --chipcount $(BUILD_DIR)/host/chipcount

clean:
	rm -rf build
