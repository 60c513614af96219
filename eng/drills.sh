#!/usr/bin/env bash
#
# eng/drills.sh [--no-build] [--ci-scale] [--only NAME] [extra dotnet test args] — the fault drills of issue 19
# at full scale (--only: the drills whose test name contains NAME, e.g. --only publisher).
#
# Runs tests/RabatPlatform.Tests/Integration/Drills (trait Category=Drill) alone, with RABAT_DRILL_SCALE=full:
# 20 news items a second written through the content service's API; search's database cut for 60 s (longer than
# the 5 × 10 s retry schedule of other failures); the tests' RabbitMQ node really stopped for 60 s
# (rabbitmqctl stop_app / start_app); the content service SIGKILLed five times between a confirmed publish and
# mark-sent; the search service SIGKILLed five times while consuming a backlog; and the cluster drill (issue 18):
# a three-node RabbitMQ cluster of its own (eng/rabbitmq-cluster.sh) with quorum queues, the node search is
# connected to SIGKILLed for 60 s while both services carry on on the other two, then started again. The services
# run as child processes with their production settings of the outbox relay and the retries. CI runs the same
# drills at a small scale (short outages through a proxy, one kill each; the cluster node stopped with stop_app for
# 10 s) as part of eng/test.sh.
# The replica drills of issue 18 (ReplicaDrillTests): two replicas of content, search, meetings and
# subscriptions under a mixed load (news, registrations to a meeting of limited capacity, newsletter
# subscriptions); one replica of each service SIGKILLed at once, then one drill per service, three kills each.
#
# Prints a table (drill, events written, applied, applied twice, lost, catch-up time, notes) with the date and
# the load average, ready for docs/reliability.md, and one of the replica drills (drill, written, applied,
# duplicated, lost, seated/capacity, mails once, recovery, notes) for docs/scaling.md. Takes about 20 minutes
# on a 2-core machine.
set -euo pipefail

REPO_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)
# shellcheck source-path=SCRIPTDIR source=lib/packages.sh
source "$REPO_ROOT/eng/lib/packages.sh"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

build=1 scale=full filter="Category=Drill"
while [[ $# -gt 0 ]]; do
    case $1 in
        --no-build) build=0; shift ;;
        --ci-scale) scale=ci; shift ;;
        --only) filter+="&FullyQualifiedName~${2:?--only NAME}"; shift 2 ;;
        *) break ;;
    esac
done

say() { printf '==> %s\n' "$*"; }
rabat_ensure_packages

if ((build)); then
    say "dotnet build tests/RabatPlatform.Tests -c Release"
    (cd "$REPO_ROOT" && dotnet build tests/RabatPlatform.Tests -c Release -v quiet -nologo) </dev/null
fi

report=$(mktemp "${TMPDIR:-/tmp}/rabat-drills.XXXXXX")
replica_report=$(mktemp "${TMPDIR:-/tmp}/rabat-replica-drills.XXXXXX")
trap 'rm -f "$report" "$replica_report"' EXIT
load_before=$(cut -d' ' -f1-3 /proc/loadavg)
started=$(date -u '+%Y-%m-%d %H:%M UTC')
say "drills at $scale scale (load average $load_before)"
rc=0
(cd "$REPO_ROOT" && RABAT_DRILL_SCALE=$scale RABAT_DRILL_REPORT=$report RABAT_REPLICA_DRILL_REPORT=$replica_report dotnet test tests/RabatPlatform.Tests -c Release --no-build \
    --filter "$filter" --logger "console;verbosity=normal" "$@") </dev/null || rc=$?
load_after=$(cut -d' ' -f1-3 /proc/loadavg)

echo
echo "Fault drills, $scale scale, $started, $(nproc) cores; load average $load_before before, $load_after after"
echo
echo "| drill | events written | applied | applied twice | lost | catch-up | notes |"
echo "|---|---:|---:|---:|---:|---:|---|"
while IFS=$'\t' read -r drill written applied twice lost seconds notes; do
    echo "| $drill | $written | $applied | $twice | $lost | $seconds s | $notes |"
done <"$report"
[[ -s "$report" || -s "$replica_report" ]] || echo "(no drill reported: see the output above)"
if [[ -s "$replica_report" ]]; then
    echo
    echo "Replica drills (two replicas of each service), $scale scale"
    echo
    echo "| drill | written | applied | duplicated | lost | seated/capacity | mails once | recovery | notes |"
    echo "|---|---:|---:|---|---|---|---:|---:|---|"
    while IFS=$'\t' read -r drill written applied duplicated lost seated once seconds notes; do
        echo "| $drill | $written | $applied | $duplicated | $lost | $seated | $once | $seconds s | $notes |"
    done <"$replica_report"
fi
exit "$rc"
