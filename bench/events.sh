#!/usr/bin/env bash
#
# bench/events.sh — write → visible in search (issue 16).
#
#   bench/events.sh [--items 1000]
#
# Builds the content and search services and bench/RabatPlatform.WriteBench in Release (bench/.artifacts) and the
# AppHost, starts the AppHost's throw-away infrastructure, migrates and starts both services (Development) as
# processes of their own, and as soon as both answer /health publishes a first news item: the time from the publish
# request's answer (committed) to its documents committed in the search database is "first event after start".
# Then --items more, one at a time: p50/p95/p99 in steady state. Targets: p99 <= 20 ms, first event <= 200 ms.
# With BENCH_RESULTS set, appends JSON lines (bench/README.md). Everything it started is stopped at the end.
set -euo pipefail
REPO_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)
# shellcheck source-path=SCRIPTDIR source=write-lib.sh
source "$REPO_ROOT/bench/write-lib.sh"
COMMAND="bench/events.sh $*"

trap write_bench_cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

write_bench_build services/content services/search bench/RabatPlatform.WriteBench
write_bench_infrastructure events
read -r CONTENT_PORT SEARCH_PORT < <(bench_free_ports 2 | xargs)
write_bench_service search "$(write_bench_dll RabatPlatform.Search)" "$SEARCH_PORT"
write_bench_service content "$(write_bench_dll RabatPlatform.Content)" "$CONTENT_PORT"
dotnet "$(write_bench_dll RabatPlatform.WriteBench)" events --content "http://127.0.0.1:$CONTENT_PORT" \
    --search "http://127.0.0.1:$SEARCH_PORT" --command "$COMMAND" "$@"
