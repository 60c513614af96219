#!/usr/bin/env bash
#
# eng/run.sh — run the whole RabatPlatform locally, without Docker:
# PostgreSQL, RabbitMQ and an SMTP sink as private processes, the five
# services and the YARP gateway as plain `dotnet <dll>` processes.
#
#   eng/run.sh [--no-build] [--no-seed]
#
# On an empty platform (no partner yet) it loads the real data set with
# eng/seed.sh once everything is healthy; --no-seed skips that.
#
# Data (databases, RabbitMQ state, received mail) is kept between runs under
# <repo>/.local/; every process logs to <repo>/.local/logs/<name>.log.
# Ctrl+C stops everything this script started.
#
# Port overrides: RABAT_PG_PORT (55432), RABAT_AMQP_PORT (5672),
# RABAT_AMQP_MGMT_PORT (15672), RABAT_SMTP_PORT (2525),
# RABAT_GATEWAY_PORT (8080). OTEL_EXPORTER_OTLP_ENDPOINT is passed through.
set -euo pipefail

REPO_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)
# shellcheck source-path=SCRIPTDIR source=lib/servers.sh
source "$REPO_ROOT/eng/lib/servers.sh"

usage() {
    sed -n '3,18p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'
}

BUILD=1
SEED=1
for arg in "$@"; do
    case "$arg" in
        --no-build) BUILD=0 ;;
        --no-seed) SEED=0 ;;
        -h | --help) usage; exit 0 ;;
        *) echo "unknown argument: $arg (try --help)" >&2; exit 2 ;;
    esac
done

# --- Configuration ----------------------------------------------------------

PG_PORT=${RABAT_PG_PORT:-55432}
AMQP_PORT=${RABAT_AMQP_PORT:-5672}
AMQP_MGMT_PORT=${RABAT_AMQP_MGMT_PORT:-15672}
SMTP_PORT=${RABAT_SMTP_PORT:-2525}
GATEWAY_PORT=${RABAT_GATEWAY_PORT:-8080}
RABBITMQ_NODE=rabat@localhost

SERVICES=(content meetings publications subscriptions search)
declare -A SERVICE_PORT=(
    [content]=5101
    [meetings]=5102
    [publications]=5103
    [subscriptions]=5104
    [search]=5105
)

LOCAL_DIR=$REPO_ROOT/.local
PG_DIR=$LOCAL_DIR/postgres
RABBITMQ_DIR=$LOCAL_DIR/rabbitmq
SMTP_DIR=$LOCAL_DIR/smtp
LOG_DIR=$LOCAL_DIR/logs
HEALTH_TIMEOUT=120

# services/<svc>/bin/Release/net10.0/RabatPlatform.<Svc>.dll
service_bin_dir() { printf '%s\n' "$REPO_ROOT/services/$1/bin/Release/net10.0"; }
service_dll() { printf '%s\n' "$(service_bin_dir "$1")/RabatPlatform.${1^}.dll"; }
GATEWAY_BIN_DIR=$REPO_ROOT/gateway/bin/Release/net10.0
GATEWAY_DLL=$GATEWAY_BIN_DIR/RabatPlatform.Gateway.dll

say() { printf '==> %s\n' "$*"; }
die() { printf 'ERROR: %s\n' "$*" >&2; exit 1; }

# --- Process bookkeeping and shutdown -------------------------------------

declare -A PROC_PID=()   # name -> pid of the dotnet processes we started
declare -A MIGRATE_PID=() # service -> pid of a running `migrate`
PROC_ORDER=()            # start order; stopped in reverse
PG_STARTED=0 RABBITMQ_STARTED=0 SMTP_STARTED=0
CLEANED_UP=0

# shellcheck disable=SC2317 # invoked from the EXIT trap
cleanup() {
    ((CLEANED_UP)) && return 0
    CLEANED_UP=1
    trap '' INT TERM # no second Ctrl+C half-way through the shutdown
    local i name pid
    for pid in "${MIGRATE_PID[@]}"; do
        _rabat_kill_wait "$pid" 10 || true
    done
    if ((${#PROC_ORDER[@]})); then
        say "stopping services"
        # SIGTERM everything first (graceful shutdown runs in parallel) ...
        for ((i = ${#PROC_ORDER[@]} - 1; i >= 0; i--)); do
            pid=${PROC_PID[${PROC_ORDER[i]}]}
            kill -TERM "$pid" 2>/dev/null || true
        done
        # ... then wait for each, SIGKILL after a grace period.
        for ((i = ${#PROC_ORDER[@]} - 1; i >= 0; i--)); do
            name=${PROC_ORDER[i]}
            _rabat_kill_wait "${PROC_PID[$name]}" 20 || true
            wait "${PROC_PID[$name]}" 2>/dev/null || true
        done
    fi
    if ((SMTP_STARTED)); then say "stopping SMTP"; rabat_stop_smtp "$SMTP_DIR"; fi
    if ((RABBITMQ_STARTED)); then say "stopping RabbitMQ"; rabat_stop_rabbitmq "$RABBITMQ_DIR" "$RABBITMQ_NODE"; fi
    if ((PG_STARTED)); then say "stopping PostgreSQL"; rabat_stop_postgres "$PG_DIR"; fi
    say "stopped"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# --- Environment of the .NET processes --------------------------------------

# service_env SVC: set the array ENV_ARGS (VAR=value for `env`) for service SVC.
service_env() {
    local svc=$1
    ENV_ARGS=(
        "ASPNETCORE_ENVIRONMENT=Development"
        "ASPNETCORE_URLS=http://127.0.0.1:${SERVICE_PORT[$svc]}"
        "ConnectionStrings__messaging=amqp://guest:guest@127.0.0.1:$AMQP_PORT/"
        "ConnectionStrings__${svc}db=Host=127.0.0.1;Port=$PG_PORT;Database=${svc}db;Username=postgres;Password=postgres"
    )
    if [[ "$svc" == subscriptions ]]; then
        ENV_ARGS+=("ConnectionStrings__smtp=smtp://127.0.0.1:$SMTP_PORT")
    fi
    if [[ -n "${OTEL_EXPORTER_OTLP_ENDPOINT:-}" ]]; then
        ENV_ARGS+=("OTEL_EXPORTER_OTLP_ENDPOINT=$OTEL_EXPORTER_OTLP_ENDPOINT")
    fi
}

gateway_env() {
    local svc
    ENV_ARGS=(
        "ASPNETCORE_ENVIRONMENT=Development"
        "ASPNETCORE_URLS=http://127.0.0.1:$GATEWAY_PORT"
        "ConnectionStrings__messaging=amqp://guest:guest@127.0.0.1:$AMQP_PORT/"
    )
    for svc in "${SERVICES[@]}"; do
        ENV_ARGS+=("services__${svc}__http__0=http://127.0.0.1:${SERVICE_PORT[$svc]}")
    done
    if [[ -n "${OTEL_EXPORTER_OTLP_ENDPOINT:-}" ]]; then
        ENV_ARGS+=("OTEL_EXPORTER_OTLP_ENDPOINT=$OTEL_EXPORTER_OTLP_ENDPOINT")
    fi
}

# start_dotnet NAME BIN_DIR DLL: start `dotnet DLL` in BIN_DIR (so that its
# appsettings*.json are found) with ENV_ARGS, logging to LOG_DIR/NAME.log.
start_dotnet() {
    local name=$1 bin_dir=$2 dll=$3
    (cd "$bin_dir" && exec env "${ENV_ARGS[@]}" dotnet "$dll") \
        </dev/null >"$LOG_DIR/$name.log" 2>&1 &
    PROC_PID[$name]=$!
    PROC_ORDER+=("$name")
}

# --- 1. Prerequisites and build --------------------------------------------

rabat_ensure_packages
command -v dotnet >/dev/null 2>&1 || die "dotnet is not on PATH (the .NET 10 SDK is required)"
mkdir -p "$LOG_DIR"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

if ((BUILD)); then
    say "building RabatPlatform.CI.slnf (Release)"
    (cd "$REPO_ROOT" && dotnet build RabatPlatform.CI.slnf -c Release -nologo -v quiet) ||
        die "build failed"
fi

for svc in "${SERVICES[@]}"; do
    [[ -f "$(service_dll "$svc")" ]] || die "$(service_dll "$svc") not found — build first (drop --no-build)"
done
[[ -f "$GATEWAY_DLL" ]] || die "$GATEWAY_DLL not found — build first (drop --no-build)"

# Fail early, with a clear message, if a fixed port is taken.
for port in "$GATEWAY_PORT" "${SERVICE_PORT[@]}"; do
    _rabat_require_free_port "$port" "platform" || die "free port $port (or change it, see --help)"
done

# --- 2. Servers ---------------------------------------------------------------

say "starting PostgreSQL on 127.0.0.1:$PG_PORT"
PG_STARTED=1
rabat_start_postgres "$PG_DIR" "$PG_PORT"

say "starting RabbitMQ ($RABBITMQ_NODE) on 127.0.0.1:$AMQP_PORT"
RABBITMQ_STARTED=1
rabat_start_rabbitmq "$RABBITMQ_DIR" "$AMQP_PORT" "$AMQP_MGMT_PORT" "$RABBITMQ_NODE"

say "starting SMTP sink on 127.0.0.1:$SMTP_PORT"
SMTP_STARTED=1
rabat_start_smtp "$SMTP_DIR" "$SMTP_PORT"

# --- 3. Database migrations ------------------------------------------------

# `<dll> migrate` applies the service's EF Core migrations (creating its
# database) and exits. The five run in parallel (each has its own database);
# the timeout catches a service that ignores the argument.
say "migrating ${SERVICES[*]}"
for svc in "${SERVICES[@]}"; do
    service_env "$svc"
    (cd "$(service_bin_dir "$svc")" &&
        exec timeout 300 env "${ENV_ARGS[@]}" dotnet "$(service_dll "$svc")" migrate) \
        </dev/null >"$LOG_DIR/$svc-migrate.log" 2>&1 &
    MIGRATE_PID[$svc]=$!
done
failed=()
for svc in "${SERVICES[@]}"; do
    wait "${MIGRATE_PID[$svc]}" || failed+=("$svc")
    unset "MIGRATE_PID[$svc]"
done
if ((${#failed[@]})); then
    for svc in "${failed[@]}"; do _rabat_tail "$LOG_DIR/$svc-migrate.log"; done
    die "migrating ${failed[*]} failed — see $LOG_DIR/<service>-migrate.log"
fi

# --- 4. Services and gateway -------------------------------------------------

for svc in "${SERVICES[@]}"; do
    say "starting $svc on http://127.0.0.1:${SERVICE_PORT[$svc]}"
    service_env "$svc"
    start_dotnet "$svc" "$(service_bin_dir "$svc")" "$(service_dll "$svc")"
done
say "starting gateway on http://127.0.0.1:$GATEWAY_PORT"
gateway_env
start_dotnet gateway "$GATEWAY_BIN_DIR" "$GATEWAY_DLL"

# http_status URL: print the HTTP status code (000 if no answer).
http_status() {
    curl -s -o /dev/null -w '%{http_code}' --max-time 2 "$1" || true
}

say "waiting for http://127.0.0.1:$GATEWAY_PORT/health (up to ${HEALTH_TIMEOUT}s)"
deadline=$((SECONDS + HEALTH_TIMEOUT))
while :; do
    for name in "${PROC_ORDER[@]}"; do
        if ! _rabat_alive "${PROC_PID[$name]}"; then
            _rabat_tail "$LOG_DIR/$name.log"
            die "$name exited during start-up — read $LOG_DIR/$name.log"
        fi
    done
    [[ "$(http_status "http://127.0.0.1:$GATEWAY_PORT/health")" == 200 ]] && break
    if ((SECONDS >= deadline)); then
        echo "ERROR: the gateway's /health did not answer 200 within ${HEALTH_TIMEOUT}s." >&2
        echo "Health of each process (read the log of any that is not 200):" >&2
        for svc in "${SERVICES[@]}"; do
            printf '  %-14s %s  %s\n' "$svc" \
                "$(http_status "http://127.0.0.1:${SERVICE_PORT[$svc]}/health")" "$LOG_DIR/$svc.log" >&2
        done
        printf '  %-14s %s  %s\n' gateway \
            "$(http_status "http://127.0.0.1:$GATEWAY_PORT/health")" "$LOG_DIR/gateway.log" >&2
        exit 1
    fi
    sleep 1
done

# --- 5. Ready (and the real data set on an empty platform) ---------------------

if ((SEED)); then
    if curl -s "http://127.0.0.1:$GATEWAY_PORT/api/content/partners" | grep -q '"code"'; then
        say "data present: not seeding (eng/seed.sh --update reloads the real data set)"
    else
        say "empty platform: loading the real data set (eng/seed.sh, log $LOG_DIR/seed.log)"
        "$REPO_ROOT/eng/seed.sh" --gateway "http://127.0.0.1:$GATEWAY_PORT" >"$LOG_DIR/seed.log" 2>&1 \
            || echo "WARNING: seeding failed — read $LOG_DIR/seed.log" >&2
    fi
fi

ctl="HOME=$RABBITMQ_DIR/home $RABAT_RABBITMQ_BIN/rabbitmqctl -n $RABBITMQ_NODE"
cat <<EOF

RabatPlatform is running.

  Gateway            http://127.0.0.1:$GATEWAY_PORT
  RabbitMQ console   http://127.0.0.1:$AMQP_MGMT_PORT   (guest / guest)
  Received mail      $SMTP_DIR/maildir/new
  Logs               $LOG_DIR/

  Dev token:
    curl -s -X POST localhost:$GATEWAY_PORT/api/auth/dev-token -H 'content-type: application/json' -d '{"role":"secretariat"}'

  RabbitMQ outage drill (from another terminal):
    $ctl stop_app
    $ctl start_app

Press Ctrl+C to stop everything.
EOF

# --- 6. Run until interrupted ------------------------------------------------

# Report any process that dies; the others keep running.
declare -A NAME_OF=()
for name in "${PROC_ORDER[@]}"; do NAME_OF[${PROC_PID[$name]}]=$name; done
smtp_pid=$(_rabat_read_pid "$SMTP_DIR/smtp.pid")
rabbit_pid=$(_rabat_read_pid "$RABBITMQ_DIR/rabbit.launcher.pid")
[[ -n "$smtp_pid" ]] && NAME_OF[$smtp_pid]=smtp
[[ -n "$rabbit_pid" ]] && NAME_OF[$rabbit_pid]=rabbitmq
while ((${#NAME_OF[@]})); do
    done_pid=""
    rc=0
    wait -n -p done_pid "${!NAME_OF[@]}" || rc=$?
    if [[ -z "$done_pid" ]]; then
        # Nothing left to wait for (should not happen): idle until Ctrl+C.
        sleep 5 & wait $! || true
        continue
    fi
    name=${NAME_OF[$done_pid]}
    unset "NAME_OF[$done_pid]"
    case "$name" in
        smtp) log=$SMTP_DIR/smtp.log ;;
        rabbitmq) log=$RABBITMQ_DIR/log/$RABBITMQ_NODE.log ;;
        *) log=$LOG_DIR/$name.log ;;
    esac
    echo "WARNING: $name exited with code $rc — see $log" >&2
    _rabat_tail "$log" 15
done
die "all processes have exited"
