#!/usr/bin/env bash
#
# eng/test.sh — run the RabatPlatform test suite.
#
#   eng/test.sh [extra dotnet test args, e.g. --filter FullyQualifiedName~Outbox]
#
# The tests get their servers from the AppHost (Aspire.Hosting.Testing): RabatPlatform.Tests starts the
# infrastructure alone (throw-away PostgreSQL, RabbitMQ and SMTP on free ports, as processes) and hosts
# the services in process; RabatPlatform.AppHost.Tests starts the whole platform as `dotnet run --project
# AppHost` does and walks journeys through the gateway. This script only makes sure the Debian packages
# the process mode runs are installed, builds the TypeScript client (npm ci, tsc), then runs `dotnet test`.
#
# Results: <repo>/.local/test-results/*.trx, and a final summary line
#   tests: N passed, M failed[, K skipped]
# Exit code: dotnet test's; 1 if no test ran at all.
set -euo pipefail

REPO_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)
# shellcheck source-path=SCRIPTDIR source=lib/packages.sh
source "$REPO_ROOT/eng/lib/packages.sh"

RESULTS_DIR=$REPO_ROOT/.local/test-results
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

say() { printf '==> %s\n' "$*"; }

rabat_ensure_packages

# Redocly CLI for OpenApiDocumentTests' lint of the OpenAPI documents (eng/openapi): from its lock file, when
# missing or changed (~15 MB, a few seconds from the npm registry).
openapi_dir=$REPO_ROOT/eng/openapi
if [[ ! -f $openapi_dir/node_modules/.package-lock.json || $openapi_dir/package-lock.json -nt $openapi_dir/node_modules/.package-lock.json ]]; then
    say "npm ci in eng/openapi (Redocly CLI)"
    (cd "$openapi_dir" && npm ci --no-audit --no-fund --loglevel=error) </dev/null
fi

# The TypeScript client (clients/typescript): types generated from the OpenAPI snapshots (clients/openapi),
# compiled with tsc; a contract change that breaks it fails here. The AppHost tests run its journey.
say "clients/typescript: npm ci && npm run build"
(cd "$REPO_ROOT/clients/typescript" && npm ci --no-audit --no-fund --loglevel=error && npm run build --silent) </dev/null

mkdir -p "$RESULTS_DIR"
# Only .trx files newer than this marker belong to this run.
run_marker=$(mktemp "${TMPDIR:-/tmp}/rabat-test-run.XXXXXX")
trap 'rm -f "$run_marker"' EXIT

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

# CI keeps only the tail of the output: name each failed test and the first
# lines of its message here, after the counts.
if ((failed > 0)); then
    "$RABAT_SYS_PYTHON" - "${trx_files[@]}" <<'PY' || true
import sys
import xml.etree.ElementTree as ET

for path in sys.argv[1:]:
    try:
        root = ET.parse(path).getroot()
    except ET.ParseError:
        continue
    for el in root.iter():
        if el.tag.rsplit("}", 1)[-1] != "UnitTestResult" or el.get("outcome") == "Passed":
            continue
        if el.get("outcome") == "NotExecuted":
            continue
        message = ""
        for sub in el.iter():
            if sub.tag.rsplit("}", 1)[-1] == "Message" and sub.text:
                message = sub.text
                break
        lines = [l for l in message.strip().splitlines() if l.strip()][:6]
        print(f"FAILED {el.get('testName')} ({el.get('duration')})")
        for line in lines:
            print(f"    {line[:300]}")
PY
fi

if ((executed == 0)); then
    echo "ERROR: no test ran (dotnet test exit code $test_rc)" >&2
    ((test_rc != 0)) && exit "$test_rc"
    exit 1
fi
exit "$test_rc"
