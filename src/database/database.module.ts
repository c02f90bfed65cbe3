import { Prisma } from '../generated/prisma/client.js';
import type { PrismaService, Tx } from './prisma.service.js';

/** @deprecated the old raw runner's interface, kept only for the read-side folders until they use PrismaService. */
export interface SqlRunner {
  query<T = Record<string, unknown>>(text: string, params?: unknown[]): Promise<T[]>;
  exec(text: string): Promise<void>;
}

/** @deprecated see Database. */
export interface Sql extends SqlRunner {
  readonly kind: 'pglite' | 'postgres';
  readonly description: string;
  tx<T>(fn: (q: SqlRunner) => Promise<T>): Promise<T>;
}

/** Rows as the old runner returned them: int8 as a number, numeric as a string. */
const plain = (rows: Record<string, unknown>[]) => {
  for (const r of rows) for (const k in r) if (typeof r[k] === 'bigint') r[k] = Number(r[k]); else if (Prisma.Decimal.isDecimal(r[k])) r[k] = String(r[k]);
  return rows;
};
const runner = (c: PrismaService | Tx): SqlRunner => ({
  query: async <T>(text: string, params: unknown[] = []) => plain(await c.$queryRawUnsafe<Record<string, unknown>[]>(text, ...params)) as T[],
  exec: async (text) => void (await c.$executeRawUnsafe(text)),
});

/**
 * @deprecated TEMPORARY SHIM (issue 11): `db.sql` over PrismaService for the read-side folders (analytics, utilization,
 * trends, providers, capacity, goals, benchmarks) until their conversion to PrismaService merges; then delete this file
 * and src/database/sql.ts. Provided by PrismaModule. Nothing else may use it.
 */
export class Database {
  readonly sql: Sql;
  constructor(prisma: PrismaService) {
    this.sql = { kind: prisma.kind, description: prisma.description, ...runner(prisma), tx: (fn) => prisma.tx((t) => fn(runner(t))) };
  }
}
