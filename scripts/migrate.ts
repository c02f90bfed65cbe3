// npm run db:migrate — applies prisma/migrations to DATABASE_URL (default: the embedded PGlite in ./.data/pglite).
import 'dotenv/config';
import { loadEnv } from '../src/config/env.js';
import { closeDriver, openDriver } from '../src/database/driver.js';
import { migrate } from '../src/database/migrator.js';

const env = loadEnv();
const driver = await openDriver(env.DATABASE_URL);
try {
  const r = await migrate(driver);
  console.log(
    `${driver.description}: applied ${r.applied.length} migration(s)${r.applied.length ? ` (${r.applied.join(', ')})` : ''}; ${r.alreadyApplied.length} already applied`,
  );
} finally {
  await closeDriver(driver);
}
