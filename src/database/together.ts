import { Prisma } from '../generated/prisma/client.js';
import type { PrismaService, Tx } from './prisma.service.js';

/** The rows each named read of readTogether returns. */
export type TogetherRows<T> = { [K in keyof T]: T[K][] };

/**
 * Several independent reads in one statement (one round trip): each read's rows come back as a JSON array in a column
 * of its own, in the read's order. A statement costs the service a round trip and a socket write that wakes the
 * database (on a busy 2-core machine as much as the read itself), so a route that needs five small reads makes one.
 *
 * What crosses JSON keeps its value: float8 is printed with every digit needed to read back the same double, integers
 * and counts become numbers, text stays text (select dates as `::text`, as for $queryRaw). The reads must not depend
 * on one another; each row type is the caller's, as with `$queryRaw<Row[]>`.
 */
export async function readTogether<T extends Record<string, object>>(db: PrismaService | Tx, reads: { [K in keyof T]: Prisma.Sql }): Promise<TogetherRows<T>> {
  const names = Object.keys(reads) as (keyof T & string)[];
  for (const name of names) if (!/^[a-z_][a-z0-9_]*$/i.test(name)) throw new Error(`readTogether: "${name}" is not a plain column name`);
  const columns = names.map((name) => Prisma.sql`(SELECT coalesce(json_agg(t), '[]') FROM (${reads[name]}) t) AS ${Prisma.raw(`"${name}"`)}`);
  const [row] = await db.$queryRaw<TogetherRows<T>[]>(Prisma.sql`SELECT ${Prisma.join(columns, ', ')}`);
  return row;
}
