import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import request from 'supertest';
import { signToken } from '../../src/auth/token.js';
import { createApp } from '../../src/bootstrap.js';
import { loadEnv, type Env } from '../../src/config/env.js';
import { Prisma, PrismaService } from '../../src/database/prisma.service.js';
import { StatsUpkeep } from '../../src/database/stats-upkeep.js';
import { checkedAgent, loadContract } from './contract.js';
import { createTestDatabase, type TestDatabase } from './test-db.js';

export const TEST_SECRET = 'test-secret-0123456789abcdef';
export const ALL_PERMISSIONS = ['ops:view_analytics', 'ops:view_provider_detail', 'ops:ingest', 'ops:admin'];

export interface TestApp {
  app: NestFastifyApplication;
  /** the app's one Prisma client */
  prisma: PrismaService;
  /** the app's statistics upkeep */
  upkeep: StatsUpkeep;
  /**
   * Test-only raw SQL with $1..$n parameters on the app's client (assertions and fixtures of the tests). Rows as the
   * tests read them: int8 as a number, numeric as a string (cast in the SQL where a test cares).
   */
  sql<T = Record<string, unknown>>(text: string, params?: unknown[]): Promise<T[]>;
  env: Env;
  http: ReturnType<typeof request>;
  token(opts?: { permissions?: string[]; clinicIds?: string[]; sub?: string }): Promise<string>;
  /** POST with a full-permission token granted every clinic. */
  post(path: string, body: unknown, token?: string): request.Test;
  get(path: string, token?: string): request.Test;
  close(): Promise<void>;
}

/** The production app (same bootstrap as main.ts) on a fresh test database. */
export async function startTestApp(overrides: Record<string, string> = {}, opts: { databaseUrl?: string } = {}): Promise<TestApp> {
  // a second app on the database of another (a replica) does not drop it on close
  const database: TestDatabase = opts.databaseUrl ? { url: opts.databaseUrl, drop: () => Promise.resolve() } : await createTestDatabase();
  const env = loadEnv({
    NODE_ENV: 'test',
    DATABASE_URL: database.url,
    AUTH_JWT_SECRET: TEST_SECRET,
    LOG_LEVEL: 'silent',
    RATE_LIMIT_PER_MINUTE: '100000',
    ROLLUP_SCHEDULE_ENABLED: 'false',
    ...overrides,
  });
  const app = await createApp(env);
  // every response is checked against the live OpenAPI document (test/support/contract.ts)
  // (read with a token of its own subject, so that it does not count against the rate limit of the tests' requests)
  const http = checkedAgent(
    request(app.getHttpServer()),
    await loadContract(app, await signToken(env.AUTH_JWT_SECRET, { sub: 'openapi-contract', permissions: [], clinicIds: [] })),
  );
  const token = (opts: { permissions?: string[]; clinicIds?: string[]; sub?: string } = {}) =>
    signToken(TEST_SECRET, { sub: opts.sub ?? 'tester', permissions: opts.permissions ?? ALL_PERMISSIONS, clinicIds: opts.clinicIds ?? ['*'] });
  const admin = await token();
  const prisma = app.get(PrismaService);
  return {
    app,
    prisma,
    upkeep: app.get(StatsUpkeep),
    sql: <T>(text: string, params: unknown[] = []) => testSql<T>(prisma, text, params),
    env,
    http,
    token,
    post: (path, body, t = admin) =>
      http
        .post(path)
        .set('Authorization', `Bearer ${t}`)
        .send(body as object),
    get: (path, t = admin) => http.get(path).set('Authorization', `Bearer ${t}`),
    async close() {
      await app.close();
      await database.drop();
    },
  };
}

/** Raw SQL for tests (never used by the service): $queryRawUnsafe with int8 → number and numeric → string. */
export async function testSql<T = Record<string, unknown>>(prisma: PrismaService, text: string, params: unknown[] = []): Promise<T[]> {
  const rows = await prisma.$queryRawUnsafe<Record<string, unknown>[]>(text, ...params);
  for (const r of rows) {
    for (const k of Object.keys(r)) {
      const v = r[k];
      if (typeof v === 'bigint') r[k] = Number(v);
      else if (Prisma.Decimal.isDecimal(v)) r[k] = v.toString();
    }
  }
  return rows as T[];
}
