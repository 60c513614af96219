# shellcheck shell=bash
#
# bench/lib.sh — sourced by the bench/*.sh scripts. The servers come from the AppHost, run
# infrastructure-only (eng/lib/infrastructure.sh: throw-away PostgreSQL with durability off, RabbitMQ
# and an SMTP sink on free ports, as processes, no dashboard); the Debian packages it runs from
# eng/lib/packages.sh.
#
#   bench_build_apphost        dotnet build AppHost -c Release, ready-to-run (its binary is what runs the servers)
#   bench_free_ports [COUNT]   prints COUNT distinct free TCP ports on 127.0.0.1, one per line
#   bench_postgres_setting KEY prints the value of KEY (Host, Port, …) in RABAT_POSTGRES
#   bench_postgres_address     prints host:port of RABAT_POSTGRES (for messages)
#   bench_psql ARGS...         psql on RABAT_POSTGRES's server (maintenance database postgres)
#   bench_own_postgres NAME    RABAT_BENCH_POSTGRES as given, or else the PostgreSQL of the AppHost's
#                              infrastructure, started in a temporary directory
#   bench_cleanup              the EXIT trap of a script that calls bench_own_postgres: stops and removes it
#   bench_result FIGURE VALUE UNIT TARGET MET [LIMIT LIMIT_NAME]
#                              when BENCH_RESULTS names a file, appends one JSON line for a figure (the shared
#                              convention, bench/README.md "Results as JSON"); TARGET "" and MET "" are null
#   bench_results_from_output FILE KIND
#                              the figures of a C# bench's printed output (KIND search|webhooks|newsletter)
#
# and, from eng/lib: rabat_ensure_packages, rabat_start_infrastructure DIR (sets RABAT_POSTGRES,
# RABAT_RABBITMQ, RABAT_SMTP), rabat_stop_infrastructure, RABAT_SYS_PYTHON.

if [[ -n "${_RABAT_BENCH_LIB_SH_LOADED:-}" ]]; then
    return 0
fi
_RABAT_BENCH_LIB_SH_LOADED=1
_RABAT_BENCH_REPO_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)

# shellcheck source-path=SCRIPTDIR source=../eng/lib/packages.sh
source "$_RABAT_BENCH_REPO_ROOT/eng/lib/packages.sh"
# shellcheck source-path=SCRIPTDIR source=../eng/lib/infrastructure.sh
source "$_RABAT_BENCH_REPO_ROOT/eng/lib/infrastructure.sh"

bench_build_apphost() {
    # Ready-to-run copies of the programs (Directory.Build.targets): what a production build would start.
    dotnet build "$_RABAT_BENCH_REPO_ROOT/AppHost" -c Release -p:RabatReadyToRun=true -nologo -v quiet -clp:NoSummary
}

# All sockets are held open together so that the ports differ from each other; as with any free-port
# helper, another program may take one before the caller binds it.
bench_free_ports() {
    "$RABAT_SYS_PYTHON" - "${1:-1}" <<'PY'
import socket, sys
socks = [socket.socket(socket.AF_INET, socket.SOCK_STREAM) for _ in range(int(sys.argv[1]))]
for s in socks:
    s.bind(("127.0.0.1", 0))
for s in socks:
    print(s.getsockname()[1])
for s in socks:
    s.close()
PY
}

# bench_postgres_setting KEY: the value of KEY (Host, Port, Username, Password, …; any case) in
# RABAT_POSTGRES, nothing when absent.
bench_postgres_setting() {
    local key=${1,,} part name
    local -a parts
    IFS=';' read -ra parts <<<"${RABAT_POSTGRES:?RABAT_POSTGRES is not set}"
    for part in "${parts[@]}"; do
        name=${part%%=*}
        name=${name//[[:space:]]/}
        if [[ "${name,,}" == "$key" ]]; then
            printf '%s\n' "${part#*=}"
            return 0
        fi
    done
}

bench_postgres_address() {
    local port
    port=$(bench_postgres_setting port)
    printf '%s:%s\n' "$(bench_postgres_setting host)" "${port:-5432}"
}

# bench_psql ARGS...: psql on the maintenance database (postgres) of RABAT_POSTGRES's server.
bench_psql() {
    local port
    port=$(bench_postgres_setting port)
    PGPASSWORD=$(bench_postgres_setting password) psql -h "$(bench_postgres_setting host)" -p "${port:-5432}" \
        -U "$(bench_postgres_setting username)" -d postgres -X -q -v ON_ERROR_STOP=1 "$@"
}

_RABAT_BENCH_TMP_DIR=""

# bench_own_postgres NAME: exports RABAT_BENCH_POSTGRES. When it is not set, builds the AppHost and starts its
# infrastructure in a temporary directory (rabat-NAME-bench.*), which bench_cleanup stops and removes.
bench_own_postgres() {
    if [[ -n "${RABAT_BENCH_POSTGRES:-}" ]]; then
        export RABAT_BENCH_POSTGRES
        return 0
    fi
    rabat_ensure_packages
    echo "==> building the AppHost (Release)"
    bench_build_apphost
    _RABAT_BENCH_TMP_DIR=$(mktemp -d "${TMPDIR:-/tmp}/rabat-${1:?bench_own_postgres NAME}-bench.XXXXXX")
    chmod 755 "$_RABAT_BENCH_TMP_DIR"
    echo "==> starting the infrastructure (AppHost, infrastructure only) in $_RABAT_BENCH_TMP_DIR"
    rabat_start_infrastructure "$_RABAT_BENCH_TMP_DIR/infrastructure"
    echo "==> PostgreSQL on $(bench_postgres_address)"
    export RABAT_BENCH_POSTGRES=$RABAT_POSTGRES
}

# shellcheck disable=SC2317 # invoked from traps
bench_cleanup() {
    if [[ -n "$_RABAT_BENCH_TMP_DIR" ]]; then
        rabat_stop_infrastructure || true
        rm -rf "$_RABAT_BENCH_TMP_DIR"
    fi
}

# The command line of the script that sources this file, as quoted in the results.
BENCH_COMMAND=${BENCH_COMMAND:-bench/$(basename "$0")${*:+ $*}}

# bench_result FIGURE VALUE UNIT TARGET MET [LIMIT LIMIT_NAME]: MET is true, false or "" (no target);
# LIMIT "" is null. The load average is read now, when the figure is reported.
bench_result() {
    [[ -n "${BENCH_RESULTS:-}" ]] || return 0
    "$RABAT_SYS_PYTHON" - "$1" "$2" "$3" "$4" "$5" "${6:-}" "${7:-}" "$BENCH_COMMAND" >>"$BENCH_RESULTS" <<'PY'
import json, sys
figure, value, unit, target, met, limit, limit_name, command = sys.argv[1:9]
with open("/proc/loadavg") as f:
    load = f.read().strip()
print(json.dumps({
    "figure": figure, "value": float(value), "unit": unit, "target": target or None,
    "met": {"true": True, "false": False}.get(met), "limit": float(limit) if limit else None,
    "limit_name": limit_name or None, "load": load, "command": command}, ensure_ascii=False))
PY
}

# bench_results_from_output FILE KIND: reports the figures a C# bench printed to FILE.
bench_results_from_output() {
    [[ -n "${BENCH_RESULTS:-}" ]] || return 0
    local line
    while IFS='|' read -r -a line; do
        bench_result "${line[0]}" "${line[1]}" "${line[2]}" "${line[3]:-}" "${line[4]:-}" # read drops trailing empty fields
    done < <("$RABAT_SYS_PYTHON" - "$1" "$2" <<'PY'
import re, sys
text, kind = open(sys.argv[1], encoding="utf-8").read(), sys.argv[2]
rows = []
if kind == "search":
    items = re.search(r"items: ([\d,]+)", text)
    n = items.group(1) if items else "?"
    clients = re.search(r"clients: (\d+);.*= ([\d.]+) calls/s", text)
    c = clients.group(1) if clients else "1"
    m = re.search(r"\| \*\*all calls\*\* \([\d,]+\) \| \| \*\*([\d.]+)\*\* \| \*\*([\d.]+)\*\* \| \*\*([\d.]+)\*\*", text)
    if m:
        p95 = float(m.group(2))
        rows.append((f"search p95 at {n} items, {c} client(s)", m.group(2), "ms", "<= 25", "true" if p95 <= 25 else "false"))
        rows.append((f"search p50 at {n} items, {c} client(s)", m.group(1), "ms", "", ""))
    if clients:
        rows.append((f"search throughput at {n} items, {c} client(s)", clients.group(2), "calls/s", "", ""))
elif kind == "webhooks":
    m = re.search(r"steady rate .*?: ([\d,]+) deliveries/s", text)
    if m:
        rows.append(("webhook deliveries: steady rate", m.group(1).replace(",", ""), "deliveries/s", "", ""))
    m = re.search(r"time from start to receipt \(ms\): p50 ([\d.]+), p95 ([\d.]+)", text)
    if m:
        rows.append(("webhook deliveries: p95 time to receipt", m.group(2), "ms", "", ""))
elif kind == "newsletter":
    m = re.search(r"fan-out: ([\d,]+) mails queued for ([\d,]+) subscribers in ([\d.]+) s \(([\d,]+) rows/s", text)
    if m:
        rows.append((f"newsletter fan-out: {m.group(2)} subscribers enqueued", m.group(3), "s", "", ""))
        rows.append(("newsletter fan-out: rows/s", m.group(4).replace(",", ""), "rows/s", "", ""))
    m = re.search(r"managed heap: before [\d.]+ MiB, peak ([\d.]+) MiB", text)
    if m:
        rows.append(("newsletter fan-out: peak managed heap", m.group(1), "MiB", "", ""))
for row in rows:
    print("|".join(row))
PY
)
}
