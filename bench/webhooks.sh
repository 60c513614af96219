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

trap bench_cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

echo "==> building bench/RabatPlatform.WebhookBench (Release)"
dotnet build "$PROJECT" -c Release --artifacts-path "$ARTIFACTS" -nologo -v quiet -clp:NoSummary

bench_own_postgres webhook

OUTPUT=$(mktemp "${TMPDIR:-/tmp}/rabat-webhooks-output.XXXXXX")
dotnet "$ARTIFACTS/bin/RabatPlatform.WebhookBench/release/RabatPlatform.WebhookBench.dll" "$@" | tee "$OUTPUT"
bench_results_from_output "$OUTPUT" webhooks
rm -f "$OUTPUT"
