// npm run rollup -- --from YYYY-MM-DD --to YYYY-MM-DD [--clinic id[,id…]] [--dirty]
// Backfills (recomputes) daily rows and their weekly/monthly rollups with a progress bar;
// --dirty instead processes what the nightly job would (due days and days intake marked dirty).
import 'dotenv/config';
import { parseArgs } from 'node:util';
import { NestFactory } from '@nestjs/core';
import cliProgress from 'cli-progress';
import { AppModule } from '../src/app.module.js';
import { loadEnv } from '../src/config/env.js';
import { RollupService } from '../src/rollup/rollup.service.js';

const { values } = parseArgs({
  options: {
    from: { type: 'string' },
    to: { type: 'string' },
    clinic: { type: 'string' },
    dirty: { type: 'boolean', default: false },
    help: { type: 'boolean', default: false },
  },
});
const usage = 'npm run rollup -- --from 2026-01-01 --to 2026-03-31 [--clinic clinic-a,clinic-b]   |   npm run rollup -- --dirty';
if (values.help || (!values.dirty && (!values.from || !values.to))) {
  console.log(usage);
  process.exit(values.help ? 0 : 2);
}
const env = loadEnv({ ...process.env, ROLLUP_SCHEDULE_ENABLED: 'false', LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn' });
const app = await NestFactory.createApplicationContext(AppModule.forRoot(env), { logger: ['error', 'warn'] });
const rollups = app.get(RollupService);
const clinicIds = values.clinic
  ?.split(',')
  .map((s) => s.trim())
  .filter(Boolean);
const t0 = performance.now();
try {
  if (values.dirty) {
    const r = await rollups.runScheduled(new Date(), clinicIds);
    console.log(
      `processed ${r.clinicDays} clinic-day(s) (${r.scheduled} newly due), ${r.failures.length} failure(s) in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
    );
    for (const f of r.failures) console.error(`  ${f.clinicId}: ${f.message}`);
    process.exitCode = r.failures.length ? 1 : 0;
  } else {
    const bar = new cliProgress.SingleBar(
      { format: 'rollup |{bar}| {percentage}% {value}/{total} clinic-days | {eta_formatted} left', hideCursor: true },
      cliProgress.Presets.shades_classic,
    );
    let started = false;
    const r = await rollups.backfill({ clinicIds, from: values.from!, to: values.to! }, (done, total, failed) => {
      if (!started) {
        bar.start(total, 0);
        started = true;
      }
      bar.update(done + failed);
    });
    if (started) bar.stop();
    const secs = (performance.now() - t0) / 1000;
    console.log(
      `${r.clinicDays} clinic-day(s), ${r.stats.resource_days} resource-day(s), ${r.stats.session_days} session-day(s) in ${secs.toFixed(1)} s; ${r.failed} failed`,
    );
    for (const e of r.errors) console.error(`  ${e.clinicId} ${e.dates}: ${e.message}`);
    process.exitCode = r.failed ? 1 : 0;
  }
} finally {
  await app.close();
}
