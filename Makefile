# Parloir developer entry points.
#
#   make build        web app (web/ -> web/dist, Vite) then the release build; the binary is
#                     build/parloir (-> build/release/parloir)
#   make web          only the web app (scripts/build-web: npm ci when needed, then vite build)
#   make run          build, then serve on 127.0.0.1:8080 (url http://localhost:8080), data in ./data
#   make test         everything CI runs: deps, ASan/UBSan dev build, ctest, integration tests
#                     (pytest: Mastodon.py, toot), JS client tests (masto.js, megalodon),
#                     web app in headless Chromium (tests/web), bench smoke; ends with "N passed, N failed"
#   make bench        release build, then bench/run-all: foundation + social suite on a fresh seed
#                     of 10,000 accounts / 1,000,000 statuses, media, federation (C++ parloir-fed-bench),
#                     stream (writes bench/RESULTS.md; ~12 min)
#   make bench-smoke  every benchmark for 2 s on tiny seeded data, no thresholds
#                     (PARLOIR_BIN=... to pick the binary)
#   make clean        remove build/ and bench/out/
#
# Knobs: PYTEST_ARGS="-k toot -x" make test;  SKIP_BENCH_SMOKE=1 make test;
#        BENCH_ARGS="--duration 5 --accounts 1000 --statuses 50000" make bench (see bench/social.py -h).

SHELL := /bin/bash
.DEFAULT_GOAL := build

RELEASE_BIN := build/release/parloir
DEV_BIN := build/dev/parloir

.PHONY: build deps web run test bench bench-smoke clean

deps:
	@scripts/install-deps

# The web app first: the server may embed web/dist.
web: deps
	@scripts/build-web

build: deps web
	cmake --preset release >/dev/null
	cmake --build --preset release
	@ln -sfn release/parloir build/parloir
	@echo "built build/parloir -> $(RELEASE_BIN)"

run: build
	build/parloir serve --data-dir ./data

test:
	@scripts/run-tests

bench: build
	PARLOIR_BIN=$(RELEASE_BIN) bench/run-all $(BENCH_ARGS)

# Uses $PARLOIR_BIN if set, else the release binary if built, else the dev binary. Builds nothing.
bench-smoke:
	@bin="$${PARLOIR_BIN:-}"; \
	if [[ -z "$$bin" ]]; then \
	  if [[ -x $(RELEASE_BIN) ]]; then bin=$(RELEASE_BIN); else bin=$(DEV_BIN); fi; \
	fi; \
	PARLOIR_BIN="$$bin" bench/smoke

clean:
	rm -rf build bench/out
