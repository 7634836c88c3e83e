#!/usr/bin/env bash
# The test command (`make test`): installs what a fresh Debian machine lacks
# (PostgreSQL, Chromium, the Go tools, an offline vulnerability database),
# then runs gofmt, go mod tidy -diff, go vet, staticcheck, gosec, govulncheck, and the whole
# Go test suite with the race detector on SQLite and on a private,
# throw-away PostgreSQL cluster, browser tests included. It says what it
# does, and always stops the cluster it started.
#
#   bash scripts/test.sh        everything
#   bash scripts/test.sh lint   only the checks, no tests
#   bash scripts/test.sh crash  only the crash harness, full length (make crash)
#
# Environment:
#   NAPX_TEST_POSTGRES_URL  use this PostgreSQL (an account that may create
#                           databases) instead of starting a private cluster
#   GOTOOLCHAIN             default go1.27.3 (the approved toolchain)
#   NAPX_MAILPIT            set here to the Mailpit this script builds (mail tests)
set -euo pipefail
cd "$(dirname "$0")/.."
mode=${1:-all}
t0=$(date +%s)
step() { echo "== $* (+$(( $(date +%s) - t0 ))s)"; }

export GOTOOLCHAIN=${GOTOOLCHAIN:-go1.27.3}
export GOFLAGS=${GOFLAGS:--buildvcs=false}

# 1. Debian packages, only what is missing.
sudo_() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }
pkgs=()
if [ "$mode" = all ] || [ "$mode" = crash ]; then
  if [ -z "${NAPX_TEST_POSTGRES_URL:-}" ] && ! ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1; then
    pkgs+=(postgresql)
  fi
  if [ "$mode" = all ] && ! command -v chromium >/dev/null 2>&1 && ! command -v chromium-browser >/dev/null 2>&1 && [ -z "${NAPX_CHROMIUM:-}" ]; then
    pkgs+=(chromium) # with Recommends: its fonts
  fi
fi
command -v gcc >/dev/null 2>&1 || pkgs+=(gcc libc6-dev) # the race detector needs cgo
if [ ${#pkgs[@]} -gt 0 ]; then
  step "installing Debian packages: ${pkgs[*]}"
  export DEBIAN_FRONTEND=noninteractive
  sudo_ apt-get update -q >/dev/null
  sudo_ apt-get install -y -q "${pkgs[@]}" >/dev/null
fi

# 2. Go tools, built with the same toolchain they analyse with.
step "go toolchain: $(go env GOVERSION)"

# Room to build and test: the race-detector builds, the test databases and
# the browser's screenshots need a few GB. A full disk fails far from its
# cause ("no space left on device" in a screenshot, then every package
# "build failed"), so it is checked here: the Go build cache is only a cache
# (it fills over months of builds) and is emptied when the room is short.
free_gb() { df -Pk "$1" 2>/dev/null | awk 'NR==2 {print int($4/1048576)}'; }
need_gb=${NAPX_TEST_DISK_GB:-6}
gocache=$(go env GOCACHE)
tmp=${TMPDIR:-/tmp}
for dir in "$gocache" "$tmp"; do
  mkdir -p "$dir"
  if [ "$(free_gb "$dir")" -lt "$need_gb" ]; then
    step "only $(free_gb "$dir") GB free for $dir (need $need_gb): emptying the Go build cache ($(du -sh "$gocache" 2>/dev/null | cut -f1))"
    go clean -cache
  fi
  if [ "$(free_gb "$dir")" -lt "$need_gb" ]; then
    echo "napx: only $(free_gb "$dir") GB free for $dir; the tests need about $need_gb GB (set NAPX_TEST_DISK_GB to change)" >&2
    exit 1
  fi
done
GOVER=$(go env GOVERSION)
export GOBIN=${NAPX_GOBIN:-$(go env GOPATH)/bin-$GOVER}
export PATH="$GOBIN:$PATH"
tool() {
  local name=$1 pkg=$2 v=${2##*@}
  if [ -x "$GOBIN/$name" ] && go version -m "$GOBIN/$name" 2>/dev/null | grep -q "	mod	.*	$v	"; then return; fi
  step "installing $pkg"
  go install "$pkg"
}
tool staticcheck honnef.co/go/tools/cmd/staticcheck@v0.8.2
tool govulncheck golang.org/x/vuln/cmd/govulncheck@v1.9.0
tool gosec github.com/securego/gosec/v2/cmd/gosec@v2.30.0
# A real SMTP server for the mail tests (its HTTP API lists what arrived).
if [ "$mode" = all ]; then tool mailpit github.com/axllent/mailpit@v1.33.1; fi
export NAPX_MAILPIT="$GOBIN/mailpit"

# 3. An offline vulnerability database: the public one is unreachable here.
VULNDB_VER=v0.0.0-20261105234957-e22db6528018
VULNDB=${NAPX_VULNDB:-${XDG_CACHE_HOME:-$HOME/.cache}/napx/govulndb-$VULNDB_VER}
if [ ! -f "$VULNDB/index/modules.json" ]; then
  step "building the offline vulnerability database from golang.org/x/vulndb@$VULNDB_VER"
  src=$(cd / && go mod download -json "golang.org/x/vulndb@$VULNDB_VER" | sed -n 's/^\t"Dir": "\(.*\)",$/\1/p')
  tool indexdb "golang.org/x/vulndb/cmd/indexdb@$VULNDB_VER"
  rm -rf "$VULNDB.tmp"; mkdir -p "$(dirname "$VULNDB")"
  indexdb -vulns "$src/data/osv" -out "$VULNDB.tmp"
  mv "$VULNDB.tmp" "$VULNDB"
fi

# 4. Checks.
if [ "$mode" != crash ]; then
step "gofmt"
unformatted=$(gofmt -l cmd internal)
if [ -n "$unformatted" ]; then echo "gofmt would change:"; echo "$unformatted"; exit 1; fi
step "go mod tidy -diff"; go mod tidy -diff
step "go vet";      go vet ./...
step "staticcheck"; staticcheck ./...
step "gosec";       gosec -quiet -exclude-generated -exclude-dir=internal/storetest -exclude-dir=internal/webtest -exclude-dir=internal/browsertest ./...
step "govulncheck"; govulncheck -db "file://$VULNDB" ./...
fi
[ "$mode" = lint ] && { step "lint done"; exit 0; }

# 5. PostgreSQL: the given server, or a private cluster stopped on exit.
if [ -z "${NAPX_TEST_POSTGRES_URL:-}" ]; then
  PGBIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
  PGPORT=${NAPX_TEST_PGPORT:-$(( 56000 + RANDOM % 1000 ))}
  PGROOT=$(mktemp -d /tmp/napx-pg.XXXXXX)
  as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
  [ "$(id -u)" = 0 ] && chown postgres:postgres "$PGROOT"
  stop_pg() {
    echo "== stopping the private PostgreSQL cluster"
    as_pg "$PGBIN/pg_ctl" -D "$PGROOT/data" -m fast -w stop >/dev/null 2>&1 || true
    rm -rf "$PGROOT"
  }
  trap stop_pg EXIT
  step "starting a private PostgreSQL cluster ($("$PGBIN/postgres" --version)) on 127.0.0.1:$PGPORT in $PGROOT"
  as_pg "$PGBIN/initdb" -D "$PGROOT/data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 --no-sync >/dev/null
  if ! as_pg "$PGBIN/pg_ctl" -D "$PGROOT/data" -l "$PGROOT/server.log" -w -t 60 \
      -o "-p $PGPORT -k $PGROOT -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300" start >/dev/null; then
    cat "$PGROOT/server.log"; exit 1
  fi
  export NAPX_TEST_POSTGRES_URL="postgres://postgres@127.0.0.1:$PGPORT/postgres?sslmode=disable"
fi
export NAPX_TEST_REQUIRE_POSTGRES=1
export NAPX_TEST_REQUIRE_BROWSER=1
export NAPX_TEST_REQUIRE_MAILPIT=1

# The crash harness (issue 13): napx killed with SIGKILL under concurrent
# writers, on both engines. `make crash` runs it at full length; the whole
# test run below runs a short form.
crash() {
  CGO_ENABLED=1 go test -tags crash -count=1 -timeout 30m -v -run TestCrash ./internal/crashtest/
}
if [ "$mode" = crash ]; then
  step "crash harness: ${NAPX_CRASH_KILLS:-20} kills, ${NAPX_CRASH_WRITERS:-200} writers (SQLite and PostgreSQL)"
  crash
  exit $?
fi

# 6. The tests: every store test on both engines, with the race detector
# (it needs cgo; only `make build` sets CGO_ENABLED=0).
step "go test -race (SQLite and PostgreSQL, browser tests)"
log=$(mktemp /tmp/napx-test.XXXXXX.log)
weblog=$(mktemp /tmp/napx-test-web.XXXXXX.log)
set +e
# The web package is the longest, and go test starts packages in order, so
# it would start last and run alone at the end with one core idle: it runs
# from the start beside the others (its log is appended whole afterwards,
# so each package's lines stay together for the counts below).
CGO_ENABLED=1 go test -race -count=1 -timeout 30m -v ./internal/web/ >"$weblog" 2>&1 &
webpid=$!
CGO_ENABLED=1 go test -race -count=1 -timeout 30m -v $(go list ./... | grep -vx 'napx/internal/web') >"$log" 2>&1
status=$?
wait "$webpid"
webstatus=$?
cat "$weblog" >>"$log"
rm -f "$weblog"
if [ "$status" = 0 ]; then status=$webstatus; fi
set -e
# The package summary, and every failure with its messages.
grep -E '^(ok|FAIL|---|panic:|\?)|--- FAIL|^\s+\S+_test\.go:[0-9]+:' "$log" | grep -v -- '--- PASS' | grep -v -- '--- SKIP' || true
echo "== test cases that passed per engine (tests and subtests under a sqlite / postgres subtest), by package:"
per_engine() { grep -E -- "--- PASS: \S*/$1(/| )" "$log" | wc -l; }
for pkg in $(grep -oE '^(ok|FAIL)\s+napx/\S+' "$log" | awk '{print $2}'); do
  # go test -v prints a package's lines before its ok/FAIL line.
  n=$(awk -v p="$pkg" '$0 ~ "^(ok|FAIL)[ \t]+"p"([ \t]|$)" {exit} {print}' "$log" | tac | awk '/^(ok|FAIL)[ \t]+napx\//{exit} {print}' | grep -cE -- '--- PASS: \S*/sqlite(/| )' || true)
  m=$(awk -v p="$pkg" '$0 ~ "^(ok|FAIL)[ \t]+"p"([ \t]|$)" {exit} {print}' "$log" | tac | awk '/^(ok|FAIL)[ \t]+napx\//{exit} {print}' | grep -cE -- '--- PASS: \S*/postgres(/| )' || true)
  if [ "$n$m" != "00" ]; then printf '   %-32s sqlite %5d   postgres %5d\n' "$pkg" "$n" "$m"; fi
done
sqlite=$(per_engine sqlite); postgres=$(per_engine postgres)
echo "== per engine: sqlite $sqlite, postgres $postgres"
if [ "$status" = 0 ] && [ "$sqlite" != "$postgres" ]; then
  echo "the engines ran different numbers of test cases: every test that touches a database runs on both"; status=1
fi
echo "== tests passed: $(grep -c -- '--- PASS' "$log" || true), skipped: $(grep -c -- '--- SKIP' "$log" || true), failed: $(grep -c -- '--- FAIL' "$log" || true); full log: $log"
step "crash harness, short form: 3 kills, 50 writers (SQLite and PostgreSQL)"
if ! NAPX_CRASH_KILLS=3 NAPX_CRASH_WRITERS=50 crash >"$log.crash" 2>&1; then
  status=1
  tail -40 "$log.crash"
fi
grep -E -- '--- (PASS|FAIL)|lost [0-9]+' "$log.crash" || true
step "done (status $status)"
exit "$status"
