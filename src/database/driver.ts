import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import pg from 'pg';
import { PGlite } from '@electric-sql/pglite';
import type { Driver } from './prisma.service.js';

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

/**
 * The one place that opens the database: a pg.Pool (PostgreSQL) or the embedded PGlite instance (`pglite:<dir>` or
 * `pglite:memory`). The PrismaService built on it owns it and closes it (src/database/prisma.service.ts).
 */
export async function openDriver(url: string, options: OpenOptions = {}): Promise<Driver> {
  if (url.startsWith('pglite:')) {
    const location = url.slice('pglite:'.length);
    let db: PGlite;
    if (!location || location === 'memory' || location === 'memory://') {
      db = new PGlite();
    } else {
      const dir = resolve(location);
      mkdirSync(dir, { recursive: true });
      db = new PGlite(dir);
    }
    await db.waitReady;
    return { kind: 'pglite', description: describeUrl(url), pglite: db };
  }
  const pool = new pg.Pool({
    connectionString: url,
    max: options.poolMax ?? 10,
    application_name: options.applicationName ?? 'utilization-tracking',
    idleTimeoutMillis: 30_000,
  });
  // A pool emits 'error' for idle clients that the server dropped; without a listener that kills the process.
  pool.on('error', () => undefined);
  return { kind: 'postgres', description: describeUrl(url), pool };
}

/** Closes a driver no PrismaService owns yet (a failed start, the migrate script). */
export async function closeDriver(d: Driver): Promise<void> {
  if (d.pool) await d.pool.end();
  if (d.pglite && !d.pglite.closed) await d.pglite.close();
}
