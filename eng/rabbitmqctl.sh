#!/usr/bin/env bash
#
# eng/rabbitmqctl.sh ARGS… — rabbitmqctl against the RabbitMQ node of a local run in process mode
# (its own HOME, cookie and epmd port, written by AppHost/Infrastructure/scripts/rabbitmq.sh), e.g.
#   eng/rabbitmqctl.sh list_queues name messages       eng/rabbitmqctl.sh stop_app / start_app
set -euo pipefail
REPO_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)
env_file=${RABAT_RABBITMQ_DIR:-$REPO_ROOT/.local/rabbitmq}/rabbitmqctl.env
[[ -f "$env_file" ]] || { echo "no $env_file: is the platform running in process mode?" >&2; exit 1; }
# shellcheck disable=SC2046
exec env $(cat "$env_file") /usr/lib/rabbitmq/bin/rabbitmqctl -n "$(sed -n 's/^RABBITMQ_NODENAME=//p' "$env_file")" "$@"
