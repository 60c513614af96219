#!/usr/bin/env bash
#
# eng/openapi/lint.sh — lint the five services' OpenAPI documents with Redocly CLI (recommended rules, redocly.yaml).
#
#   eng/openapi/lint.sh                         the documents OpenApiDocumentTests last wrote to .local/openapi/
#   eng/openapi/lint.sh --gateway http://localhost:8080
#                                               fetch them first from a running gateway (eng/run.sh)
#
# CI needs none of this: OpenApiDocumentTests (run by eng/test.sh) writes the documents and runs the same lint.
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)
REPO_ROOT=$(cd "$HERE/../.." && pwd -P)
DOCS=$REPO_ROOT/.local/openapi

if [[ ${1:-} == --gateway ]]; then
    gateway=${2:?usage: $0 --gateway URL}
    mkdir -p "$DOCS"
    for service in content meetings publications subscriptions search; do
        curl -fsS "$gateway/openapi/$service.json" -o "$DOCS/$service.json"
    done
fi

if [[ ! -f $HERE/node_modules/.package-lock.json || $HERE/package-lock.json -nt $HERE/node_modules/.package-lock.json ]]; then
    (cd "$HERE" && npm ci --no-audit --no-fund --loglevel=error)
fi

export REDOCLY_TELEMETRY=off REDOCLY_SUPPRESS_UPDATE_NOTICE=true
exec node "$HERE/node_modules/@redocly/cli/bin/cli.js" lint --config "$HERE/redocly.yaml" "$DOCS"/{content,meetings,publications,subscriptions,search}.json
