#!/usr/bin/env bash
#
# bench/search.sh — the search benchmark in one command.
#
#   bench/search.sh [--items 50000] [--iterations 200] [--warmup 10] [--seed 42] [--keep]
#
# Builds the AppHost and bench/RabatPlatform.Bench in Release, starts the
# AppHost's throw-away infrastructure (PostgreSQL with durability off, on a free
# port, data in a temporary directory; bench/lib.sh) and runs the `search`
# benchmark against that server (RABAT_BENCH_POSTGRES): a fresh database, N
# synthetic bilingual items bulk-loaded, p50/p95/p99 of typical queries. The
# infrastructure and its directory are always removed at the end. Arguments go
# to the benchmark (see bench/README.md).
#
# The build goes to bench/.artifacts (dotnet --artifacts-path), not to the
# projects' own bin/ and obj/, so that it never races a build or test run of
# the same projects in the same tree. Exit code: the benchmark's (non-zero on
# errors only; a missed latency target is reported, not failed).
set -euo pipefail

REPO_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)
# shellcheck source-path=SCRIPTDIR source=lib.sh
source "$REPO_ROOT/bench/lib.sh"

PROJECT=$REPO_ROOT/bench/RabatPlatform.Bench
ARTIFACTS=${RABAT_BENCH_ARTIFACTS:-$REPO_ROOT/bench/.artifacts}
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

say() { printf '==> %s\n' "$*"; }

# The postgres user must be able to reach the data directory, hence 0755.
TMP_DIR=$(mktemp -d "${TMPDIR:-/tmp}/rabat-bench.XXXXXX")
chmod 755 "$TMP_DIR"
CLEANED_UP=0

# shellcheck disable=SC2317 # invoked from traps
cleanup() {
    ((CLEANED_UP)) && return 0
    CLEANED_UP=1
    trap '' INT TERM
    rabat_stop_infrastructure || true
    rm -rf "$TMP_DIR"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

rabat_ensure_packages

say "building the AppHost (Release)"
bench_build_apphost
say "building bench/RabatPlatform.Bench (Release)"
dotnet build "$PROJECT" -c Release --artifacts-path "$ARTIFACTS" -nologo -v quiet -clp:NoSummary

say "starting the infrastructure (AppHost, infrastructure only) in $TMP_DIR"
rabat_start_infrastructure "$TMP_DIR/infrastructure"
say "PostgreSQL on $(bench_postgres_address)"

export RABAT_BENCH_POSTGRES=$RABAT_POSTGRES
say "running: search $*"
rc=0
dotnet run -c Release --no-build --artifacts-path "$ARTIFACTS" --project "$PROJECT" -- search "$@" | tee "$TMP_DIR/output.txt" || rc=$?
bench_results_from_output "$TMP_DIR/output.txt" search
exit "$rc"
