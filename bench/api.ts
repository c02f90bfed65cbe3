// npm run bench:api -- [--connections 32] [--seconds 10] [--clinics 100] [--days 365] [--database ut_bench_rollup]
//
// Measures the analytics routes on the benchmark data set of bench:rollup (PostgreSQL database ut_bench_rollup;
// built first with `npm run bench:rollup -- --keep` if it is missing), with autocannon against the service running
// as a child process: requests/s and p50/p99 latency for a 2-year monthly trend of one clinic, a 90-day /chairs of
// one clinic and a 1-year /report, beside issue 15's p99 goals; the CSV export of a year of daily rows for 1, 10 and
// every clinic (rows/s, the server's memory); then the ratio between serving the trend and computing it from raw sessions.
import { spawn, spawnSync } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { once } from 'node:events';
import { parseArgs } from 'node:util';
import { BENCH_ADMIN_URL, benchDatabaseUrl } from './common.js';
import autocannon from 'autocannon';
import pg from 'pg';
import { signToken } from '../src/auth/token.js';
import { computeDaysSql } from '../src/rollup/engine-sql.js';

const { values } = parseArgs({
  options: {
    connections: { type: 'string', default: '32' },
    seconds: { type: 'string', default: '10' },
    clinics: { type: 'string', default: '100' },
    days: { type: 'string', default: '365' },
    port: { type: 'string', default: '3900' },
    database: { type: 'string', default: 'ut_bench_rollup' },
  },
});
const ADMIN = BENCH_ADMIN_URL;
const DB = values.database;
const url = benchDatabaseUrl(DB);
const SECRET = 'bench-secret-0123456789abcdef';

async function hasData(): Promise<boolean> {
  const c = new pg.Client({ connectionString: ADMIN });
  await c.connect();
  const exists = (await c.query('SELECT 1 FROM pg_database WHERE datname = $1', [DB])).rowCount;
  await c.end();
  if (!exists) return false;
  const d = new pg.Client({ connectionString: url });
  await d.connect();
  try {
    return Number((await d.query<{ n: string }>(`SELECT count(*) AS n FROM clinic_rollup WHERE clinic_id = 'b-000'`)).rows[0].n) > 0;
  } catch {
    return false;
  } finally {
    await d.end();
  }
}

if (!(await hasData())) {
  console.log(`${DB} has no benchmark data: building it with bench:rollup --keep (${values.clinics} clinics × ${values.days} days) …`);
  const r = spawnSync(
    process.execPath,
    ['dist/bench/rollup.js', '--keep', '--clinics', values.clinics, '--days', values.days, '--nightly-clinics', '10', '--naive-days', '2'],
    { stdio: 'inherit' },
  );
  if (r.status !== 0) process.exit(r.status ?? 1);
}

const db = new pg.Client({ connectionString: url });
await db.connect();
const [{ last }] = (await db.query<{ last: string }>(`SELECT max(date)::text AS last FROM resource_utilization WHERE clinic_id = 'b-000'`)).rows;
const day = (n: number) => new Date(Date.parse(`${last}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);

const server = spawn(process.execPath, ['dist/src/main.js'], {
  env: {
    ...process.env,
    DATABASE_URL: url,
    PORT: values.port,
    HOST: '127.0.0.1',
    AUTH_JWT_SECRET: SECRET,
    LOG_LEVEL: 'warn',
    RATE_LIMIT_PER_MINUTE: '100000000',
    ROLLUP_SCHEDULE_ENABLED: 'false',
    DATABASE_POOL_MAX: '16',
  },
  stdio: ['ignore', 'pipe', 'inherit'],
});
await new Promise<void>((resolve, reject) => {
  server.stdout.on('data', (d: Buffer) => d.toString().includes('listening on') && resolve());
  server.on('exit', (code) => reject(new Error(`server exited with ${code}`)));
});
const base = `http://127.0.0.1:${values.port}`;
const token = await signToken(SECRET, { sub: 'bench', permissions: ['ops:view_analytics', 'ops:view_provider_detail'], clinicIds: ['*'], ttlSeconds: 3600 });
const headers = { authorization: `Bearer ${token}` };

/** Issue 15's goals for p99 latency at 32 connections, by route name. */
const P99_GOAL: Record<string, number> = {
  '90-day /chairs, one clinic, per chair': 25,
  '1-year /report, one clinic': 150,
  'headline, one clinic, 28 days': 25,
};
const goal = (text: string, met: boolean) => `   [goal ${text}: ${met ? 'met' : 'NOT met'}]`;

const routes = [
  ['2-year monthly trend, one clinic', `/api/v1/ops/utilization/trends?clinicId=b-000&from=${day(-729)}&to=${last}&granularity=month`],
  ['90-day /chairs, one clinic, per chair', `/api/v1/ops/utilization/chairs?clinicId=b-000&from=${day(-89)}&to=${last}&granularity=total`],
  ['90-day /chairs, daily rows, first page (100)', `/api/v1/ops/utilization/chairs?clinicId=b-000&from=${day(-89)}&to=${last}`],
  ['90-day /chairs, all 900 daily rows at once', `/api/v1/ops/utilization/chairs?clinicId=b-000&from=${day(-89)}&to=${last}&limit=1000`],
  ['1-year /report, one clinic', `/api/v1/ops/utilization/report?clinicId=b-000&from=${day(-364)}&to=${last}`],
  ['headline, one clinic, 28 days', `/api/v1/ops/utilization?clinicId=b-000&from=${day(-27)}&to=${last}`],
] as const;

const p50s: Record<string, number> = {};
console.log(`\nautocannon: ${values.connections} connections × ${values.seconds} s per route (server: node dist/src/main.js on ${DB})`);
for (const [name, path] of routes) {
  const check = await fetch(base + path, { headers });
  if (check.status !== 200) throw new Error(`${path} answered ${check.status}: ${await check.text()}`);
  await autocannon({ url: base + path, headers, connections: 4, duration: 2 }); // warm-up
  const r = await autocannon({ url: base + path, headers, connections: Number(values.connections), duration: Number(values.seconds) });
  p50s[name] = r.latency.p50;
  console.log(
    `${name.padEnd(44)} ${String(Math.round(r.requests.average)).padStart(6)} req/s   p50 ${String(r.latency.p50).padStart(4)} ms   p99 ${String(r.latency.p99).padStart(4)} ms   errors ${r.errors + r.non2xx}` +
      (P99_GOAL[name] ? goal(`p99 ≤ ${P99_GOAL[name]} ms`, r.latency.p99 <= P99_GOAL[name]) : ''),
  );
}

// CSV export of one year of daily rows for 1, 10 and every clinic: rows/s, and the server's memory (flat at any size)
const benchClinics = (await db.query<{ id: string }>(`SELECT id FROM clinic WHERE id LIKE 'b-%' ORDER BY id`)).rows.map((r) => r.id);
const memory = async () => {
  const status = await readFile(`/proc/${server.pid}/status`, 'utf8').catch(() => '');
  const kb = (k: string) => Number(new RegExp(`${k}:\\s+(\\d+)`).exec(status)?.[1] ?? 0) / 1024;
  return { rss: kb('VmRSS'), peak: kb('VmHWM') };
};
console.log(`\nCSV export, daily rows ${day(-364)}..${last} (one request at a time):`);
for (const ids of [benchClinics.slice(0, 1), benchClinics.slice(0, 10), benchClinics]) {
  const path = `/api/v1/ops/utilization/chairs?clinicId=${ids.join(',')}&from=${day(-364)}&to=${last}&granularity=day&format=csv`;
  const t = performance.now();
  const res = await fetch(base + path, { headers: { ...headers, accept: 'text/csv' } });
  if (res.status !== 200) throw new Error(`${path} answered ${res.status}: ${await res.text()}`);
  let lines = 0;
  let bytes = 0;
  for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
    bytes += chunk.length;
    for (const b of chunk) if (b === 10) lines++;
  }
  const s = (performance.now() - t) / 1000;
  const rows = lines - 1;
  const m = await memory();
  const goals =
    ids.length === 1 ? goal('a clinic-year ≤ 1 s', s <= 1) : ids.length === benchClinics.length ? goal('≥ 100,000 rows/s', rows / s >= 100_000) : '';
  console.log(
    `${`${ids.length} clinic(s)`.padEnd(14)} ${String(rows).padStart(8)} rows  ${(bytes / 1e6).toFixed(1).padStart(6)} MB  ${s.toFixed(2).padStart(7)} s  ` +
      `${String(Math.round(rows / s)).padStart(8)} rows/s   server RSS ${m.rss.toFixed(0)} MB (peak ${m.peak.toFixed(0)} MB)${goals}`,
  );
}

// the same 2-year monthly trend computed from the raw sessions (the engine over 730 clinic-days, then rolled back)
const dates = Array.from({ length: 730 }, (_, i) => day(i - 729));
const t0 = performance.now();
await db.query('BEGIN');
// the engine's statement straight on a pg client (what is measured is the SQL, not the client); .text/.values: $n form
const engine = computeDaysSql(
  dates.map(() => 'b-000'),
  dates,
);
await db.query(engine.text, engine.values);
await db.query(
  `SELECT date_trunc('month', date)::date AS month, sum(used_minutes) / nullif(sum(available_minutes), 0) AS rate FROM resource_utilization
   WHERE clinic_id = 'b-000' AND date BETWEEN $1::date AND $2::date GROUP BY 1 ORDER BY 1`,
  [dates[0], last],
);
await db.query('ROLLBACK');
const rawMs = performance.now() - t0;
const t1 = performance.now();
for (let i = 0; i < 20; i++) await fetch(base + routes[0][1], { headers }).then((r) => r.text());
const servedMs = (performance.now() - t1) / 20;
console.log(
  `\n2-year monthly trend from raw sessions: ${rawMs.toFixed(0)} ms; served from the rollups: ${servedMs.toFixed(1)} ms sequential (p50 ${p50s[routes[0][0]]} ms under load) → ${(rawMs / servedMs).toFixed(0)}× faster`,
);

server.kill('SIGTERM');
await once(server, 'exit');
await db.end();
