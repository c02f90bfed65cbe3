import { startTestApp, type TestApp } from './support/app.js';
import { Contract } from './support/contract.js';

/**
 * SPEC §6: "keep [the contracts] exactly, and document them in the OpenAPI document with examples".
 * GET /api/docs-json must list every route of SPEC §5 and §6, with bearer security, the route's permission as
 * `x-permissions`, 401/403 responses; the intake POSTs with their request body schemas, examples that the live API
 * accepts, and a documented 400 in the one error shape.
 */

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const U = '/api/v1/ops/utilization';
const I = '/api/v1/ops/intake';

/** Every SPEC §5 / §6 route, with the permission it needs and the parameters and responses it must document. */
const REQUIRED: { method: 'get' | 'post' | 'put' | 'delete'; path: string; permission: string; params?: string[]; responses?: string[] }[] = [
  { method: 'get', path: U, permission: 'ops:view_analytics', params: ['clinicId', 'from', 'to'] },
  {
    method: 'get',
    path: `${U}/chairs`,
    permission: 'ops:view_analytics',
    params: ['clinicId', 'from', 'to', 'granularity', 'limit', 'cursor', 'sort', 'format'],
  },
  { method: 'get', path: `${U}/chairs/{resourceId}/timeline`, permission: 'ops:view_analytics', params: ['resourceId', 'date'], responses: ['200', '404'] },
  { method: 'get', path: `${U}/providers`, permission: 'ops:view_analytics', params: ['clinicId', 'from', 'to', 'granularity', 'limit', 'cursor'] },
  { method: 'get', path: `${U}/trends`, permission: 'ops:view_analytics', params: ['from', 'to', 'granularity', 'metric'] },
  { method: 'get', path: `${U}/report`, permission: 'ops:view_analytics', params: ['clinicId', 'from', 'to', 'format'] },
  { method: 'get', path: `${U}/capacity`, permission: 'ops:view_analytics', params: ['clinicId', 'asOf', 'horizon'] },
  { method: 'post', path: `${U}/rollups`, permission: 'ops:admin', responses: ['202'] },
  { method: 'get', path: `${U}/rollups/{id}`, permission: 'ops:admin', params: ['id'], responses: ['200', '404'] },
  ...['clinics', 'resources', 'providers', 'exceptions', 'sessions', 'blocks'].map((r) => ({
    method: 'post' as const,
    path: `${I}/${r}`,
    permission: 'ops:ingest',
  })),
  // issue 14: benchmarks, bands per category of chair, team goals
  { method: 'get', path: `${U}/benchmarks`, permission: 'ops:view_analytics', params: ['clinicId'] },
  { method: 'get', path: `${U}/benchmarks/group`, permission: 'ops:admin', params: ['clinicId'] },
  { method: 'post', path: `${U}/benchmarks/group`, permission: 'ops:admin', responses: ['201', '400'] },
  { method: 'delete', path: `${U}/benchmarks/group/{id}`, permission: 'ops:admin', params: ['id'], responses: ['204', '404'] },
  { method: 'get', path: `${U}/settings/{clinicId}/categories`, permission: 'ops:view_analytics', params: ['clinicId'] },
  {
    method: 'put',
    path: `${U}/settings/{clinicId}/categories/{category}`,
    permission: 'ops:admin',
    params: ['clinicId', 'category'],
    responses: ['200', '400'],
  },
  {
    method: 'delete',
    path: `${U}/settings/{clinicId}/categories/{category}`,
    permission: 'ops:admin',
    params: ['clinicId', 'category'],
    responses: ['204', '404'],
  },
  { method: 'get', path: `${U}/goals`, permission: 'ops:view_analytics', params: ['clinicId', 'asOf'] },
  { method: 'put', path: `${U}/goals/{clinicId}/opt-in`, permission: 'ops:admin', params: ['clinicId'], responses: ['200'] },
  { method: 'post', path: `${U}/goals`, permission: 'ops:admin', responses: ['201', '400', '409'] },
  { method: 'delete', path: `${U}/goals/{id}`, permission: 'ops:admin', params: ['id'], responses: ['204', '404'] },
];

/** SPEC §6 intake item fields: required ones, then optional ones. */
const INTAKE_FIELDS: Record<string, { required: string[]; optional: string[] }> = {
  clinics: { required: ['id', 'name', 'timeZone', 'hours'], optional: ['hoursEffectiveFrom'] },
  resources: { required: ['id', 'clinicId', 'kind', 'name'], optional: ['active', 'category', 'hours', 'hoursEffectiveFrom'] },
  providers: { required: ['id', 'clinicId', 'name', 'role'], optional: [] },
  exceptions: { required: ['clinicId', 'date', 'windows'], optional: ['resourceId'] },
  sessions: {
    required: ['externalId', 'resourceId', 'patientRef', 'scheduledStart', 'scheduledEnd', 'status'],
    optional: ['providerId', 'actualStart', 'actualEnd', 'cancelledAt', 'procedures', 'productionValue'],
  },
  blocks: { required: ['externalId', 'resourceId', 'start', 'end', 'reason'], optional: [] },
};
/** In the order their references need. */
const INTAKE_ROUTES = ['clinics', 'resources', 'providers', 'exceptions', 'sessions', 'blocks'];
const PERMISSIONS = ['ops:view_analytics', 'ops:view_provider_detail', 'ops:ingest', 'ops:admin'];

describe('OpenAPI document (SPEC §5, §6)', () => {
  let t: TestApp;
  let doc: Json;

  beforeAll(async () => {
    t = await startTestApp();
    const r = await t.http.get('/api/docs-json').expect(200);
    expect(r.headers['content-type']).toMatch(/json/);
    doc = r.body;
  });
  afterAll(() => t.close());

  const op = (method: string, path: string): Json | undefined => doc.paths?.[path]?.[method];
  /** Resolves a local $ref (#/components/...). */
  const deref = (s: Json | undefined): Json | undefined => {
    if (!s?.$ref) return s;
    return (s.$ref as string)
      .replace(/^#\//, '')
      .split('/')
      .reduce((o: Json, k: string) => o?.[k], doc);
  };

  function checkSecuredOperation(method: string, path: string, permission: string) {
    const o = op(method, path);
    if (!o) throw new Error(`${method.toUpperCase()} ${path} is not in the OpenAPI document; it has: ${Object.keys(doc.paths).join(', ')}`);
    expect(o.summary).toEqual(expect.any(String));
    expect(o.security).toEqual(expect.arrayContaining([{ bearer: [] }]));
    expect(o['x-permissions']).toEqual([permission]);
    expect(Object.keys(o.responses)).toEqual(expect.arrayContaining(['401', '403']));
    for (const code of ['401', '403']) expect(deref(o.responses[code].content?.['application/json']?.schema)).toEqual(doc.components.schemas.ErrorBody);
  }

  it('is an OpenAPI 3 document with a title, a version and the bearer scheme', () => {
    expect(doc.openapi).toMatch(/^3\./);
    expect(doc.info).toMatchObject({ title: expect.any(String), version: expect.any(String) });
    expect(doc.info.description).toMatch(/Bearer/);
    expect(doc.components.securitySchemes.bearer).toMatchObject({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' });
  });

  it('lists every route of SPEC §5 and §6 with bearer security, x-permissions, 401/403, its parameters and responses', () => {
    for (const r of REQUIRED) {
      checkSecuredOperation(r.method, r.path, r.permission);
      const o = op(r.method, r.path)!;
      const params = (o.parameters ?? []).map((p: Json) => p.name);
      expect({ route: r.path, params }).toEqual({ route: r.path, params: expect.arrayContaining(r.params ?? []) });
      expect(Object.keys(o.responses)).toEqual(expect.arrayContaining(r.responses ?? (r.method === 'post' ? [] : ['200'])));
    }
  });

  it('puts bearer security and a known permission in x-permissions on every /api/v1 operation, and `security: []` on /health', () => {
    const ops = Object.entries(doc.paths as Json).flatMap(([path, methods]) =>
      Object.entries(methods as Json).map(([method, o]) => ({ path, method, o: o as Json })),
    );
    const v1 = ops.filter((x) => x.path.startsWith('/api/v1/'));
    expect(v1.length).toBeGreaterThanOrEqual(REQUIRED.length);
    for (const { path, method, o } of v1) {
      const where = `${method.toUpperCase()} ${path}`;
      expect({ where, security: o.security }).toEqual({ where, security: expect.arrayContaining([{ bearer: [] }]) });
      expect({ where, permissions: o['x-permissions'] }).toEqual({ where, permissions: expect.any(Array) });
      expect(o['x-permissions'].length).toBeGreaterThan(0);
      for (const p of o['x-permissions']) expect(PERMISSIONS).toContain(p);
    }
    for (const { path, o } of ops.filter((x) => x.path.startsWith('/health'))) {
      expect({ path, security: o.security }).toEqual({ path, security: [] });
    }
    // operation ids are unique (client generators need that)
    const ids = ops.map((x) => x.o.operationId);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('documents the one error body', () => {
    const e = doc.components.schemas.ErrorBody;
    expect(Object.keys(e.properties)).toEqual(expect.arrayContaining(['statusCode', 'error', 'message', 'errors', 'requestId']));
    expect(e.required).toEqual(expect.arrayContaining(['statusCode', 'error', 'message', 'requestId']));
    const item = deref(e.properties.errors.items)!;
    expect(Object.keys(item.properties)).toEqual(expect.arrayContaining(['index', 'field', 'message']));
  });

  describe.each(INTAKE_ROUTES)('POST /api/v1/ops/intake/%s', (route) => {
    it('documents the {"items": [...]} request body: up to 5,000 items, the SPEC fields, required ones marked, no others allowed', () => {
      const o = op('post', `${I}/${route}`)!;
      expect(o.requestBody.required).toBe(true);
      const body = deref(o.requestBody.content['application/json'].schema)!;
      expect(body.type).toBe('object');
      expect(body.required).toEqual(['items']);
      const items = body.properties.items;
      expect(items).toMatchObject({ type: 'array', minItems: 1, maxItems: 5000 });
      const item = deref(items.items)!;
      const { required, optional } = INTAKE_FIELDS[route];
      expect(Object.keys(item.properties)).toEqual(expect.arrayContaining([...required, ...optional]));
      expect([...(item.required ?? [])].sort()).toEqual([...required].sort());
      expect(item.additionalProperties).toBe(false);
    });

    it('has a request example with every required field', () => {
      const o = op('post', `${I}/${route}`)!;
      const media = o.requestBody.content['application/json'];
      const example = media.example ?? deref(media.schema)!.example ?? Object.values<Json>(media.examples ?? {})[0]?.value;
      expect(example?.items?.length).toBeGreaterThan(0);
      for (const f of INTAKE_FIELDS[route].required) expect(Object.keys(example.items[0])).toContain(f);
    });

    it('documents 200 {received, created, updated, unchanged} and 400 in the error shape with an example naming index and field', () => {
      const o = op('post', `${I}/${route}`)!;
      const ok = deref(o.responses['200'].content['application/json'].schema)!;
      expect(Object.keys(ok.properties).sort()).toEqual(['created', 'received', 'rejected', 'unchanged', 'updated', 'warnings']);
      const bad = o.responses['400'];
      expect(bad.description).toEqual(expect.any(String));
      expect(deref(bad.content['application/json'].schema)).toEqual(doc.components.schemas.ErrorBody);
      const ex = bad.content['application/json'].example ?? Object.values<Json>(bad.content['application/json'].examples ?? {})[0]?.value;
      expect(ex).toMatchObject({ statusCode: 400, error: 'Bad Request', message: expect.any(String), requestId: expect.any(String) });
      expect(ex.errors[0]).toEqual({ index: expect.any(Number), field: expect.any(String), message: expect.any(String) });
    });
  });

  it('the documented request examples are accepted by the live API, in order, and are idempotent', async () => {
    for (const route of INTAKE_ROUTES) {
      const media = op('post', `${I}/${route}`)!.requestBody.content['application/json'];
      const example = media.example ?? deref(media.schema)!.example;
      const first = await t.post(`${I}/${route}`, example);
      if (first.status !== 200) throw new Error(`the documented example of ${route} answered ${first.status}: ${JSON.stringify(first.body)}`);
      expect(first.body).toMatchObject({ received: example.items.length, created: example.items.length });
      expect((await t.post(`${I}/${route}`, example)).body).toMatchObject({ unchanged: example.items.length });
    }
  });

  it('stays within OpenAPI 3.0 when it says 3.0 (no JSON-Schema-2020 "type": "null", const, prefixItems or $schema)', () => {
    if (!String(doc.openapi).startsWith('3.0')) return;
    const problems: string[] = [];
    const walk = (node: unknown, at: string) => {
      if (Array.isArray(node)) return node.forEach((n, i) => walk(n, `${at}[${i}]`));
      if (!node || typeof node !== 'object') return;
      const o = node as Json;
      if (o.type === 'null' || (Array.isArray(o.type) && o.type.includes('null'))) problems.push(`${at}: type null (use nullable: true)`);
      if (Array.isArray(o.type)) problems.push(`${at}: type is a list`);
      for (const k of ['const', 'prefixItems', '$schema', '$defs']) if (k in o && !at.endsWith('.properties')) problems.push(`${at}: ${k}`);
      if ('exclusiveMinimum' in o && typeof o.exclusiveMinimum !== 'boolean') problems.push(`${at}: numeric exclusiveMinimum`);
      if ('exclusiveMaximum' in o && typeof o.exclusiveMaximum !== 'boolean') problems.push(`${at}: numeric exclusiveMaximum`);
      for (const [k, v] of Object.entries(o)) if (k !== 'example' && k !== 'examples') walk(v, `${at}.${k}`);
    };
    walk(doc.paths, 'paths');
    walk(doc.components, 'components');
    expect(problems).toEqual([]);
  });

  const operations = () =>
    Object.entries(doc.paths as Json).flatMap(([path, methods]) =>
      Object.entries(methods as Json)
        .filter(([method]) => ['get', 'put', 'post', 'delete', 'patch'].includes(method))
        .map(([method, o]) => ({ path, method, o: o as Json, where: `${method.toUpperCase()} ${path}` })),
    );
  /** A schema that says what the answer holds: properties, items, a map's values, or alternatives that each do. */
  const described = (schema: Json | undefined, seen = 0): boolean => {
    const s = deref(schema);
    if (!s || seen > 5) return false;
    if (s.allOf) return s.allOf.some((x: Json) => described(x, seen + 1));
    if (s.oneOf || s.anyOf) return (s.oneOf ?? s.anyOf).every((x: Json) => described(x, seen + 1));
    if (s.type === 'array') return !!s.items && (described(s.items, seen + 1) || !!deref(s.items)?.type);
    if (s.type === 'string') return true;
    return !!(s.properties && Object.keys(s.properties).length) || !!(s.additionalProperties && typeof s.additionalProperties === 'object');
  };

  it('gives every success answer of every operation a schema with properties or items, per content type; CSV as text, ZIP as binary', () => {
    const missing: string[] = [];
    for (const { where, o } of operations()) {
      for (const [status, r] of Object.entries(o.responses as Json)) {
        if (!/^2/.test(status) || status === '204') continue;
        const content = (r as Json).content ?? {};
        if (!Object.keys(content).length) missing.push(`${where} ${status}: no content`);
        for (const [type, media] of Object.entries(content as Json)) {
          if (!described((media as Json).schema)) missing.push(`${where} ${status} ${type}: no schema with properties or items`);
          if (type === 'text/csv') expect({ where, schema: (media as Json).schema.type }).toEqual({ where, schema: 'string' });
          if (type === 'application/zip')
            expect({ where, schema: (media as Json).schema }).toEqual({ where, schema: expect.objectContaining({ type: 'string', format: 'binary' }) });
        }
      }
      for (const [status, r] of Object.entries(o.responses as Json)) {
        if (Number(status) >= 400)
          expect({ where, status, types: Object.keys((r as Json).content ?? {}) }).toEqual({ where, status, types: ['application/json'] });
      }
    }
    expect(missing).toEqual([]);
  });

  it('gives every parameter a type and a description, and every operation a unique camelCase operation id, a summary and a description', () => {
    const ids: string[] = [];
    for (const { where, o } of operations()) {
      for (const p of o.parameters ?? []) {
        const schema = deref(p.schema) ?? {};
        expect({ where, name: p.name, typed: !!(schema.type || schema.enum || schema.oneOf || schema.anyOf) }).toEqual({ where, name: p.name, typed: true });
      }
      expect({ where, id: o.operationId }).toEqual({ where, id: expect.stringMatching(/^[a-z][a-zA-Z0-9]*$/) });
      expect({ where, description: typeof o.description, summary: typeof o.summary }).toEqual({ where, description: 'string', summary: 'string' });
      ids.push(o.operationId);
    }
    expect(ids.filter((id, i) => ids.indexOf(id) !== i)).toEqual([]);
    expect(ids).toEqual(
      expect.arrayContaining([
        'getChairs',
        'getTimeline',
        'getHeadline',
        'getReport',
        'getCapacity',
        'getTrends',
        'getProviders',
        'postSessions',
        'postClinics',
      ]),
    );
  });

  it('names a server, describes every tag it uses, and says `security: []` on every operation without a token', () => {
    expect(doc.servers?.length).toBeGreaterThan(0);
    const tags = new Map((doc.tags as Json[]).map((t) => [t.name, t.description]));
    for (const { where, o } of operations()) {
      for (const tag of o.tags ?? []) expect({ where, tag, description: typeof tags.get(tag) }).toEqual({ where, tag, description: 'string' });
      expect({ where, security: Array.isArray(o.security) }).toEqual({ where, security: true });
    }
  });

  it('has examples that validate against their own schemas (responses and request bodies)', () => {
    const contract = new Contract(doc);
    const problems: string[] = [];
    for (const { path, method, where, o } of operations()) {
      for (const [status, r] of Object.entries(o.responses as Json)) {
        for (const [type, media] of Object.entries(((r as Json).content ?? {}) as Json)) {
          const m = media as Json;
          const examples = [m.example, deref(m.schema)?.example, ...Object.values(m.examples ?? {}).map((e) => (e as Json).value)].filter(
            (x) => x !== undefined,
          );
          for (const example of examples) {
            const res = {
              status: Number(status),
              headers: { 'content-type': type },
              body: example,
              text: typeof example === 'string' ? example : JSON.stringify(example),
            };
            problems.push(...contract.problems(method, path.replace(/\{[^}]+\}/g, 'x'), res).map((p) => `example of ${where}: ${p}`));
          }
        }
      }
    }
    expect(problems).toEqual([]);
  });

  it('the contract check fails an answer that breaks the document: a missing field, a wrong type, an undocumented field or status', () => {
    const contract = new Contract(doc);
    const json = { 'content-type': 'application/json; charset=utf-8' };
    const good = { clinicId: 'c', lowThreshold: 0.65, targetLow: 0.7, targetHigh: 0.85, riskThreshold: 0.9, minSlotMinutes: 15, currency: null };
    const url = '/api/v1/ops/utilization/settings/c';
    expect(contract.problems('GET', url, { status: 200, headers: json, body: good })).toEqual([]);
    const { targetLow: _, ...missing } = good;
    expect(contract.problems('GET', url, { status: 200, headers: json, body: missing }).join()).toMatch(/targetLow/);
    expect(contract.problems('GET', url, { status: 200, headers: json, body: { ...good, currency: 3 } }).join()).toMatch(/currency/);
    expect(contract.problems('GET', url, { status: 200, headers: json, body: { ...good, extra: 1 } }).join()).toMatch(/extra/);
    expect(contract.problems('GET', url, { status: 418, headers: json, body: {} }).join()).toMatch(/does not list/);
    expect(contract.problems('GET', url, { status: 200, headers: { 'content-type': 'text/csv' }, body: {}, text: 'a,b' }).join()).toMatch(/text\/csv/);
    expect(contract.problems('GET', '/not/documented', { status: 200, headers: json, body: {} })).toEqual([]);
  });

  it('serves the Swagger UI at /api/docs with its assets, without a token', async () => {
    const ui = await t.http.get('/api/docs').expect(200);
    expect(ui.headers['content-type']).toMatch(/text\/html/);
    expect(ui.text).toContain('swagger-ui');
    for (const asset of ['swagger-ui.css', 'swagger-ui-bundle.js', 'swagger-ui-init.js']) {
      expect((await t.http.get(`/api/docs/${asset}`)).status).toBe(200);
    }
    const yaml = await t.http.get('/api/docs-yaml').expect(200);
    expect(yaml.text).toMatch(/^openapi: /m);
  });
});
