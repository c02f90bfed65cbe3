// npm run bench:intake -- [--sessions 100000] [--db pglite|postgres|both]
// Intake throughput over HTTP: POST /api/v1/ops/intake/sessions in batches of 5,000, first with new
// sessions (create), then the very same batches again (unchanged: the idempotent path upstream resends take).
// Runs the real app in-process (createApp) on a fresh database: PGlite in a temporary directory, and/or
// a scratch PostgreSQL database `ut_bench_intake` (created and dropped; server from BENCH_PG_URL, default
// postgresql://postgres@127.0.0.1:5432/test). Requests are sent one at a time, as one upstream would.
import { randomBytes, createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { signToken } from '../src/auth/token.js';
import { createApp } from '../src/bootstrap.js';
import { loadEnv } from '../src/config/env.js';
import { MAX_ITEMS } from '../src/intake/schemas.js';

const { values } = parseArgs({
  options: {
    sessions: { type: 'string', default: '100000' },
    db: { type: 'string', default: 'both' },
    help: { type: 'boolean', default: false },
  },
});
if (values.help) {
  console.log('npm run bench:intake -- [--sessions 100000] [--db pglite|postgres|both]');
  process.exit(0);
}
const total = Number(values.sessions);
if (!Number.isInteger(total) || total < 1) {
  console.error('--sessions must be a positive whole number');
  process.exit(2);
}
if (!['pglite', 'postgres', 'both'].includes(values.db)) {
  console.error('--db must be pglite, postgres or both');
  process.exit(2);
}
const ADMIN_URL = process.env.BENCH_PG_URL ?? process.env.TEST_PG_URL ?? 'postgresql://postgres@127.0.0.1:5432/test';
const SCRATCH_DB = 'ut_bench_intake';
const SECRET = randomBytes(24).toString('hex');

// ------------------------------------------------------------------------------------ the data

const CLINICS = [
  { id: 'bench-chi', timeZone: 'America/Chicago' },
  { id: 'bench-ber', timeZone: 'Europe/Berlin' },
];
const CHAIRS_PER_CLINIC = 20;
const HOURS = Object.fromEntries(['1', '2', '3', '4', '5', '6', '7'].map((d) => [d, Number(d) <= 5 ? [['08:00', '18:00']] : []]));

function setupBodies() {
  const clinics = CLINICS.map((c) => ({ id: c.id, name: `Bench ${c.id}`, timeZone: c.timeZone, hours: HOURS }));
  const resources = CLINICS.flatMap((c) =>
    Array.from({ length: CHAIRS_PER_CLINIC }, (_, i) => ({ id: `${c.id}-chair-${i + 1}`, clinicId: c.id, kind: 'CHAIR', name: `Chair ${i + 1}` })),
  );
  const providers = CLINICS.flatMap((c) =>
    Array.from({ length: 8 }, (_, i) => ({ id: `${c.id}-prov-${i + 1}`, clinicId: c.id, name: `Provider ${i + 1}`, role: i < 3 ? 'dentist' : 'hygienist' })),
  );
  return { clinics, resources, providers };
}

/** `total` sessions: 16 half-hour slots a chair-day, chair after chair, day after day backwards from yesterday. */
function sessionBatches(): string[] {
  const chairs = CLINICS.flatMap((c) => Array.from({ length: CHAIRS_PER_CLINIC }, (_, i) => ({ clinic: c.id, id: `${c.id}-chair-${i + 1}` })));
  const perDay = chairs.length * 16;
  const base = Date.UTC(new Date().getUTCFullYear(), new Date().getUTCMonth(), new Date().getUTCDate()) - 86_400_000;
  const bodies: string[] = [];
  let items: unknown[] = [];
  for (let n = 0; n < total; n++) {
    const day = Math.floor(n / perDay);
    const chair = chairs[Math.floor((n % perDay) / 16)];
    const slot = n % 16;
    const start = base - day * 86_400_000 + 14 * 3_600_000 + slot * 1_800_000;
    const iso = (ms: number) => new Date(ms).toISOString().replace('.000Z', 'Z');
    const kind = n % 20;
    const item: Record<string, unknown> = {
      externalId: `bench-${n}`,
      resourceId: chair.id,
      providerId: `${chair.clinic}-prov-${(n % 8) + 1}`,
      patientRef: `p-${createHash('sha1')
        .update(String(n % 50_000))
        .digest('hex')
        .slice(0, 12)}`,
      scheduledStart: iso(start),
      scheduledEnd: iso(start + 1_800_000),
      status: kind === 0 ? 'NO_SHOW' : kind === 1 ? 'CANCELLED' : 'COMPLETED',
    };
    if (kind === 1) item.cancelledAt = iso(start - 3 * 86_400_000);
    if (kind >= 2) {
      item.actualStart = iso(start + (n % 7) * 60_000);
      item.actualEnd = iso(start + 1_740_000 + (n % 5) * 60_000);
      item.procedures = 1 + (n % 3);
      item.productionValue = 80 + (n % 400);
    }
    items.push(item);
    if (items.length === MAX_ITEMS || n === total - 1) {
      bodies.push(JSON.stringify({ items }));
      items = [];
    }
  }
  return bodies;
}

// ------------------------------------------------------------------------------------ the run

interface PassResult {
  seconds: number;
  perSecond: number;
  p50ms: number;
  maxMs: number;
}

async function post(base: string, token: string, path: string, body: string): Promise<Record<string, number>> {
  const res = await fetch(`${base}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body });
  const text = await res.text();
  if (res.status !== 200) throw new Error(`POST ${path} answered ${res.status}: ${text.slice(0, 500)}`);
  return JSON.parse(text) as Record<string, number>;
}

async function pass(base: string, token: string, bodies: string[], expect: 'created' | 'unchanged'): Promise<PassResult> {
  const latencies: number[] = [];
  let count = 0;
  const t0 = performance.now();
  for (const body of bodies) {
    const t = performance.now();
    const r = await post(base, token, '/api/v1/ops/intake/sessions', body);
    latencies.push(performance.now() - t);
    if (r[expect] !== r.received) throw new Error(`expected every item ${expect}, got ${JSON.stringify(r)}`);
    count += r.received;
  }
  const seconds = (performance.now() - t0) / 1000;
  latencies.sort((a, b) => a - b);
  return { seconds, perSecond: count / seconds, p50ms: latencies[Math.floor(latencies.length / 2)], maxMs: latencies[latencies.length - 1] };
}

async function benchOne(kind: 'pglite' | 'postgres', bodies: string[]): Promise<{ create: PassResult; unchanged: PassResult; database: string }> {
  let url: string;
  let cleanup: () => Promise<void>;
  if (kind === 'pglite') {
    const dir = mkdtempSync(join(tmpdir(), 'ut-bench-intake-'));
    url = `pglite:${dir}`;
    cleanup = () => Promise.resolve(rmSync(dir, { recursive: true, force: true }));
  } else {
    const admin = new pg.Client({ connectionString: ADMIN_URL });
    try {
      await admin.connect();
    } catch (e) {
      throw new Error(`PostgreSQL is not reachable at ${ADMIN_URL} (${(e as Error).message}); set BENCH_PG_URL or run with --db pglite`, { cause: e });
    }
    await admin.query(`DROP DATABASE IF EXISTS ${SCRATCH_DB} WITH (FORCE)`);
    await admin.query(`CREATE DATABASE ${SCRATCH_DB}`);
    await admin.end();
    const u = new URL(ADMIN_URL);
    u.pathname = `/${SCRATCH_DB}`;
    url = u.toString();
    cleanup = async () => {
      const c = new pg.Client({ connectionString: ADMIN_URL });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${SCRATCH_DB} WITH (FORCE)`);
      await c.end();
    };
  }
  try {
    const env = loadEnv({
      NODE_ENV: 'development',
      DATABASE_URL: url,
      AUTH_JWT_SECRET: SECRET,
      LOG_LEVEL: 'silent',
      RATE_LIMIT_PER_MINUTE: '1000000',
      ROLLUP_SCHEDULE_ENABLED: 'false',
      HOST: '127.0.0.1',
      PORT: '0',
    });
    const app = await createApp(env);
    try {
      await app.listen({ port: 0, host: '127.0.0.1' });
      const { port } = app.getHttpServer().address() as AddressInfo;
      const base = `http://127.0.0.1:${port}`;
      const token = await signToken(SECRET, { sub: 'bench', permissions: ['ops:ingest'], clinicIds: ['*'], ttlSeconds: 6 * 3600 });
      const setup = setupBodies();
      await post(base, token, '/api/v1/ops/intake/clinics', JSON.stringify({ items: setup.clinics }));
      await post(base, token, '/api/v1/ops/intake/resources', JSON.stringify({ items: setup.resources }));
      await post(base, token, '/api/v1/ops/intake/providers', JSON.stringify({ items: setup.providers }));
      const create = await pass(base, token, bodies, 'created');
      const unchanged = await pass(base, token, bodies, 'unchanged');
      return { create, unchanged, database: kind === 'pglite' ? 'PGlite (temp dir)' : `PostgreSQL (${SCRATCH_DB})` };
    } finally {
      await app.close();
    }
  } finally {
    await cleanup();
  }
}

const kinds: ('pglite' | 'postgres')[] = values.db === 'both' ? ['pglite', 'postgres'] : [values.db as 'pglite' | 'postgres'];
const bodies = sessionBatches();
console.log(
  `Intake benchmark: ${total.toLocaleString('en-US')} sessions in ${bodies.length} POST /api/v1/ops/intake/sessions request(s) of up to ${MAX_ITEMS.toLocaleString('en-US')}, sequential, Node ${process.version}`,
);
const fmt = (r: PassResult) =>
  `${Math.round(r.perSecond).toLocaleString('en-US').padStart(8)} sessions/s  (${r.seconds.toFixed(1)} s, batch p50 ${Math.round(r.p50ms)} ms, max ${Math.round(r.maxMs)} ms)`;
for (const kind of kinds) {
  const r = await benchOne(kind, bodies);
  console.log(`${r.database}`);
  console.log(`  create     ${fmt(r.create)}`);
  console.log(`  unchanged  ${fmt(r.unchanged)}`);
}
