#!/usr/bin/env bash
# npm run lint:openapi — the OpenAPI document the service serves (/api/docs-json, built by createApp on a throw-away
# embedded database) linted by Spectral (ruleset spectral:oas, .spectral.yaml) and Redocly (recommended, redocly.yaml).
# Fails on any error of either; warnings are printed (the README says which remain and why). Nothing is fetched:
# both CLIs run from node_modules, with Redocly's telemetry and update check off.
set -euo pipefail
cd "$(dirname "$0")/.."
npx tsc -p tsconfig.build.json
mkdir -p dist
node dist/scripts/openapi-dump.js dist/openapi.json
echo "== spectral lint (spectral:oas) =="
npx spectral lint --ruleset .spectral.yaml --fail-severity error dist/openapi.json
echo "== redocly lint (recommended) =="
REDOCLY_TELEMETRY=off REDOCLY_SUPPRESS_UPDATE_NOTICE=true npx redocly lint --config redocly.yaml dist/openapi.json
