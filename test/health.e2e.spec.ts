import { startTestApp, type TestApp } from './support/app.js';

describe('health and OpenAPI', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('answers liveness and readiness without a token, with a request id and security headers', async () => {
    const live = await t.http.get('/health').expect(200);
    expect(live.body).toEqual({ status: 'ok' });
    expect(live.headers['x-request-id']).toMatch(/.+/);
    expect(live.headers['x-content-type-options']).toBe('nosniff');
    const ready = await t.http.get('/health/ready').expect(200);
    expect(ready.body.database.kind).toBe(t.db.sql.kind);
  });

  it('echoes a caller-supplied request id', async () => {
    const r = await t.http.get('/health').set('x-request-id', 'abc-123').expect(200);
    expect(r.headers['x-request-id']).toBe('abc-123');
  });
});
