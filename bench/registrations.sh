#!/usr/bin/env bash
#
# bench/registrations.sh — a burst of parallel registrations at one meeting (issue 16).
#
#   bench/registrations.sh [--requests 1000] [--capacity 50] [--partners 20]
#
# Builds the meetings service and bench/RabatPlatform.WriteBench in Release (bench/.artifacts) and the AppHost,
# starts the AppHost's throw-away infrastructure (PostgreSQL with durability off, RabbitMQ, SMTP; bench/lib.sh),
# migrates and starts the meetings service as a process of its own (Development, default settings: write gate 16,
# 30 s), then: 200 warm-up registrations at another meeting, and the burst — every request released at once,
# 20 delegations' focal points registering their delegates (no quota). Prints throughput, latency, 201/5xx counts,
# and from the database the seats taken and the registrations stored. Targets: >= 500 req/s, p99 <= 2 s, exactly
# capacity seated, 0 lost, 0 5xx. With BENCH_RESULTS set, appends the figures as JSON lines (bench/README.md).
# Everything it started is stopped at the end. Exit code 1 when the outcome is wrong (not for a missed target).
set -euo pipefail
REPO_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)
# shellcheck source-path=SCRIPTDIR source=write-lib.sh
source "$REPO_ROOT/bench/write-lib.sh"
COMMAND="bench/registrations.sh $*"

trap write_bench_cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

write_bench_build services/meetings bench/RabatPlatform.WriteBench
write_bench_infrastructure registrations
PORT=$(bench_free_ports 1)
write_bench_service meetings "$(write_bench_dll RabatPlatform.Meetings)" "$PORT"
dotnet "$(write_bench_dll RabatPlatform.WriteBench)" registrations --service "http://127.0.0.1:$PORT" --command "$COMMAND" "$@"
