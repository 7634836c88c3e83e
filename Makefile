# napx — the two commands a newcomer needs are `make demo` and `make test`.
# Both do all the set-up on a fresh Debian machine (see scripts/).

# go1.26.8's own standard library has known vulnerabilities; the approved
# toolchain is fetched by the go command through the module proxy.
export GOTOOLCHAIN := go1.27.3
export GOFLAGS := -buildvcs=false

VERSION ?= $(shell git describe --tags --always --dirty 2>/dev/null || echo dev)
LDFLAGS := -s -w -X napx/internal/cli.Version=$(VERSION)

.PHONY: all build demo serve test test-go lint fmt bench fuzz clean help bench-load demo-world crash

all: build

help: ## list the targets
	@grep -E '^[a-z-]+:.*##' $(MAKEFILE_LIST) | sed 's/:.*## /\t/'

build: ## one static binary: bin/napx
	CGO_ENABLED=0 go build -trimpath -ldflags "$(LDFLAGS)" -o bin/napx ./cmd/napx

demo: build ## build and run the demo (data in ./demo-data), http://127.0.0.1:8080
	./bin/napx demo

serve: build ## build and run the server on ./data
	./bin/napx serve

test: ## everything CI runs: installs what is missing, lints, tests on SQLite and PostgreSQL, browser tests
	bash scripts/test.sh

test-go: ## only the Go tests (SQLite; PostgreSQL too when NAPX_TEST_POSTGRES_URL is set)
	CGO_ENABLED=1 go test -race -count=1 ./...

lint: ## gofmt, vet, staticcheck, gosec, govulncheck (tools installed when missing)
	bash scripts/test.sh lint

fmt: ## format the code
	gofmt -w cmd internal

bench: ## benchmarks (compare ratios within one run; machines are shared)
	go test -run '^$$' -bench . -benchmem ./...

bench-load: ## load benchmark on the world dataset, SQLite then PostgreSQL, against a constant-bytes server (BENCH_SECONDS per measurement)
	bash scripts/bench-load.sh

crash: ## the crash harness: 200 API writers, napx killed with SIGKILL 20 times, on SQLite and PostgreSQL (NAPX_CRASH_KILLS, NAPX_CRASH_WRITERS)
	bash scripts/test.sh crash

demo-world: build ## the demo at world scale (every State; data in ./world-data)
	./bin/napx demo --scale world

fuzz: ## run each fuzz target for FUZZTIME (default 30s)
	bash scripts/fuzz.sh

clean: ## remove build output
	rm -rf bin
