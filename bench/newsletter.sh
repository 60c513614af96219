#!/usr/bin/env bash
#
# bench/newsletter.sh — the newsletter fan-out benchmark.
#
#   bench/newsletter.sh [--subscribers 100000] [--batch 5000]
#   RABAT_BENCH_POSTGRES="Host=127.0.0.1;Port=5432;Username=postgres;Password=postgres" \
#     bench/newsletter.sh [--subscribers 100000] [--batch 5000]
#
# Builds bench/RabatPlatform.NewsletterBench in Release (to bench/.artifacts, never racing the
# projects' own bin/obj), creates a throw-away database on the PostgreSQL of RABAT_BENCH_POSTGRES (or
# RABAT_TEST_POSTGRES) — when neither is set, on the AppHost's throw-away infrastructure (built in
# Release and started in a temporary directory, removed at the end; bench/lib.sh) — seeds N confirmed
# subscribers, runs the news.published fan-out (keyset batches of set-based INSERT … SELECT into
# mail_queue) and prints the enqueue time and the peak managed heap and working set; drops the database.
# Only the benchmark's figures go to stdout; builds and progress go to stderr.
set -euo pipefail
REPO_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)
# shellcheck source-path=SCRIPTDIR source=lib.sh
source "$REPO_ROOT/bench/lib.sh"
: "${RABAT_BENCH_POSTGRES:=${RABAT_TEST_POSTGRES:-}}"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
ARTIFACTS=${RABAT_BENCH_ARTIFACTS:-$REPO_ROOT/bench/.artifacts}

trap bench_cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

dotnet build "$REPO_ROOT/bench/RabatPlatform.NewsletterBench" -c Release --artifacts-path "$ARTIFACTS" -v quiet -nologo >&2

bench_own_postgres newsletter >&2

OUTPUT=$(mktemp "${TMPDIR:-/tmp}/rabat-newsletter-output.XXXXXX")
dotnet "$ARTIFACTS/bin/RabatPlatform.NewsletterBench/release/RabatPlatform.NewsletterBench.dll" "$@" | tee "$OUTPUT"
bench_results_from_output "$OUTPUT" newsletter
rm -f "$OUTPUT"
