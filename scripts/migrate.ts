// npm run db:migrate — applies prisma/migrations to DATABASE_URL (default: the embedded PGlite in ./.data/pglite).
import 'dotenv/config';
import { loadEnv } from '../src/config/env.js';
import { migrate } from '../src/database/migrator.js';
import { openSql } from '../src/database/sql.js';

const env = loadEnv();
const sql = await openSql(env.DATABASE_URL);
try {
  const r = await migrate(sql);
  console.log(`${sql.description}: applied ${r.applied.length} migration(s)${r.applied.length ? ` (${r.applied.join(', ')})` : ''}; ${r.alreadyApplied.length} already applied`);
} finally {
  await sql.close();
}
