# shellcheck shell=bash
#
# bench/write-lib.sh — sourced by the write-side benchmarks (bench/registrations.sh, bench/mail.sh,
# bench/events.sh), on top of bench/lib.sh. They run real service processes (the Release builds of the
# services, as the AppHost runs them) against the AppHost's throw-away infrastructure, and drive them
# from bench/RabatPlatform.WriteBench.
#
#   write_bench_infrastructure NAME        packages, AppHost build, infrastructure in a temporary directory
#                                          (RABAT_POSTGRES, RABAT_RABBITMQ, RABAT_SMTP set)
#   write_bench_build PROJECT...           dotnet build -c Release into bench/.artifacts (never the projects' bin/obj)
#   write_bench_dll NAME                   the path of a built assembly (RabatPlatform.Meetings → …/RabatPlatform.Meetings.dll)
#   write_bench_service NAME DLL PORT [VAR=VALUE...]
#                                          migrates then starts a service (Development, its log in the temporary
#                                          directory), waits until /health answers 200; its pid in WRITE_BENCH_LAST_PID
#   write_bench_background COMMAND...      runs a helper process (an SMTP sink…) stopped by the cleanup
#   write_bench_cleanup                    EXIT trap: stops the services, then the infrastructure

if [[ -n "${_RABAT_WRITE_BENCH_LIB_SH_LOADED:-}" ]]; then
    return 0
fi
_RABAT_WRITE_BENCH_LIB_SH_LOADED=1
# shellcheck source-path=SCRIPTDIR source=lib.sh
source "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)/lib.sh"

WRITE_BENCH_ARTIFACTS=${RABAT_BENCH_ARTIFACTS:-$_RABAT_BENCH_REPO_ROOT/bench/.artifacts}
_WRITE_BENCH_DIR=""
_WRITE_BENCH_PIDS=()
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

write_bench_infrastructure() {
    rabat_ensure_packages
    echo "==> building the AppHost (Release)"
    bench_build_apphost
    _WRITE_BENCH_DIR=$(mktemp -d "${TMPDIR:-/tmp}/rabat-${1:?write_bench_infrastructure NAME}-bench.XXXXXX")
    chmod 755 "$_WRITE_BENCH_DIR"
    echo "==> starting the infrastructure (AppHost, infrastructure only) in $_WRITE_BENCH_DIR"
    rabat_start_infrastructure "$_WRITE_BENCH_DIR/infrastructure"
    export RABAT_BENCH_POSTGRES=$RABAT_POSTGRES WRITE_BENCH_DIR=$_WRITE_BENCH_DIR
}

write_bench_build() {
    local project
    for project in "$@"; do
        echo "==> building $project (Release)"
        # Ready-to-run copies of the services (Directory.Build.targets), as a production build would run.
        dotnet build "$_RABAT_BENCH_REPO_ROOT/$project" -c Release -p:RabatReadyToRun=true --artifacts-path "$WRITE_BENCH_ARTIFACTS" -nologo -v quiet -clp:NoSummary
    done
}

# The ready-to-run copy of a service when its build made one, else the plain build.
write_bench_dll() {
    local dir=$WRITE_BENCH_ARTIFACTS/bin/$1/release
    if [[ -f "$dir/r2r/$1.dll" ]]; then printf '%s\n' "$dir/r2r/$1.dll"; else printf '%s\n' "$dir/$1.dll"; fi
}

# write_bench_service NAME DLL PORT [VAR=VALUE...]: the service's database is NAME's (ConnectionStrings__<NAME>db).
write_bench_service() {
    local name=$1 dll=$2 port=$3 i
    shift 3
    local -a environment=(
        DOTNET_ENVIRONMENT=Development ASPNETCORE_ENVIRONMENT=Development
        "ConnectionStrings__${name}db=$RABAT_POSTGRES;Database=${name}db"
        "ConnectionStrings__messaging=$RABAT_RABBITMQ" "ConnectionStrings__smtp=$RABAT_SMTP"
        "ASPNETCORE_URLS=http://127.0.0.1:$port" "$@")
    echo "==> migrating and starting $name on 127.0.0.1:$port"
    (cd "$(dirname "$dll")" && env "${environment[@]}" dotnet "$dll" migrate) >"$_WRITE_BENCH_DIR/$name-migrate.log" 2>&1
    (cd "$(dirname "$dll")" && exec env "${environment[@]}" dotnet "$dll") </dev/null >"$_WRITE_BENCH_DIR/$name.log" 2>&1 &
    _WRITE_BENCH_PIDS+=("$!")
    WRITE_BENCH_LAST_PID=$!
    for ((i = 0; i < 1200; i++)); do
        if curl -fsS -o /dev/null "http://127.0.0.1:$port/health" 2>/dev/null; then
            return 0
        fi
        if ! kill -0 "$!" 2>/dev/null; then
            break
        fi
        sleep 0.1
    done
    echo "ERROR: $name did not become healthy; see $_WRITE_BENCH_DIR/$name.log" >&2
    tail -n 30 "$_WRITE_BENCH_DIR/$name.log" >&2 || true
    return 1
}

write_bench_background() {
    "$@" </dev/null >"$_WRITE_BENCH_DIR/$(basename "$1").log" 2>&1 &
    _WRITE_BENCH_PIDS+=("$!")
}

# shellcheck disable=SC2317 # invoked from traps
write_bench_cleanup() {
    local pid
    for pid in "${_WRITE_BENCH_PIDS[@]}"; do
        kill -TERM "$pid" 2>/dev/null || true
    done
    for pid in "${_WRITE_BENCH_PIDS[@]}"; do
        wait "$pid" 2>/dev/null || true
    done
    _WRITE_BENCH_PIDS=()
    if [[ -n "$_WRITE_BENCH_DIR" ]]; then
        rabat_stop_infrastructure || true
        if [[ -z "${WRITE_BENCH_KEEP_LOGS:-}" ]]; then
            rm -rf "$_WRITE_BENCH_DIR"
        fi
    fi
}
