#!/usr/bin/env bash
#
# eng/generate.sh — a large synthetic bilingual data set for benchmarks, written fast: PostgreSQL
# COPY straight into each service's own tables plus one pending outbox row per item in the same
# transaction, so the services' outbox dispatchers publish the same events an API call would
# (search indexes the items, subscriptions hear of them). Run it against a platform started by
# eng/run.sh (its PostgreSQL on 127.0.0.1:55432, databases <service>db, migrations applied).
#
#   eng/generate.sh [--news N] [--meetings N] [--publications N] [--subscribers N]
#                   [--pg "Host=127.0.0.1;Port=55432;Username=postgres;Password=postgres"]
#                   [--random-seed N] [--no-build]
#
# Every run adds new items (slugs carry a run tag); it never touches the real data set.
# Exit status 3 when a part was skipped because its service's tables are not there (said on stderr).
set -euo pipefail

REPO_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)
PROJECT=$REPO_ROOT/eng/seed/RabatPlatform.Seed
BUILD=1
ARGS=()
for arg in "$@"; do
    case "$arg" in
        --no-build) BUILD=0 ;;
        -h | --help) sed -n '3,16p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) ARGS+=("$arg") ;;
    esac
done

if [[ -z "${RABAT_PG:-}" ]]; then
    export RABAT_PG="Host=127.0.0.1;Port=${RABAT_PG_PORT:-55432};Username=postgres;Password=postgres"
fi

if [[ $BUILD == 1 ]]; then
    dotnet build "$PROJECT" -c Release --nologo -v quiet -clp:ErrorsOnly >&2
fi

exec dotnet "$PROJECT/bin/Release/net10.0/RabatPlatform.Seed.dll" generate "${ARGS[@]}"
