// npm run bench:sync -- [--clinics 10] [--chairs 12] [--days 365] [--per-day 10] [--db postgres|pglite] [--keep]
//
// Generates an Open Dental database on the local MariaDB (ut_bench_od; BENCH_MYSQL_URL, default mysql://root@127.0.0.1:3306):
// clinics × chairs × a year of weekdays ending 30 days after today, in three zones (bench/opendental-gen.ts), and syncs it
// into a fresh database of ours (a scratch PostgreSQL database ut_bench_sync, or PGlite in a temporary directory)
// through the connector: a full sync, an incremental sync with nothing changed, and an incremental sync of one day's
// changes (every appointment of one day moved by 10 minutes, some broken, a procedure completed, a schedule re-linked).
// Prints times and appointments per second.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { NestFactory } from '@nestjs/core';
import mysql from 'mysql2/promise';
import pg from 'pg';
import { AppModule } from '../src/app.module.js';
import { loadEnv } from '../src/config/env.js';
import { parseSource } from '../src/connectors/opendental/config.js';
import { OpenDentalRunner } from '../src/connectors/opendental/runner.js';
import type { SyncSummary } from '../src/connectors/opendental/sync.service.js';
import { BENCH_ADMIN_URL, benchDatabaseUrl } from './common.js';
import { OD_ADMIN_URL, OD_SCHEMA } from './opendental-db.js';
import { generateOpenDental } from './opendental-gen.js';

const { values } = parseArgs({
  options: {
    clinics: { type: 'string', default: '10' },
    chairs: { type: 'string', default: '12' },
    days: { type: 'string', default: '365' },
    'per-day': { type: 'string', default: '10' },
    db: { type: 'string', default: 'postgres' },
    keep: { type: 'boolean', default: false },
    help: { type: 'boolean', default: false },
  },
});
if (values.help) {
  console.log('npm run bench:sync -- [--clinics 10] [--chairs 12] [--days 365] [--per-day 10] [--db postgres|pglite] [--keep]');
  process.exit(0);
}
const CLINICS = Number(values.clinics);
const CHAIRS = Number(values.chairs);
const DAYS = Number(values.days);
const PER_DAY = Number(values['per-day']);
const ZONES = ['Eastern Standard Time', 'Central Standard Time', 'Pacific Standard Time', 'W. Europe Standard Time', 'AUS Eastern Standard Time'];
const OD_DB = 'ut_bench_od';
const OUR_DB = 'ut_bench_sync';
const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
const secs = (t0: number) => (performance.now() - t0) / 1000;

// ------------------------------------------------------------------ the Open Dental database
const admin = await mysql.createConnection({ uri: OD_ADMIN_URL, multipleStatements: true });
const odUrl = (() => {
  const u = new URL(OD_ADMIN_URL);
  u.pathname = `/${OD_DB}`;
  return u.toString();
})();
const [[{ today }]] = (await admin.query("SELECT DATE_FORMAT(CURDATE(), '%Y-%m-%d') AS today")) as unknown as [{ today: string }[]];
const from = new Date(Date.parse(`${today}T00:00:00Z`) - (DAYS - 30) * 86_400_000).toISOString().slice(0, 10);
await admin.query(`DROP DATABASE IF EXISTS \`${OD_DB}\`; CREATE DATABASE \`${OD_DB}\` CHARACTER SET utf8mb4`);
const od = await mysql.createConnection({ uri: odUrl, multipleStatements: true });
await od.query("SET SESSION sql_mode = 'NO_ENGINE_SUBSTITUTION'");
await od.query(OD_SCHEMA);
const insert = async (table: string, rows: Record<string, unknown>[]) => {
  if (!rows.length) return;
  const cols = Object.keys(rows[0]);
  for (let i = 0; i < rows.length; i += 5000)
    await od.query(`INSERT INTO ${table} (${cols.join(', ')}) VALUES ?`, [rows.slice(i, i + 5000).map((r) => cols.map((c) => r[c]))]);
};
const t0 = performance.now();
const model = await generateOpenDental(
  { insert },
  {
    clinics: Array.from({ length: CLINICS }, (_, i) => ({ num: i + 1, name: `Clinic ${i + 1}`, windowsZone: ZONES[i % ZONES.length] })),
    chairsPerClinic: CHAIRS,
    from,
    days: DAYS,
    perChairDay: PER_DAY,
    seed: 42,
  },
);
// history is written when things happen: no stamp after the source's present
await od.query('UPDATE histappointment SET HistDateTStamp = LEAST(HistDateTStamp, NOW() - INTERVAL 1 DAY)');
console.log(
  `Open Dental database ${OD_DB}: ${CLINICS} clinics × ${CHAIRS} chairs, ${from} + ${DAYS} days, ${fmt(model.appointments)} appointments (${fmt(model.sessions.length)} sessions to expect) generated in ${secs(t0).toFixed(1)} s`,
);

// ------------------------------------------------------------------ our database
let dir: string | undefined;
let databaseUrl: string;
if (values.db === 'pglite') {
  dir = mkdtempSync(join(tmpdir(), 'ut-bench-sync-'));
  databaseUrl = `pglite:${dir}`;
} else {
  const c = new pg.Client({ connectionString: BENCH_ADMIN_URL });
  await c.connect();
  await c.query(`DROP DATABASE IF EXISTS ${OUR_DB} WITH (FORCE)`);
  await c.query(`CREATE DATABASE ${OUR_DB}`);
  await c.end();
  databaseUrl = benchDatabaseUrl(OUR_DB);
}
const env = loadEnv({
  ...process.env,
  DATABASE_URL: databaseUrl,
  ROLLUP_SCHEDULE_ENABLED: 'false',
  OPENDENTAL_SOURCES: '',
  LOG_LEVEL: 'warn',
  NODE_ENV: 'test',
});
const app = await NestFactory.createApplicationContext(AppModule.forRoot(env), { logger: ['error', 'warn'] });
const runner = app.get(OpenDentalRunner);
const cfg = parseSource({ id: 'bench', url: odUrl });
const line = (label: string, s: SyncSummary) => {
  const k = s.kinds.sessions;
  console.log(
    `${label.padEnd(34)} ${s.seconds.toFixed(2).padStart(7)} s   appointments read ${fmt(k.read).padStart(8)} (${fmt(k.read / s.seconds).padStart(7)}/s)   sessions created ${fmt(k.created)}, updated ${fmt(k.updated)}, unchanged ${fmt(k.unchanged)}; ` +
      `hours ${fmt(s.kinds.exceptions.created + s.kinds.exceptions.updated)} written, blocks ${fmt(s.kinds.blocks.created + s.kinds.blocks.updated)}; warnings ${fmt(Object.values(s.kinds).reduce((a, x) => a + x.warnings, 0))}; ` +
      `time reading ${s.timings.read} s (overlapped), mapping ${s.timings.map} s, intake ${s.timings.write} s ${JSON.stringify(s.timings.writeByKind)}`,
  );
};
try {
  console.log(`our database: ${values.db === 'pglite' ? 'PGlite' : `PostgreSQL ${OUR_DB}`}`);
  line('full sync', await runner.run(cfg));
  line('incremental, nothing changed', await runner.run(cfg));
  // one day's changes: the latest weekday at least 3 days ago
  let day = new Date(Date.parse(`${today}T00:00:00Z`) - 3 * 86_400_000).toISOString().slice(0, 10);
  while ([0, 6].includes(new Date(`${day}T00:00:00Z`).getUTCDay())) day = new Date(Date.parse(`${day}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
  await od.query(
    `UPDATE appointment SET AptDateTime = AptDateTime + INTERVAL 10 MINUTE WHERE AptDateTime >= ? AND AptDateTime < ? + INTERVAL 1 DAY AND AptStatus IN (1, 5)`,
    [day, day],
  );
  await od.query(
    `UPDATE appointment SET DateTimeDismissed = DateTimeDismissed + INTERVAL 5 MINUTE WHERE AptDateTime >= ? AND AptDateTime < ? + INTERVAL 1 DAY AND AptStatus = 2`,
    [day, day],
  );
  await od.query(
    `INSERT INTO histappointment (HistDateTStamp, HistApptAction, AptNum, PatNum, AptStatus, Pattern, Op, ProvNum, AptDateTime, ClinicNum)
     SELECT NOW(), 2, AptNum, PatNum, 5, Pattern, Op, ProvNum, AptDateTime, ClinicNum FROM appointment WHERE AptDateTime >= ? AND AptDateTime < ? + INTERVAL 1 DAY AND AptNum % 20 = 0`,
    [day, day],
  );
  await od.query(`UPDATE appointment SET AptStatus = 5 WHERE AptDateTime >= ? AND AptDateTime < ? + INTERVAL 1 DAY AND AptNum % 20 = 0`, [day, day]);
  await od.query(`UPDATE procedurelog SET ProcStatus = 2 WHERE ProcStatus = 1 AND ProcDate = ? LIMIT 50`, [day]);
  await od.query(
    `UPDATE scheduleop so JOIN schedule s ON s.ScheduleNum = so.ScheduleNum SET so.OperatoryNum = so.OperatoryNum + 1 WHERE s.SchedDate = ? AND s.SchedType = 1 AND so.OperatoryNum % ${CHAIRS} = 2`,
    [day],
  );
  const [[{ n }]] = (await od.query('SELECT COUNT(*) AS n FROM appointment WHERE DateTStamp >= NOW() - INTERVAL 1 MINUTE')) as unknown as [{ n: number }[]];
  console.log(`one day's changes (${day}): ${fmt(n)} appointment rows touched, some broken, 50 procedures completed, schedules re-linked`);
  line('incremental, one day changed', await runner.run(cfg));
  line('incremental, nothing changed', await runner.run(cfg));
} finally {
  await app.close();
  await od.end();
  if (!values.keep) await admin.query(`DROP DATABASE IF EXISTS \`${OD_DB}\``);
  await admin.end();
  if (dir) rmSync(dir, { recursive: true, force: true });
  else if (!values.keep) {
    const c = new pg.Client({ connectionString: BENCH_ADMIN_URL });
    await c.connect();
    await c.query(`DROP DATABASE IF EXISTS ${OUR_DB} WITH (FORCE)`);
    await c.end();
  }
}
