#!/usr/bin/env bash
# The load benchmark (`make bench-load`, issue 13): installs PostgreSQL when
# the machine lacks it (as `make test` does), then runs cmd/benchload, which
# builds napx, generates the world once (cached), serves it on SQLite and on
# a throw-away PostgreSQL cluster, and measures napx against a constant-bytes
# server in the same run. Loopback only.
#
#   BENCH_SECONDS=5 bash scripts/bench-load.sh [-out FILE] [-engines sqlite,postgres] [-only REGEXP]
#
# Environment: BENCH_SECONDS (seconds per measurement, default 5),
# BENCH_CACHE (where napx, the worlds and the reports are kept; default
# ~/.cache/napx/bench-load).
set -euo pipefail
cd "$(dirname "$0")/.."
export GOTOOLCHAIN=${GOTOOLCHAIN:-go1.27.3}
export GOFLAGS=${GOFLAGS:--buildvcs=false}
sudo_() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }
if ! ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1; then
  echo "== installing PostgreSQL"
  export DEBIAN_FRONTEND=noninteractive
  sudo_ apt-get update -q >/dev/null
  sudo_ apt-get install -y -q postgresql >/dev/null
fi
exec go run ./cmd/benchload "$@"
