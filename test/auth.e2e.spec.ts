import { exportSPKI, generateKeyPair, SignJWT } from 'jose';
import { startTestApp, TEST_SECRET, type TestApp } from './support/app.js';

/**
 * SPEC §6 auth contract: every /api/v1 route needs `Authorization: Bearer <JWT>` (HS256 with AUTH_JWT_SECRET, optionally RS256),
 * claims sub, permissions[], clinicIds[] (or ["*"]), exp. Missing/invalid token → 401; lacking permission or clinic → 403.
 * Every error answers {statusCode, error, message, requestId}.
 */

const INTAKE = '/api/v1/ops/intake';
const HOURS = { '1': [['08:00', '17:00']], '2': [['08:00', '17:00']], '3': [['08:00', '17:00']], '4': [['08:00', '17:00']], '5': [['08:00', '17:00']] };
const now = () => Math.floor(Date.now() / 1000);
const secret = new TextEncoder().encode(TEST_SECRET);

/** A JWT with exactly the given claims (nothing added), signed HS256 with `key` unless told otherwise. */
function jwt(claims: Record<string, unknown>, opts: { key?: Uint8Array; alg?: string } = {}): Promise<string> {
  return new SignJWT(claims).setProtectedHeader({ alg: opts.alg ?? 'HS256', typ: 'JWT' }).sign(opts.key ?? secret);
}
const full = { sub: 'u1', permissions: ['ops:ingest', 'ops:view_analytics'], clinicIds: ['*'] };

const INPUT_TABLES = [
  'clinic',
  'clinic_hours',
  'resource',
  'resource_hours',
  'provider',
  'provider_clinic',
  'clinic_exception',
  'resource_exception',
  'chair_session',
  'block',
  'dirty_day',
];

describe('auth (SPEC §6)', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp();
    // two clinics, each with a chair and a provider, written with a token granted every clinic
    const admin = await t.token({ clinicIds: ['*'] });
    for (const [route, items] of [
      [
        'clinics',
        [
          { id: 'clinic-a', name: 'A', timeZone: 'America/Chicago', hours: HOURS },
          { id: 'clinic-b', name: 'B', timeZone: 'Europe/Berlin', hours: HOURS },
        ],
      ],
      [
        'resources',
        [
          { id: 'chair-a', clinicId: 'clinic-a', kind: 'CHAIR', name: 'A1' },
          { id: 'chair-b', clinicId: 'clinic-b', kind: 'CHAIR', name: 'B1' },
        ],
      ],
      [
        'providers',
        [
          { id: 'prov-a', clinicId: 'clinic-a', name: 'Dr A', role: 'dentist' },
          { id: 'prov-b', clinicId: 'clinic-b', name: 'Dr B', role: 'dentist' },
        ],
      ],
      ['sessions', [session('s-b', 'chair-b')]],
    ] as const) {
      const r = await t.post(`${INTAKE}/${route}`, { items }, admin);
      if (r.status !== 200) throw new Error(`setup ${route}: ${r.status} ${JSON.stringify(r.body)}`);
    }
  });
  afterAll(() => t.close());

  function session(externalId: string, resourceId: string, day = '2026-03-02') {
    return { externalId, resourceId, patientRef: 'p-1', scheduledStart: `${day}T15:00:00Z`, scheduledEnd: `${day}T15:30:00Z`, status: 'SCHEDULED' };
  }

  async function snapshot(): Promise<Record<string, string>> {
    const out: Record<string, string> = {};
    for (const table of INPUT_TABLES) {
      const [r] = await t.sql<{ n: number; h: string }>(
        `SELECT count(*)::int AS n, md5(coalesce(string_agg(x::text, '|' ORDER BY x::text), '')) AS h FROM "${table}" x`,
      );
      out[table] = `${r.n} rows, ${r.h}`;
    }
    return out;
  }

  /** The one error body: exactly {statusCode, error, message, requestId}, the request id echoed in x-request-id. */
  function expectErrorBody(r: { status: number; body: Record<string, unknown>; headers: Record<string, string> }, status: number, error: string) {
    expect(r.status).toBe(status);
    expect(r.body).toEqual({ statusCode: status, error, message: expect.any(String), requestId: expect.any(String) });
    expect((r.body.message as string).length).toBeGreaterThan(10);
    expect(r.body.requestId).toBe(r.headers['x-request-id']);
  }

  const postWith = (path: string, body: unknown, authorization?: string) => {
    const req = t.http.post(path);
    if (authorization !== undefined) req.set('Authorization', authorization);
    return req.send(body as object);
  };
  const getWith = (path: string, authorization?: string) => {
    const req = t.http.get(path);
    if (authorization !== undefined) req.set('Authorization', authorization);
    return req;
  };

  const clinicC = { id: 'clinic-c', name: 'C', timeZone: 'UTC', hours: HOURS };

  describe('401: missing or invalid token', () => {
    it('no Authorization header', async () => {
      const before = await snapshot();
      expectErrorBody(await postWith(`${INTAKE}/clinics`, { items: [clinicC] }), 401, 'Unauthorized');
      expectErrorBody(await getWith('/api/v1/ops/utilization'), 401, 'Unauthorized');
      expectErrorBody(await getWith('/api/v1/ops/utilization/capacity?clinicId=clinic-a'), 401, 'Unauthorized');
      expect(await snapshot()).toEqual(before);
    });

    it('a header that is not "Bearer <token>"', async () => {
      const good = await t.token();
      for (const header of ['', 'Bearer', 'Bearer ', good, `Basic ${Buffer.from('u:p').toString('base64')}`, `Token ${good}`, `Bearer ${good} extra`]) {
        expectErrorBody(await postWith(`${INTAKE}/clinics`, { items: [clinicC] }, header), 401, 'Unauthorized');
      }
    });

    it('a malformed token', async () => {
      for (const token of ['abc', 'a.b.c', 'eyJhbGciOiJIUzI1NiJ9.e30', 'eyJhbGciOiJIUzI1NiJ9.bm90IGpzb24.c2ln', '...']) {
        expectErrorBody(await postWith(`${INTAKE}/clinics`, { items: [clinicC] }, `Bearer ${token}`), 401, 'Unauthorized');
      }
    });

    it('a token signed with another secret, or tampered with', async () => {
      const wrong = await jwt({ ...full, exp: now() + 600 }, { key: new TextEncoder().encode('another-secret-0123456789abcdef') });
      expectErrorBody(await postWith(`${INTAKE}/clinics`, { items: [clinicC] }, `Bearer ${wrong}`), 401, 'Unauthorized');
      const good = await jwt({ sub: 'u1', permissions: [], clinicIds: ['clinic-a'], exp: now() + 600 });
      const [h, , s] = good.split('.');
      const forged = `${h}.${Buffer.from(JSON.stringify({ ...full, exp: now() + 600 })).toString('base64url')}.${s}`;
      expectErrorBody(await postWith(`${INTAKE}/clinics`, { items: [clinicC] }, `Bearer ${forged}`), 401, 'Unauthorized');
    });

    it('an unsigned token (alg none) or another algorithm than the configured one', async () => {
      const none = `${Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url')}.${Buffer.from(JSON.stringify({ ...full, exp: now() + 600 })).toString('base64url')}.`;
      expectErrorBody(await postWith(`${INTAKE}/clinics`, { items: [clinicC] }, `Bearer ${none}`), 401, 'Unauthorized');
      const hs512 = await jwt({ ...full, exp: now() + 600 }, { alg: 'HS512' });
      expectErrorBody(await postWith(`${INTAKE}/clinics`, { items: [clinicC] }, `Bearer ${hs512}`), 401, 'Unauthorized');
      const { privateKey } = await generateKeyPair('RS256');
      const rs = await new SignJWT({ ...full, exp: now() + 600 }).setProtectedHeader({ alg: 'RS256' }).sign(privateKey);
      expectErrorBody(await postWith(`${INTAKE}/clinics`, { items: [clinicC] }, `Bearer ${rs}`), 401, 'Unauthorized');
    });

    it('a token accepted once is refused once it has expired (the verifier remembers a token only until its exp)', async () => {
      const exp = now() + 2;
      const brief = await jwt({ ...full, exp });
      expect((await getWith('/api/v1/ops/utilization/clinics', `Bearer ${brief}`)).status).toBe(200);
      expect((await getWith('/api/v1/ops/utilization/clinics', `Bearer ${brief}`)).status).toBe(200);
      await new Promise((r) => setTimeout(r, exp * 1000 - Date.now() + 50));
      const r = await getWith('/api/v1/ops/utilization/clinics', `Bearer ${brief}`);
      expectErrorBody(r, 401, 'Unauthorized');
      expect(r.body.message).toMatch(/expired/i);
    });

    it('an expired token, saying so', async () => {
      const old = await jwt({ ...full, exp: now() - 5 });
      const r = await postWith(`${INTAKE}/clinics`, { items: [clinicC] }, `Bearer ${old}`);
      expectErrorBody(r, 401, 'Unauthorized');
      expect(r.body.message).toMatch(/expired/i);
      // a token that is not yet valid (nbf in the future) is refused too
      const early = await jwt({ ...full, exp: now() + 600, nbf: now() + 300 });
      expectErrorBody(await postWith(`${INTAKE}/clinics`, { items: [clinicC] }, `Bearer ${early}`), 401, 'Unauthorized');
    });

    it('a token missing a required claim, or with a claim of the wrong type', async () => {
      const base: Record<string, unknown> = { ...full, exp: now() + 600 };
      const variants: Record<string, unknown>[] = [];
      for (const claim of ['sub', 'permissions', 'clinicIds', 'exp']) {
        const v = { ...base };
        delete v[claim];
        variants.push(v);
      }
      variants.push(
        { ...base, permissions: 'ops:ingest' },
        { ...base, clinicIds: '*' },
        { ...base, permissions: [1, 2] },
        { ...base, sub: '' },
        { ...base, clinicIds: null },
      );
      for (const claims of variants) {
        const r = await postWith(`${INTAKE}/clinics`, { items: [clinicC] }, `Bearer ${await jwt(claims)}`);
        if (r.status !== 401) throw new Error(`claims ${JSON.stringify(claims)} answered ${r.status}, expected 401`);
        expectErrorBody(r, 401, 'Unauthorized');
      }
      expect(await t.sql(`SELECT id FROM clinic WHERE id = 'clinic-c'`)).toEqual([]);
    });
  });

  describe('403: lacking permission or clinic', () => {
    it('a token without ops:ingest cannot post to any intake route', async () => {
      const before = await snapshot();
      const token = await t.token({ permissions: ['ops:view_analytics', 'ops:view_provider_detail', 'ops:admin'] });
      for (const route of ['clinics', 'resources', 'providers', 'exceptions', 'sessions', 'blocks']) {
        const r = await postWith(`${INTAKE}/${route}`, { items: [clinicC] }, `Bearer ${token}`);
        expectErrorBody(r, 403, 'Forbidden');
        expect(r.body.message).toContain('ops:ingest');
      }
      expect(await snapshot()).toEqual(before);
    });

    it('a token without ops:view_analytics cannot read analytics', async () => {
      const token = await t.token({ permissions: ['ops:ingest'] });
      expectErrorBody(await getWith('/api/v1/ops/utilization?clinicId=clinic-a', `Bearer ${token}`), 403, 'Forbidden');
      expectErrorBody(await getWith('/api/v1/ops/utilization/capacity?clinicId=clinic-a', `Bearer ${token}`), 403, 'Forbidden');
      // with the permission the guard lets the request through (whatever the route then answers)
      const ok = await getWith('/api/v1/ops/utilization?clinicId=clinic-a', `Bearer ${await t.token({ permissions: ['ops:view_analytics'] })}`);
      expect([401, 403]).not.toContain(ok.status);
    });

    it('a token granted clinic A posting items of clinic B: 403 and nothing written, on every route', async () => {
      const token = `Bearer ${await t.token({ clinicIds: ['clinic-a'] })}`;
      const cases: [string, unknown[]][] = [
        ['clinics', [{ id: 'clinic-b', name: 'B renamed', timeZone: 'Europe/Berlin', hours: HOURS }]],
        ['clinics', [{ id: 'clinic-a', name: 'A', timeZone: 'America/Chicago', hours: HOURS }, clinicC]],
        ['resources', [{ id: 'chair-b2', clinicId: 'clinic-b', kind: 'CHAIR', name: 'B2' }]],
        [
          'resources',
          [
            { id: 'chair-a2', clinicId: 'clinic-a', kind: 'CHAIR', name: 'A2' },
            { id: 'chair-b', clinicId: 'clinic-b', kind: 'ROOM', name: 'B1' },
          ],
        ],
        ['providers', [{ id: 'prov-b', clinicId: 'clinic-b', name: 'Dr B renamed', role: 'dentist' }]],
        [
          'exceptions',
          [
            { clinicId: 'clinic-a', date: '2026-12-24', windows: [] },
            { clinicId: 'clinic-b', date: '2026-12-24', windows: [] },
          ],
        ],
        ['exceptions', [{ clinicId: 'clinic-b', resourceId: 'chair-b', date: '2026-12-24', windows: [] }]],
        ['sessions', [session('s-a1', 'chair-a'), session('s-b2', 'chair-b')]],
        // an existing session of clinic B cannot be moved onto a chair of clinic A by a caller not granted B
        ['sessions', [session('s-b', 'chair-a')]],
        ['blocks', [{ externalId: 'blk-b', resourceId: 'chair-b', start: '2026-03-02T10:00:00Z', end: '2026-03-02T11:00:00Z', reason: 'MEETING' }]],
      ];
      for (const [route, items] of cases) {
        const before = await snapshot();
        const r = await postWith(`${INTAKE}/${route}`, { items }, token);
        if (r.status !== 403) throw new Error(`${route} ${JSON.stringify(items)} answered ${r.status}, expected 403: ${JSON.stringify(r.body)}`);
        expectErrorBody(r, 403, 'Forbidden');
        expect(r.body.message).toMatch(/clinic/);
        expect(await snapshot()).toEqual(before);
      }
    });

    it('a token granted no clinic at all is refused every clinic', async () => {
      const token = `Bearer ${await t.token({ clinicIds: [] })}`;
      expectErrorBody(await postWith(`${INTAKE}/sessions`, { items: [session('s-x', 'chair-a')] }, token), 403, 'Forbidden');
    });
  });

  describe('granted access', () => {
    it('a token granted clinic A writes clinic A', async () => {
      const token = `Bearer ${await t.token({ clinicIds: ['clinic-a'], permissions: ['ops:ingest'] })}`;
      const r = await postWith(`${INTAKE}/sessions`, { items: [session('s-a1', 'chair-a')] }, token);
      expect(r.status).toBe(200);
      expect(r.body).toEqual({ received: 1, created: 1, updated: 0, unchanged: 0, warnings: [] });
    });

    it('clinicIds ["*"] is granted every clinic, including one created by the same request', async () => {
      const token = `Bearer ${await t.token({ clinicIds: ['*'], permissions: ['ops:ingest'] })}`;
      const r = await postWith(`${INTAKE}/clinics`, { items: [clinicC] }, token);
      expect(r.status).toBe(200);
      expect(r.body).toMatchObject({ created: 1 });
      const s = await postWith(`${INTAKE}/sessions`, { items: [session('s-a2', 'chair-a'), session('s-b3', 'chair-b')] }, token);
      expect(s.body).toEqual({ received: 2, created: 2, updated: 0, unchanged: 0, warnings: [] });
    });

    it('a token granted several clinics writes each of them', async () => {
      const token = `Bearer ${await t.token({ clinicIds: ['clinic-a', 'clinic-b'], permissions: ['ops:ingest'] })}`;
      const r = await postWith(`${INTAKE}/sessions`, { items: [session('s-a3', 'chair-a'), session('s-b4', 'chair-b')] }, token);
      expect(r.status).toBe(200);
    });

    it('the bearer scheme is case-insensitive', async () => {
      const r = await postWith(`${INTAKE}/clinics`, { items: [clinicC] }, `bearer ${await t.token()}`);
      expect(r.status).toBe(200);
    });
  });

  describe('public routes', () => {
    it('/health and /health/ready need no token, and ignore a bad one', async () => {
      expect((await getWith('/health')).status).toBe(200);
      expect((await getWith('/health/ready')).status).toBe(200);
      expect((await getWith('/health', 'Bearer not-a-token')).status).toBe(200);
    });

    it('the API document needs no token', async () => {
      expect((await getWith('/api/docs-json')).status).toBe(200);
    });
  });
});

describe('the one error body for errors raised outside the routes', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ RATE_LIMIT_PER_MINUTE: '5' });
  });
  afterAll(() => t.close());

  const shape = (r: { status: number; body: unknown; headers: Record<string, string> }, status: number) => {
    expect(r.status).toBe(status);
    expect(r.body).toEqual({ statusCode: status, error: expect.any(String), message: expect.any(String), requestId: r.headers['x-request-id'] });
  };

  it('unknown route (404), unsupported media type (415) and rate limit (429)', async () => {
    const token = await t.token();
    shape(await t.http.get('/api/v1/ops/nope').set('Authorization', `Bearer ${token}`), 404);
    shape(await t.http.post('/api/v1/ops/intake/clinics').set('Authorization', `Bearer ${token}`).set('Content-Type', 'application/xml').send('<items/>'), 415);
    let last = await t.http.get('/health');
    for (let i = 0; i < 6 && last.status !== 429; i++) last = await t.http.get('/health');
    shape(last, 429);
    expect(last.body.error).toBe('Too Many Requests');
  });
});

describe('auth with RS256 (AUTH_JWT_PUBLIC_KEY)', () => {
  let t: TestApp;
  let keys: Awaited<ReturnType<typeof generateKeyPair>>;

  beforeAll(async () => {
    keys = await generateKeyPair('RS256', { extractable: true });
    t = await startTestApp({ AUTH_JWT_PUBLIC_KEY: await exportSPKI(keys.publicKey) });
  });
  afterAll(() => t.close());

  it('accepts a token signed with the private key and refuses HS256 tokens, even signed with the secret', async () => {
    const rs = await new SignJWT({ ...full, exp: now() + 600 }).setProtectedHeader({ alg: 'RS256' }).sign(keys.privateKey);
    const ok = await t.http
      .post(`${INTAKE}/clinics`)
      .set('Authorization', `Bearer ${rs}`)
      .send({ items: [{ id: 'clinic-rs', name: 'RS', timeZone: 'UTC', hours: HOURS }] });
    expect(ok.status).toBe(200);
    const hs = await jwt({ ...full, exp: now() + 600 });
    const refused = await t.http
      .post(`${INTAKE}/clinics`)
      .set('Authorization', `Bearer ${hs}`)
      .send({ items: [{ id: 'clinic-hs', name: 'HS', timeZone: 'UTC', hours: HOURS }] });
    expect(refused.status).toBe(401);
    expect(refused.body).toEqual({ statusCode: 401, error: 'Unauthorized', message: expect.any(String), requestId: expect.any(String) });
  });
});

describe('intake errors never describe another clinic', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
    const admin = await t.token();
    await t
      .post(
        '/api/v1/ops/intake/clinics',
        {
          items: [
            { id: 'leak-a', name: 'A', timeZone: 'America/Chicago', hours: {} },
            { id: 'leak-b', name: 'B', timeZone: 'America/Chicago', hours: {} },
          ],
        },
        admin,
      )
      .expect(200);
    await t.post('/api/v1/ops/intake/resources', { items: [{ id: 'leak-b-1', clinicId: 'leak-b', kind: 'CHAIR', name: 'B1' }] }, admin).expect(200);
  });
  afterAll(() => t.close());

  it('answers 403 (not a 400 naming the other clinic) when an item refers to a record of a clinic the token is not granted', async () => {
    const onlyA = await t.token({ permissions: ['ops:ingest'], clinicIds: ['leak-a'] });
    const moved = await t
      .post('/api/v1/ops/intake/resources', { items: [{ id: 'leak-b-1', clinicId: 'leak-a', kind: 'CHAIR', name: 'mine now' }] }, onlyA)
      .expect(403);
    expect(moved.body.message).not.toContain('belongs to clinic');
    const exc = await t
      .post('/api/v1/ops/intake/exceptions', { items: [{ clinicId: 'leak-a', resourceId: 'leak-b-1', date: '2026-03-02', windows: [] }] }, onlyA)
      .expect(403);
    expect(exc.body.message).not.toContain('belongs to clinic');
    await t
      .post(
        '/api/v1/ops/intake/blocks',
        { items: [{ externalId: 'leak-blk', resourceId: 'leak-b-1', start: '2026-03-02T09:00:00Z', end: '2026-03-02T10:00:00Z', reason: 'OTHER' }] },
        onlyA,
      )
      .expect(403);
    await t
      .post(
        '/api/v1/ops/intake/sessions',
        {
          items: [
            {
              externalId: 'leak-s',
              resourceId: 'leak-b-1',
              patientRef: 'p',
              scheduledStart: '2026-03-02T09:00:00Z',
              scheduledEnd: '2026-03-02T10:00:00Z',
              status: 'SCHEDULED',
            },
          ],
        },
        onlyA,
      )
      .expect(403);
    const [{ n }] = await t.sql<{ n: number }>(
      `SELECT (SELECT count(*) FROM block) + (SELECT count(*) FROM chair_session) + (SELECT count(*) FROM resource_exception) AS n`,
    );
    expect(Number(n)).toBe(0);
  });
});
