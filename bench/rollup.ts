// npm run bench:rollup -- [--clinics 100] [--chairs 10] [--days 365] [--sessions 20] [--nightly-clinics 1000] [--naive-days 14] [--replicas 2] [--keep]
//
// Builds a data set in a scratch PostgreSQL database (ut_bench_rollup; BENCH_PG_URL, default the local server),
// then times: (1) a full backfill of every clinic-day with the set-based engine, (2) a re-run (nothing changes),
// (3) the nightly run for N clinics' previous day, (4) a straightforward per-row Prisma implementation on a
// small subset, and prints sessions per second for both and their ratio; (5) with --replicas N (default 2), the
// nightly run again by one replica and by N replicas (service instances with their own pools) on the same queue.
// Each figure is printed beside the goal of issue 15 (met or not).
import { availableParallelism } from 'node:os';
import { parseArgs } from 'node:util';
import { BENCH_ADMIN_URL, benchDatabaseUrl } from './common.js';
import pg from 'pg';
import { NestFactory } from '@nestjs/core';
import { AppModule } from '../src/app.module.js';
import { loadEnv } from '../src/config/env.js';
import { PrismaService } from '../src/database/prisma.service.js';
import { RollupService } from '../src/rollup/rollup.service.js';
import { naiveComputeDay } from './naive.js';

const { values } = parseArgs({
  options: {
    clinics: { type: 'string', default: '100' },
    chairs: { type: 'string', default: '10' },
    days: { type: 'string', default: '365' },
    sessions: { type: 'string', default: '20' },
    'nightly-clinics': { type: 'string', default: '1000' },
    'naive-days': { type: 'string', default: '14' },
    workers: { type: 'string', default: '2' },
    replicas: { type: 'string', default: '2' },
    keep: { type: 'boolean', default: false },
  },
});
const CLINICS = Number(values.clinics);
const CHAIRS = Number(values.chairs);
const DAYS = Number(values.days);
const PER_DAY = Number(values.sessions);
const NIGHTLY = Number(values['nightly-clinics']);
const NAIVE_DAYS = Number(values['naive-days']);
const ADMIN = BENCH_ADMIN_URL;
const DB = 'ut_bench_rollup';
const url = benchDatabaseUrl(DB);
const REPLICAS = Number(values.replicas);
const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
/** "goal ≥ 240,000 sessions/s: met" / "not met" beside a figure. */
const goal = (text: string, met: boolean) => `   [goal ${text}: ${met ? 'met' : 'NOT met'}]`;
const secs = (t0: number) => (performance.now() - t0) / 1000;

const admin = new pg.Client({ connectionString: ADMIN });
await admin.connect();
await admin.query(`DROP DATABASE IF EXISTS ${DB} WITH (FORCE)`);
await admin.query(`CREATE DATABASE ${DB}`);
await admin.end();

const env = loadEnv({ ...process.env, DATABASE_URL: url, LOG_LEVEL: 'warn', ROLLUP_SCHEDULE_ENABLED: 'false', DATABASE_POOL_MAX: '8' });
const app = await NestFactory.createApplicationContext(AppModule.forRoot(env), { logger: ['error', 'warn'] });
const prisma = app.get(PrismaService);
const rollups = app.get(RollupService);

// ---------------------------------------------------------------- data set
const end = '2026-10-31';
const start = new Date(Date.parse(`${end}T00:00:00Z`) - (DAYS - 1) * 86_400_000).toISOString().slice(0, 10);
console.log(`building ${CLINICS} clinics × ${CHAIRS} chairs × ${DAYS} days (${start}..${end}) × ~${PER_DAY} sessions per open chair-day …`);
let t0 = performance.now();
await seedClinics('b', CLINICS, CHAIRS);
await prisma.$executeRaw`
  INSERT INTO chair_session (external_id, clinic_id, resource_id, provider_id, patient_ref, scheduled_start, scheduled_end, actual_start, actual_end,
                              used_start, used_end, status, cancelled_at, procedures, production_value, span_start, span_end)
   -- the generated actual pairs are all plausible: the intake policy would use them as sent (used_start/used_end)
   SELECT id, clinic_id, resource_id, provider_id, patient_ref, ss, se, ast, aen, ast, aen, status::"SessionStatus", cancelled_at, procedures, value,
          least(ss, coalesce(ast, ss)), greatest(se, coalesce(aen, se))
   FROM (
     SELECT r.id || '-' || d::date || '-' || i AS id, r.clinic_id, r.id AS resource_id,
            r.clinic_id || '-prov-' || (i % 4) AS provider_id, 'p' || ((hashtext(r.id || d::date || i) & 65535) % 5000) AS patient_ref,
            ss, ss + interval '25 minutes' AS se,
            CASE WHEN h < 80 THEN ss + ((h % 7) - 3) * interval '1 minute' END AS ast,
            CASE WHEN h < 80 THEN ss + interval '25 minutes' + ((h % 11) - 4) * interval '1 minute' END AS aen,
            CASE WHEN h < 80 THEN 'COMPLETED' WHEN h < 87 THEN 'NO_SHOW' WHEN h < 95 THEN 'CANCELLED' ELSE 'SCHEDULED' END AS status,
            CASE WHEN h >= 87 AND h < 95 THEN ss - (h - 80) * interval '4 hours' END AS cancelled_at,
            (h % 3) AS procedures, CASE WHEN h < 80 THEN 50 + h END AS value
     FROM resource r
     JOIN clinic c ON c.id = r.clinic_id
     CROSS JOIN generate_series(${start}::date, ${end}::date, interval '1 day') d
     CROSS JOIN generate_series(0, ${PER_DAY}::int - 1) i
     CROSS JOIN LATERAL (SELECT ((d::date + time '08:00') + i * (interval '540 minutes' / ${PER_DAY}::int)) AT TIME ZONE c.time_zone AS ss,
                                (hashtext(r.id || d::date || i || 'h') & 1023) % 100 AS h) x
     WHERE r.clinic_id LIKE 'b-%' AND extract(isodow FROM d) < 6
   ) s`;
await prisma.$executeRaw`ANALYZE`;
const sessions = await prisma.chairSession.count();
console.log(`  ${fmt(sessions)} sessions in ${secs(t0).toFixed(1)} s`);

// ---------------------------------------------------------------- full backfill
t0 = performance.now();
const full = await rollups.backfill({ from: start, to: end, workers: Number(values.workers) });
const fullSecs = secs(t0);
console.log(
  `full backfill: ${fmt(full.clinicDays)} clinic-days, ${fmt(full.stats.resource_days)} resource-days, ${fmt(sessions)} sessions in ${fullSecs.toFixed(1)} s → ${fmt(sessions / fullSecs)} sessions/s` +
    (full.failed ? ` (${full.failed} FAILED: ${full.errors[0]?.message})` : '') +
    goal('≥ 240,000 sessions/s', sessions / fullSecs >= 240_000),
);
t0 = performance.now();
const again = await rollups.backfill({ from: start, to: end, workers: Number(values.workers) });
console.log(
  `re-run (nothing changed): ${secs(t0).toFixed(1)} s, rows written ${again.stats.resource_rows_written + again.stats.hourly_rows_written + again.stats.provider_rows_written}`,
);

// ---------------------------------------------------------------- nightly run for N clinics' previous day
await seedClinics('n', NIGHTLY, CHAIRS);
const yesterday = '2026-11-23';
await prisma.$executeRaw`
  INSERT INTO chair_session (external_id, clinic_id, resource_id, patient_ref, scheduled_start, scheduled_end, status, span_start, span_end)
  SELECT r.id || '-' || i, r.clinic_id, r.id, 'p' || i, ss, ss + interval '25 minutes', 'COMPLETED', ss, ss + interval '25 minutes'
  FROM resource r JOIN clinic c ON c.id = r.clinic_id CROSS JOIN generate_series(0, ${PER_DAY}::int - 1) i
  CROSS JOIN LATERAL (SELECT ((${yesterday}::date + time '08:00') + i * (interval '540 minutes' / ${PER_DAY}::int)) AT TIME ZONE c.time_zone AS ss) x
  WHERE r.clinic_id LIKE 'n-%'`;
await prisma.$executeRaw`INSERT INTO clinic_rollup_state (clinic_id, last_rolled_date) SELECT id, ${yesterday}::date - 1 FROM clinic WHERE id LIKE 'n-%'`;
await prisma.$executeRaw`ANALYZE`;
t0 = performance.now();
const nightly = await rollups.runScheduled(
  new Date('2026-11-24T12:00:00Z'),
  (await prisma.clinic.findMany({ where: { id: { startsWith: 'n-' } }, select: { id: true } })).map((r) => r.id),
);
const nightlySecs = secs(t0);
console.log(
  `nightly run: ${fmt(nightly.clinicDays)} clinic-days of ${NIGHTLY} clinics (${fmt(nightly.stats.session_days)} sessions) in ${nightlySecs.toFixed(2)} s` +
    goal(`≤ 1 s for 1,000 clinics`, nightlySecs * (1000 / NIGHTLY) <= 1),
);

// ---------------------------------------------------------------- per-row Prisma implementation on a subset
const naiveClinic = 'b-000';
const naiveFrom = new Date(Date.parse(`${end}T00:00:00Z`) - (NAIVE_DAYS - 1) * 86_400_000).toISOString().slice(0, 10);
const [{ n: naiveSessions }] = await prisma.$queryRaw<{ n: number }[]>`
  SELECT count(*)::int AS n FROM chair_session s JOIN clinic c ON c.id = s.clinic_id
  WHERE s.clinic_id = ${naiveClinic} AND (s.span_start AT TIME ZONE c.time_zone)::date BETWEEN ${naiveFrom}::date AND ${end}::date`;
t0 = performance.now();
const resources = await prisma.resource.findMany({ where: { clinicId: naiveClinic } });
for (let t = Date.parse(`${naiveFrom}T00:00:00Z`); t <= Date.parse(`${end}T00:00:00Z`); t += 86_400_000) {
  for (const r of resources) await naiveComputeDay(prisma, r.id, new Date(t).toISOString().slice(0, 10));
}
const naiveSecs = secs(t0);
t0 = performance.now();
await rollups.backfill({ from: naiveFrom, to: end, clinicIds: [naiveClinic] });
const setSecs = secs(t0);
const naiveRate = naiveSessions / naiveSecs;
const fullRate = sessions / fullSecs;
console.log(
  `per-row Prisma: ${fmt(naiveSessions)} sessions (${NAIVE_DAYS} days × ${resources.length} chairs) in ${naiveSecs.toFixed(1)} s → ${fmt(naiveRate)} sessions/s`,
);
console.log(`set-based on the same subset: ${setSecs.toFixed(2)} s → ${fmt(naiveSessions / setSecs)} sessions/s`);
console.log(`ratio (full backfill rate / per-row rate): ${(fullRate / naiveRate).toFixed(0)}×` + goal('≥ 100×', fullRate / naiveRate >= 100));

// ---------------------------------------------------------------- the nightly run by one replica and by N
if (REPLICAS > 1) {
  const nightlyIds = (await prisma.clinic.findMany({ where: { id: { startsWith: 'n-' } }, select: { id: true } })).map((r) => r.id);
  const others = await Promise.all(
    Array.from({ length: REPLICAS - 1 }, () => NestFactory.createApplicationContext(AppModule.forRoot(env), { logger: ['error', 'warn'] })),
  );
  const replicas = [rollups, ...others.map((o) => o.get(RollupService))];
  /** The night again: each nightly clinic's mark moved back one day, then the scheduled run on `n` replicas at the same moment. */
  const night = async (n: number) => {
    await prisma.$executeRaw`UPDATE clinic_rollup_state SET last_rolled_date = ${yesterday}::date - 1 WHERE clinic_id LIKE 'n-%'`;
    const t = performance.now();
    const rs = await Promise.all(replicas.slice(0, n).map((r) => r.runScheduled(new Date('2026-11-24T12:00:00Z'), nightlyIds)));
    return { secs: secs(t), days: rs.map((r) => r.clinicDays) };
  };
  const one = await night(1);
  const many = await night(REPLICAS);
  console.log(`nightly run again, 1 replica: ${one.secs.toFixed(2)} s (${one.days.join(' + ')} clinic-days)`);
  console.log(
    `nightly run again, ${REPLICAS} replicas: ${many.secs.toFixed(2)} s (${many.days.join(' + ')} clinic-days) → ${(one.secs / many.secs).toFixed(2)}× ` +
      `(each replica runs 2 workers; on ${availableParallelism()} cores the database's CPU is the limit)`,
  );
  await Promise.all(others.map((o) => o.close()));
}

await app.close();
if (!values.keep) {
  const c = new pg.Client({ connectionString: ADMIN });
  await c.connect();
  await c.query(`DROP DATABASE IF EXISTS ${DB} WITH (FORCE)`);
  await c.end();
}

async function seedClinics(prefix: string, count: number, chairs: number) {
  const zones = ['America/Chicago', 'America/New_York', 'Europe/Berlin', 'Pacific/Auckland'];
  const hours = {
    '1': [
      ['08:00', '12:00'],
      ['13:00', '18:00'],
    ],
    '2': [
      ['08:00', '12:00'],
      ['13:00', '18:00'],
    ],
    '3': [
      ['08:00', '12:00'],
      ['13:00', '18:00'],
    ],
    '4': [
      ['08:00', '12:00'],
      ['13:00', '18:00'],
    ],
    '5': [
      ['08:00', '12:00'],
      ['13:00', '18:00'],
    ],
    '6': [['08:00', '12:00']],
    '7': [],
  };
  await prisma.$executeRaw`
    INSERT INTO clinic (id, name, time_zone) SELECT ${prefix}::text || '-' || lpad(i::text, 3, '0'), 'Bench ' || i, (${zones}::text[])[1 + i % 4] FROM generate_series(0, ${count}::int - 1) i`;
  await prisma.$executeRaw`INSERT INTO clinic_hours (clinic_id, effective_from, hours) SELECT id, '1900-01-01', ${JSON.stringify(hours)}::jsonb FROM clinic WHERE id LIKE ${prefix}::text || '-%'`;
  await prisma.$executeRaw`
    INSERT INTO resource (id, clinic_id, kind, name) SELECT c.id || '-c' || j, c.id, 'CHAIR', 'Chair ' || j FROM clinic c CROSS JOIN generate_series(1, ${chairs}::int) j WHERE c.id LIKE ${prefix}::text || '-%'`;
  await prisma.$executeRaw`INSERT INTO provider (id, name, role) SELECT c.id || '-prov-' || j, 'Provider ' || j, 'dentist' FROM clinic c CROSS JOIN generate_series(0, 3) j WHERE c.id LIKE ${prefix}::text || '-%'`;
  await prisma.$executeRaw`INSERT INTO provider_clinic (provider_id, clinic_id) SELECT c.id || '-prov-' || j, c.id FROM clinic c CROSS JOIN generate_series(0, 3) j WHERE c.id LIKE ${prefix}::text || '-%'`;
}
