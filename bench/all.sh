#!/usr/bin/env bash
#
# bench/all.sh — every benchmark, one after another, then docs/performance.md from their figures.
#
#   bench/all.sh [--quick] [--output docs/performance.md]
#
# Runs, with BENCH_RESULTS set (one JSON line per figure, bench/README.md "Results as JSON"):
#   bench/search.sh (1 client, then 2 clients), bench/gateway.sh, bench/coldstart.sh, bench/webhooks.sh,
#   bench/newsletter.sh, and the write-side bench/registrations.sh, bench/mail.sh, bench/events.sh when
#   present (reported "not run" when absent). Each script sets up and removes its own servers, so
#   this runs on a fresh clone with nothing set up. A script that fails is reported and the others still run.
# --quick: shorter runs (fewer search calls, shorter wrk rounds) for a first look; the figures are noisier.
# Writes the JSON lines to bench/.artifacts/results-<UTC time>.jsonl and the table to docs/performance.md.
# Takes ~25 minutes on the quiet 2-core machine (~12 with --quick). Run it on a quiet machine: every
# figure is read on the same cores as everything else running.
set -uo pipefail

REPO_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)
QUICK=0 OUTPUT=$REPO_ROOT/docs/performance.md
while (($#)); do
    case "$1" in
        --quick) QUICK=1; shift ;;
        --output) OUTPUT=$2; shift 2 ;;
        *) echo "unknown argument: $1" >&2; exit 2 ;;
    esac
done

mkdir -p "$REPO_ROOT/bench/.artifacts"
stamp=$(date -u +%Y%m%dT%H%M%SZ)
export BENCH_RESULTS=$REPO_ROOT/bench/.artifacts/results-$stamp.jsonl
STATUS=$REPO_ROOT/bench/.artifacts/status-$stamp.tsv
LOGS=$REPO_ROOT/bench/.artifacts/logs-$stamp
: >"$BENCH_RESULTS"
: >"$STATUS"
mkdir -p "$LOGS"
started_at=$(date -u '+%Y-%m-%d %H:%M UTC')
load_before=$(cat /proc/loadavg)

if ((QUICK)); then
    search_args=(--iterations 40) gateway_args=(--rounds 2 --duration 5s) webhook_args=(--endpoints 20 --events 100)
    newsletter_args=()
else
    search_args=() gateway_args=() webhook_args=() newsletter_args=()
fi

# run NAME SCRIPT ARGS...: runs bench/SCRIPT when it exists; its output goes to the terminal and a log.
run() {
    local name=$1 script=$2 rc=0 begun=$SECONDS
    shift 2
    if [[ ! -x "$REPO_ROOT/bench/$script" && ! -f "$REPO_ROOT/bench/$script" ]]; then
        printf '%s\t%s\tnot run (bench/%s is absent)\t0\n' "$name" "bench/$script${*:+ $*}" "$script" >>"$STATUS"
        printf '==> %s: not run (bench/%s is absent)\n' "$name" "$script"
        return 0
    fi
    printf '\n==> %s: bench/%s %s\n' "$name" "$script" "$*"
    BENCH_COMMAND="bench/$script${*:+ $*}" bash "$REPO_ROOT/bench/$script" "$@" 2>&1 | tee "$LOGS/$name.log" || rc=$?
    printf '%s\t%s\t%s\t%s\n' "$name" "bench/$script${*:+ $*}" "$([[ $rc == 0 ]] && echo ok || echo "failed (exit $rc; log bench/.artifacts/logs-$stamp/$name.log)")" \
        "$((SECONDS - begun))" >>"$STATUS"
}

run search-1 search.sh "${search_args[@]}"
run search-2 search.sh --clients 2 "${search_args[@]}"
run gateway gateway.sh "${gateway_args[@]}"
run coldstart coldstart.sh
run webhooks webhooks.sh "${webhook_args[@]}"
run newsletter newsletter.sh "${newsletter_args[@]}"
run registrations registrations.sh
run mail mail.sh
run events events.sh

python3 "$REPO_ROOT/bench/performance-doc.py" "$BENCH_RESULTS" "$STATUS" "$OUTPUT" "$started_at" "$load_before" "$QUICK"
printf '\n==> figures: %s\n==> table: %s\n' "$BENCH_RESULTS" "$OUTPUT"
