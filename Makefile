# BilevelKit — every recipe is one obvious command. `make run` and `make test` are the two a
# newcomer needs; both install what is missing first.
SWIFT        ?= swift
CONFIG       ?= release
BIN          := .build/$(CONFIG)/bilevel
PURE_SCRATCH := .build-swift
DATA_DIR     ?= data
THREADS      ?= 1
APT_PACKAGES := libopenblas-dev liblapacke-dev

.PHONY: setup data build build-swift test test-blas test-swift run bench smoke lint clean

setup:
	@command -v $(SWIFT) >/dev/null || { echo "error: swift toolchain not found on PATH (need Swift 6.1+)"; exit 1; }
	@$(SWIFT) --version 2>/dev/null | head -1
	@missing=""; for p in $(APT_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
		echo "installing:$$missing"; \
		SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
		$$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq -o DPkg::Lock::Timeout=300 $$missing >/dev/null; \
	fi

data:
	scripts/fetch-datasets --dest $(DATA_DIR) all

build: setup
	$(SWIFT) build -c $(CONFIG) --product bilevel

build-swift:
	$(SWIFT) build -c $(CONFIG) --product bilevel --disable-default-traits --scratch-path $(PURE_SCRATCH)

# Tests of both builds: the OpenBLAS build, then the pure-Swift build (no BLAS linked).
test: setup data test-blas test-swift

# `swift test` does not link the `bilevel` executable, which the sweep end-to-end tests run.
test-blas:
	$(SWIFT) build --product bilevel
	OPENBLAS_NUM_THREADS=$(THREADS) BILEVEL_DATA=$(abspath $(DATA_DIR)) $(SWIFT) test

test-swift:
	$(SWIFT) build --product bilevel --disable-default-traits --scratch-path $(PURE_SCRATCH)
	BILEVEL_DATA=$(abspath $(DATA_DIR)) $(SWIFT) test --disable-default-traits --scratch-path $(PURE_SCRATCH)

# The main job: version and backend, dataset check, the toy experiment (both baselines and the
# tuned preset, three-row summary), then a short linear V-PBGD hyper-cleaning run (300 iterations
# of the benchmark's baseline strategy, seed 42).
run: build data
	$(BIN) --version
	$(BIN) data check --data-dir $(DATA_DIR)
	scripts/toy-summary $(BIN)
	$(BIN) hyperclean --net linear --method v_pbgd --outer-itr 300 --seed 42 --threads 2 --data-dir $(DATA_DIR) --quiet

# OpenBLAS 0.3.21 misdetects recent Xeons as Prescott (SSE3 kernels, 5x slower); the CLI detects
# that and re-executes itself with OPENBLAS_CORETYPE set, and reports the kernels it ended up with,
# so the benchmark process gets the same setting from it.
bench: build
	@echo "OPENBLAS_NUM_THREADS=$(THREADS)"
	OPENBLAS_NUM_THREADS=$(THREADS) OPENBLAS_CORETYPE=$${OPENBLAS_CORETYPE:-$$($(BIN) --version | sed -n 's/^openblas kernels: //p')} \
		$(SWIFT) package --allow-writing-to-package-directory benchmark --target GemmBenchmarks --target IterationBenchmarks --format markdown
	OPENBLAS_NUM_THREADS=$(THREADS) $(BIN) bench gemm --threads $(THREADS)
	OPENBLAS_NUM_THREADS=$(THREADS) $(BIN) bench iterations --threads $(THREADS)

# CI's smoke check of the release binary: the benchmark workloads run (tiny counts, both backends).
smoke: build
	scripts/smoke $(BIN)

lint:
	$(SWIFT) format lint --strict --recursive Sources Tests Benchmarks

clean:
	rm -rf .build $(PURE_SCRATCH)

# Browser check of `bilevel report`: a report of the committed fixtures rendered by headless
# Chromium (DOM and screenshots checked; see scripts/test-browser).
.PHONY: test-browser
test-browser: build
	scripts/test-browser $(BIN)

# A real Slurm run of a sweep (scripts/test-slurm): starts a one-node cluster on this machine
# (scripts/slurm-local, installs Slurm and munge if missing), submits sweeps/test-slurm-toy.json as
# a job array, checks every result against the same tasks run locally, stops the cluster.
.PHONY: test-slurm
test-slurm: build
	scripts/test-slurm $(BIN)

# Hardening (issue 15). Sanitizer builds use their own scratch paths, so the normal build is untouched.
FUZZ_SECONDS ?= 60
FUZZ_TARGETS := FuzzIDX FuzzLibSVM FuzzStrategy FuzzSweepSpec FuzzResultReader FuzzCheckpoint
.PHONY: fuzz fuzz-build test-kill-resume test-asan test-tsan
ASAN_SCRATCH := .build-asan
TSAN_SCRATCH := .build-tsan
# Empty: every test. CI passes the kernel and parser suites.
ASAN_FILTER  ?=
TSAN_FILTER  ?= TensorTests|SweepTaskRunnerTests|SweepCommandTests

# libFuzzer targets (Fuzz/, a package of its own: they need `--sanitize fuzzer`), each run for
# FUZZ_SECONDS from the seed corpus in Fuzz/Corpus; a crash fails the target (scripts/fuzz).
# The coverage instrumentation is asked for explicitly: Swift 6.3.1's driver drops
# `-sanitize=fuzzer` from its compile jobs (it only links libFuzzer), and without the counters
# libFuzzer fuzzes blind (scripts/fuzz refuses such binaries). The flags are the ones
# `-sanitize=fuzzer` implies. Always a clean build too (dependency checkouts kept): incremental
# rebuilds were seen to drop the instrumentation of recompiled modules.
FUZZ_COVERAGE := edge,indirect-calls,trace-cmp,inline-8bit-counters,pc-table
fuzz-build:
	rm -rf Fuzz/.build/x86_64-unknown-linux-gnu/debug Fuzz/.build/debug
	cd Fuzz && $(SWIFT) build --sanitize fuzzer --sanitize address -Xswiftc -sanitize-coverage=$(FUZZ_COVERAGE)
fuzz: fuzz-build
	scripts/fuzz $(FUZZ_SECONDS) $(FUZZ_TARGETS)

# SIGKILL a short hyper-cleaning run 30 times (KILLS) at random moments and inside checkpoint
# writes, resuming each time; then disk-full and unwritable-directory runs (scripts/test-kill-resume).
test-kill-resume: setup data
	$(SWIFT) build --product bilevel
	scripts/test-kill-resume .build/debug/bilevel

# The unit tests under AddressSanitizer with leak checks (Swift 6.3 on Linux refuses
# -sanitize=undefined). Only the test product is built (not the benchmarks), plus `bilevel`,
# which the CLI and sweep tests run.
test-asan: setup data
	$(SWIFT) build --product BilevelKitPackageTests --sanitize address --scratch-path $(ASAN_SCRATCH)
	$(SWIFT) build --product bilevel --sanitize address --scratch-path $(ASAN_SCRATCH)
	LSAN_OPTIONS=suppressions=$(abspath scripts/lsan-suppressions) OPENBLAS_NUM_THREADS=$(THREADS) \
		BILEVEL_DATA=$(abspath $(DATA_DIR)) $(SWIFT) test --skip-build --sanitize address \
		--scratch-path $(ASAN_SCRATCH) $(if $(ASAN_FILTER),--filter '$(ASAN_FILTER)')

# The multi-threaded kernels (TensorTests: gemm and sparse products, both backends) and the
# sweep runner under ThreadSanitizer, with two threads. The SIGTERM-forwarding test is skipped:
# TSan defers a signal handler until the thread enters an instrumented call, and the sweep's
# main thread waits in (uninstrumented) libdispatch, so the handler never runs there.
test-tsan: setup data
	$(SWIFT) build --product BilevelKitPackageTests --sanitize thread --scratch-path $(TSAN_SCRATCH)
	$(SWIFT) build --product bilevel --sanitize thread --scratch-path $(TSAN_SCRATCH)
	OPENBLAS_NUM_THREADS=2 BILEVEL_DATA=$(abspath $(DATA_DIR)) $(SWIFT) test --skip-build \
		--sanitize thread --scratch-path $(TSAN_SCRATCH) --filter '$(TSAN_FILTER)' \
		--skip sigtermIsForwardedAndLeavesNoResult
