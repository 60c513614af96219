#!/usr/bin/env bash
#
# clients/refresh.sh — refresh the OpenAPI snapshots (clients/openapi/<service>.json) from the services'
# own /openapi/v1.json, then regenerate and build both clients.
#
#   clients/refresh.sh [--no-build]
#
# Each service is built (Release) and started alone for a moment on a free loopback port, Development
# environment, with connection strings to closed ports: a document needs no database and no broker. The
# "servers" entry (the address the document was read at) is left out, so a snapshot depends on the
# contract only. OpenApiSnapshotTests (tests/RabatPlatform.AppHost.Tests) fails when the running platform
# serves a document different from its snapshot: run this, commit the diff with the change.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)
OUT=$ROOT/clients/openapi
SERVICES=(content meetings publications subscriptions search)
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

say() { printf '==> %s\n' "$*"; }

if [[ ${1:-} != --no-build ]]; then
    for service in "${SERVICES[@]}"; do
        say "dotnet build services/$service -c Release"
        dotnet build "$ROOT/services/$service" -c Release -v quiet -nologo >/dev/null
    done
fi

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

mkdir -p "$OUT"
pids=()
trap 'for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done' EXIT
for service in "${SERVICES[@]}"; do
    name=${service^}
    dll=$ROOT/services/$service/bin/Release/net10.0/RabatPlatform.$name.dll
    [[ -f $dll ]] || { echo "refresh: $dll is missing (build first)" >&2; exit 1; }
    port=$(free_port)
    log=$(mktemp "${TMPDIR:-/tmp}/rabat-openapi-$service.XXXXXX")
    (cd "$(dirname "$dll")" && exec env ASPNETCORE_ENVIRONMENT=Development ASPNETCORE_URLS="http://127.0.0.1:$port" \
        "ConnectionStrings__${service}db=Host=127.0.0.1;Port=1;Database=none;Username=none" \
        ConnectionStrings__messaging=amqp://guest:guest@127.0.0.1:1/ ConnectionStrings__smtp=smtp://127.0.0.1:1 \
        OTEL_EXPORTER_OTLP_ENDPOINT= Logging__LogLevel__Default=None \
        dotnet "$dll" >"$log" 2>&1) &
    pids+=($!)
    document=""
    for _ in $(seq 1 120); do
        document=$(curl -sf "http://127.0.0.1:$port/openapi/v1.json") && break
        sleep 0.5
    done
    kill "${pids[-1]}" 2>/dev/null || true
    wait "${pids[-1]}" 2>/dev/null || true
    [[ -n $document ]] || { echo "refresh: $service did not serve /openapi/v1.json within 60 s; its log: $log" >&2; exit 1; }
    rm -f "$log"
    python3 -c '
import json, sys
document = json.loads(sys.stdin.read())
document.pop("servers", None)
with open(sys.argv[1], "w", encoding="utf-8") as f:
    json.dump(document, f, ensure_ascii=False, indent=2)
    f.write("\n")
' "$OUT/$service.json" <<<"$document"
    say "clients/openapi/$service.json ($(wc -c <"$OUT/$service.json") bytes)"
done

say "clients/typescript: npm ci && npm run build"
(cd "$ROOT/clients/typescript" && npm ci --no-audit --no-fund --loglevel=error && npm run build --silent)
say "dotnet build clients/dotnet -c Release"
dotnet build "$ROOT/clients/dotnet" -c Release -v quiet -nologo
say "done: review and commit the diff of clients/openapi/"
