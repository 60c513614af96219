#!/usr/bin/env bash
#
# bench/webhooks.sh — the webhook delivery benchmark in one command.
#
#   bench/webhooks.sh [--endpoints 20] [--events 500] [--receiver-latency-ms 0] [--concurrency 16]
#
# Builds bench/RabatPlatform.WebhookBench in Release into bench/.artifacts and, unless
# RABAT_BENCH_POSTGRES is set, the AppHost, whose throw-away infrastructure it starts (PostgreSQL with
# durability off, on a free port, data in a temporary directory; bench/lib.sh). Then runs the bench:
# E endpoints on a local receiver, N news.published events fanned out to each as delivery rows,
# delivered by the service's WebhookDispatcher. Prints deliveries/s and the time from start to receipt.
# The infrastructure and its directory are always removed at the end.
set -euo pipefail

REPO_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)
# shellcheck source-path=SCRIPTDIR source=lib.sh
source "$REPO_ROOT/bench/lib.sh"
PROJECT=$REPO_ROOT/bench/RabatPlatform.WebhookBench
ARTIFACTS=${RABAT_BENCH_ARTIFACTS:-$REPO_ROOT/bench/.artifacts}
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

TMP_DIR=""
cleanup() {
    if [[ -n "$TMP_DIR" ]]; then
        rabat_stop_infrastructure || true
        rm -rf "$TMP_DIR"
    fi
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

START_INFRASTRUCTURE=0
if [[ -z "${RABAT_BENCH_POSTGRES:-}" ]]; then
    START_INFRASTRUCTURE=1
    rabat_ensure_packages
    echo "==> building the AppHost (Release)"
    bench_build_apphost
fi

echo "==> building bench/RabatPlatform.WebhookBench (Release)"
dotnet build "$PROJECT" -c Release --artifacts-path "$ARTIFACTS" -nologo -v quiet -clp:NoSummary

if ((START_INFRASTRUCTURE)); then
    TMP_DIR=$(mktemp -d "${TMPDIR:-/tmp}/rabat-webhook-bench.XXXXXX")
    chmod 755 "$TMP_DIR"
    echo "==> starting the infrastructure (AppHost, infrastructure only) in $TMP_DIR"
    rabat_start_infrastructure "$TMP_DIR/infrastructure"
    echo "==> PostgreSQL on $(bench_postgres_address)"
    export RABAT_BENCH_POSTGRES=$RABAT_POSTGRES
fi

dotnet "$ARTIFACTS/bin/RabatPlatform.WebhookBench/release/RabatPlatform.WebhookBench.dll" "$@"
