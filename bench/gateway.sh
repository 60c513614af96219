#!/usr/bin/env bash
#
# bench/gateway.sh — the public news list (GET /api/content/news?lang=fr&pageSize=20) straight from the
# content service, through the gateway with its cache off (the proxy path alone), and through the gateway's
# output cache; and the framework's ceiling on the same machine in the same run (the content service's
# /alive, which touches no database).
#
#   bench/gateway.sh [--duration 10s] [--rounds 3] [--connections 32] [--items 20]
#
# Starts the AppHost's throw-away infrastructure (PostgreSQL and RabbitMQ on free ports, data in a
# temporary directory; bench/lib.sh), the content service and four gateways (Release): one with its cache and
# limits in memory, one with Gateway:CacheReads=false, and the same two with their cache and rate-limit windows in
# the infrastructure's Redis, as replicas run them (issue 18); seeds published news, then loads each target with wrk.
# Fair by construction: every target is warmed up first (JIT, connection pools, prepared statements),
# then the direct and the proxied reads alternate for --rounds rounds, and medians are quoted — so a
# burst of load from elsewhere on the machine, or the first target's warm-up, does not decide the ratio.
# The p99 the proxy adds is read in the same rounds with one connection (no request waits behind another).
# wrk shares the cores with the servers: compare figures of one run, not runs on different machines.
# With BENCH_RESULTS set, appends the figures as JSON lines (bench/README.md).
set -euo pipefail

REPO_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)
# shellcheck source-path=SCRIPTDIR source=lib.sh
source "$REPO_ROOT/bench/lib.sh"

DURATION=10s CONNECTIONS=32 ITEMS=20 ROUNDS=3
while (($#)); do
    case "$1" in
        --duration) DURATION=$2; shift 2 ;;
        --rounds) ROUNDS=$2; shift 2 ;;
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
mapfile -t ports < <(bench_free_ports 5)
content_port=${ports[0]} gateway_port=${ports[1]} uncached_port=${ports[2]}
shared_port=${ports[3]} shared_uncached_port=${ports[4]}

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
uncached_env=("${gateway_env[@]}" "ASPNETCORE_URLS=http://127.0.0.1:$uncached_port" "Gateway__CacheReads=false")
# As the replicas run (issue 18): cache and rate-limit windows in Redis, one round trip for the limit on every request.
shared_env=("${gateway_env[@]}" "ASPNETCORE_URLS=http://127.0.0.1:$shared_port" "ConnectionStrings__redis=$RABAT_REDIS"
    "Gateway__SharedState__KeyPrefix=bench:")
shared_uncached_env=("${shared_env[@]}" "ASPNETCORE_URLS=http://127.0.0.1:$shared_uncached_port" "Gateway__CacheReads=false")

# The database first: `migrate` applies the migrations to an existing database (the AppHost creates its own).
bench_psql -c 'CREATE DATABASE contentdb'
(cd "$content_bin" && env "${content_env[@]}" dotnet RabatPlatform.Content.dll migrate) >"$TMP_DIR/migrate.log" 2>&1 ||
    { echo "ERROR: the content service's migration failed:" >&2; tail -n 20 "$TMP_DIR/migrate.log" >&2; exit 1; }
(cd "$content_bin" && exec env "${content_env[@]}" dotnet RabatPlatform.Content.dll) >"$TMP_DIR/content.log" 2>&1 &
PIDS+=($!)
(cd "$gateway_bin" && exec env "${gateway_env[@]}" dotnet RabatPlatform.Gateway.dll) >"$TMP_DIR/gateway.log" 2>&1 &
PIDS+=($!)
(cd "$gateway_bin" && exec env "${uncached_env[@]}" dotnet RabatPlatform.Gateway.dll) >"$TMP_DIR/gateway-uncached.log" 2>&1 &
PIDS+=($!)
(cd "$gateway_bin" && exec env "${shared_env[@]}" dotnet RabatPlatform.Gateway.dll) >"$TMP_DIR/gateway-shared.log" 2>&1 &
PIDS+=($!)
(cd "$gateway_bin" && exec env "${shared_uncached_env[@]}" dotnet RabatPlatform.Gateway.dll) >"$TMP_DIR/gateway-shared-uncached.log" 2>&1 &
PIDS+=($!)

deadline=$((SECONDS + 180))
until curl -fs "http://127.0.0.1:$content_port/health" >/dev/null && curl -fs "http://127.0.0.1:$gateway_port/alive" >/dev/null \
    && curl -fs "http://127.0.0.1:$uncached_port/alive" >/dev/null && curl -fs "http://127.0.0.1:$shared_port/alive" >/dev/null \
    && curl -fs "http://127.0.0.1:$shared_uncached_port/alive" >/dev/null; do
    if ((SECONDS > deadline)); then
        echo "ERROR: the content service or a gateway did not start; logs in $TMP_DIR" >&2
        tail -n 20 "$TMP_DIR"/*.log >&2
        exit 1
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
path="/api/content/news?lang=fr&pageSize=20"
direct_url="http://127.0.0.1:$content_port$path"
uncached_url="http://127.0.0.1:$uncached_port$path"
gateway_url="$gw$path"
shared_url="http://127.0.0.1:$shared_port$path"
shared_uncached_url="http://127.0.0.1:$shared_uncached_port$path"
alive_url="http://127.0.0.1:$content_port/alive"
# The proxy's own cost: a path the content service answers without its database (its 404 problem details), straight
# and through the uncached gateway. On two shared cores the proxy's CPU is taken from the service's, so the best
# ratio a proxy of that cost allows is list / (list + proxy) per request (the limit beside the ratio, issue 16).
floor_path="/api/content/bench-no-such-path"
floor_direct_url="http://127.0.0.1:$content_port$floor_path"
floor_proxied_url="http://127.0.0.1:$uncached_port$floor_path"
# The last news.published evicts the cache when it arrives: wait until the cached read shows every item.
deadline=$((SECONDS + 30))
until [[ "$(curl -fs "$gateway_url" | "$RABAT_SYS_PYTHON" -c 'import json,sys; print(json.load(sys.stdin)["total"])')" == "$ITEMS" ]]; do
    ((SECONDS < deadline)) || { echo "ERROR: the cached list never showed the $ITEMS items" >&2; exit 1; }
    sleep 0.2
done
direct_body=$(curl -fs "$direct_url")
[[ "$direct_body" == "$(curl -fs "$uncached_url")" && "$direct_body" == "$(curl -fs "$gateway_url")" ]] ||
    { echo "ERROR: the three reads differ" >&2; exit 1; }
curl -fs -D - -o /dev/null "$gateway_url" | grep -qi '^age:' || { echo "ERROR: the gateway did not serve from its cache" >&2; exit 1; }
curl -fs -D - -o /dev/null "$uncached_url" | grep -qi '^age:' && { echo "ERROR: the uncached gateway answered from a cache" >&2; exit 1; }
body_bytes=$(printf '%s' "$direct_body" | wc -c)

WRK_PARSE='
import re, sys
text = sys.stdin.read()
rps = float(re.search(r"Requests/sec:\s+([\d.]+)", text).group(1))
m = re.search(r"^\s+99%\s+([\d.]+)(us|ms|s)\s*$", text, re.M)
p99 = float(m.group(1)) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[m.group(2)]
errors = re.search(r"Non-2xx or 3xx responses: (\d+)", text)
if errors and len(sys.argv) < 2: sys.exit(f"{errors.group(1)} non-2xx answers")
print(f"{rps:.1f} {p99:.2f}")'
run_wrk() { # URL DURATION [any-status] -> "requests/s p99-ms"
    wrk -t2 -c"$CONNECTIONS" -d"$2" --latency "$1" | "$RABAT_SYS_PYTHON" -c "$WRK_PARSE" ${3:+"$3"}
}
# One connection, one request at a time: the cores are not saturated, so a request waits in no queue and the p99
# difference between the direct and the proxied read is the latency the proxy adds. At $CONNECTIONS connections the
# cores are saturated and a request's latency is mostly its wait behind the others (connections / throughput): the
# p99 difference there restates the throughput ratio, and is reported beside it without a target.
run_wrk_one() { # URL DURATION -> "requests/s p99-ms"
    wrk -t1 -c1 -d"$2" --latency "$1" | "$RABAT_SYS_PYTHON" -c "$WRK_PARSE"
}

say "warming up every target (10 s each: JIT, pools, prepared statements)"
for url in "$alive_url" "$direct_url" "$uncached_url" "$gateway_url" "$shared_uncached_url" "$shared_url"; do
    run_wrk "$url" 10s >/dev/null
done
for url in "$floor_direct_url" "$floor_proxied_url"; do
    [[ "$(curl -s -o /dev/null -w '%{http_code}' "$url")" == 404 ]] || { echo "ERROR: $url did not answer 404" >&2; exit 1; }
    run_wrk "$url" 10s any-status >/dev/null
done

declare -A RPS P99
for round in $(seq 1 "$ROUNDS"); do
    for target in alive direct uncached cached shared_uncached shared floor_direct floor_proxied direct_one uncached_one; do
        any="" run=run_wrk
        case $target in
            alive) url=$alive_url ;; direct) url=$direct_url ;; uncached) url=$uncached_url ;; cached) url=$gateway_url ;;
            shared_uncached) url=$shared_uncached_url ;; shared) url=$shared_url ;;
            floor_direct) url=$floor_direct_url any=any-status ;; floor_proxied) url=$floor_proxied_url any=any-status ;;
            direct_one) url=$direct_url run=run_wrk_one ;; uncached_one) url=$uncached_url run=run_wrk_one ;;
        esac
        read -r rps p99 < <($run "$url" "$DURATION" $any)
        RPS[$target]+="$rps " P99[$target]+="$p99 "
        printf '    round %s %-9s %10s req/s  p99 %8s ms  (load %s)\n' "$round" "$target" "$rps" "$p99" "$(cut -d' ' -f1-3 /proc/loadavg)"
    done
done

read -r -a figures < <("$RABAT_SYS_PYTHON" - "${RPS[alive]}" "${P99[alive]}" "${RPS[direct]}" "${P99[direct]}" \
    "${RPS[uncached]}" "${P99[uncached]}" "${RPS[cached]}" "${P99[cached]}" \
    "${RPS[shared_uncached]}" "${P99[shared_uncached]}" "${RPS[shared]}" "${P99[shared]}" \
    "${RPS[floor_direct]}" "${P99[floor_direct]}" "${RPS[floor_proxied]}" "${P99[floor_proxied]}" \
    "${RPS[direct_one]}" "${P99[direct_one]}" "${RPS[uncached_one]}" "${P99[uncached_one]}" <<'PY'
import statistics, sys
print(" ".join(f"{statistics.median(map(float, a.split())):.2f}" for a in sys.argv[1:]))
PY
)
a_rps=${figures[0]} a_p99=${figures[1]} d_rps=${figures[2]} d_p99=${figures[3]}
u_rps=${figures[4]} u_p99=${figures[5]} c_rps=${figures[6]} c_p99=${figures[7]}
su_rps=${figures[8]} su_p99=${figures[9]} s_rps=${figures[10]} s_p99=${figures[11]}
fd_rps=${figures[12]} fp_rps=${figures[14]}
d1_rps=${figures[16]} d1_p99=${figures[17]} u1_rps=${figures[18]} u1_p99=${figures[19]}
# Machine-seconds per request: the list's, and what the proxy adds to a request (the same 404 proxied minus direct).
read -r proxy_us list_us ratio_limit < <("$RABAT_SYS_PYTHON" -c "
proxy = max(0.0, 1 / $fp_rps - 1 / $fd_rps); listing = 1 / $d_rps
print(f'{proxy * 1e6:.1f} {listing * 1e6:.1f} {listing / (listing + proxy):.3f}')")
read -r ratio added cached_ratio added_one < <("$RABAT_SYS_PYTHON" -c \
    "print(f'{$u_rps / $d_rps:.3f} {$u_p99 - $d_p99:.2f} {$c_rps / $d_rps:.1f} {$u1_p99 - $d1_p99:.2f}')")
read -r shared_ratio shared_added < <("$RABAT_SYS_PYTHON" -c "print(f'{$su_rps / $d_rps:.3f} {$su_p99 - $d_p99:.2f}')")

echo
printf 'medians of %s rounds of %s, wrk -t2 -c%s; list answer %s bytes (%s items)\n' "$ROUNDS" "$DURATION" "$CONNECTIONS" "$body_bytes" "$ITEMS"
printf '%-52s %12s %10s\n' "GET /api/content/news?lang=fr&pageSize=20" "requests/s" "p99 (ms)"
printf '%-52s %12.0f %10.2f\n' "content service /alive (framework ceiling)" "$a_rps" "$a_p99"
printf '%-52s %12.0f %10.2f\n' "content service (PostgreSQL every time)" "$d_rps" "$d_p99"
printf '%-52s %12.0f %10.2f\n' "gateway, cache off (proxy path)" "$u_rps" "$u_p99"
printf '%-52s %12.0f %10.2f\n' "gateway (output cache)" "$c_rps" "$c_p99"
printf '%-52s %12.0f %10.2f\n' "gateway, Redis-shared limits, cache off" "$su_rps" "$su_p99"
printf '%-52s %12.0f %10.2f\n' "gateway, Redis-shared limits and cache" "$s_rps" "$s_p99"
printf '%-52s %11.2fx %+9.2f ms\n' "gateway cache off / service" "$ratio" "$added"
printf '%-52s %11.1fx\n' "gateway cached / service" "$cached_ratio"
printf '%-52s %11.2fx %+9.2f ms\n' "gateway Redis-shared, cache off / service" "$shared_ratio" "$shared_added"
printf '%-52s %12.0f %10.2f\n' "content service, one connection" "$d1_rps" "$d1_p99"
printf '%-52s %12.0f %10.2f\n' "gateway, cache off, one connection" "$u1_rps" "$u1_p99"
printf '%-52s %12s %+9.2f ms\n' "p99 the proxy adds, one connection" "" "$added_one"
printf '%-52s %12.0f\n' "content 404 without database, direct" "$fd_rps"
printf '%-52s %12.0f\n' "content 404 without database, through the gateway" "$fp_rps"
printf 'the proxy adds %s us of machine time per request; a list costs %s us: the best ratio on these cores is %s\n' \
    "$proxy_us" "$list_us" "$ratio_limit"

met() { "$RABAT_SYS_PYTHON" -c "print('true' if $1 else 'false')"; }
limit_name="content service /alive, same run (framework ceiling)"
bench_result "news list direct: throughput" "$d_rps" "req/s" ">= 3000" "$(met "$d_rps >= 3000")" "$a_rps" "$limit_name"
bench_result "news list direct: p99" "$d_p99" "ms" "" ""
bench_result "news list direct: answer size (20 items)" "$body_bytes" "bytes" "" ""
bench_result "news list via gateway, cache off: throughput / direct" "$ratio" "ratio" ">= 0.9" "$(met "$ratio >= 0.9")" \
    "$ratio_limit" "list / (list + proxy) per request: the proxy's own cost measured on a 404 without database, same run"
bench_result "gateway proxy: machine time added per request" "$proxy_us" "us" "" ""
bench_result "news list via gateway, cache off: p99 added (one connection: no queue)" "$added_one" "ms" "<= 2" "$(met "$added_one <= 2")"
bench_result "news list via gateway, cache off: p99 added at $CONNECTIONS connections (cores saturated: the wait behind other requests)" "$added" "ms" "" ""
bench_result "news list via gateway, cached: throughput" "$c_rps" "req/s" "" "" "$a_rps" "$limit_name"
bench_result "news list via gateway with Redis-shared limits, cache off: throughput / direct" "$shared_ratio" "ratio" "" ""
bench_result "news list via gateway with Redis-shared limits, cache off: p99 added at $CONNECTIONS connections" "$shared_added" "ms" "" ""
bench_result "news list via gateway with Redis-shared limits and cache: throughput" "$s_rps" "req/s" "" "" "$a_rps" "$limit_name"
