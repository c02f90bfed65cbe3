import { createHash, randomUUID } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { PGlite } from '@electric-sql/pglite';
import type { Driver } from './prisma.service.js';

/**
 * Applies prisma/migrations/<name>/migration.sql in name order and records them in Prisma's own
 * `_prisma_migrations` table (same columns, same sha256 checksums), so a database migrated here can
 * later be managed with `prisma migrate deploy` and vice versa.
 *
 * Safe when several instances start at once: everything happens in one transaction that first takes
 * the transaction-level advisory lock Prisma Migrate itself uses (72707369). The second instance waits,
 * then sees the migrations already recorded and applies nothing. A failing migration rolls back whole.
 */
export const PRISMA_MIGRATE_LOCK_KEY = 72707369;

export interface MigrationFile {
  name: string;
  sql: string;
  checksum: string;
}

export interface MigrateResult {
  applied: string[];
  alreadyApplied: string[];
}

export function defaultMigrationsDir(): string {
  // works from src/ (ts-jest) and from dist/src/ (compiled)
  const candidates = [
    resolve(process.cwd(), 'prisma/migrations'),
    resolve(import.meta.dirname, '../../prisma/migrations'),
    resolve(import.meta.dirname, '../../../prisma/migrations'),
  ];
  const found = candidates.find((c) => existsSync(c));
  if (!found) throw new Error(`prisma/migrations not found (looked in ${candidates.join(', ')})`);
  return found;
}

export function readMigrations(dir = defaultMigrationsDir()): MigrationFile[] {
  return readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(join(dir, d.name, 'migration.sql')))
    .map((d) => d.name)
    .sort()
    .map((name) => {
      const sql = readFileSync(join(dir, name, 'migration.sql'), 'utf8');
      return { name, sql, checksum: createHash('sha256').update(sql).digest('hex') };
    });
}

const CREATE_TABLE = `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
    "id"                    VARCHAR(36) PRIMARY KEY NOT NULL,
    "checksum"              VARCHAR(64) NOT NULL,
    "finished_at"           TIMESTAMPTZ,
    "migration_name"        VARCHAR(255) NOT NULL,
    "logs"                  TEXT,
    "rolled_back_at"        TIMESTAMPTZ,
    "started_at"            TIMESTAMPTZ NOT NULL DEFAULT now(),
    "applied_steps_count"   INTEGER NOT NULL DEFAULT 0
)`;

/** What the migrator needs of one connection in one transaction. */
interface MigrationConnection {
  query<T>(text: string, params?: unknown[]): Promise<T[]>;
  /** several statements without parameters (a migration file) */
  exec(text: string): Promise<void>;
}

/**
 * Runs on the driver (a pg client of the pool, or PGlite), not on Prisma: it runs before the Prisma client exists
 * (MIGRATE_ON_START), and a migration file is several statements in one go, which Prisma's raw queries cannot send
 * (they use the extended protocol, one statement each). The Prisma CLI's schema engine is not used (not installable here).
 */
async function inTransaction<T>(driver: Driver, fn: (c: MigrationConnection) => Promise<T>): Promise<T> {
  if (driver.pglite) {
    return driver.pglite.transaction(async (t) => {
      const c = t as unknown as Pick<PGlite, 'query' | 'exec'>;
      return fn({
        query: async <R>(text: string, params: unknown[] = []) => (await c.query<R>(text, params)).rows,
        exec: async (text) => void (await c.exec(text)),
      });
    });
  }
  if (!driver.pool) throw new Error('unknown database kind');
  const client = await driver.pool.connect();
  try {
    await client.query('BEGIN');
    const result = await fn({
      query: async <R>(text: string, params: unknown[] = []) => (await client.query(text, params)).rows as R[],
      exec: async (text) => void (await client.query(text)),
    });
    await client.query('COMMIT');
    return result;
  } catch (e) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw e;
  } finally {
    client.release();
  }
}

export async function migrate(driver: Driver, migrations = readMigrations()): Promise<MigrateResult> {
  return inTransaction(driver, async (q) => {
    await q.query('SELECT pg_advisory_xact_lock($1)', [PRISMA_MIGRATE_LOCK_KEY]);
    await q.exec(CREATE_TABLE);
    const rows = await q.query<{ migration_name: string; checksum: string; finished_at: unknown; rolled_back_at: unknown }>(
      'SELECT migration_name, checksum, finished_at, rolled_back_at FROM "_prisma_migrations"',
    );
    const done = new Map<string, { checksum: string }>();
    for (const r of rows) {
      if (r.rolled_back_at) continue;
      if (!r.finished_at) {
        throw new Error(
          `Migration ${r.migration_name} failed earlier and was not resolved; fix the database, then mark it rolled back (rolled_back_at) in _prisma_migrations`,
        );
      }
      done.set(r.migration_name, r);
    }
    const applied: string[] = [];
    const alreadyApplied: string[] = [];
    for (const m of migrations) {
      const prev = done.get(m.name);
      if (prev) {
        if (prev.checksum !== m.checksum) {
          throw new Error(`Migration ${m.name} was changed after it was applied (checksum differs); add a new migration instead of editing an applied one`);
        }
        alreadyApplied.push(m.name);
        continue;
      }
      const id = randomUUID();
      await q.query('INSERT INTO "_prisma_migrations" (id, checksum, migration_name, started_at, applied_steps_count) VALUES ($1, $2, $3, now(), 0)', [
        id,
        m.checksum,
        m.name,
      ]);
      await q.exec(m.sql);
      await q.query('UPDATE "_prisma_migrations" SET finished_at = clock_timestamp(), applied_steps_count = 1 WHERE id = $1', [id]);
      applied.push(m.name);
    }
    return { applied, alreadyApplied };
  });
}
