#!/usr/bin/env bash
# The README's test command: the whole suite against the embedded database (PGlite), then against PostgreSQL.
set -euo pipefail
cd "$(dirname "$0")/.."
export NODE_OPTIONS="--experimental-vm-modules ${NODE_OPTIONS:-}"
echo "== tests on PGlite (embedded) =="
TEST_DB=pglite npx jest "$@"
echo "== tests on PostgreSQL (${TEST_PG_URL:-postgresql://postgres@127.0.0.1:5432/test}) =="
TEST_DB=postgres npx jest "$@"
