import { createHash, randomBytes } from 'node:crypto';
import pg from 'pg';
import { migrate, readMigrations } from '../../src/database/migrator.js';
import { closeDriver, openDriver } from '../../src/database/driver.js';

/** Which database the tests talk to: TEST_DB=pglite (default) or TEST_DB=postgres (TEST_PG_URL, default the local server). */
export const TEST_DB = (process.env.TEST_DB ?? 'pglite') as 'pglite' | 'postgres';
export const ADMIN_URL = process.env.TEST_PG_URL ?? 'postgresql://postgres@127.0.0.1:5432/test';

export function serverUrl(database: string): string {
  const u = new URL(ADMIN_URL);
  u.pathname = `/${database}`;
  return u.toString();
}

export interface TestDatabase {
  url: string;
  drop(): Promise<void>;
}

/**
 * On PostgreSQL, every test file clones a migrated template database whose name carries a hash of the
 * migrations, so migrations run once per change of them, not once per file. The first worker to need it
 * builds it under an advisory lock.
 */
async function ensureTemplate(admin: pg.Client): Promise<string> {
  const hash = createHash('sha256');
  for (const m of readMigrations()) hash.update(m.name).update(m.checksum);
  const name = `ut_tpl_${hash.digest('hex').slice(0, 12)}`;
  await admin.query('SELECT pg_advisory_lock(4242001)');
  try {
    const exists = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (!exists.rowCount) {
      const stale = await admin.query(`SELECT datname FROM pg_database WHERE datname LIKE 'ut_tpl_%'`);
      for (const { datname } of stale.rows) await admin.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
      await admin.query(`CREATE DATABASE "${name}_build"`);
      const driver = await openDriver(serverUrl(`${name}_build`));
      await migrate(driver);
      await closeDriver(driver);
      await admin.query(`ALTER DATABASE "${name}_build" RENAME TO "${name}"`);
    }
  } finally {
    await admin.query('SELECT pg_advisory_unlock(4242001)');
  }
  return name;
}

/** A fresh database for one test file: PGlite in memory, or a clone of the migrated template (or an empty one). */
export async function createTestDatabase(opts: { migrated?: boolean } = {}): Promise<TestDatabase> {
  const migrated = opts.migrated ?? true;
  if (TEST_DB === 'pglite') return { url: 'pglite:memory', drop: () => Promise.resolve() };
  const name = `ut_t_${process.pid}_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: ADMIN_URL });
  try {
    await admin.connect();
  } catch (e) {
    throw new Error(
      `TEST_DB=postgres but PostgreSQL is not reachable at ${ADMIN_URL} (${(e as Error).message}). Start it: pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start`,
      { cause: e },
    );
  }
  try {
    if (migrated) {
      const template = await ensureTemplate(admin);
      await admin.query(`CREATE DATABASE "${name}" TEMPLATE "${template}"`);
    } else {
      await admin.query(`CREATE DATABASE "${name}"`);
    }
  } finally {
    await admin.end();
  }
  return {
    url: serverUrl(name),
    async drop() {
      const c = new pg.Client({ connectionString: ADMIN_URL });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await c.end();
    },
  };
}
