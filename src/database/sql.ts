import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import pg from 'pg';
import { PGlite } from '@electric-sql/pglite';

/**
 * The one place that opens the database. Both kinds speak the same PostgreSQL dialect; this thin
 * interface is what the migrator, the rollup engine and the hot aggregate routes use for raw SQL,
 * and the same pool / PGlite instance is handed to Prisma's driver adapter (src/database/prisma.service.ts).
 *
 * Conventions for raw SQL: cast what you select (`::text` for dates, `::int`, `::float8`) so that both
 * drivers return the same JavaScript types.
 */
export interface SqlRunner {
  query<T = Record<string, unknown>>(text: string, params?: unknown[]): Promise<T[]>;
  /** Several statements without parameters (migrations). */
  exec(text: string): Promise<void>;
}

export interface Sql extends SqlRunner {
  readonly kind: 'pglite' | 'postgres';
  readonly description: string;
  /** Runs fn in one transaction on one connection; rolls back if it throws. */
  tx<T>(fn: (q: SqlRunner) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

export interface OpenOptions {
  poolMax?: number;
  applicationName?: string;
}

export function describeUrl(url: string): string {
  if (url.startsWith('pglite:')) return `PGlite (${url.slice('pglite:'.length) || 'memory'})`;
  try {
    const u = new URL(url);
    return `PostgreSQL ${u.hostname}:${u.port || 5432}${u.pathname}`;
  } catch {
    return 'PostgreSQL';
  }
}

export async function openSql(url: string, options: OpenOptions = {}): Promise<Sql & { pool?: pg.Pool; pglite?: PGlite }> {
  if (url.startsWith('pglite:')) return openPglite(url.slice('pglite:'.length));
  return openPostgres(url, options);
}

async function openPglite(location: string) {
  let db: PGlite;
  if (!location || location === 'memory' || location === 'memory://') {
    db = new PGlite();
  } else {
    const dir = resolve(location);
    mkdirSync(dir, { recursive: true });
    db = new PGlite(dir);
  }
  await db.waitReady;
  const runner = (q: Pick<PGlite, 'query' | 'exec'>): SqlRunner => ({
    async query<T>(text: string, params: unknown[] = []) {
      const r = await q.query<T>(text, params);
      return r.rows;
    },
    async exec(text: string) {
      await q.exec(text);
    },
  });
  const base = runner(db);
  return {
    kind: 'pglite' as const,
    description: describeUrl(`pglite:${location}`),
    pglite: db,
    ...base,
    tx<T>(fn: (q: SqlRunner) => Promise<T>) {
      return db.transaction((t) => fn(runner(t as unknown as PGlite)));
    },
    async close() {
      if (!db.closed) await db.close();
    },
  };
}

async function openPostgres(url: string, options: OpenOptions) {
  const pool = new pg.Pool({
    connectionString: url,
    max: options.poolMax ?? 10,
    application_name: options.applicationName ?? 'utilization-tracking',
    idleTimeoutMillis: 30_000,
  });
  // A pool emits 'error' for idle clients that the server dropped; without a listener that kills the process.
  pool.on('error', () => undefined);
  const runner = (c: pg.Pool | pg.PoolClient): SqlRunner => ({
    async query<T>(text: string, params: unknown[] = []) {
      const r = await c.query(text, params as unknown[]);
      return r.rows as T[];
    },
    async exec(text: string) {
      await c.query(text);
    },
  });
  return {
    kind: 'postgres' as const,
    description: describeUrl(url),
    pool,
    ...runner(pool),
    async tx<T>(fn: (q: SqlRunner) => Promise<T>) {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const result = await fn(runner(client));
        await client.query('COMMIT');
        return result;
      } catch (e) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw e;
      } finally {
        client.release();
      }
    },
    async close() {
      await pool.end();
    },
  };
}
