// npm run seed:demo -- [--seed 42] [--history-days 120] [--future-days 30] [--if-empty]
// Loads the demo clinic group (scripts/demo/demo-data.ts) into DATABASE_URL through the intake service,
// migrating the database first. Idempotent: running it again updates the same records.
// --if-empty does nothing when the database already has clinics (used by `npm run demo`).
import 'dotenv/config';
import { parseArgs } from 'node:util';
import { createApp } from '../src/bootstrap.js';
import { loadEnv } from '../src/config/env.js';
import { RollupService } from '../src/rollup/rollup.service.js';
import { addDays } from '../src/domain/calendar.js';
import { PrismaService } from '../src/database/prisma.service.js';
import { applyDemoSettings, generateDemoData, ingestDemoData } from './demo/demo-data.js';
import { applyDemoBenchmarksAndGoals } from './demo/demo-goals.js';
import { IntakeService } from '../src/intake/intake.service.js';

const { values } = parseArgs({
  options: {
    seed: { type: 'string', default: '42' },
    'history-days': { type: 'string', default: '120' },
    'future-days': { type: 'string', default: '30' },
    'if-empty': { type: 'boolean', default: false },
    help: { type: 'boolean', default: false },
  },
});
if (values.help) {
  console.log('npm run seed:demo -- [--seed 42] [--history-days 120] [--future-days 30] [--if-empty]');
  process.exit(0);
}
const seed = Number(values.seed);
const historyDays = Number(values['history-days']);
const futureDays = Number(values['future-days']);
for (const [name, v, max] of [
  ['--seed', seed, 2 ** 32 - 1],
  ['--history-days', historyDays, 730],
  ['--future-days', futureDays, 365],
] as const) {
  if (!Number.isInteger(v) || v < 0 || v > max) {
    console.error(`${name} must be a whole number from 0 to ${max}`);
    process.exit(2);
  }
}

// The seed only writes: no HTTP listener, no scheduled rollups, and quiet logs unless asked for.
const env = loadEnv({ ...process.env, LOG_LEVEL: process.env.LOG_LEVEL || 'warn', ROLLUP_SCHEDULE_ENABLED: 'false' });
const app = await createApp(env);
try {
  const prisma = app.get(PrismaService);
  const n = await prisma.clinic.count();
  if (values['if-empty'] && n > 0) {
    console.log(`Demo seed skipped: ${prisma.description} already has ${n} clinic(s). (npm run seed:demo reloads the demo data.)`);
  } else {
    console.log(`Seeding the demo clinic group into ${prisma.description} (seed ${seed}, ${historyDays} days of history, ${futureDays} days of bookings)…`);
    const t0 = performance.now();
    const data = generateDemoData({ seed, historyDays, futureDays });
    const generated = (performance.now() - t0) / 1000;
    const tty = process.stdout.isTTY;
    const summary = await ingestDemoData(app.get(IntakeService), data, {
      onProgress: (what, done, total) => {
        if (what === 'sessions' && tty) process.stdout.write(`\r  sessions ${done.toLocaleString('en-US')} / ${total.toLocaleString('en-US')}`);
        if (what === 'sessions' && tty && done === total) process.stdout.write('\n');
      },
    });
    await applyDemoSettings(prisma);
    const statuses = Object.entries(summary.sessionsByStatus)
      .sort(([, a], [, b]) => b - a)
      .map(([s, c]) => `${s.toLowerCase()} ${c.toLocaleString('en-US')}`)
      .join(', ');
    console.log(
      `Demo data: ${summary.clinics} clinics, ${summary.resources} chairs and rooms, ${summary.providers} providers, ` +
        `${summary.sessions.toLocaleString('en-US')} sessions (${statuses}), ${summary.blocks.toLocaleString('en-US')} blocks, ${summary.exceptions} exceptions; ` +
        `${summary.created.toLocaleString('en-US')} created, ${summary.updated.toLocaleString('en-US')} updated, ${summary.unchanged.toLocaleString('en-US')} unchanged; ` +
        `local dates ${data.range.from} … ${data.range.to}; ${((performance.now() - t0) / 1000).toFixed(1)} s (generation ${generated.toFixed(1)} s).`,
    );

    // Roll the seeded history up: every clinic-day from the clinic's first day to its yesterday, then the
    // scheduled path (today, if the clinic has closed, and the nightly bookkeeping).
    const t1 = performance.now();
    const rollups = app.get(RollupService);
    let clinicDays = 0;
    for (const c of data.range.clinics) {
      const r = await rollups.backfill({ clinicIds: [c.clinicId], from: c.from, to: addDays(c.today, -1) });
      if (r.failed) throw new Error(`rollup of ${c.clinicId} failed: ${r.errors[0]?.message}`);
      clinicDays += r.clinicDays;
    }
    const scheduled = await rollups.runScheduled(new Date());
    console.log(
      `Rolled up ${clinicDays + scheduled.clinicDays} clinic-days into daily, weekly and monthly rows in ${((performance.now() - t1) / 1000).toFixed(1)} s.`,
    );
    // a hygiene band at every clinic and two team goals (issue 14)
    const settings = await applyDemoBenchmarksAndGoals(
      prisma,
      data.range.clinics.map((c) => c.clinicId),
    );
    console.log(`Demo settings: a hygiene band at ${settings.categoryBands} clinics, ${settings.goals} team goals.`);
  }
} finally {
  await app.close();
}

// A ready-to-open link to the admin dashboard (/admin#token=… signs in with the token it carries).
if (env.AUTH_JWT_PUBLIC_KEY) {
  console.log('Admin dashboard: open /admin and sign in with a token from your identity provider (RS256 is configured).');
} else {
  const { signToken } = await import('../src/auth/token.js');
  const token = await signToken(env.AUTH_JWT_SECRET, {
    sub: 'demo-admin',
    permissions: ['ops:view_analytics', 'ops:view_provider_detail'],
    clinicIds: ['*'],
    ttlSeconds: 12 * 3600,
  });
  const host = ['0.0.0.0', '::', ''].includes(env.HOST) ? '127.0.0.1' : env.HOST.includes(':') ? `[${env.HOST}]` : env.HOST;
  console.log(`Admin dashboard (signed in for 12 hours): http://${host}:${env.PORT}/admin#token=${token}`);
}
