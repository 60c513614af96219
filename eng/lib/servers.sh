# shellcheck shell=bash
#
# eng/lib/servers.sh — start/stop private, throw-away instances of the servers
# RabatPlatform needs (PostgreSQL, RabbitMQ, an SMTP sink) without Docker or
# systemd. Sourced by eng/run.sh (local platform) and eng/test.sh (tests).
#
# Every instance lives entirely in a directory of its own (data, logs, pid
# files, RabbitMQ's Erlang cookie), listens on 127.0.0.1 only, and can run next
# to other instances as long as directories, ports and RabbitMQ node names
# differ. The one shared piece is epmd (Erlang port mapper, port 4369, started
# on demand by the first Erlang node): rabat_stop_rabbitmq stops it again only
# if its own node started it and no other node is registered any more.
#
# Public functions (all return non-zero and print the relevant log tail to
# stderr on failure; none calls `exit`, so callers decide what to do):
#
#   rabat_ensure_packages
#   rabat_free_port [COUNT]                         -> prints COUNT free ports
#   rabat_start_postgres  DIR PORT [fast]
#   rabat_stop_postgres   DIR
#   rabat_start_rabbitmq  DIR PORT MGMT_PORT NODENAME
#   rabat_stop_rabbitmq   DIR NODENAME
#   rabat_rabbitmqctl     DIR NODENAME ARGS...      (e.g. stop_app / start_app)
#   rabat_start_smtp      DIR PORT
#   rabat_stop_smtp       DIR
#
# Requires bash >= 5.1. Safe to source under `set -euo pipefail`.

# Guard against double sourcing.
if [[ -n "${_RABAT_SERVERS_SH_LOADED:-}" ]]; then
    return 0
fi
_RABAT_SERVERS_SH_LOADED=1

# Debian's own python: the python3 on PATH may be a pyenv build without
# aiosmtpd.
RABAT_SYS_PYTHON=/usr/bin/python3
RABAT_RABBITMQ_BIN=/usr/lib/rabbitmq/bin

# Start-up time limits (seconds).
RABAT_PG_TIMEOUT=${RABAT_PG_TIMEOUT:-60}
RABAT_RABBITMQ_TIMEOUT=${RABAT_RABBITMQ_TIMEOUT:-90}
RABAT_SMTP_TIMEOUT=${RABAT_SMTP_TIMEOUT:-20}

# ---------------------------------------------------------------------------
# Small helpers
# ---------------------------------------------------------------------------

_rabat_info() { printf '[rabat] %s\n' "$*" >&2; }
_rabat_err() { printf '[rabat] ERROR: %s\n' "$*" >&2; }

# _rabat_tail FILE [LINES]: show the end of a log file on stderr.
_rabat_tail() {
    local file=$1 lines=${2:-40}
    if [[ -s "$file" ]]; then
        printf -- '----- last %s lines of %s -----\n' "$lines" "$file" >&2
        tail -n "$lines" "$file" >&2 || true
        printf -- '----- end of %s -----\n' "$file" >&2
    else
        printf -- '(log %s is empty or missing)\n' "$file" >&2
    fi
}

# _rabat_abspath DIR: create DIR if needed and print its absolute path.
_rabat_abspath() {
    mkdir -p -- "$1" && (cd -- "$1" && pwd -P)
}

_rabat_is_root() { [[ ${EUID:-$(id -u)} -eq 0 ]]; }

# _rabat_alive PID: true if PID is a running (non-zombie) process.
_rabat_alive() {
    local pid=$1 state
    [[ "$pid" =~ ^[0-9]+$ ]] || return 1
    kill -0 "$pid" 2>/dev/null || return 1
    # A zombie still answers kill -0; treat it as gone.
    state=$(awk '{print $3}' "/proc/$pid/stat" 2>/dev/null) || return 1
    [[ "$state" != "Z" ]]
}

# _rabat_read_pid FILE: print the pid stored in FILE (empty if none).
_rabat_read_pid() {
    local pid=""
    if [[ -f "$1" ]]; then
        read -r pid <"$1" || true
    fi
    [[ "$pid" =~ ^[0-9]+$ ]] && printf '%s\n' "$pid"
    return 0
}

# _rabat_proc_mentions PID STRING: true if the process' command line or
# environment contains STRING. Used so that a stale pid file never makes us
# kill an unrelated process that happens to have reused the pid.
_rabat_proc_mentions() {
    local pid=$1 needle=$2 f
    for f in "/proc/$pid/cmdline" "/proc/$pid/environ"; do
        if [[ -r "$f" ]] && tr '\0' '\n' <"$f" 2>/dev/null | grep -qF -- "$needle"; then
            return 0
        fi
    done
    return 1
}

# _rabat_kill_wait PID [GRACE_SECONDS]: SIGTERM, wait, then SIGKILL.
_rabat_kill_wait() {
    local pid=$1 grace=${2:-15} i
    _rabat_alive "$pid" || return 0
    kill -TERM "$pid" 2>/dev/null || true
    for ((i = 0; i < grace * 10; i++)); do
        _rabat_alive "$pid" || return 0
        sleep 0.1
    done
    _rabat_info "pid $pid did not stop after ${grace}s, sending SIGKILL"
    kill -KILL "$pid" 2>/dev/null || true
    for ((i = 0; i < 50; i++)); do
        _rabat_alive "$pid" || return 0
        sleep 0.1
    done
    _rabat_err "pid $pid is still alive after SIGKILL"
    return 1
}

# _rabat_port_busy PORT: true if something already holds 127.0.0.1:PORT.
_rabat_port_busy() {
    ! "$RABAT_SYS_PYTHON" - "$1" <<'PY' 2>/dev/null
import socket, sys
s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
try:
    s.bind(("127.0.0.1", int(sys.argv[1])))
except OSError:
    sys.exit(1)
finally:
    s.close()
PY
}

# _rabat_require_free_port PORT WHAT: fail loudly if PORT is taken.
_rabat_require_free_port() {
    local port=$1 what=$2
    if _rabat_port_busy "$port"; then
        _rabat_err "$what: port 127.0.0.1:$port is already in use:"
        if command -v ss >/dev/null 2>&1; then
            ss -ltnp "( sport = :$port )" >&2 2>/dev/null || true
        fi
        return 1
    fi
}

# _rabat_port_open PORT: true if a TCP connect to 127.0.0.1:PORT succeeds.
_rabat_port_open() {
    (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

# ---------------------------------------------------------------------------
# Packages
# ---------------------------------------------------------------------------

# _rabat_pg_bindir: print the bin dir of the highest installed PostgreSQL.
_rabat_pg_bindir() {
    local d best=""
    for d in /usr/lib/postgresql/*/bin; do
        [[ -x "$d/initdb" && -x "$d/pg_ctl" ]] || continue
        if [[ -z "$best" ]] || [[ "$(printf '%s\n%s\n' "$best" "$d" | sort -V | tail -n 1)" == "$d" ]]; then
            best=$d
        fi
    done
    [[ -n "$best" ]] || return 1
    printf '%s\n' "$best"
}

# rabat_ensure_packages: make sure RabbitMQ, PostgreSQL and aiosmtpd (plus
# curl, used by run.sh) are installed. Installs the missing ones with apt when
# running as root; otherwise prints the command to run and returns 1.
rabat_ensure_packages() {
    local -a missing=()
    [[ -x "$RABAT_RABBITMQ_BIN/rabbitmq-server" ]] || missing+=(rabbitmq-server)
    _rabat_pg_bindir >/dev/null 2>&1 || missing+=(postgresql)
    if ! [[ -x "$RABAT_SYS_PYTHON" ]] || ! "$RABAT_SYS_PYTHON" -c 'import aiosmtpd' >/dev/null 2>&1; then
        missing+=(python3-aiosmtpd)
    fi
    command -v curl >/dev/null 2>&1 || missing+=(curl)

    ((${#missing[@]} == 0)) && return 0

    if ! _rabat_is_root; then
        _rabat_err "missing packages: ${missing[*]}. Install them with:"
        printf '    sudo apt-get install -y %s\n' "${missing[*]}" >&2
        return 1
    fi
    if ! command -v apt-get >/dev/null 2>&1; then
        _rabat_err "missing packages (${missing[*]}) and no apt-get to install them"
        return 1
    fi

    _rabat_info "installing: ${missing[*]}"
    # apt-get update only once per shell, whatever happens.
    if [[ -z "${_RABAT_APT_UPDATED:-}" ]]; then
        _RABAT_APT_UPDATED=1
        apt-get -o DPkg::Lock::Timeout=300 update -qq || {
            _rabat_err "apt-get update failed"
            return 1
        }
    fi
    DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=300 install -y -qq \
        --no-install-recommends "${missing[@]}" </dev/null || {
        _rabat_err "apt-get install ${missing[*]} failed"
        return 1
    }

    # The package's maintainer script may have started the system-wide
    # RabbitMQ (rabbit@<host>, port 5672). We run our own nodes, so stop it to
    # free the AMQP port. A system epmd may stay: epmd is shared by all Erlang
    # nodes and ours use their own node names.
    local p
    for p in "${missing[@]}"; do
        if [[ "$p" == rabbitmq-server ]]; then
            if command -v invoke-rc.d >/dev/null 2>&1; then
                invoke-rc.d rabbitmq-server stop >/dev/null 2>&1 || true
            elif command -v service >/dev/null 2>&1; then
                service rabbitmq-server stop >/dev/null 2>&1 || true
            fi
        fi
    done

    # Re-check.
    [[ -x "$RABAT_RABBITMQ_BIN/rabbitmq-server" ]] || { _rabat_err "rabbitmq-server still missing"; return 1; }
    _rabat_pg_bindir >/dev/null 2>&1 || { _rabat_err "PostgreSQL server still missing"; return 1; }
    "$RABAT_SYS_PYTHON" -c 'import aiosmtpd' >/dev/null 2>&1 || { _rabat_err "aiosmtpd still missing"; return 1; }
    return 0
}

# rabat_free_port [COUNT]: print COUNT (default 1) distinct free TCP ports on
# 127.0.0.1, one per line. All sockets are held open together so the ports are
# distinct from each other; there is the usual small race with other programs.
rabat_free_port() {
    "$RABAT_SYS_PYTHON" - "${1:-1}" <<'PY'
import socket, sys
socks = []
for _ in range(int(sys.argv[1])):
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    s.bind(("127.0.0.1", 0))
    socks.append(s)
for s in socks:
    print(s.getsockname()[1])
for s in socks:
    s.close()
PY
}

# ---------------------------------------------------------------------------
# PostgreSQL
# ---------------------------------------------------------------------------

# _rabat_as_pg CMD...: run CMD as the postgres user when we are root
# (initdb/postgres refuse to run as root), from a cwd that user can read.
_rabat_as_pg() {
    if _rabat_is_root; then
        (cd /tmp && runuser -u postgres -- "$@")
    else
        "$@"
    fi
}

# _rabat_pg_locale: C.UTF-8 if the system has it, else C.
_rabat_pg_locale() {
    if locale -a 2>/dev/null | grep -qiE '^c\.utf-?8$'; then
        printf 'C.UTF-8\n'
    else
        printf 'C\n'
    fi
}

# rabat_start_postgres DIR PORT [fast]
#   Data in DIR/data (initdb'd on first use only), log in DIR/postgres.log,
#   unix socket in DIR/sock, TCP on 127.0.0.1:PORT, user postgres with trust
#   auth. "fast" turns off fsync & co. — for throw-away test instances only.
rabat_start_postgres() {
    local dir=${1:?rabat_start_postgres DIR PORT [fast]} port=${2:?rabat_start_postgres DIR PORT [fast]}
    local mode=${3:-} bindir data log sockdir locale i

    bindir=$(_rabat_pg_bindir) || { _rabat_err "no PostgreSQL server found under /usr/lib/postgresql"; return 1; }
    dir=$(_rabat_abspath "$dir") || return 1
    data=$dir/data
    log=$dir/postgres.log
    sockdir=$dir/sock
    mkdir -p "$sockdir"

    if _rabat_is_root; then
        if ! id postgres >/dev/null 2>&1; then
            _rabat_err "running as root but there is no 'postgres' user (is the postgresql package installed?)"
            return 1
        fi
        chown -R postgres:postgres "$dir"
        if ! runuser -u postgres -- test -w "$dir" -a -x "$dir"; then
            _rabat_err "user 'postgres' cannot reach $dir — a parent directory is not" \
                "searchable by others (e.g. /root is 0700). Use a directory under /tmp or" \
                "grant access, e.g.: chmod o+x <each parent dir>"
            return 1
        fi
    fi

    # A postmaster from an earlier, killed run of ours may still hold DIR.
    if [[ -f "$data/postmaster.pid" ]] && _rabat_as_pg "$bindir/pg_ctl" -D "$data" status >/dev/null 2>&1; then
        _rabat_info "PostgreSQL in $data is still running from an earlier run; restarting it"
        _rabat_as_pg "$bindir/pg_ctl" -D "$data" stop -m fast -w -t 60 >/dev/null 2>&1 || true
    fi

    _rabat_require_free_port "$port" "PostgreSQL" || return 1

    if [[ ! -f "$data/PG_VERSION" ]]; then
        locale=$(_rabat_pg_locale)
        local -a initdb_args=(-D "$data" --auth=trust -U postgres --encoding=UTF8 "--locale=$locale")
        [[ "$mode" == fast ]] && initdb_args+=(--no-sync)
        if ! _rabat_as_pg "$bindir/initdb" "${initdb_args[@]}" >"$dir/initdb.log" 2>&1; then
            _rabat_err "initdb failed"
            _rabat_tail "$dir/initdb.log"
            return 1
        fi
    fi

    # Our settings live in their own file, rewritten at every start (the port
    # may differ between runs), included from postgresql.conf.
    if ! grep -q "^include_if_exists = 'rabat.conf'" "$data/postgresql.conf"; then
        printf "\n# Added by eng/lib/servers.sh\ninclude_if_exists = 'rabat.conf'\n" >>"$data/postgresql.conf"
    fi
    # Unix socket paths are limited to ~107 bytes; without one we still have TCP.
    local sock_setting="$sockdir"
    if ((${#sockdir} + 20 > 100)); then
        sock_setting=""
    fi
    {
        echo "# Written by eng/lib/servers.sh at every start — do not edit."
        echo "listen_addresses = '127.0.0.1'"
        echo "port = $port"
        echo "unix_socket_directories = '${sock_setting//\'/\'\'}'"
        echo "max_connections = 200"
        if [[ "$mode" == fast ]]; then
            echo "# throw-away test instance: durability off"
            echo "fsync = off"
            echo "synchronous_commit = off"
            echo "full_page_writes = off"
        fi
    } >"$data/rabat.conf"
    _rabat_is_root && chown postgres:postgres "$data/rabat.conf" "$data/postgresql.conf"

    if ! _rabat_as_pg "$bindir/pg_ctl" -D "$data" -l "$log" -w -t "$RABAT_PG_TIMEOUT" start >"$dir/pg_ctl.out" 2>&1; then
        _rabat_err "PostgreSQL did not start on 127.0.0.1:$port"
        _rabat_tail "$dir/pg_ctl.out" 10
        _rabat_tail "$log"
        return 1
    fi
    for ((i = 0; i < RABAT_PG_TIMEOUT * 4; i++)); do
        if "$bindir/pg_isready" -q -h 127.0.0.1 -p "$port" -U postgres; then
            return 0
        fi
        sleep 0.25
    done
    _rabat_err "PostgreSQL started but 127.0.0.1:$port is not accepting connections"
    _rabat_tail "$log"
    return 1
}

# rabat_stop_postgres DIR: fast shutdown; fine if it is not running.
rabat_stop_postgres() {
    local dir=${1:?rabat_stop_postgres DIR} bindir
    [[ -f "$dir/data/postmaster.pid" ]] || return 0
    bindir=$(_rabat_pg_bindir) || return 0
    _rabat_as_pg "$bindir/pg_ctl" -D "$dir/data" stop -m fast -w -t 60 >/dev/null 2>&1 || true
    return 0
}

# ---------------------------------------------------------------------------
# RabbitMQ
# ---------------------------------------------------------------------------

# _rabat_rabbitmq_env DIR NODENAME: set the array _RABAT_RMQ_ENV to the
# VAR=value assignments (for `env`) shared by the private node in DIR and
# every rabbitmqctl call against it. HOME=DIR/home holds the Erlang cookie;
# RABBITMQ_CONF_ENV_FILE points to our own (empty) file so that
# /etc/rabbitmq/rabbitmq-env.conf cannot interfere; a UTF-8 locale keeps the
# Elixir-based CLI from warning about latin1 file name encoding.
_rabat_rabbitmq_env() {
    local dir=$1 node=$2 lc=C.UTF-8
    [[ "$(_rabat_pg_locale)" == C.UTF-8 ]] || lc=C
    _RABAT_RMQ_ENV=(
        "HOME=$dir/home"
        "LC_ALL=$lc"
        "RABBITMQ_NODENAME=$node"
        "RABBITMQ_CONF_ENV_FILE=$dir/rabbitmq-env.conf"
        "RABBITMQ_PID_FILE=$dir/rabbit.pid"
    )
}

# rabat_rabbitmqctl DIR NODENAME ARGS...: rabbitmqctl against the private node.
rabat_rabbitmqctl() {
    local dir=${1:?rabat_rabbitmqctl DIR NODENAME ARGS...} node=${2:?rabat_rabbitmqctl DIR NODENAME ARGS...}
    shift 2
    dir=$(cd -- "$dir" && pwd -P) || return 1
    _rabat_rabbitmq_env "$dir" "$node"
    env "${_RABAT_RMQ_ENV[@]}" "$RABAT_RABBITMQ_BIN/rabbitmqctl" -n "$node" "$@"
}

# rabat_start_rabbitmq DIR PORT MGMT_PORT NODENAME
#   A private RabbitMQ node (e.g. NODENAME=rabat@localhost) with the
#   management plugin, AMQP on 127.0.0.1:PORT and the management UI/API on
#   127.0.0.1:MGMT_PORT (guest/guest). Data in DIR/mnesia, logs in DIR/log,
#   console output in DIR/rabbitmq.out. Epmd (port 4369) is shared with any
#   other Erlang node on the machine.
rabat_start_rabbitmq() {
    local usage="rabat_start_rabbitmq DIR PORT MGMT_PORT NODENAME"
    local dir=${1:?$usage} port=${2:?$usage} mgmt=${3:?$usage} node=${4:?$usage}
    local pidfile dist_port launcher waiter i rc

    dir=$(_rabat_abspath "$dir") || return 1
    pidfile=$dir/rabbit.pid
    mkdir -p "$dir/home" "$dir/mnesia" "$dir/log"
    : >>"$dir/rabbitmq-env.conf"

    # A node from an earlier, killed run of ours may still be up.
    local old
    old=$(_rabat_read_pid "$pidfile")
    if [[ -n "$old" ]] && _rabat_alive "$old" && _rabat_proc_mentions "$old" "$pidfile"; then
        _rabat_info "RabbitMQ node $node in $dir is still running from an earlier run; restarting it"
        rabat_stop_rabbitmq "$dir" "$node" || return 1
    fi
    rm -f "$pidfile"

    _rabat_require_free_port "$port" "RabbitMQ (AMQP)" || return 1
    _rabat_require_free_port "$mgmt" "RabbitMQ (management)" || return 1
    dist_port=$(rabat_free_port 1) || return 1

    # Pre-create the Erlang cookie: if the server and rabbitmqctl raced to
    # create it they could end up with different cookies.
    if [[ ! -s "$dir/home/.erlang.cookie" ]]; then
        (
            umask 077
            "$RABAT_SYS_PYTHON" -c 'import secrets, string
print("".join(secrets.choice(string.ascii_uppercase) for _ in range(20)), end="")' \
                >"$dir/home/.erlang.cookie"
        ) || return 1
        chmod 400 "$dir/home/.erlang.cookie"
    fi

    printf '[rabbitmq_management].\n' >"$dir/enabled_plugins"
    cat >"$dir/rabbitmq.conf" <<EOF
# Written by eng/lib/servers.sh at every start — do not edit.
management.tcp.ip = 127.0.0.1
management.tcp.port = $mgmt
EOF

    # Remember whether epmd was already running so that rabat_stop_rabbitmq
    # only kills an epmd that we caused to start.
    if epmd -names >/dev/null 2>&1; then
        rm -f "$dir/epmd.started-by-us"
    else
        : >"$dir/epmd.started-by-us"
    fi

    # The Erlang distribution port (used by rabbitmqctl) is bound to
    # 127.0.0.1 only, like AMQP and management.
    # setsid: Ctrl+C in the terminal must not reach the node directly; the
    # calling script stops it in order. $! is the rabbitmq-server shell
    # script, which stays as a small signal-forwarding parent of beam.smp;
    # the node writes beam's own pid to RABBITMQ_PID_FILE.
    (
        cd "$dir" || exit 1
        _rabat_rabbitmq_env "$dir" "$node"
        exec setsid env "${_RABAT_RMQ_ENV[@]}" \
            ERL_CRASH_DUMP="$dir/erl_crash.dump" \
            RABBITMQ_MNESIA_BASE="$dir/mnesia" \
            RABBITMQ_LOG_BASE="$dir/log" \
            RABBITMQ_NODE_IP_ADDRESS=127.0.0.1 \
            RABBITMQ_NODE_PORT="$port" \
            RABBITMQ_DIST_PORT="$dist_port" \
            RABBITMQ_ENABLED_PLUGINS_FILE="$dir/enabled_plugins" \
            RABBITMQ_CONFIG_FILE="$dir/rabbitmq.conf" \
            RABBITMQ_ADVANCED_CONFIG_FILE="$dir/advanced.config" \
            RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS="-kernel inet_dist_use_interface {127,0,0,1}" \
            "$RABAT_RABBITMQ_BIN/rabbitmq-server"
    ) </dev/null >"$dir/rabbitmq.out" 2>&1 &
    launcher=$!
    printf '%s\n' "$launcher" >"$dir/rabbit.launcher.pid"

    # Readiness: `rabbitmqctl wait PIDFILE` waits for the pid file and then for
    # the rabbit application (and plugins) to be fully started. Run it in the
    # background so that we notice at once if the node dies instead.
    # (A plain command, not a function: then $! is the CLI's own process —
    # the scripts exec down to beam.smp — and killing it leaves nothing.)
    _rabat_rabbitmq_env "$dir" "$node"
    env "${_RABAT_RMQ_ENV[@]}" "$RABAT_RABBITMQ_BIN/rabbitmqctl" -n "$node" \
        wait --timeout "$RABAT_RABBITMQ_TIMEOUT" "$pidfile" \
        </dev/null >"$dir/rabbitmqctl-wait.out" 2>&1 &
    waiter=$!
    for ((i = 0; i < (RABAT_RABBITMQ_TIMEOUT + 10) * 4; i++)); do
        if ! _rabat_alive "$waiter"; then
            rc=0
            wait "$waiter" || rc=$?
            if ((rc == 0)); then
                return 0
            fi
            break
        fi
        if ! _rabat_alive "$launcher"; then
            _rabat_kill_wait "$waiter" 5 || true
            wait "$waiter" 2>/dev/null || true
            break
        fi
        sleep 0.25
    done
    _rabat_err "RabbitMQ node $node did not start (AMQP 127.0.0.1:$port, management :$mgmt)"
    _rabat_tail "$dir/rabbitmqctl-wait.out" 10
    _rabat_tail "$dir/rabbitmq.out" 20
    _rabat_tail "$dir/log/$node.log"
    rabat_stop_rabbitmq "$dir" "$node" >/dev/null 2>&1 || true
    return 1
}

# rabat_stop_rabbitmq DIR NODENAME: stop the node, make sure its process is
# gone (SIGTERM/SIGKILL if needed) and, if this node caused epmd to start and
# no other node is registered any more, stop epmd too.
rabat_stop_rabbitmq() {
    local dir=${1:?rabat_stop_rabbitmq DIR NODENAME} node=${2:?rabat_stop_rabbitmq DIR NODENAME}
    local pid launcher session p
    [[ -d "$dir" ]] || return 0
    dir=$(cd -- "$dir" && pwd -P) || return 0
    pid=$(_rabat_read_pid "$dir/rabbit.pid")
    launcher=$(_rabat_read_pid "$dir/rabbit.launcher.pid")
    session=$launcher

    # Only touch processes that really belong to this instance.
    if [[ -n "$pid" ]] && ! { _rabat_alive "$pid" && _rabat_proc_mentions "$pid" "$dir/rabbit.pid"; }; then
        pid=""
    fi
    if [[ -n "$launcher" ]] && ! { _rabat_alive "$launcher" && _rabat_proc_mentions "$launcher" "$dir/rabbit.pid"; }; then
        launcher=""
    fi

    if [[ -n "$pid" ]]; then
        # `stop PIDFILE` also waits for the OS process to exit.
        _rabat_rabbitmq_env "$dir" "$node"
        timeout 60 env "${_RABAT_RMQ_ENV[@]}" "$RABAT_RABBITMQ_BIN/rabbitmqctl" -n "$node" \
            stop "$dir/rabbit.pid" </dev/null >"$dir/rabbitmqctl-stop.out" 2>&1 || true
        _rabat_kill_wait "$pid" 15 || true
    fi
    if [[ -n "$launcher" ]]; then
        # SIGTERM makes the rabbitmq-server script stop its node gracefully.
        _rabat_kill_wait "$launcher" 10 || true
        wait "$launcher" 2>/dev/null || true
    fi
    # The launcher was started with setsid, so its pid is the session id of
    # everything it started: kill what is left of that session (e.g. beam.smp
    # when the node is stopped before it has written its pid file).
    if [[ -n "$session" ]]; then
        for p in $(ps -eo pid=,sid= | awk -v s="$session" '$2 == s { print $1 }'); do
            if _rabat_proc_mentions "$p" "$dir/rabbit.pid"; then
                _rabat_kill_wait "$p" 5 || true
            fi
        done
    fi
    rm -f "$dir/rabbit.pid" "$dir/rabbit.launcher.pid"

    if [[ -f "$dir/epmd.started-by-us" ]]; then
        rm -f "$dir/epmd.started-by-us"
        # Give epmd a moment to drop the registration of the node that just
        # exited, then kill it only if no node at all is registered.
        local i names
        for ((i = 0; i < 10; i++)); do
            names=$(epmd -names 2>/dev/null) || true
            if ! grep -q '^name ' <<<"$names"; then
                epmd -kill >/dev/null 2>&1 || true
                break
            fi
            sleep 0.2
        done
    fi
    return 0
}

# ---------------------------------------------------------------------------
# SMTP sink (aiosmtpd, messages stored in a Maildir)
# ---------------------------------------------------------------------------

# rabat_start_smtp DIR PORT: SMTP on 127.0.0.1:PORT, every message delivered
# to the Maildir DIR/maildir (new mail appears in DIR/maildir/new). Log in
# DIR/smtp.log, pid in DIR/smtp.pid.
rabat_start_smtp() {
    local dir=${1:?rabat_start_smtp DIR PORT} port=${2:?rabat_start_smtp DIR PORT}
    local pid old i
    dir=$(_rabat_abspath "$dir") || return 1
    mkdir -p "$dir/maildir/cur" "$dir/maildir/new" "$dir/maildir/tmp"

    old=$(_rabat_read_pid "$dir/smtp.pid")
    if [[ -n "$old" ]] && _rabat_alive "$old" && _rabat_proc_mentions "$old" "$dir/maildir"; then
        _rabat_info "SMTP sink in $dir is still running from an earlier run; restarting it"
        _rabat_kill_wait "$old" 5 || return 1
    fi
    rm -f "$dir/smtp.pid"
    _rabat_require_free_port "$port" "SMTP" || return 1

    PYTHONUNBUFFERED=1 setsid "$RABAT_SYS_PYTHON" -m aiosmtpd -n \
        -l "127.0.0.1:$port" -c aiosmtpd.handlers.Mailbox "$dir/maildir" \
        </dev/null >"$dir/smtp.log" 2>&1 &
    pid=$!
    printf '%s\n' "$pid" >"$dir/smtp.pid"

    for ((i = 0; i < RABAT_SMTP_TIMEOUT * 10; i++)); do
        if ! _rabat_alive "$pid"; then
            break
        fi
        if _rabat_port_open "$port"; then
            return 0
        fi
        sleep 0.1
    done
    _rabat_err "SMTP sink did not start on 127.0.0.1:$port"
    _rabat_tail "$dir/smtp.log"
    rabat_stop_smtp "$dir"
    return 1
}

# rabat_stop_smtp DIR
rabat_stop_smtp() {
    local dir=${1:?rabat_stop_smtp DIR} pid
    [[ -d "$dir" ]] || return 0
    dir=$(cd -- "$dir" && pwd -P) || return 0
    pid=$(_rabat_read_pid "$dir/smtp.pid")
    if [[ -n "$pid" ]] && _rabat_alive "$pid" && _rabat_proc_mentions "$pid" "$dir/maildir"; then
        _rabat_kill_wait "$pid" 5 || true
        wait "$pid" 2>/dev/null || true
    fi
    rm -f "$dir/smtp.pid"
    return 0
}
