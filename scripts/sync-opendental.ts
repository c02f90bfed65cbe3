// npm run sync:opendental -- --url mysql://USER:PASS@HOST:PORT/DB --source ID [--default-time-zone IANA] [--full]
// One sync of one Open Dental database into DATABASE_URL, through the intake; prints a per-kind summary.
import 'dotenv/config';
import { NestFactory } from '@nestjs/core';
import { AppModule } from '../src/app.module.js';
import { loadEnv } from '../src/config/env.js';
import { parseSyncArgs, runSyncCommand, USAGE } from '../src/connectors/opendental/cli.js';

let cmd;
try {
  if (process.argv.includes('--help')) {
    console.log(USAGE);
    process.exit(0);
  }
  cmd = parseSyncArgs(process.argv.slice(2));
} catch (e) {
  console.error((e as Error).message);
  process.exit(2);
}
// this process syncs only the source named on the command line: no schedulers
const env = loadEnv({ ...process.env, ROLLUP_SCHEDULE_ENABLED: 'false', OPENDENTAL_SOURCES: '', LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn' });
let code = 1;
try {
  const app = await NestFactory.createApplicationContext(AppModule.forRoot(env), { logger: ['error', 'warn'] });
  try {
    code = await runSyncCommand(app, cmd);
  } finally {
    await app.close();
  }
} catch (e) {
  console.error(`sync failed: ${(e as Error).message}`);
}
process.exit(code);
