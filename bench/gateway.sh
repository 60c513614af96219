#!/usr/bin/env bash
#
# bench/gateway.sh — a cached public read through the gateway against the same read straight from
# the service, in one run: throughput and p99 of each, and their ratio.
#
#   bench/gateway.sh [--duration 15s] [--connections 32] [--items 20]
#
# Starts the AppHost's throw-away infrastructure (PostgreSQL and RabbitMQ on free ports, data in a
# temporary directory; bench/lib.sh), the content service and the gateway (Release), seeds
# published news through the gateway, then loads GET /api/content/news?lang=fr with wrk: first
# straight at the content service (every request reads PostgreSQL), then at the gateway (answers from
# its output cache, evicted only by events). Everything runs on this machine: wrk competes for the same
# cores, so compare the two figures of one run, not runs on different machines.
set -euo pipefail

REPO_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)
# shellcheck source-path=SCRIPTDIR source=lib.sh
source "$REPO_ROOT/bench/lib.sh"

DURATION=15s CONNECTIONS=32 ITEMS=20
while (($#)); do
    case "$1" in
        --duration) DURATION=$2; shift 2 ;;
        --connections) CONNECTIONS=$2; shift 2 ;;
        --items) ITEMS=$2; shift 2 ;;
        *) echo "unknown argument: $1" >&2; exit 2 ;;
    esac
done

say() { printf '==> %s\n' "$*"; }
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

rabat_ensure_packages
if ! command -v wrk >/dev/null 2>&1; then
    if [[ $(id -u) -eq 0 ]]; then
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null
    else
        echo "wrk is missing: sudo apt-get install -y wrk" >&2
        exit 1
    fi
fi

TMP_DIR=$(mktemp -d "${TMPDIR:-/tmp}/rabat-bench.XXXXXX")
chmod 755 "$TMP_DIR"
PIDS=()
cleanup() {
    for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
    for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
    rabat_stop_infrastructure >/dev/null 2>&1 || true
    rm -rf "$TMP_DIR"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# The AppHost references every service: its build is also the content service's and the gateway's.
say "building the AppHost, content and gateway (Release)"
bench_build_apphost

say "starting PostgreSQL and RabbitMQ (AppHost, infrastructure only)"
rabat_start_infrastructure "$TMP_DIR/infrastructure"
mapfile -t ports < <(bench_free_ports 2)
content_port=${ports[0]} gateway_port=${ports[1]}

common=(
    "ASPNETCORE_ENVIRONMENT=Development"
    "ConnectionStrings__messaging=$RABAT_RABBITMQ"
    "Logging__LogLevel__Default=Warning"
    "Logging__LogLevel__Microsoft.AspNetCore.HttpLogging.HttpLoggingMiddleware=Warning"
)
content_bin=$REPO_ROOT/services/content/bin/Release/net10.0
gateway_bin=$REPO_ROOT/gateway/bin/Release/net10.0
content_env=("${common[@]}" "ASPNETCORE_URLS=http://127.0.0.1:$content_port"
    "ConnectionStrings__contentdb=$RABAT_POSTGRES;Database=contentdb")
gateway_env=("${common[@]}" "ASPNETCORE_URLS=http://127.0.0.1:$gateway_port"
    "Gateway__PerClient__PermitLimit=100000000")
for svc in content meetings publications subscriptions search; do
    gateway_env+=("services__${svc}__http__0=http://127.0.0.1:$content_port")
done

# The database first: `migrate` applies the migrations to an existing database (the AppHost creates its own).
bench_psql -c 'CREATE DATABASE contentdb'
(cd "$content_bin" && env "${content_env[@]}" dotnet RabatPlatform.Content.dll migrate) >"$TMP_DIR/migrate.log" 2>&1 ||
    { echo "ERROR: the content service's migration failed:" >&2; tail -n 20 "$TMP_DIR/migrate.log" >&2; exit 1; }
(cd "$content_bin" && exec env "${content_env[@]}" dotnet RabatPlatform.Content.dll) >"$TMP_DIR/content.log" 2>&1 &
PIDS+=($!)
(cd "$gateway_bin" && exec env "${gateway_env[@]}" dotnet RabatPlatform.Gateway.dll) >"$TMP_DIR/gateway.log" 2>&1 &
PIDS+=($!)

for _ in $(seq 1 120); do
    if curl -fs "http://127.0.0.1:$content_port/health" >/dev/null && curl -fs "http://127.0.0.1:$gateway_port/alive" >/dev/null; then
        break
    fi
    sleep 0.5
done

say "seeding $ITEMS published news items"
gw=http://127.0.0.1:$gateway_port
token=$(curl -fs -X POST "$gw/api/auth/dev-token" -H 'content-type: application/json' -d '{"role":"secretariat"}' |
    "$RABAT_SYS_PYTHON" -c 'import json,sys; print(json.load(sys.stdin)["accessToken"])')
for i in $(seq 1 "$ITEMS"); do
    id=$(curl -fs -X POST "$gw/api/content/news" -H "authorization: Bearer $token" -H 'content-type: application/json' \
        -d "{\"translations\":{\"fr\":{\"title\":\"Réunion sur la gestion des frontières n° $i\",\"summary\":\"Coopération entre partenaires africains et européens, $i.\",\"body\":\"<p>Texte $i</p>\"},\"en\":{\"title\":\"Meeting on border management no. $i\",\"summary\":\"Cooperation between African and European partners, $i.\"}},\"tags\":[\"border-management\"]}" |
        "$RABAT_SYS_PYTHON" -c 'import json,sys; print(json.load(sys.stdin)["id"])')
    curl -fs -o /dev/null -X POST "$gw/api/content/news/$id/publish" -H "authorization: Bearer $token"
done
sleep 2 # let the last news.published evict the cache

path="/api/content/news?lang=fr&pageSize=20"
direct_url="http://127.0.0.1:$content_port$path"
gateway_url="$gw$path"
direct_body=$(curl -fs "$direct_url")
gateway_body=$(curl -fs "$gateway_url")
[[ "$direct_body" == "$gateway_body" ]] || { echo "ERROR: the two reads differ" >&2; exit 1; }
curl -fs -D - -o /dev/null "$gateway_url" | grep -qi '^age:' || { echo "ERROR: the gateway did not serve from its cache" >&2; exit 1; }

run_wrk() { # URL -> "requests/s p99-ms"
    wrk -t2 -c"$CONNECTIONS" -d5s "$1" >/dev/null # warm-up
    wrk -t2 -c"$CONNECTIONS" -d"$DURATION" --latency "$1" | "$RABAT_SYS_PYTHON" -c '
import re, sys
text = sys.stdin.read()
rps = float(re.search(r"Requests/sec:\s+([\d.]+)", text).group(1))
m = re.search(r"^\s+99%\s+([\d.]+)(us|ms|s)\s*$", text, re.M)
p99 = float(m.group(1)) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[m.group(2)]
errors = re.search(r"Non-2xx or 3xx responses: (\d+)", text)
if errors: sys.exit(f"{errors.group(1)} non-2xx answers")
print(f"{rps:.0f} {p99:.2f}")'
}

say "wrk -t2 -c$CONNECTIONS -d$DURATION: straight from the content service"
read -r direct_rps direct_p99 < <(run_wrk "$direct_url")
say "wrk -t2 -c$CONNECTIONS -d$DURATION: through the gateway (cached)"
read -r gateway_rps gateway_p99 < <(run_wrk "$gateway_url")

"$RABAT_SYS_PYTHON" - "$direct_rps" "$direct_p99" "$gateway_rps" "$gateway_p99" <<'PY'
import sys
d_rps, d_p99, g_rps, g_p99 = map(float, sys.argv[1:])
print()
print(f"{'GET /api/content/news?lang=fr&pageSize=20':44} {'requests/s':>12} {'p99 (ms)':>10}")
print(f"{'content service (PostgreSQL every time)':44} {d_rps:>12.0f} {d_p99:>10.2f}")
print(f"{'gateway (output cache)':44} {g_rps:>12.0f} {g_p99:>10.2f}")
print(f"{'ratio gateway / service':44} {g_rps / d_rps:>11.2f}x {g_p99 / d_p99:>9.2f}x")
PY
