#!/usr/bin/env bash
#
# bench/coldstart.sh — cold start under the AppHost: from starting the (built) AppHost to the gateway's
# /health answering "Healthy" (every service ready), in process mode, no container engine.
#
#   bench/coldstart.sh [--runs 2] [--no-build]
#
# Builds the AppHost (Release; the build is not timed), then starts it --runs times on one data directory
# in a temporary place: the first start creates the data (initdb, RabbitMQ's first boot, every migration),
# the next ones find it there — as `eng/run.sh --no-build` on a machine that ran before. Each start runs
# the AppHost binary as eng/run.sh does, with every port free-chosen (Platform:DynamicPorts, so it never
# collides with a local run) and no dashboard; each is stopped (TERM, as Ctrl+C) before the next.
# Prints each start's time and its timeline (the AppHost's "Startup: <resource> <milestone> at +s" lines:
# when each resource ran, turned healthy, finished). The figure is the median of the starts with data present.
# With BENCH_RESULTS set, appends the figures as JSON lines (bench/README.md).
set -euo pipefail

REPO_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)
# shellcheck source-path=SCRIPTDIR source=lib.sh
source "$REPO_ROOT/bench/lib.sh"

RUNS=2 BUILD=1
while (($#)); do
    case "$1" in
        --runs) RUNS=$2; shift 2 ;;
        --no-build) BUILD=0; shift ;;
        *) echo "unknown argument: $1" >&2; exit 2 ;;
    esac
done
((RUNS >= 2)) || { echo "--runs must be at least 2 (the first start creates the data)" >&2; exit 2; }

say() { printf '==> %s\n' "$*"; }
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

rabat_ensure_packages
if ((BUILD)); then
    say "building the AppHost and the services (Release; not timed)"
    bench_build_apphost
fi

TMP_DIR=$(mktemp -d "${TMPDIR:-/tmp}/rabat-coldstart.XXXXXX")
chmod 755 "$TMP_DIR"
APPHOST_PID=""
stop_apphost() {
    [[ -n "$APPHOST_PID" ]] || return 0
    kill -TERM "$APPHOST_PID" 2>/dev/null || true
    wait "$APPHOST_PID" 2>/dev/null || true
    APPHOST_PID=""
    local i
    for ((i = 0; i < 120; i++)); do # PostgreSQL, RabbitMQ and the SMTP sink stop after the AppHost returns
        pgrep -f "$TMP_DIR/" | grep -qvxF -e "$$" -e "$BASHPID" || return 0
        sleep 0.5
    done
}
cleanup() {
    stop_apphost
    rm -rf "$TMP_DIR"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

node="rabatcold$$@localhost"
declare -a TIMES
for run in $(seq 1 "$RUNS"); do
    log=$TMP_DIR/apphost-$run.log
    started=$(date +%s.%N)
    (cd "$REPO_ROOT/AppHost" && exec env DOTNET_ENVIRONMENT=Development "$REPO_ROOT/AppHost/bin/Release/net10.0/RabatPlatform.AppHost" \
        --Platform:Dashboard=false --Platform:DynamicPorts=true \
        --Infrastructure:Mode=Processes --Infrastructure:DataDirectory="$TMP_DIR/data" --Infrastructure:RabbitMqNode="$node") \
        </dev/null >"$log" 2>&1 &
    APPHOST_PID=$!
    deadline=$((SECONDS + 600))
    # Platform:DynamicPorts picks the gateway's port too; the AppHost names it ("Gateway: http://localhost:N").
    until gateway_port=$(grep -o 'Gateway: http://localhost:[0-9]*' "$log" | grep -o '[0-9]*$'); do
        kill -0 "$APPHOST_PID" 2>/dev/null && ((SECONDS < deadline)) || { echo "ERROR: the AppHost did not start; log:" >&2; tail -n 40 "$log" >&2; exit 1; }
        sleep 0.1
    done
    until [[ "$(curl -s --max-time 2 "http://127.0.0.1:$gateway_port/health" || true)" == *Healthy* ]]; do
        if ! kill -0 "$APPHOST_PID" 2>/dev/null || ((SECONDS > deadline)); then
            echo "ERROR: the gateway never turned healthy (start $run); AppHost log:" >&2
            tail -n 40 "$log" >&2
            exit 1
        fi
        sleep 0.2
    done
    elapsed=$("$RABAT_SYS_PYTHON" -c "import time; print(f'{time.time() - $started:.1f}')")
    TIMES+=("$elapsed")
    what=$([[ $run == 1 ]] && echo "first start, creating the data" || echo "data present")
    say "start $run ($what): gateway healthy after $elapsed s (load $(cut -d' ' -f1-3 /proc/loadavg))"
    grep -o 'Startup: .*' "$log" | sed 's/^/      /' || true
    stop_apphost
done

median=$("$RABAT_SYS_PYTHON" -c "import statistics,sys; print(f'{statistics.median(map(float, sys.argv[1:])):.1f}')" "${TIMES[@]:1}")
echo
printf 'cold start to gateway healthy under the AppHost (process mode): first start %s s; data present: %s (median %s s; target <= 20 s)\n' \
    "${TIMES[0]}" "${TIMES[*]:1}" "$median"
met=$("$RABAT_SYS_PYTHON" -c "print('true' if $median <= 20 else 'false')")
bench_result "cold start to gateway healthy (AppHost, process mode, data present)" "$median" "s" "<= 20" "$met"
bench_result "cold start to gateway healthy (AppHost, process mode, first start with initdb)" "${TIMES[0]}" "s" "" ""
