import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaPGlite } from 'pglite-prisma-adapter';
import { PrismaClient } from '../generated/prisma/client.js';
import type { Sql } from './sql.js';

/**
 * The only place a PrismaClient is created: on the pool or PGlite instance that `openSql` opened,
 * so that Prisma and raw SQL share one set of connections and one shutdown.
 */
export function createPrismaClient(sql: Sql & { pool?: import('pg').Pool; pglite?: import('@electric-sql/pglite').PGlite }): PrismaClient {
  if (sql.pglite) return new PrismaClient({ adapter: new PrismaPGlite(sql.pglite) });
  if (sql.pool) return new PrismaClient({ adapter: new PrismaPg(sql.pool) });
  throw new Error('unknown database kind');
}

export { PrismaClient };
