#!/usr/bin/env bash
#
# bench/webhooks.sh — the webhook delivery benchmark in one command.
#
#   bench/webhooks.sh [--endpoints 20] [--events 500] [--receiver-latency-ms 0] [--concurrency 16]
#
# Starts a throw-away PostgreSQL (durability off) on a free port in a temporary directory (or uses
# RABAT_BENCH_POSTGRES when set), builds bench/RabatPlatform.WebhookBench in Release into
# bench/.artifacts, and runs it: E endpoints on a local receiver, N news.published events fanned out
# to each as delivery rows, delivered by the service's WebhookDispatcher. Prints deliveries/s and the
# time from start to receipt. The server and its directory are always removed at the end.
set -euo pipefail

REPO_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)
# shellcheck source-path=SCRIPTDIR source=../eng/lib/servers.sh
source "$REPO_ROOT/eng/lib/servers.sh"
PROJECT=$REPO_ROOT/bench/RabatPlatform.WebhookBench
ARTIFACTS=${RABAT_BENCH_ARTIFACTS:-$REPO_ROOT/bench/.artifacts}
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

TMP_DIR=""
cleanup() {
    if [[ -n "$TMP_DIR" ]]; then
        rabat_stop_postgres "$TMP_DIR/postgres" || true
        rm -rf "$TMP_DIR"
    fi
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

if [[ -z "${RABAT_BENCH_POSTGRES:-}" ]]; then
    rabat_ensure_packages
    TMP_DIR=$(mktemp -d "${TMPDIR:-/tmp}/rabat-webhook-bench.XXXXXX")
    chmod 755 "$TMP_DIR"
    port=$(rabat_free_port 1)
    echo "==> starting PostgreSQL on 127.0.0.1:$port in $TMP_DIR"
    rabat_start_postgres "$TMP_DIR/postgres" "$port" fast
    export RABAT_BENCH_POSTGRES="Host=127.0.0.1;Port=$port;Username=postgres;Password=postgres"
fi

echo "==> building bench/RabatPlatform.WebhookBench (Release)"
dotnet build "$PROJECT" -c Release --artifacts-path "$ARTIFACTS" -nologo -v quiet -clp:NoSummary
dotnet "$ARTIFACTS/bin/RabatPlatform.WebhookBench/release/RabatPlatform.WebhookBench.dll" "$@"
