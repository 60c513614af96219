#!/usr/bin/env bash
#
# eng/redrive.sh SERVICE — the operator's re-drive of one service of the local platform (eng/run.sh running):
# every message in the _error queues of the service's consumers goes back to its queue, every dead outbox row
# back to pending, and the run is recorded in the service's operator_actions table. Safe to repeat: the inbox
# applies each message once, the outbox publishes each event once. Fix the cause first (see the logs).
#
#   eng/redrive.sh search
#
# Elsewhere run the service's own binary the same way, with its connection strings:
#   dotnet RabatPlatform.Search.dll redrive
set -euo pipefail

[[ $# -eq 1 ]] || { sed -n '3,11p' "$0" | sed 's/^# \{0,1\}//'; exit 2; }
service=$1
case "$service" in
    content | meetings | publications | subscriptions | search) ;;
    *) echo "unknown service: $service" >&2; exit 2 ;;
esac

REPO_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)
env_file=$REPO_ROOT/.local/infrastructure.env
[[ -f "$env_file" ]] || { echo "no $env_file: is the platform running (eng/run.sh)?" >&2; exit 1; }
# shellcheck disable=SC1090
source "$env_file"
dll=$REPO_ROOT/services/$service/bin/Release/net10.0/RabatPlatform.${service^}.dll
[[ -f "$dll" ]] || dotnet build "$REPO_ROOT/services/$service/RabatPlatform.${service^}.csproj" -c Release >/dev/null

export "ConnectionStrings__${service}db=${RABAT_POSTGRES};Database=${service}db"
export ConnectionStrings__messaging="$RABAT_RABBITMQ"
export DOTNET_ENVIRONMENT=${DOTNET_ENVIRONMENT:-Development} ASPNETCORE_ENVIRONMENT=${ASPNETCORE_ENVIRONMENT:-Development}
exec dotnet "$dll" redrive
