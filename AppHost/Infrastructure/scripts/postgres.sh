#!/usr/bin/env bash
#
# postgres.sh DIR PORT [durable|fast] — one PostgreSQL server in the foreground, for the AppHost's
# process mode: the newest server installed under /usr/lib/postgresql (or on PATH), data in DIR/data
# (created with initdb on the first start: trust authentication on 127.0.0.1 only, UTF-8), listening
# on 127.0.0.1:PORT. "fast" turns durability off (throw-away test servers).
#
# Runs until SIGTERM or SIGINT, which it turns into PostgreSQL's *fast* shutdown (SIGINT to the
# postmaster): a plain SIGTERM would be a "smart" shutdown that waits for every client, and a stop
# that then kills it leaves the data to crash recovery at the next start. As root, the server runs
# as the `postgres` user (initdb refuses root).
set -euo pipefail

dir=${1:?usage: postgres.sh DIR PORT [durable|fast]}
port=${2:?usage: postgres.sh DIR PORT [durable|fast]}
mode=${3:-durable}

# Everything goes to stdout: the dashboard shows a resource's stderr as errors.
exec 2>&1
log() { printf '[postgres.sh] %s\n' "$*"; }

# The newest installed server: its version is found, not assumed.
bindir=""
for d in /usr/lib/postgresql/*/bin /usr/pgsql-*/bin; do
    [[ -x "$d/postgres" && -x "$d/initdb" ]] || continue
    if [[ -z "$bindir" || "$(printf '%s\n%s\n' "$bindir" "$d" | sort -V | tail -n 1)" == "$d" ]]; then
        bindir=$d
    fi
done
if [[ -z "$bindir" ]] && command -v postgres >/dev/null 2>&1; then
    bindir=$(dirname "$(command -v postgres)")
fi
[[ -n "$bindir" ]] || { log "no PostgreSQL server found (apt-get install postgresql)"; exit 1; }

mkdir -p "$dir"
dir=$(cd "$dir" && pwd -P)
data=$dir/data

as_pg=()
if [[ $(id -u) -eq 0 ]]; then
    id postgres >/dev/null 2>&1 || { log "running as root but there is no 'postgres' user"; exit 1; }
    chown postgres:postgres "$dir"
    [[ -d "$data" ]] && chown -R postgres:postgres "$data"
    if ! runuser -u postgres -- test -w "$dir" -a -x "$dir"; then
        log "user 'postgres' cannot reach $dir: a parent directory is not searchable by others (chmod o+x it, or choose another Infrastructure:DataDirectory)"
        exit 1
    fi
    # setpriv execs the server itself (no forking parent in between), so signals reach it directly.
    as_pg=(setpriv --reuid=postgres --regid=postgres --init-groups --reset-env --)
fi
cd "$dir"

# "postgres (PostgreSQL) 15.18 (Debian 15.18-0+deb12u1)" -> 15.18
version=$("$bindir/postgres" --version | sed -E 's/^[^0-9]*([0-9]+(\.[0-9]+)*).*/\1/')
if [[ -f "$data/PG_VERSION" && "$(cat "$data/PG_VERSION")" != "${version%%.*}" ]]; then
    log "$data was made by PostgreSQL $(cat "$data/PG_VERSION"), this is $version: move it away (or delete it) to start afresh"
    exit 1
fi

# A server of an earlier run that was killed (not stopped) may still hold the data directory.
if [[ -f "$data/postmaster.pid" ]]; then
    old=$(head -n 1 "$data/postmaster.pid")
    if [[ "$old" =~ ^[0-9]+$ ]] && kill -0 "$old" 2>/dev/null; then
        log "a server of an earlier run (pid $old) still holds $data: stopping it (fast)"
        kill -INT "$old" 2>/dev/null || true
        for _ in $(seq 1 300); do kill -0 "$old" 2>/dev/null || break; sleep 0.1; done
    fi
fi

if [[ ! -f "$data/PG_VERSION" ]]; then
    log "initdb ($version) in $data"
    locale=C.UTF-8
    locale -a 2>/dev/null | grep -qix 'c.utf-\?8' || locale=C
    initdb_args=(-D "$data" --auth=trust -U postgres --encoding=UTF8 "--locale=$locale")
    [[ "$mode" == fast ]] && initdb_args+=(--no-sync)
    "${as_pg[@]}" "$bindir/initdb" "${initdb_args[@]}" >"$dir/initdb.log" 2>&1 || { cat "$dir/initdb.log"; exit 1; }
fi

settings=(-c listen_addresses=127.0.0.1 -c "port=$port" -c unix_socket_directories= -c max_connections=300
    -c log_destination=stderr -c logging_collector=off)
if [[ "$mode" == fast ]]; then
    settings+=(-c fsync=off -c synchronous_commit=off -c full_page_writes=off)
fi

log "PostgreSQL $version on 127.0.0.1:$port, data $data ($mode)"
"${as_pg[@]}" "$bindir/postgres" -D "$data" "${settings[@]}" &
server=$!

stop() {
    log "fast shutdown"
    kill -INT "$server" 2>/dev/null || true
}
trap stop TERM INT HUP

# `wait` returns early when a trapped signal arrives: wait again until the server has really gone.
rc=0
while kill -0 "$server" 2>/dev/null; do
    wait "$server" || rc=$?
done
exit "$rc"
