#!/usr/bin/env bash
#
# rabbitmq.sh DIR NODE AMQP_PORT MANAGEMENT_PORT EPMD_PORT DIST_PORT — one RabbitMQ node in the
# foreground, for the AppHost's process mode: Debian's rabbitmq-server with the management plugin,
# AMQP on 127.0.0.1:AMQP_PORT, the management UI on 127.0.0.1:MANAGEMENT_PORT (guest/guest), its
# own epmd on 127.0.0.1:EPMD_PORT (so it shares nothing with other Erlang nodes and leaves nothing
# running), data and logs under DIR.
#
# Runs until SIGTERM or SIGINT, then stops the node (rabbitmqctl stop) and its epmd. It writes
# DIR/rabbitmqctl.env, which eng/rabbitmqctl.sh reads to reach this node by hand.
set -euo pipefail

usage="usage: rabbitmq.sh DIR NODE AMQP_PORT MANAGEMENT_PORT EPMD_PORT DIST_PORT"
dir=${1:?$usage} node=${2:?$usage} port=${3:?$usage} mgmt=${4:?$usage} epmd_port=${5:?$usage} dist_port=${6:?$usage}
bin=/usr/lib/rabbitmq/bin

# Everything goes to stdout: the dashboard shows a resource's stderr as errors.
exec 2>&1
log() { printf '[rabbitmq.sh] %s\n' "$*"; }
[[ -x "$bin/rabbitmq-server" ]] || { log "rabbitmq-server is not installed (apt-get install rabbitmq-server)"; exit 1; }

mkdir -p "$dir/home" "$dir/mnesia" "$dir/log"
dir=$(cd "$dir" && pwd -P)
cd "$dir"

# A node or epmd of an earlier run that was killed (not stopped) may still be running.
for pidfile in "$dir/rabbit.pid" "$dir/epmd.pid"; do
    old=$(cat "$pidfile" 2>/dev/null || true)
    if [[ "$old" =~ ^[0-9]+$ ]] && tr '\0' ' ' <"/proc/$old/cmdline" 2>/dev/null | grep -qE "beam|epmd"; then
        log "stopping pid $old left by an earlier run"
        kill -TERM "$old" 2>/dev/null || true
        for _ in $(seq 1 100); do kill -0 "$old" 2>/dev/null || break; sleep 0.1; done
        kill -KILL "$old" 2>/dev/null || true
    fi
    rm -f "$pidfile"
done

# The cookie exists before the server and the CLI start (if they raced, they could make two).
if [[ ! -s "$dir/home/.erlang.cookie" ]]; then
    (umask 077; head -c 64 /dev/urandom | tr -dc 'A-Z' | head -c 20 >"$dir/home/.erlang.cookie")
    chmod 400 "$dir/home/.erlang.cookie"
fi

printf '[rabbitmq_management].\n' >"$dir/enabled_plugins"
cat >"$dir/rabbitmq.conf" <<CONF
# Written by rabbitmq.sh at every start.
listeners.tcp.1 = 127.0.0.1:$port
management.tcp.ip = 127.0.0.1
management.tcp.port = $mgmt
loopback_users = none
CONF
: >>"$dir/rabbitmq-env.conf"

lc=C.UTF-8
locale -a 2>/dev/null | grep -qix 'c.utf-\?8' || lc=C
export HOME=$dir/home LC_ALL=$lc ERL_EPMD_PORT=$epmd_port \
    RABBITMQ_NODENAME=$node \
    RABBITMQ_CONF_ENV_FILE=$dir/rabbitmq-env.conf \
    RABBITMQ_PID_FILE=$dir/rabbit.pid \
    RABBITMQ_MNESIA_BASE=$dir/mnesia \
    RABBITMQ_LOG_BASE=$dir/log \
    RABBITMQ_LOGS=- \
    RABBITMQ_NODE_IP_ADDRESS=127.0.0.1 \
    RABBITMQ_NODE_PORT=$port \
    RABBITMQ_DIST_PORT=$dist_port \
    RABBITMQ_ENABLED_PLUGINS_FILE=$dir/enabled_plugins \
    RABBITMQ_CONFIG_FILE=$dir/rabbitmq.conf \
    RABBITMQ_ADVANCED_CONFIG_FILE=$dir/advanced.config \
    RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS="-kernel inet_dist_use_interface {127,0,0,1}" \
    ERL_CRASH_DUMP=$dir/erl_crash.dump
cat >"$dir/rabbitmqctl.env" <<ENV
HOME=$HOME
LC_ALL=$LC_ALL
ERL_EPMD_PORT=$epmd_port
RABBITMQ_NODENAME=$node
ENV

epmd -address 127.0.0.1 -port "$epmd_port" &
epmd_pid=$!
echo "$epmd_pid" >"$dir/epmd.pid"

log "RabbitMQ node $node: AMQP 127.0.0.1:$port, management http://127.0.0.1:$mgmt, epmd :$epmd_port"
"$bin/rabbitmq-server" </dev/null &
server=$!

stopping=0
stop() {
    ((stopping)) && return 0
    stopping=1
    log "stopping node $node"
    timeout 60 "$bin/rabbitmqctl" -n "$node" stop "$dir/rabbit.pid" >/dev/null 2>&1 || kill -TERM "$server" 2>/dev/null || true
}
trap stop TERM INT HUP

rc=0
while kill -0 "$server" 2>/dev/null; do
    wait "$server" || rc=$?
done
kill -TERM "$epmd_pid" 2>/dev/null || true
wait "$epmd_pid" 2>/dev/null || true
rm -f "$dir/epmd.pid"
exit "$rc"
