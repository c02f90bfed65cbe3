#!/usr/bin/env bash
# The README's test command: the whole suite against the embedded database (PGlite), then against PostgreSQL.
# Ends with one line "tests: N passed, N failed, N skipped" over both runs; exits non-zero if anything failed.
#
# On a laptop without a PostgreSQL server, a MariaDB/MySQL server or Chromium it runs everything it can (the PGlite half;
# the API tests; the Open Dental connector's tests only with a MariaDB; the browser tests only with /usr/bin/chromium)
# and says plainly what it skipped and how to enable it.
# With CI=true nothing is optional: a missing PostgreSQL server, MariaDB or Chromium fails the run.
set -uo pipefail
cd "$(dirname "$0")/.."
export NODE_OPTIONS="--experimental-vm-modules ${NODE_OPTIONS:-}"
out="$(mktemp -d)"
status=0
ci=false
case "${CI:-}" in "" | false | 0) ;; *) ci=true ;; esac
pg_url="${TEST_PG_URL:-postgresql://postgres@127.0.0.1:5432/test}"
chromium="${CHROMIUM:-/usr/bin/chromium}"
mysql_url="${TEST_MYSQL_URL:-mysql://root@127.0.0.1:3306}"
skipped=()
jest_extra=()

# Does the PostgreSQL server of TEST_PG_URL answer (connect to its `postgres` database and run SELECT 1)?
pg_ok() {
  node -e '
    const pg = require("pg");
    const u = new URL(process.argv[1]); u.pathname = "/postgres";
    const c = new pg.Client({ connectionString: u.toString(), connectionTimeoutMillis: 3000 });
    c.connect().then(() => c.query("SELECT 1")).then(() => c.end()).then(() => process.exit(0), (e) => { console.error(String(e.message || e)); process.exit(1); });
  ' "$pg_url" 2>"$out/pg-error"
}

# Does the MariaDB/MySQL server of TEST_MYSQL_URL answer (the Open Dental connector's tests build their fixtures there)?
mysql_ok() {
  node -e '
    require("mysql2/promise").createConnection({ uri: process.argv[1], connectTimeout: 3000 })
      .then((c) => c.query("SELECT 1").then(() => c.end()))
      .then(() => process.exit(0), (e) => { console.error(String(e.message || e)); process.exit(1); });
  ' "$mysql_url" 2>"$out/mysql-error"
}

if ! mysql_ok; then
  if $ci; then
    echo "CI=true: no MariaDB/MySQL server answers at $mysql_url ($(cat "$out/mysql-error")); the Open Dental connector's tests will run and fail."
  else
    skipped+=("the Open Dental connector's tests (test/opendental.*): no MariaDB/MySQL server answers at $mysql_url ($(cat "$out/mysql-error")). Enable: sudo apt-get install -y mariadb-server (root without a password on 127.0.0.1:3306), or point TEST_MYSQL_URL at one.")
    jest_extra+=('--testPathIgnorePatterns=/test/opendental\.')
  fi
fi

if [ ! -x "$chromium" ]; then
  if $ci; then
    echo "CI=true: the browser tests need $chromium (apt-get install -y chromium); they will run and fail without it."
  else
    skipped+=("the admin dashboard's browser tests (test/admin.browser.spec.ts): $chromium is missing. Enable: sudo apt-get install -y chromium (Debian/Ubuntu), or CHROMIUM=/path/to/chromium.")
  fi
fi

echo "== tests on PGlite (embedded) =="
TEST_DB=pglite npx jest --json --outputFile="$out/pglite.json" "$@" "${jest_extra[@]}" || status=1

run_pg=true
if ! pg_ok; then
  if $ci; then
    echo "CI=true: no PostgreSQL server answers at $pg_url ($(cat "$out/pg-error")); the PostgreSQL half fails." >&2
    echo '{"numPassedTests":0,"numFailedTests":1,"numPendingTests":0,"numTotalTests":1,"testResults":[]}' >"$out/postgres.json"
    status=1
  else
    skipped+=("the whole suite on PostgreSQL: no server answers at $pg_url ($(cat "$out/pg-error")). Enable: run PostgreSQL 15+ there with trust authentication for user postgres (e.g. sudo apt-get install -y postgresql), or point TEST_PG_URL at one; then npm test (or npm run test:postgres).")
  fi
  run_pg=false
fi
if $run_pg; then
  echo "== tests on PostgreSQL ($pg_url) =="
  TEST_DB=postgres npx jest --json --outputFile="$out/postgres.json" "$@" "${jest_extra[@]}" || status=1
fi

$run_pg || $ci || echo "skip" >"$out/postgres.skipped"
node -e '
  const fs = require("fs");
  let passed = 0, failed = 0, skipped = 0;
  for (const db of ["pglite", "postgres"]) {
    const f = process.argv[1] + "/" + db + ".json";
    if (fs.existsSync(process.argv[1] + "/" + db + ".skipped")) { console.log(db + ": not run (see below)"); continue; }
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
if [ ${#skipped[@]} -gt 0 ]; then
  echo
  echo "NOT RUN on this machine (CI runs them; with CI=true they are required):"
  for s in "${skipped[@]}"; do echo "  - $s"; done
fi
rm -rf "$out"
exit $status
