import { Injectable } from '@nestjs/common';
import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaPGlite } from 'pglite-prisma-adapter';
import type { PGlite } from '@electric-sql/pglite';
import type pg from 'pg';
import { Prisma, PrismaClient } from '../generated/prisma/client.js';

/** What a PrismaService runs on: the pool it owns (PostgreSQL) or the embedded PGlite instance. */
export interface Driver {
  kind: 'pglite' | 'postgres';
  description: string;
  pool?: pg.Pool;
  pglite?: PGlite;
}

/** A transaction's client (the model API and $queryRaw/$executeRaw inside one transaction on one connection). */
export type Tx = Prisma.TransactionClient;

/**
 * Interactive transactions wait for a connection and run as long as their work needs: a backfill unit or a
 * 5,000-item intake batch takes seconds, and PGlite has one connection, so a transaction may queue behind another.
 */
const TRANSACTION_OPTIONS = { maxWait: 120_000, timeout: 30 * 60_000 } as const;

/**
 * The one client of the database, shared by every feature module (PrismaModule): the model API for plain reads and
 * writes, `$queryRaw`/`$executeRaw` with `Prisma.sql` for set-based SQL, `$transaction` where work needs one connection.
 * It runs on `@prisma/adapter-pg` with the pool this service owns (PostgreSQL) or on `pglite-prisma-adapter`
 * (the embedded database), and closes that pool or PGlite instance with itself.
 *
 * Conventions for raw SQL: cast what you select (`::text` for dates, `::int`, `::float8`) so that both databases
 * return the same JavaScript types, and type the rows with an interface.
 */
@Injectable()
export class PrismaService extends PrismaClient {
  readonly kind: 'pglite' | 'postgres';
  readonly description: string;
  private closed = false;

  constructor(readonly driver: Driver) {
    const adapter = driver.pglite ? new PrismaPGlite(driver.pglite) : driver.pool ? new PrismaPg(driver.pool) : null;
    if (!adapter) throw new Error('unknown database kind');
    super({ adapter, transactionOptions: TRANSACTION_OPTIONS });
    this.kind = driver.kind;
    this.description = driver.description;
  }

  /**
   * Runs fn in one interactive transaction (one connection), rolled back if it throws. `timeout` (ms) replaces the
   * default 30 minutes for work that holds a transaction open longer (an Open Dental sync under its lock).
   */
  tx<T>(fn: (tx: Tx) => Promise<T>, options: { timeout?: number } = {}): Promise<T> {
    return this.$transaction(fn, { ...TRANSACTION_OPTIONS, ...options });
  }

  /** Disconnects and closes the pool or the PGlite instance (once). */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.$disconnect().catch(() => undefined);
    if (this.driver.pool) await this.driver.pool.end();
    if (this.driver.pglite && !this.driver.pglite.closed) await this.driver.pglite.close();
  }
}

export { Prisma, PrismaClient };
