#!/usr/bin/env bash
#
# eng/rabbitmq-cluster.sh start|stop|status DIR [BASE_PORT] — a three-node RabbitMQ cluster on this machine, in
# process mode (Debian's rabbitmq-server, no container), for trying the platform against a cluster and for the
# cluster drill (tests/RabatPlatform.Tests/Integration/Drills/ClusterDrillTests.cs).
#
#   start   starts rabbit-a@localhost, rabbit-b@localhost and rabbit-c@localhost (in the background, detached
#           from this shell), waits until each has booted, and joins b and c to a (once: a cluster already
#           formed under DIR is started again as it was). Prints the AMQP addresses when ready.
#   stop    stops the three nodes (rabbitmqctl stop) and their epmd.
#   status  the cluster's status as node a (or the first running node) sees it.
#   ctl NODE ARGS…          rabbitmqctl against node a, b or c (e.g. ctl DIR b stop_app / start_app)
#   start-node NODE / kill-node NODE    starts one node again / SIGKILLs one node (what a crash does)
#
# Ports, from BASE_PORT (default 25700; also $RABAT_CLUSTER_PORT): AMQP BASE…BASE+2 (a, b, c), management
# BASE+3…BASE+5 (guest/guest), Erlang distribution BASE+6…BASE+8, one epmd for the three nodes on BASE+9. All on
# 127.0.0.1. The nodes share one HOME (DIR/home: the Erlang cookie), so rabbitmqctl reaches any of them; each
# has its data, logs and pid file under DIR/<node>. cluster_partition_handling is pause_minority: a node cut off
# from the two others pauses rather than accepting writes the majority will not see.
#
# With RABAT_CLUSTER_OWNER=PID at start, a watcher stops the cluster once process PID is gone (the tests set it to
# their own process, so that a test run killed midway leaves no node running).
#
# The services connect to every node with ConnectionStrings__messaging=amqp://guest:guest@127.0.0.1:BASE/ and
# Messaging__ClusterNodes=127.0.0.1:BASE,127.0.0.1:BASE+1,127.0.0.1:BASE+2 (and Messaging__QuorumQueues=true).
set -euo pipefail

usage="usage: rabbitmq-cluster.sh start|stop|status DIR [BASE_PORT] | ctl DIR NODE ARGS… | start-node|kill-node DIR NODE"
command=${1:?$usage}
dir=${2:?$usage}
bin=/usr/lib/rabbitmq/bin
nodes=(a b c)
log() { printf '[rabbitmq-cluster] %s\n' "$*" >&2; }
[[ -x "$bin/rabbitmq-server" ]] || { log "rabbitmq-server is not installed (apt-get install rabbitmq-server)"; exit 1; }

[[ $command == start ]] && mkdir -p "$dir"
[[ -d "$dir" ]] || { log "no cluster under $dir"; exit 3; }
dir=$(cd "$dir" && pwd -P)
# The base port is remembered at the first start, so that stop/status/ctl need only DIR.
if [[ $command == start && -n ${3:-} ]]; then
    base=$3
elif [[ -s "$dir/base-port" ]]; then
    base=$(cat "$dir/base-port")
else
    base=${RABAT_CLUSTER_PORT:-25700}
fi
[[ "$base" =~ ^[0-9]+$ ]] || { log "BASE_PORT must be a number: $base"; exit 1; }
epmd_port=$((base + 9))

index() { case $1 in a) echo 0 ;; b) echo 1 ;; c) echo 2 ;; *) log "no node $1 (a, b or c)"; exit 1 ;; esac; }
node_name() { echo "rabbit-$1@localhost"; }

lc=C.UTF-8
locale -a 2>/dev/null | grep -qix 'c.utf-\?8' || lc=C
export HOME=$dir/home LC_ALL=$lc ERL_EPMD_PORT=$epmd_port ERL_CRASH_DUMP=$dir/erl_crash.dump

ctl() { # ctl NODE ARGS…
    local node=$1
    shift
    "$bin/rabbitmqctl" -n "$(node_name "$node")" "$@"
}

running() { # running NODE: the node's Erlang VM is alive (booted or not)
    local pid
    pid=$(cat "$dir/$1/rabbit.pid" 2>/dev/null || true)
    [[ "$pid" =~ ^[0-9]+$ ]] && tr '\0' ' ' 2>/dev/null <"/proc/$pid/cmdline" | grep -q beam
}

start_epmd() {
    local pid
    pid=$(cat "$dir/epmd.pid" 2>/dev/null || true)
    if [[ "$pid" =~ ^[0-9]+$ ]] && tr '\0' ' ' 2>/dev/null <"/proc/$pid/cmdline" | grep -q epmd; then
        return 0
    fi
    setsid epmd -address 127.0.0.1 -port "$epmd_port" </dev/null >/dev/null 2>&1 &
    echo $! >"$dir/epmd.pid"
}

start_node() { # start_node NODE: starts the node's VM in the background (returns at once)
    local node=$1 i port mgmt dist home
    i=$(index "$node")
    port=$((base + i)) mgmt=$((base + 3 + i)) dist=$((base + 6 + i))
    home=$dir/$node
    if running "$node"; then
        log "node $node is already running"
        return 0
    fi
    mkdir -p "$home/mnesia" "$home/log"
    printf '[rabbitmq_management].\n' >"$home/enabled_plugins"
    cat >"$home/rabbitmq.conf" <<CONF
# Written by eng/rabbitmq-cluster.sh at every start.
listeners.tcp.1 = 127.0.0.1:$port
management.tcp.ip = 127.0.0.1
management.tcp.port = $mgmt
loopback_users = none
cluster_partition_handling = pause_minority
CONF
    : >>"$home/rabbitmq-env.conf"
    rm -f "$home/rabbit.pid"
    # setsid: the node outlives this script and is not in the caller's process group (a test runner's Ctrl-C).
    env RABBITMQ_NODENAME="$(node_name "$node")" \
        RABBITMQ_CONF_ENV_FILE="$home/rabbitmq-env.conf" \
        RABBITMQ_PID_FILE="$home/rabbit.pid" \
        RABBITMQ_MNESIA_BASE="$home/mnesia" \
        RABBITMQ_LOG_BASE="$home/log" \
        RABBITMQ_LOGS="$home/log/rabbit.log" \
        RABBITMQ_NODE_IP_ADDRESS=127.0.0.1 \
        RABBITMQ_NODE_PORT="$port" \
        RABBITMQ_DIST_PORT="$dist" \
        RABBITMQ_ENABLED_PLUGINS_FILE="$home/enabled_plugins" \
        RABBITMQ_CONFIG_FILE="$home/rabbitmq.conf" \
        RABBITMQ_ADVANCED_CONFIG_FILE="$home/advanced.config" \
        RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS="-kernel inet_dist_use_interface {127,0,0,1}" \
        setsid "$bin/rabbitmq-server" </dev/null >>"$home/log/console.log" 2>&1 &
}

wait_node() { # wait_node NODE: until the node has booted (its pid file is written first, then the app starts)
    local node=$1
    for _ in $(seq 1 100); do [[ -s "$dir/$node/rabbit.pid" ]] && break; sleep 0.1; done
    ctl "$node" wait --timeout 90 "$dir/$node/rabbit.pid" >/dev/null
}

stop_node() {
    local node=$1 pid
    pid=$(cat "$dir/$node/rabbit.pid" 2>/dev/null || true)
    running "$node" || return 0
    timeout 60 "$bin/rabbitmqctl" -n "$(node_name "$node")" stop "$dir/$node/rabbit.pid" >/dev/null 2>&1 || kill -KILL "$pid" 2>/dev/null || true
}

case $command in
start)
    started=$(date +%s.%N)
    echo "$base" >"$dir/base-port"
    mkdir -p "$dir/home"
    # The cookie exists before the nodes and the CLI start (if they raced, they could make two).
    if [[ ! -s "$dir/home/.erlang.cookie" ]]; then
        (umask 077; head -c 64 /dev/urandom | tr -dc 'A-Z' | head -c 20 >"$dir/home/.erlang.cookie")
        chmod 400 "$dir/home/.erlang.cookie"
    fi
    start_epmd
    for node in "${nodes[@]}"; do start_node "$node"; done
    for node in "${nodes[@]}"; do wait_node "$node" || { log "node $node did not boot: see $dir/$node/log"; exit 1; }; done
    booted=$(date +%s.%N)
    members=$(ctl a cluster_status --formatter json 2>/dev/null || true)
    pids=()
    for node in b c; do
        if grep -q "\"$(node_name "$node")\"" <<<"$members"; then
            continue # joined at an earlier start
        fi
        # b and c join at the same time (each stops its app, joins a, starts again).
        (ctl "$node" stop_app && ctl "$node" join_cluster "$(node_name a)" && ctl "$node" start_app) >/dev/null &
        pids+=($!)
    done
    for pid in "${pids[@]}"; do wait "$pid" || { log "a node failed to join the cluster"; exit 1; }; done
    ctl a await_online_nodes 3 --timeout 60000 >/dev/null 2>&1 || true
    if [[ -n ${RABAT_CLUSTER_OWNER:-} ]]; then
        owner=$RABAT_CLUSTER_OWNER script=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)/$(basename "${BASH_SOURCE[0]}")
        setsid bash -c 'while kill -0 "$1" 2>/dev/null && [[ -d "$2" ]]; do sleep 2; done; [[ ! -d "$2" ]] || exec bash "$3" stop "$2"' \
            watcher "$owner" "$dir" "$script" </dev/null >/dev/null 2>&1 &
    fi
    log "$(awk -v s="$started" -v b="$booted" -v e="$(date +%s.%N)" 'BEGIN { printf "cluster up in %.1f s (nodes booted in %.1f s, joined in %.1f s)", e - s, b - s, e - b }')"
    echo "amqp://guest:guest@127.0.0.1:$base/ 127.0.0.1:$base,127.0.0.1:$((base + 1)),127.0.0.1:$((base + 2))"
    ;;
stop)
    pids=()
    for node in "${nodes[@]}"; do stop_node "$node" & pids+=($!); done
    wait "${pids[@]}" || true
    epmd=$(cat "$dir/epmd.pid" 2>/dev/null || true)
    if [[ "$epmd" =~ ^[0-9]+$ ]] && tr '\0' ' ' 2>/dev/null <"/proc/$epmd/cmdline" | grep -q epmd; then
        kill -TERM "$epmd" 2>/dev/null || true
    fi
    rm -f "$dir/epmd.pid"
    ;;
status)
    for node in "${nodes[@]}"; do
        if running "$node"; then exec "$bin/rabbitmqctl" -n "$(node_name "$node")" cluster_status; fi
    done
    log "no node of the cluster under $dir is running"
    exit 3
    ;;
ctl)
    node=${3:?$usage}
    shift 3
    ctl "$node" "$@"
    ;;
start-node)
    node=${3:?$usage}
    start_epmd
    start_node "$node"
    wait_node "$node"
    ;;
kill-node)
    node=${3:?$usage}
    pid=$(cat "$dir/$node/rabbit.pid" 2>/dev/null || true)
    if running "$node"; then
        kill -KILL "$pid"
        for _ in $(seq 1 100); do running "$node" || break; sleep 0.1; done
    fi
    ;;
*)
    log "$usage"
    exit 2
    ;;
esac
