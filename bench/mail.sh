#!/usr/bin/env bash
#
# bench/mail.sh — newsletter delivery beside a plain SMTP load generator (issue 16).
#
#   bench/mail.sh [--mails 10000] [--sessions 4] [--size 4096] [--warm-up 5000]
#   bench/mail.sh --mails 100000          # memory at 100,000 subscribers (takes several minutes)
#
# Needs Postfix's smtp-sink and smtp-source (Debian package postfix; installed here when missing and root; it need not
# run as a mail server). Builds the subscriptions service and bench/RabatPlatform.WriteBench in Release
# (bench/.artifacts) and the AppHost, starts the AppHost's throw-away infrastructure, an smtp-sink on a free port, and
# the subscriptions service (Development) sending to that sink with the rate cap lifted
# (Subscriptions:Mail:MessagesPerSecond; the default cap of 20/s stays for a real relay) and its default 4 connections.
# Then: smtp-source alone against the sink (same message size, --sessions parallel sessions, connections kept), the
# service delivering one newsletter to --mails confirmed subscribers (after --warm-up mails, not timed, through
# MailKit alone and through the service: the .NET senders compile their hot path during their first mails) (rows written as the fan-out writes them), and
# smtp-source again. Prints the service's rate, smtp-source's mean rate, their ratio (target >= 50 %), and the
# service's resident memory before, at peak and after. With BENCH_RESULTS set, appends JSON lines (bench/README.md).
set -euo pipefail
REPO_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)
# shellcheck source-path=SCRIPTDIR source=write-lib.sh
source "$REPO_ROOT/bench/write-lib.sh"
COMMAND="bench/mail.sh $*"

trap write_bench_cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

if ! command -v smtp-sink >/dev/null || ! command -v smtp-source >/dev/null; then
    if [[ $(id -u) -ne 0 ]]; then
        echo "ERROR: smtp-sink and smtp-source are missing: apt-get install postfix (as root)" >&2
        exit 1
    fi
    echo "==> installing postfix (smtp-sink, smtp-source)"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q postfix >/dev/null
fi
export PATH=$PATH:/usr/sbin

write_bench_build services/subscriptions bench/RabatPlatform.WriteBench
write_bench_infrastructure mail
read -r SINK_PORT SERVICE_PORT < <(bench_free_ports 2 | xargs)
SINK_USER=()
if [[ $(id -u) -eq 0 ]]; then
    SINK_USER=(-u nobody)
fi
echo "==> smtp-sink on 127.0.0.1:$SINK_PORT"
write_bench_background smtp-sink "${SINK_USER[@]}" "127.0.0.1:$SINK_PORT" 1024
write_bench_service subscriptions "$(write_bench_dll RabatPlatform.Subscriptions)" "$SERVICE_PORT" \
    "ConnectionStrings__smtp=smtp://127.0.0.1:$SINK_PORT" Subscriptions__Mail__MessagesPerSecond=1000000
dotnet "$(write_bench_dll RabatPlatform.WriteBench)" mail --smtp "smtp://127.0.0.1:$SINK_PORT" \
    --service-pid "$WRITE_BENCH_LAST_PID" --command "$COMMAND" "$@"
