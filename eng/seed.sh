#!/usr/bin/env bash
#
# eng/seed.sh — load the real Rabat Process data set (eng/seed/data/*.json) into a running platform
# through the gateway's public APIs, with a secretariat token, so every event flows as in real use.
# Idempotent: what exists (by natural key: partner code, chair + start date, French slug) is skipped.
#
#   eng/seed.sh [--gateway http://127.0.0.1:8080] [--token TOKEN] [--update] [--check] [--wait SECONDS] [--no-build]
#
#   --gateway  the gateway (default: $RABAT_GATEWAY_URL, else http://127.0.0.1:8080, eng/run.sh's)
#   --token    a secretariat bearer token (default: POST /api/auth/dev-token, Development only)
#   --update   replace existing items with the data files' version (PUT) instead of skipping them
#   --check    then wait (up to --wait s, default 60) until GET /api/content/gcm-alignment shows
#              exactly eng/seed/expected-alignment.json; exit 1 if it does not
set -euo pipefail

REPO_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)
PROJECT=$REPO_ROOT/eng/seed/RabatPlatform.Seed
BUILD=1
ARGS=()
for arg in "$@"; do
    case "$arg" in
        --no-build) BUILD=0 ;;
        -h | --help) sed -n '3,15p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) ARGS+=("$arg") ;;
    esac
done

if [[ $BUILD == 1 ]]; then
    dotnet build "$PROJECT" -c Release --nologo -v quiet -clp:ErrorsOnly >&2
fi

cd "$REPO_ROOT"
exec dotnet "$PROJECT/bin/Release/net10.0/RabatPlatform.Seed.dll" seed --data "$REPO_ROOT/eng/seed/data" "${ARGS[@]}"
