/** The PostgreSQL server the benchmarks use (BENCH_PG_URL, default the local test server) and a database on it. */
export const BENCH_ADMIN_URL = process.env.BENCH_PG_URL ?? process.env.TEST_PG_URL ?? 'postgresql://postgres@127.0.0.1:5432/test';

export function benchDatabaseUrl(database: string): string {
  const u = new URL(BENCH_ADMIN_URL);
  u.pathname = `/${database}`;
  return u.toString();
}
