#!/usr/bin/env bash
#
# eng/run.sh — run the whole RabatPlatform locally under its .NET Aspire AppHost:
#
#   eng/run.sh [--no-build] [--no-seed] [--ready-to-run] [-- AppHost arguments, e.g. --Infrastructure:Mode=Containers]
#
# 1. installs the Debian packages the AppHost's process mode runs, if missing (PostgreSQL, RabbitMQ,
#    aiosmtpd; with apt, as root);
# 2. builds and starts the AppHost (as `dotnet run --project AppHost -c Release` would), which starts the
#    infrastructure (containers where a container runtime answers, processes otherwise), each service's
#    migrations then the service, and the gateway; its log is also in .local/logs/apphost.log;
# 3. once the gateway is healthy, loads the real data set (eng/seed.sh) on an empty platform.
#
# --ready-to-run also compiles every service ahead of time (Directory.Build.targets; minutes on a first build):
# the AppHost then starts them from that output, on about half the CPU (cold start, docs/performance.md).
#
# Dashboard http://localhost:18888 (the login link is printed), gateway http://localhost:8080, data
# and mail under .local/. Ctrl+C stops everything cleanly.
set -euo pipefail

REPO_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)
# shellcheck source-path=SCRIPTDIR source=lib/packages.sh
source "$REPO_ROOT/eng/lib/packages.sh"

BUILD=1 SEED=1 APPHOST_ARGS=() BUILD_ARGS=()
while (($#)); do
    case "$1" in
        --no-build) BUILD=0 ;;
        --no-seed) SEED=0 ;;
        --ready-to-run) BUILD_ARGS+=(-p:RabatReadyToRun=true) ;;
        --) shift; APPHOST_ARGS=("$@"); break ;;
        -h | --help) sed -n '3,18p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) echo "unknown argument: $1 (try --help)" >&2; exit 2 ;;
    esac
    shift
done

say() { printf '==> %s\n' "$*"; }
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 ASPIRE_CLI_TELEMETRY_OPTOUT=1
GATEWAY=http://localhost:8080
LOG_DIR=$REPO_ROOT/.local/logs
mkdir -p "$LOG_DIR"

rabat_ensure_packages

if ((BUILD)); then
    say "building the AppHost and the services (Release)"
    dotnet build "$REPO_ROOT/AppHost" -c Release "${BUILD_ARGS[@]}" -nologo -v quiet -clp:ErrorsOnly
fi
if [[ ! -x "$REPO_ROOT/AppHost/bin/Release/net10.0/RabatPlatform.AppHost" ]]; then
    echo "ERROR: the AppHost is not built: run without --no-build" >&2
    exit 1
fi

# Once the gateway answers: seed an empty platform and say where everything is. It runs beside the
# AppHost, which gets Ctrl+C (or TERM) from this script's trap below.
ready() {
    local started=$SECONDS login
    until [[ "$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "$GATEWAY/health" || true)" == 200 ]]; do
        kill -0 $$ 2>/dev/null || exit 0
        sleep 0.5
    done
    say "gateway healthy $((SECONDS - started)) s after the start"

    if ((SEED)); then
        if curl -s "$GATEWAY/api/content/partners" | grep -q '"code"'; then
            say "data present: not seeding (eng/seed.sh --update reloads the real data set)"
        else
            say "empty platform: loading the real data set (log $LOG_DIR/seed.log)"
            "$REPO_ROOT/eng/seed.sh" --gateway "$GATEWAY" >"$LOG_DIR/seed.log" 2>&1 &&
                say "real data set loaded" ||
                echo "WARNING: seeding failed; see $LOG_DIR/seed.log" >&2
        fi
    fi

    login=$(grep -o 'http://localhost:18888/login?t=[0-9a-f]*' "$LOG_DIR/apphost.log" | tail -n 1 || true)
    cat <<INFO

RabatPlatform is running.

  Dashboard     ${login:-http://localhost:18888} (the link logs you in)
  Gateway       $GATEWAY   (API reference $GATEWAY/docs)
  Mail          $REPO_ROOT/.local/smtp/maildir/new   (process mode; Mailpit's UI in container mode)
  Data, logs    $REPO_ROOT/.local/

  Dev token:
    curl -s -X POST $GATEWAY/api/auth/dev-token -H 'content-type: application/json' -d '{"role":"secretariat"}'
  RabbitMQ outage drill: eng/rabbitmqctl.sh stop_app … eng/rabbitmqctl.sh start_app

Press Ctrl+C to stop everything.
INFO
}

if curl -s -o /dev/null --max-time 2 "$GATEWAY/alive"; then
    echo "ERROR: something already answers at $GATEWAY: is the platform already running?" >&2
    exit 1
fi

: >"$LOG_DIR/apphost.log"
ready </dev/null &
say "starting the AppHost (log also in $LOG_DIR/apphost.log)"
# The AppHost's own binary with its launch profile's environment (dashboard at :18888), rather than
# `dotnet run`, which returns on TERM before the AppHost has stopped everything.
eval "$("$RABAT_SYS_PYTHON" - "$REPO_ROOT/AppHost/Properties/launchSettings.json" <<'PY'
import json, shlex, sys
profile = json.load(open(sys.argv[1]))["profiles"]["http"]
print(f"export ASPNETCORE_URLS={shlex.quote(profile['applicationUrl'])}")
for key, value in profile.get("environmentVariables", {}).items():
    print(f"export {key}={shlex.quote(value)}")
PY
)"
cd "$REPO_ROOT/AppHost" # its content root: appsettings.json
"$REPO_ROOT/AppHost/bin/Release/net10.0/RabatPlatform.AppHost" "${APPHOST_ARGS[@]}" \
    </dev/null > >(tee -a "$LOG_DIR/apphost.log") 2>&1 &
apphost=$!
trap 'kill -TERM "$apphost" 2>/dev/null || true' INT TERM
while kill -0 "$apphost" 2>/dev/null; do
    wait "$apphost" || true
done
trap - INT TERM

# The AppHost returns while its orchestrator (DCP) still stops the resources: wait for them.
for ((i = 0; i < 120; i++)); do
    pgrep -f "$REPO_ROOT/(\.local|AppHost/Infrastructure|services|gateway)" >/dev/null || break
    sleep 0.5
done
say "stopped"
