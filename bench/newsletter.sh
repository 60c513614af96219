#!/usr/bin/env bash
#
# bench/newsletter.sh — the newsletter fan-out benchmark.
#
#   RABAT_BENCH_POSTGRES="Host=127.0.0.1;Port=5432;Username=postgres;Password=postgres" \
#     bench/newsletter.sh [--subscribers 100000] [--batch 5000]
#
# Builds bench/RabatPlatform.NewsletterBench in Release (to bench/.artifacts, never racing the
# projects' own bin/obj), creates a throw-away database on that PostgreSQL, seeds N confirmed
# subscribers, runs the news.published fan-out (keyset batches of set-based INSERT … SELECT into
# mail_queue) and prints the enqueue time and the peak managed heap and working set; drops the database.
set -euo pipefail
REPO_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)
: "${RABAT_BENCH_POSTGRES:=${RABAT_TEST_POSTGRES:-}}"
[[ -n "$RABAT_BENCH_POSTGRES" ]] || { echo "set RABAT_BENCH_POSTGRES (an Npgsql connection string)" >&2; exit 2; }
export RABAT_BENCH_POSTGRES DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
ARTIFACTS=${RABAT_BENCH_ARTIFACTS:-$REPO_ROOT/bench/.artifacts}
dotnet build "$REPO_ROOT/bench/RabatPlatform.NewsletterBench" -c Release --artifacts-path "$ARTIFACTS" -v quiet -nologo >&2
exec dotnet "$ARTIFACTS/bin/RabatPlatform.NewsletterBench/release/RabatPlatform.NewsletterBench.dll" "$@"
