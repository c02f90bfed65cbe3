#!/usr/bin/env bash
# The README's test command: the whole suite against the embedded database (PGlite), then against PostgreSQL.
# Ends with one line "tests: N passed, N failed" over both runs; exits non-zero if anything failed.
set -uo pipefail
cd "$(dirname "$0")/.."
export NODE_OPTIONS="--experimental-vm-modules ${NODE_OPTIONS:-}"
out="$(mktemp -d)"
status=0
echo "== tests on PGlite (embedded) =="
TEST_DB=pglite npx jest --json --outputFile="$out/pglite.json" "$@" || status=1
echo "== tests on PostgreSQL (${TEST_PG_URL:-postgresql://postgres@127.0.0.1:5432/test}) =="
TEST_DB=postgres npx jest --json --outputFile="$out/postgres.json" "$@" || status=1
node -e '
  const fs = require("fs");
  let passed = 0, failed = 0, skipped = 0;
  for (const db of ["pglite", "postgres"]) {
    const f = process.argv[1] + "/" + db + ".json";
    if (!fs.existsSync(f)) { console.log(db + ": no results (the run did not finish)"); failed++; continue; }
    const r = JSON.parse(fs.readFileSync(f, "utf8"));
    const suiteErrors = r.testResults.filter((t) => t.status === "failed" && !t.assertionResults.some((a) => a.status === "failed")).length;
    console.log(db + ": " + r.numPassedTests + " passed, " + (r.numFailedTests + suiteErrors) + " failed, " + r.numPendingTests + " skipped");
    passed += r.numPassedTests; failed += r.numFailedTests + suiteErrors; skipped += r.numPendingTests;
    if (r.numTotalTests === 0) failed++;
  }
  console.log("tests: " + passed + " passed, " + failed + " failed, " + skipped + " skipped");
  process.exit(failed ? 1 : 0);
' "$out" || status=1
rm -rf "$out"
exit $status
