import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { migrate, readMigrations, type MigrationFile } from '../src/database/migrator.js';
import { openDriver } from '../src/database/driver.js';
import { PrismaService, type Driver } from '../src/database/prisma.service.js';
import { testSql } from './support/app.js';
import { createTestDatabase, TEST_DB, type TestDatabase } from './support/test-db.js';

/**
 * src/database/migrator.ts applies prisma/migrations once each, records them in Prisma's own _prisma_migrations
 * (same checksums), is safe when several instances start at once, and refuses a migration edited after it was applied.
 */

const DIR = resolve(process.cwd(), 'prisma/migrations');
/** The migrations on disk, read independently of the migrator: name → sha256 of the file's bytes (Prisma's checksum). */
const onDisk = readdirSync(DIR)
  .filter((n) => statSync(join(DIR, n)).isDirectory())
  .sort()
  .map((name) => ({
    name,
    checksum: createHash('sha256')
      .update(readFileSync(join(DIR, name, 'migration.sql')))
      .digest('hex'),
  }));

interface Row {
  id: string;
  migration_name: string;
  checksum: string;
  finished: boolean;
  rolled_back: boolean;
  applied_steps_count: number;
}

describe(`migrator (${TEST_DB})`, () => {
  let database: TestDatabase | undefined;
  /** The migrator runs on the driver; the tests look at the database through a Prisma client on the same driver. */
  interface Conn {
    driver: Driver;
    prisma: PrismaService;
    query<T = Record<string, unknown>>(text: string, params?: unknown[]): Promise<T[]>;
  }
  const opened: Conn[] = [];

  /** A connection to a fresh, unmigrated database: PGlite in memory, or a new empty PostgreSQL database. */
  async function connect(): Promise<Conn> {
    const driver = await openDriver(database ? database.url : 'pglite:memory');
    const prisma = new PrismaService(driver);
    const c: Conn = { driver, prisma, query: (text, params) => testSql(prisma, text, params) };
    opened.push(c);
    return c;
  }

  let a: Conn;
  let b: Conn;

  beforeAll(async () => {
    if (TEST_DB === 'postgres') database = await createTestDatabase({ migrated: false });
    a = await connect();
    // PostgreSQL: a second, separate pool on the same database (a second instance of the service); PGlite: the same instance
    b = TEST_DB === 'postgres' ? await connect() : a;
  });

  afterAll(async () => {
    for (const s of opened) await s.prisma.close().catch(() => undefined);
    await database?.drop();
  });

  const rows = () =>
    a.query<Row>(
      `SELECT id, migration_name, checksum, finished_at IS NOT NULL AS finished, rolled_back_at IS NOT NULL AS rolled_back, applied_steps_count
       FROM "_prisma_migrations" ORDER BY migration_name`,
    );

  it("reads the migrations on disk with Prisma's checksums", () => {
    expect(onDisk.length).toBeGreaterThan(0);
    expect(readMigrations().map((m) => ({ name: m.name, checksum: m.checksum }))).toEqual(onDisk);
  });

  it('starts from an empty database', async () => {
    const [{ n }] = await a.query<{ n: number }>(`SELECT count(*)::int AS n FROM information_schema.tables WHERE table_schema = 'public'`);
    expect(n).toBe(0);
  });

  it('two migrate() calls in parallel apply each migration exactly once', async () => {
    const [r1, r2] = await Promise.all([migrate(a.driver), migrate(b.driver)]);
    // one run applied everything, the other waited for the lock and found it all in place
    const applied = [...r1.applied, ...r2.applied].sort();
    expect(applied).toEqual(onDisk.map((m) => m.name));
    expect([r1.applied.length, r2.applied.length].sort()).toEqual([0, onDisk.length]);
    expect([...r1.alreadyApplied, ...r2.alreadyApplied].sort()).toEqual(onDisk.map((m) => m.name));

    const recorded = await rows();
    expect(
      recorded.map(({ migration_name, checksum, finished, rolled_back, applied_steps_count }) => ({
        migration_name,
        checksum,
        finished,
        rolled_back,
        applied_steps_count,
      })),
    ).toEqual(onDisk.map((m) => ({ migration_name: m.name, checksum: m.checksum, finished: true, rolled_back: false, applied_steps_count: 1 })));
    for (const r of recorded) expect(r.id).toMatch(/^[0-9a-f-]{36}$/);
    // the schema is there
    const [{ n }] = await a.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM information_schema.tables WHERE table_schema = 'public' AND table_name IN ('clinic', 'chair_session', 'dirty_day')`,
    );
    expect(n).toBe(3);
  });

  it('a second run applies nothing and changes nothing', async () => {
    const before = await rows();
    const r = await migrate(b.driver);
    expect(r).toEqual({ applied: [], alreadyApplied: onDisk.map((m) => m.name) });
    expect(await rows()).toEqual(before);
  });

  it('throws when an applied migration was changed afterwards (checksum differs), applying nothing', async () => {
    const before = await rows();
    const changed: MigrationFile[] = readMigrations().map((m, i) => {
      if (i !== 0) return m;
      const sql = `${m.sql}\n-- edited after it was applied\n`;
      return { ...m, sql, checksum: createHash('sha256').update(sql).digest('hex') };
    });
    const extra: MigrationFile = {
      name: '99990101000000_extra',
      sql: 'CREATE TABLE zz_extra (id int);',
      checksum: createHash('sha256').update('CREATE TABLE zz_extra (id int);').digest('hex'),
    };
    await expect(migrate(a.driver, [...changed, extra])).rejects.toThrow(/changed after it was applied|checksum/i);
    expect(await rows()).toEqual(before);
    expect(await a.query(`SELECT 1 FROM information_schema.tables WHERE table_name = 'zz_extra'`)).toEqual([]);
  });

  it('throws when the recorded checksum differs from the file', async () => {
    const first = onDisk[0].name;
    await a.query(`UPDATE "_prisma_migrations" SET checksum = $2 WHERE migration_name = $1`, [first, '0'.repeat(64)]);
    try {
      await expect(migrate(b.driver)).rejects.toThrow(new RegExp(first));
    } finally {
      await a.query(`UPDATE "_prisma_migrations" SET checksum = $2 WHERE migration_name = $1`, [first, onDisk[0].checksum]);
    }
  });

  it('a failing migration rolls back whole and is not recorded', async () => {
    const bad: MigrationFile = { name: '99990101000000_bad', sql: 'CREATE TABLE zz_half (id int);\nSELECT 1 / 0;', checksum: 'x'.repeat(64) };
    await expect(migrate(a.driver, [...readMigrations(), bad])).rejects.toThrow();
    expect(await a.query(`SELECT 1 FROM information_schema.tables WHERE table_name = 'zz_half'`)).toEqual([]);
    expect((await rows()).map((r) => r.migration_name)).toEqual(onDisk.map((m) => m.name));
  });

  it('applies only a migration added later', async () => {
    const extra: MigrationFile = {
      name: '99990101000000_extra',
      sql: 'CREATE TABLE zz_extra (id int);',
      checksum: createHash('sha256').update('CREATE TABLE zz_extra (id int);').digest('hex'),
    };
    const r = await migrate(a.driver, [...readMigrations(), extra]);
    expect(r.applied).toEqual([extra.name]);
    expect((await rows()).map((x) => x.migration_name)).toEqual([...onDisk.map((m) => m.name), extra.name]);
  });

  it('refuses to go on after a migration that started but never finished', async () => {
    await a.query(
      `INSERT INTO "_prisma_migrations" (id, checksum, migration_name, started_at) VALUES ('00000000-0000-0000-0000-000000000001', $1, '99990102000000_broken', now())`,
      ['y'.repeat(64)],
    );
    await expect(migrate(b.driver)).rejects.toThrow(/99990102000000_broken/);
  });
});
