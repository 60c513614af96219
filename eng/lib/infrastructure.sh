#!/usr/bin/env bash
# eng/lib/infrastructure.sh — sourced by scripts that need the infrastructure without the services
# (the benchmarks). It runs the AppHost itself, infrastructure only: throw-away PostgreSQL, RabbitMQ and
# SMTP server on free ports, as processes, no dashboard.
#
#   rabat_start_infrastructure DIR   starts it with its data in DIR; once every server is healthy, sets
#                                    RABAT_POSTGRES (no database), RABAT_RABBITMQ, RABAT_SMTP and RABAT_REDIS
#   rabat_stop_infrastructure        stops it (the AppHost stops each server cleanly)
#
# The AppHost must be built (dotnet build AppHost -c Release).

if [[ -n "${_RABAT_INFRASTRUCTURE_SH_LOADED:-}" ]]; then
    return 0
fi
_RABAT_INFRASTRUCTURE_SH_LOADED=1
_RABAT_REPO_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd -P)
_RABAT_INFRA_PID=""

rabat_start_infrastructure() {
    local dir=${1:?rabat_start_infrastructure DIR} i
    mkdir -p "$dir"
    dir=$(cd "$dir" && pwd -P)
    chmod 755 "$dir" # PostgreSQL runs as the postgres user when we are root
    rm -f "$dir/infrastructure.env"
    # The AppHost's own binary, not `dotnet run`: `dotnet run` returns on TERM before the AppHost has stopped.
    (cd "$_RABAT_REPO_ROOT/AppHost" && exec env DOTNET_ENVIRONMENT=Development "$_RABAT_REPO_ROOT/AppHost/bin/Release/net10.0/RabatPlatform.AppHost" \
        --Platform:Dashboard=false --Platform:Services=false --Platform:DynamicPorts=true \
        --Infrastructure:Mode=Processes --Infrastructure:Durable=false --Infrastructure:DataDirectory="$dir" \
        --Infrastructure:RabbitMqNode="rabatinfra$$@localhost") \
        </dev/null >"$dir/apphost.log" 2>&1 &
    _RABAT_INFRA_DIR=$dir
    _RABAT_INFRA_PID=$!
    for ((i = 0; i < 1200; i++)); do
        if [[ -f "$dir/infrastructure.env" ]] && (($(wc -l <"$dir/infrastructure.env") >= 4)); then
            # shellcheck disable=SC1091
            source "$dir/infrastructure.env"
            export RABAT_POSTGRES RABAT_RABBITMQ RABAT_SMTP RABAT_REDIS
            return 0
        fi
        if ! kill -0 "$_RABAT_INFRA_PID" 2>/dev/null; then
            break
        fi
        sleep 0.1
    done
    echo "ERROR: the infrastructure did not start; see $dir/apphost.log" >&2
    tail -n 30 "$dir/apphost.log" >&2 || true
    rabat_stop_infrastructure
    return 1
}

rabat_stop_infrastructure() {
    [[ -n "$_RABAT_INFRA_PID" ]] || return 0
    kill -TERM "$_RABAT_INFRA_PID" 2>/dev/null || true
    wait "$_RABAT_INFRA_PID" 2>/dev/null || true
    _RABAT_INFRA_PID=""
    # The AppHost returns while its orchestrator (DCP) still stops the servers: wait for them.
    local i
    for ((i = 0; i < 120; i++)); do
        pgrep -f "$_RABAT_INFRA_DIR/" | grep -qvxF -e "$$" -e "$BASHPID" || return 0
        sleep 0.5
    done
}
