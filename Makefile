# The README's two commands:
#   make run    bootstrap, configure, build, then `chipcount run` (the main job)
#   make test   bootstrap, configure, build, then the test suite
# PRESET picks the CMake preset: `cuda` when nvcc is found, `cpu` otherwise.

NVCC := $(shell command -v nvcc 2>/dev/null || ls /usr/local/cuda/bin/nvcc 2>/dev/null)
PRESET ?= $(if $(NVCC),cuda,cpu)
JOBS ?= $(shell nproc 2>/dev/null || echo 2)
BUILD_DIR := build/$(PRESET)

.PHONY: all bootstrap configure build run test clean

all: build

bootstrap:
	@scripts/bootstrap

configure: bootstrap
	@cmake --preset $(PRESET) >/dev/null

build: configure
	@cmake --build --preset $(PRESET) -j $(JOBS)

run: build
	$(BUILD_DIR)/chipcount run

test: build
	ctest --preset $(PRESET) -j $(JOBS)

clean:
	rm -rf build
