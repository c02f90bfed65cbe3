import { startTestApp, type TestApp } from './support/app.js';

describe('health and OpenAPI', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('answers liveness and readiness without a token, with a request id and security headers', async () => {
    const live = await t.http.get('/health').expect(200);
    expect(live.body).toEqual({ status: 'ok', info: {}, error: {}, details: {} });
    expect(live.headers['cache-control']).toMatch(/no-store/);
    expect(live.headers['x-request-id']).toMatch(/.+/);
    expect(live.headers['x-content-type-options']).toBe('nosniff');
    const ready = await t.http.get('/health/ready').expect(200);
    expect(ready.body).toMatchObject({ status: 'ok', info: { database: { status: 'up', kind: t.prisma.kind } }, error: {} });
    expect(ready.body.info.database.latencyMs).toBeGreaterThanOrEqual(0);
  });

  it('echoes a caller-supplied request id', async () => {
    const r = await t.http.get('/health').set('x-request-id', 'abc-123').expect(200);
    expect(r.headers['x-request-id']).toBe('abc-123');
  });
});

describe('readiness when the database is gone', () => {
  it("answers 503 in the service's error body, naming the database, while liveness stays 200", async () => {
    const t = await startTestApp();
    try {
      await t.http.get('/health/ready').expect(200);
      await t.prisma.close(); // the real connections closed, as when the database goes away
      const r = await t.http.get('/health/ready').expect(503);
      expect(r.body).toMatchObject({ statusCode: 503, error: 'Service Unavailable', message: expect.stringMatching(/^The database does not answer: .+/) });
      expect(r.body.requestId).toMatch(/.+/);
      await t.http.get('/health').expect(200);
    } finally {
      await t.close();
    }
  });
});
