/**
 * Request DTOs (issue 11): every query, path parameter and body is a DTO class validated by the one global
 * ValidationPipe (src/common/validation.ts) and documented in the OpenAPI document from the same class. Checks that a
 * parameter is described once and with a type, that unknown parameters and fields name themselves, that id lists
 * may be comma-separated and repeated, that path parameters follow the text rules, and that the intake's compiled
 * item check agrees with class-validator's own executor.
 */
import fc from 'fast-check';
import type { ArgumentMetadata } from '@nestjs/common';
import { ValidationFailed } from '../src/common/errors.js';
import { checkItem, checkItemWithClassValidator, dtoFields, RequestValidationPipe } from '../src/common/validation.js';
import { CapacityQueryDto } from '../src/capacity/capacity.dto.js';
import { BlockItem, ClinicItem, ExceptionItem, ProviderItem, ResourceItem, SessionItem } from '../src/intake/intake.dto.js';
import { ClinicIdParam } from '../src/common/query.dto.js';
import { ChairsQueryDto, ResourceIdParam } from '../src/utilization/utilization.dto.js';
import { startTestApp, type TestApp } from './support/app.js';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const U = '/api/v1/ops/utilization';
const I = '/api/v1/ops/intake';
const HOURS = Object.fromEntries(['1', '2', '3', '4', '5'].map((d) => [d, [['08:00', '17:00']]]));

describe('request DTOs', () => {
  let t: TestApp;
  let doc: Json;

  beforeAll(async () => {
    t = await startTestApp();
    doc = (await t.http.get('/api/docs-json').expect(200)).body;
    await t.post(`${I}/clinics`, { items: ['rd-a', 'rd-b', 'rd-c'].map((id) => ({ id, name: id, timeZone: 'America/Chicago', hours: HOURS })) }).expect(200);
    await t.post(`${I}/resources`, { items: [{ id: 'rd-a-1', clinicId: 'rd-a', kind: 'CHAIR', name: 'Chair 1' }] }).expect(200);
  });
  afterAll(() => t.close());

  const problems = async (path: string, status = 400) => {
    const r = await t.get(path);
    expect([path, r.status]).toEqual([path, status]);
    return r.body as { message: string; errors: { field: string; message: string }[] };
  };

  describe('the OpenAPI document', () => {
    const operations = () =>
      Object.entries(doc.paths as Json).flatMap(([path, methods]) =>
        Object.entries(methods as Json).map(([method, o]) => ({ where: `${method.toUpperCase()} ${path}`, o: o as Json })),
      );

    it('describes every parameter once, with a type and a description', () => {
      let count = 0;
      for (const { where, o } of operations()) {
        const params = (o.parameters ?? []) as Json[];
        const keys = params.map((p) => `${p.in} ${p.name}`);
        expect({ where, keys: [...new Set(keys)].sort() }).toEqual({ where, keys: [...keys].sort() });
        for (const p of params) {
          count++;
          expect({ where, name: p.name, type: typeof p.schema?.type }).toEqual({ where, name: p.name, type: 'string' });
          expect({ where, name: p.name, description: typeof p.description }).toEqual({ where, name: p.name, description: 'string' });
        }
      }
      expect(count).toBeGreaterThan(60);
    });

    it('lists exactly the query parameters the DTO accepts', () => {
      const names = (path: string, where = 'query') =>
        ((doc.paths[path].get.parameters ?? []) as Json[])
          .filter((p) => p.in === where)
          .map((p) => p.name)
          .sort();
      expect(names(`${U}/chairs`)).toEqual(dtoFields(ChairsQueryDto).sort());
      expect(names(`${U}/capacity`)).toEqual(dtoFields(CapacityQueryDto).sort());
      expect(names(`${U}/chairs/{resourceId}/timeline`, 'path')).toEqual(dtoFields(ResourceIdParam));
      expect(names(`${U}/settings/{clinicId}`, 'path')).toEqual(dtoFields(ClinicIdParam));
    });

    it('documents id lists as arrays of strings, numbers with their bounds and choices with their values', () => {
      const param = (path: string, name: string) => (doc.paths[path].get.parameters as Json[]).find((p) => p.name === name)!;
      expect(param(`${U}/chairs`, 'clinicId').schema).toMatchObject({ type: 'array', items: { type: 'string' } });
      expect(param(`${U}/chairs`, 'limit').schema).toMatchObject({ type: 'integer', minimum: 1, maximum: 1000, default: 100 });
      expect(param(`${U}/chairs`, 'granularity').schema).toMatchObject({ type: 'string', enum: ['day', 'week', 'month', 'total'] });
      expect(param(`${U}/chairs`, 'from')).toMatchObject({ required: true, schema: { type: 'string', format: 'date' } });
      expect(param(`${U}/trends`, 'confidence').schema).toMatchObject({ type: 'number', minimum: 0.5, maximum: 0.999 });
    });

    it('documents the request bodies from their classes, closed to unknown fields', () => {
      const body = (method: string, path: string) => {
        const s = doc.paths[path][method].requestBody.content['application/json'].schema as Json;
        return (s.$ref ? doc.components.schemas[s.$ref.split('/').pop()] : s) as Json;
      };
      for (const [method, path, required] of [
        ['post', `${U}/goals`, ['clinicId', 'kind', 'target']],
        ['put', `${U}/goals/{clinicId}/opt-in`, ['enabled']],
        ['post', `${U}/benchmarks/group`, ['clinicId', 'metric', 'low', 'label']],
        ['put', `${U}/settings/{clinicId}`, undefined],
        ['post', `${U}/rollups`, ['from', 'to']],
      ] as const) {
        const s = body(method, path);
        expect({ path, additionalProperties: s.additionalProperties, required: s.required }).toEqual({ path, additionalProperties: false, required });
        expect(s.example).toEqual(expect.any(Object));
      }
    });
  });

  describe('unknown parameters and fields', () => {
    it('an unknown query parameter names itself', async () => {
      const b = await problems(`${U}/chairs?from=2026-03-01&to=2026-03-31&colour=red`);
      expect(b.errors).toEqual([{ field: 'colour', message: 'is not a known field; remove it or check its spelling' }]);
      expect(b.message).toBe('Invalid query: colour is not a known field; remove it or check its spelling');
      expect((await problems(`${U}/benchmarks?clinicid=rd-a`)).errors).toEqual([expect.objectContaining({ field: 'clinicid' })]);
      const session = {
        externalId: 'rd-dry',
        resourceId: 'rd-a-1',
        patientRef: 'p',
        scheduledStart: '2026-03-02T15:00:00Z',
        scheduledEnd: '2026-03-02T16:00:00Z',
        status: 'SCHEDULED',
      };
      const intake = await t.post(`${I}/sessions?dryRun=true`, { items: [session] }).expect(400);
      expect(intake.body.errors).toEqual([{ field: 'dryRun', message: 'is not a known field; remove it or check its spelling' }]);
    });

    it('an unknown body field names itself, and a body that is not an object is refused as (body)', async () => {
      const r = await t.http
        .put(`${U}/settings/rd-a`)
        .set('Authorization', `Bearer ${await t.token()}`)
        .send({ targetLow: 0.7, colour: 'blue' })
        .expect(400);
      expect(r.body.errors).toEqual([{ field: 'colour', message: 'is not a known field; remove it or check its spelling' }]);
      const list = await t.post(`${U}/goals`, [{ clinicId: 'rd-a' }]).expect(400);
      expect(list.body.errors).toEqual([expect.objectContaining({ field: '(body)' })]);
      const batch = await t.post(`${I}/clinics`, { items: [{ id: 'rd-a', name: 'x', timeZone: 'America/Chicago', hours: {} }], colour: 1 }).expect(400);
      expect(batch.body.errors).toEqual([{ field: 'colour', message: 'is not a known field; the body is {"items": [...]}' }]);
    });
  });

  describe('lists and single values', () => {
    it('takes ids comma-separated and repeated, trimmed, empties dropped', async () => {
      const r = await t.get(`${U}?clinicId=rd-a,%20rd-b,,&clinicId=rd-c&from=2026-03-01&to=2026-03-07`).expect(200);
      expect([...r.body.clinicIds].sort()).toEqual(['rd-a', 'rd-b', 'rd-c']);
      const one = await t.get(`${U}/chairs?clinicId=rd-a&clinicId=rd-b&resourceId=rd-a-1&from=2026-03-01&to=2026-03-07`).expect(200);
      expect(one.body.items).toEqual([]);
    });

    it('a parameter that must be given once says so when repeated', async () => {
      const b = await problems(`${U}/trends?from=2026-03-01&to=2026-03-31&granularity=day&granularity=week`);
      expect(b.errors).toEqual([{ field: 'granularity', message: expect.stringMatching(/must be given once/) }]);
      expect((await problems(`${U}/chairs?from=2026-03-01&from=2026-03-02&to=2026-03-31`)).errors).toEqual([expect.objectContaining({ field: 'from' })]);
    });

    it('converts numbers and names every bad parameter at once', async () => {
      const b = await problems(`${U}/chairs?from=2026-02-30&to=2026-03-31&limit=0&granularity=year`);
      expect(b.errors.map((e) => e.field).sort()).toEqual(['from', 'granularity', 'limit']);
      expect(b.message).toBe('Invalid query: 3 problems; see errors');
      await t.get(`${U}/chairs?from=2026-03-01&to=2026-03-31&limit=%2B7`).expect(200);
    });
  });

  describe('path parameters', () => {
    const pipe = new RequestValidationPipe();
    const param = (metatype: ArgumentMetadata['metatype']): ArgumentMetadata => ({ type: 'param', metatype, data: undefined });

    it('refuse NUL characters, lone surrogates and over-long values, naming the parameter', async () => {
      for (const bad of ['a\u0000b', 'x\ud800', 'x'.repeat(201), '']) {
        const e = await pipe.transform({ clinicId: bad }, param(ClinicIdParam)).catch((x: unknown) => x);
        expect(e).toBeInstanceOf(ValidationFailed);
        expect((e as ValidationFailed).errors).toEqual([{ field: 'clinicId', message: expect.any(String) }]);
        expect((e as ValidationFailed).message).toMatch(/^Invalid path parameter: clinicId /);
      }
      expect(await pipe.transform({ resourceId: 'chair 1 ü' }, param(ResourceIdParam))).toEqual({ resourceId: 'chair 1 ü' });
    });

    it('over HTTP: 400 naming the parameter (the URL check answers first for NUL and bad encodings)', async () => {
      expect((await t.get(`${U}/settings/a%00b`).expect(400)).body.errors).toEqual([expect.objectContaining({ field: '(path)' })]);
      expect((await t.get(`${U}/chairs/%ED%A0%80/timeline?date=2026-03-02`).expect(400)).body.errors).toEqual([expect.objectContaining({ field: '(path)' })]);
      const goal = await t.http
        .delete(`${U}/goals/not-a-uuid`)
        .set('Authorization', `Bearer ${await t.token()}`)
        .expect(400);
      expect(goal.body.errors).toEqual([{ field: 'id', message: 'must be the id of a team goal (a UUID)' }]);
    });
  });

  describe('intake items', () => {
    it('name the item and the field inside it', async () => {
      const s = {
        externalId: 'rd-s',
        resourceId: 'rd-a-1',
        patientRef: 'p',
        scheduledStart: '2026-03-02T15:00:00Z',
        scheduledEnd: '2026-03-02T16:00:00Z',
        status: 'COMPLETED',
      };
      const items = [0, 1, 2, 3].map((i) => ({ ...s, externalId: `rd-s${i}` }));
      items[3] = { ...items[3], scheduledEnd: '2026-03-02T14:00:00Z' };
      const r = await t.post(`${I}/sessions`, { items }).expect(400);
      expect(r.body.errors).toEqual([{ index: 3, field: 'scheduledEnd', message: 'must be after scheduledStart (2026-03-02T15:00:00.000Z)' }]);
      const hours = await t
        .post(`${I}/clinics`, {
          items: [
            {
              id: 'rd-a',
              name: 'A',
              timeZone: 'America/Chicago',
              hours: {
                '2': [
                  ['09:00', '12:00'],
                  ['08:00', '10:00'],
                ],
              },
            },
          ],
        })
        .expect(400);
      expect(hours.body.errors).toEqual([{ index: 0, field: 'hours.2.0', message: 'window 09:00–12:00 overlaps 08:00–10:00; merge them or fix the times' }]);
    });

    it("the compiled item check agrees with class-validator's executor", () => {
      const anyValue = fc.oneof(
        fc.constantFrom(
          '\u0000',
          'x\ud800',
          '',
          '  a  ',
          'x'.repeat(201),
          '2026-03-02T10:00:00Z',
          '2026-03-02T10:00:00+01:00',
          '2026-02-30T10:00:00Z',
          '2026-03-02',
          '0000-01-01T00:00:00Z',
        ),
        fc.constantFrom('CHAIR', 'ROOM', 'COMPLETED', 'NO_SHOW', 'MEETING', 'Hygiene ', 'America/Chicago', '12.50', '-1', 'hygienist'),
        fc.string({ maxLength: 6 }),
        fc.integer({ min: -5, max: 2000 }),
        fc.double(),
        fc.boolean(),
        fc.constant(null),
        fc.constant([]),
        fc.constant({}),
        fc.constant([
          ['08:00', '12:00'],
          ['11:00', '13:00'],
        ]),
        fc.constant({ '1': [['08:00', '12:00']], '8': [] }),
      );
      const valid: [new () => object, Json][] = [
        [
          SessionItem,
          {
            externalId: 'e',
            resourceId: 'r',
            providerId: 'p',
            patientRef: 'p',
            scheduledStart: '2026-03-02T09:00:00-06:00',
            scheduledEnd: '2026-03-02T09:45:00-06:00',
            actualStart: '2026-03-02T09:04:00-06:00',
            status: 'COMPLETED',
            procedures: 2,
            productionValue: 240,
          },
        ],
        [BlockItem, { externalId: 'b', resourceId: 'r', start: '2026-03-02T12:00:00Z', end: '2026-03-02T13:00:00Z', reason: 'OTHER' }],
        [ClinicItem, { id: 'c', name: 'C', timeZone: 'Europe/Berlin', hours: HOURS, hoursEffectiveFrom: '2026-01-01' }],
        [ResourceItem, { id: 'r', clinicId: 'c', kind: 'ROOM', name: 'R', category: 'imaging', hours: null }],
        [ProviderItem, { id: 'p', clinicId: 'c', name: 'P', role: 'Hygienist' }],
        [ExceptionItem, { clinicId: 'c', resourceId: null, date: '2026-12-24', windows: [['08:00', '12:00']] }],
      ];
      const item = fc.tuple(fc.constantFrom(...valid), fc.nat(), anyValue, fc.constantFrom('replace', 'drop', 'add', 'keep')).map(([[cls, v], k, x, how]) => {
        const key = Object.keys(v)[k % Object.keys(v).length];
        const raw =
          how === 'replace'
            ? { ...v, [key]: x }
            : how === 'drop'
              ? Object.fromEntries(Object.entries(v).filter(([f]) => f !== key))
              : how === 'add'
                ? { ...v, extra: x }
                : { ...v };
        return { cls, raw };
      });
      const plain = (r: ReturnType<typeof checkItem>) =>
        r.ok ? { ok: true, value: { ...r.value } } : { ok: false, errors: [...r.errors].sort((a, b) => a.field.localeCompare(b.field)) };
      fc.assert(
        fc.property(item, ({ cls, raw }) => {
          expect(plain(checkItem(cls, structuredClone(raw)))).toEqual(plain(checkItemWithClassValidator(cls, structuredClone(raw))));
        }),
        { numRuns: 500 },
      );
    });
  });
});
