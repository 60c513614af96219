#!/usr/bin/env bash
#
# bench/search.sh — the search benchmark in one command.
#
#   bench/search.sh [--items 50000] [--iterations 200] [--warmup 10] [--seed 42] [--keep]
#
# Starts a throw-away PostgreSQL (durability off) on a free port in a temporary
# directory, builds bench/RabatPlatform.Bench in Release and runs its `search`
# benchmark against that server (RABAT_BENCH_POSTGRES): a fresh database, N
# synthetic bilingual items bulk-loaded, p50/p95/p99 of typical queries. The
# server and its directory are always removed at the end. Arguments go to the
# benchmark (see bench/README.md).
#
# The build goes to bench/.artifacts (dotnet --artifacts-path), not to the
# projects' own bin/ and obj/, so that it never races a build or test run of
# the same projects in the same tree. Exit code: the benchmark's (non-zero on
# errors only; a missed latency target is reported, not failed).
set -euo pipefail

REPO_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)
# shellcheck source-path=SCRIPTDIR source=../eng/lib/servers.sh
source "$REPO_ROOT/eng/lib/servers.sh"

PROJECT=$REPO_ROOT/bench/RabatPlatform.Bench
ARTIFACTS=${RABAT_BENCH_ARTIFACTS:-$REPO_ROOT/bench/.artifacts}
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

say() { printf '==> %s\n' "$*"; }

# The postgres user must be able to reach the data directory, hence 0755.
TMP_DIR=$(mktemp -d "${TMPDIR:-/tmp}/rabat-bench.XXXXXX")
chmod 755 "$TMP_DIR"
PG_STARTED=0
CLEANED_UP=0

# shellcheck disable=SC2317 # invoked from traps
cleanup() {
    ((CLEANED_UP)) && return 0
    CLEANED_UP=1
    trap '' INT TERM
    if ((PG_STARTED)); then
        # PostgreSQL may still be starting in the background.
        [[ -n "${pg_job:-}" ]] && { wait "$pg_job" 2>/dev/null || true; }
        rabat_stop_postgres "$TMP_DIR/postgres" || true
    fi
    rm -rf "$TMP_DIR"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

rabat_ensure_packages
pg_port=$(rabat_free_port 1)

# PostgreSQL starts in the background while the benchmark builds; pg_ctl
# detaches the postmaster, so it outlives the subshell.
say "starting PostgreSQL on 127.0.0.1:$pg_port in $TMP_DIR"
PG_STARTED=1
rabat_start_postgres "$TMP_DIR/postgres" "$pg_port" fast &
pg_job=$!

say "building bench/RabatPlatform.Bench (Release)"
dotnet build "$PROJECT" -c Release --artifacts-path "$ARTIFACTS" -nologo -v quiet -clp:NoSummary

wait "$pg_job" || { echo "ERROR: PostgreSQL did not start" >&2; exit 1; }
pg_job=""

export RABAT_BENCH_POSTGRES="Host=127.0.0.1;Port=$pg_port;Username=postgres;Password=postgres"
say "running: search $*"
rc=0
dotnet run -c Release --no-build --artifacts-path "$ARTIFACTS" --project "$PROJECT" -- search "$@" || rc=$?
exit "$rc"
