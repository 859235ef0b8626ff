# SPDX-License-Identifier: GPL-2.0-only
# Thin wrapper over CMake + Ninja.  Variants build in their own directories.
#   make run       install deps, build, run the default scenario
#   make check     install deps, build, run the whole suite (all variants)
#   make bench     build and run the benchmarks (prints numbers)
#   make integrity the arena's full data-integrity run (10 million page
#                  migrations under threads and compaction; minutes)
#   make fuzz      build the libFuzzer targets and run each for FUZZ_TIME s
#   make install   PREFIX=/usr/local DESTDIR=...

PREFIX ?= /usr/local
JOBS ?= $(shell nproc)
CMAKE_FLAGS ?=
FUZZ_TIME ?= 60

.PHONY: all deps build run check check-default check-asan check-tsan \
	bench integrity fuzz install clean format lint

all: build

deps:
	@./scripts/install-deps.sh

build/build.ninja:
	cmake -S . -B build -G Ninja $(CMAKE_FLAGS)

build: deps build/build.ninja
	cmake --build build -j $(JOBS)

run: build
	./build/memcompact run --default

check-default: build
	ctest --test-dir build --output-on-failure -j $(JOBS)

build-asan/build.ninja:
	cmake -S . -B build-asan -G Ninja -DCMAKE_BUILD_TYPE=Debug \
		-DMC_SANITIZE=address,undefined $(CMAKE_FLAGS)

check-asan: deps build-asan/build.ninja
	cmake --build build-asan -j $(JOBS)
	ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 \
		MC_TEST_SCALE=small \
		ctest --test-dir build-asan --output-on-failure -j $(JOBS) -LE nosan

build-tsan/build.ninja:
	cmake -S . -B build-tsan -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
		-DMC_SANITIZE=thread $(CMAKE_FLAGS)

check-tsan: deps build-tsan/build.ninja
	cmake --build build-tsan -j $(JOBS)
	MC_TEST_SCALE=small setarch "$$(uname -m)" -R \
		ctest --test-dir build-tsan --output-on-failure -j $(JOBS) -L threads

check: check-default check-asan check-tsan
	@echo "make check: all variants passed"

bench: build
	@for b in build/bench_*; do [ -x "$$b" ] && "$$b" || exit 1; done

integrity: build
	./build/arena_integrity 10000000 4 64

install: build
	cmake --install build --prefix $(PREFIX)

clean:
	rm -rf build build-asan build-tsan build-fuzz

format:
	clang-format -i $$(git ls-files '*.c' '*.h')

lint: build
	cppcheck --quiet --enable=warning,performance,portability \
		--project=build/compile_commands.json --error-exitcode=1
