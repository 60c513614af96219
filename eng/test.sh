#!/usr/bin/env bash
#
# eng/test.sh — run the RabatPlatform test suite.
#
#   eng/test.sh [extra dotnet test args, e.g. --filter Category=Outbox]
#
# Without Docker, it starts throw-away PostgreSQL, RabbitMQ and SMTP servers
# on free ports in a temporary directory and hands them to the tests through
# RABAT_TEST_POSTGRES, RABAT_TEST_RABBITMQ, RABAT_TEST_SMTP_HOST,
# RABAT_TEST_SMTP_PORT and RABAT_TEST_MAILDIR. With a working Docker engine
# it starts nothing and the tests use Testcontainers instead.
#
# Results: <repo>/.local/test-results/*.trx, and a final summary line
#   tests: N passed, M failed[, K skipped]
# Exit code: dotnet test's; 1 if no test ran at all.
set -euo pipefail

REPO_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)
# shellcheck source-path=SCRIPTDIR source=lib/servers.sh
source "$REPO_ROOT/eng/lib/servers.sh"

RESULTS_DIR=$REPO_ROOT/.local/test-results
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

say() { printf '==> %s\n' "$*"; }

# --- Throw-away directory and cleanup ----------------------------------------

# The postgres user must be able to reach the data directory, hence 0755.
TMP_DIR=$(mktemp -d "${TMPDIR:-/tmp}/rabat-test.XXXXXX")
chmod 755 "$TMP_DIR"
RABBITMQ_NODE="rabattest$$@localhost"
SERVERS_STARTED=0
CLEANED_UP=0

# shellcheck disable=SC2317 # invoked from traps
cleanup() {
    ((CLEANED_UP)) && return 0
    CLEANED_UP=1
    trap '' INT TERM
    if ((SERVERS_STARTED)); then
        # PostgreSQL may still be starting in the background.
        [[ -n "${pg_job:-}" ]] && { wait "$pg_job" 2>/dev/null || true; }
        rabat_stop_smtp "$TMP_DIR/smtp" || true
        rabat_stop_rabbitmq "$TMP_DIR/rabbitmq" "$RABBITMQ_NODE" || true
        rabat_stop_postgres "$TMP_DIR/postgres" || true
    fi
    rm -rf "$TMP_DIR"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# --- Servers -------------------------------------------------------------------

if command -v docker >/dev/null 2>&1 && timeout 5 docker info >/dev/null 2>&1; then
    say "Docker is available: the tests will start their own containers (Testcontainers)"
else
    rabat_ensure_packages
    mapfile -t ports < <(rabat_free_port 4)
    pg_port=${ports[0]} amqp_port=${ports[1]} mgmt_port=${ports[2]} smtp_port=${ports[3]}

    say "starting PostgreSQL, RabbitMQ and SMTP in $TMP_DIR"
    start=$SECONDS
    SERVERS_STARTED=1
    # PostgreSQL starts in the background while RabbitMQ (the slow one) boots;
    # pg_ctl detaches the postmaster, so it outlives the subshell.
    rabat_start_postgres "$TMP_DIR/postgres" "$pg_port" fast &
    pg_job=$!
    rabat_start_rabbitmq "$TMP_DIR/rabbitmq" "$amqp_port" "$mgmt_port" "$RABBITMQ_NODE"
    rabat_start_smtp "$TMP_DIR/smtp" "$smtp_port"
    wait "$pg_job" || { echo "ERROR: PostgreSQL did not start" >&2; exit 1; }
    say "servers up in $((SECONDS - start))s: PostgreSQL :$pg_port, RabbitMQ :$amqp_port (management :$mgmt_port), SMTP :$smtp_port"

    export RABAT_TEST_POSTGRES="Host=127.0.0.1;Port=$pg_port;Username=postgres;Password=postgres"
    export RABAT_TEST_RABBITMQ="amqp://guest:guest@127.0.0.1:$amqp_port/"
    export RABAT_TEST_SMTP_HOST=127.0.0.1
    export RABAT_TEST_SMTP_PORT=$smtp_port
    export RABAT_TEST_MAILDIR=$TMP_DIR/smtp/maildir
fi

# --- Tests ---------------------------------------------------------------------

mkdir -p "$RESULTS_DIR"
# Only .trx files newer than this marker belong to this run.
run_marker=$TMP_DIR/run-started
touch "$run_marker"

# LogFilePrefix rather than LogFileName: with a fixed LogFileName every test
# project of the solution writes the same results.trx and only the last one
# survives (microsoft/vstest#3026, checked with SDK 10.0.401 / Test SDK
# 18.0.1). With a prefix each project gets results_<tfm>_<timestamp>.trx.
say "dotnet test RabatPlatform.CI.slnf -c Release $*"
test_rc=0
(cd "$REPO_ROOT" && dotnet test RabatPlatform.CI.slnf -c Release \
    --logger "trx;LogFilePrefix=results" \
    --logger "console;verbosity=normal" \
    --results-directory "$RESULTS_DIR" \
    "$@") </dev/null || test_rc=$?

# --- Summary -------------------------------------------------------------------

mapfile -t trx_files < <(find "$RESULTS_DIR" -maxdepth 1 -name '*.trx' -newer "$run_marker" | sort)

# Sum <Counters .../> over this run's .trx files: prints "total executed passed failed".
counts=$(
    "$RABAT_SYS_PYTHON" - "${trx_files[@]}" <<'PY'
import sys
import xml.etree.ElementTree as ET

sums = dict(total=0, executed=0, passed=0, failed=0)
for path in sys.argv[1:]:
    try:
        root = ET.parse(path).getroot()
    except ET.ParseError as e:
        print(f"warning: cannot parse {path}: {e}", file=sys.stderr)
        continue
    for el in root.iter():
        if el.tag.rsplit("}", 1)[-1] != "Counters":
            continue
        get = lambda k: int(el.get(k, "0") or 0)
        sums["total"] += get("total")
        sums["executed"] += get("executed")
        sums["passed"] += get("passed")
        # error/timeout/aborted are failures too.
        sums["failed"] += get("failed") + get("error") + get("timeout") + get("aborted")
print(sums["total"], sums["executed"], sums["passed"], sums["failed"])
PY
) || counts="0 0 0 0"
read -r total executed passed failed <<<"$counts"
skipped=$((total - executed))

echo
echo "results: ${#trx_files[@]} .trx file(s) in $RESULTS_DIR"
summary="tests: $passed passed, $failed failed"
((skipped > 0)) && summary+=", $skipped skipped"
echo "$summary"

if ((executed == 0)); then
    echo "ERROR: no test ran (dotnet test exit code $test_rc)" >&2
    ((test_rc != 0)) && exit "$test_rc"
    exit 1
fi
exit "$test_rc"
