import { applyDecorators, type Type } from '@nestjs/common';
import {
  ApiExtraModels,
  ApiOkResponse,
  ApiProperty,
  getSchemaPath,
  type ApiPropertyOptions,
  type DocumentBuilder,
  type OpenAPIObject,
  type ParameterObject,
  type SchemaObject,
} from '@nestjs/swagger';
import type { RowField } from '../domain/metrics.js';

/**
 * The parts of the OpenAPI document that are not one route's: tags with descriptions, the server, and the rules every
 * operation shares (public routes say `security: []`, every route may answer 429, the JSON GETs of /api/v1 answer 304
 * to a matching If-None-Match, errors are JSON whatever the success answers are).
 */

export const TAGS: [name: string, description: string][] = [
  ['utilization', 'Headline figures, per-resource rows, the drill-down timeline, providers, trends, the report and capacity (SPEC §5)'],
  ['intake', 'Idempotent upserts from the upstream scheduling systems (SPEC §6): clinics, resources, providers, exceptions, sessions, blocks'],
  ['rollups', 'Recomputing a date range of daily rows and their weekly/monthly rollups, and following its progress'],
  ['settings', "The clinics a token is granted and each clinic's target band, minimum slot, currency and bands per category of chair"],
  ['benchmarks', "The published benchmark catalogue and the group's own benchmarks"],
  ['goals', 'Team goals: opt-in per clinic, progress, streaks and milestones for the team as a whole'],
  ['sources', 'The Open Dental databases the service syncs from'],
  ['health', 'Liveness and readiness probes (no token)'],
];

/** Servers and tags of the document. */
export function describeService(builder: DocumentBuilder): DocumentBuilder {
  builder.addServer('/', 'This service (relative to the address the document was read from)');
  for (const [name, description] of TAGS) builder.addTag(name, description);
  return builder;
}

/** Classes only referenced from inside others (maps of them); SwaggerModule.createDocument gets them as extraModels. */
export const EXTRA_MODELS: Type<unknown>[] = [];

/** Registers classes that the document names only through $ref (oneOf, allOf, maps). */
export function registerModels(...types: Type<unknown>[]): void {
  for (const t of types) if (!EXTRA_MODELS.includes(t)) EXTRA_MODELS.push(t);
}

/** An object whose keys are data (ids, dates, names) and whose values are the class. */
export function mapOf(type: Type<unknown>, description?: string) {
  if (!EXTRA_MODELS.includes(type)) EXTRA_MODELS.push(type);
  return { type: 'object' as const, additionalProperties: { $ref: getSchemaPath(type) }, ...(description ? { description } : {}) };
}

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const ERROR_REF = { $ref: '#/components/schemas/ErrorBody' };
const NOT_MODIFIED = {
  description: 'Not modified: the If-None-Match header names the current ETag (JSON answers only); no body',
};
const URL_PROBLEM = {
  description: 'A query or path that cannot be read (bad percent-encoding, a control character, an unknown or malformed parameter); `errors` names each',
  content: { 'application/json': { schema: ERROR_REF } },
};
const TOO_LARGE = { description: 'Body larger than the limit (20 MB)', content: { 'application/json': { schema: ERROR_REF } } };
const NOT_JSON = { description: 'The body is not JSON (send Content-Type: application/json)', content: { 'application/json': { schema: ERROR_REF } } };
const TOO_MANY = {
  description: 'Rate limit reached (RATE_LIMIT_PER_MINUTE per token subject, or per client address without a valid token)',
  content: { 'application/json': { schema: ERROR_REF } },
};

const CONFLICT = {
  description: 'The write conflicted with another one (a concurrent write, a duplicate key); retry the request',
  content: { 'application/json': { schema: ERROR_REF } },
};
const DB_UNAVAILABLE = {
  description: 'The database cancelled the query (a timeout) or cannot be reached; narrow the request or retry',
  content: { 'application/json': { schema: ERROR_REF } },
};
const UNEXPECTED = {
  description: 'An unexpected error; the requestId identifies it in the service logs',
  content: { 'application/json': { schema: ERROR_REF } },
};

/** The rules every operation shares, applied to the document SwaggerModule built. */
export function finishDocument(doc: OpenAPIObject): OpenAPIObject {
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const method of ['get', 'put', 'post', 'delete', 'patch'] as const) {
      const op = item[method];
      if (!op) continue;
      // routes without a token (the health probes) say so, rather than leaving the reader to guess
      if (!op.security) op.security = [];
      op.responses['429'] ??= TOO_MANY;
      // every route: the URL check answers 400 before the route runs; routes with a body: its size and media type
      op.responses['400'] ??= URL_PROBLEM;
      if (op.requestBody) {
        op.responses['413'] ??= TOO_LARGE;
        op.responses['415'] ??= NOT_JSON;
      }
      // what the one error filter answers for database errors (src/common/errors.ts), in the one error body
      if (path.startsWith('/api/v1/')) {
        if (method !== 'get') op.responses['409'] ??= CONFLICT;
        op.responses['503'] ??= DB_UNAVAILABLE;
        op.responses['500'] ??= UNEXPECTED;
      }
      // a query or path parameter whose type nothing declares is text, as it arrives
      for (const p of (op.parameters ?? []) as ParameterObject[]) {
        const schema = (p.schema ??= {}) as SchemaObject & { $ref?: string };
        if (!schema.type && !schema.enum && !schema.$ref && !schema.oneOf && !schema.anyOf && !schema.allOf) {
          const example: unknown = schema.example ?? p.example;
          schema.type = typeof example === 'number' ? (Number.isInteger(example) ? 'integer' : 'number') : 'string';
        }
      }
      const ok = op.responses['200'];
      if (method === 'get' && path.startsWith('/api/v1/') && ok && 'content' in ok && ok.content?.['application/json']) op.responses['304'] ??= NOT_MODIFIED;
      for (const [status, response] of Object.entries(op.responses)) {
        // errors are JSON whatever the route's success answers are (SwaggerModule copies @ApiProduces onto every response)
        if (Number(status) >= 400 && response && 'content' in response && response.content)
          response.content = { 'application/json': response.content['application/json'] ?? { schema: ERROR_REF } };
      }
    }
  }
  // OpenAPI 3.0: `nullable` needs a `type` beside it: a nullable nested object becomes oneOf [the object, null],
  // a nullable choice between types puts `nullable` on each
  const walk = (node: unknown, key: string) => {
    if (Array.isArray(node)) return node.forEach((n) => walk(n, ''));
    if (!node || typeof node !== 'object' || key === 'example' || key === 'examples') return;
    const o = node as Json;
    // OpenAPI 3.0.3: a nullable enum lists null among its values
    if (o.nullable === true && Array.isArray(o.enum) && !o.enum.includes(null)) o.enum.push(null);
    const allOf = o.allOf as unknown[] | undefined;
    if (o.nullable === true && (o.$ref || (allOf?.length === 1 && !o.properties))) {
      // "the object, or null" as validators (Spectral, ajv) and generators (openapi-typescript: `X | null`) all read it
      o.oneOf = [o.$ref ? { $ref: o.$ref as string } : allOf![0], { type: 'object', nullable: true, enum: [null] }];
      delete o.$ref;
      delete o.allOf;
      delete o.nullable;
      delete o.type;
    } else if (o.nullable === true && !o.type) {
      if (o.anyOf || o.oneOf) {
        // one of several typed schemas, or null: each alternative says it may be null
        for (const alt of (o.anyOf ?? o.oneOf) as Json[]) if (alt.type) alt.nullable = true;
        delete o.nullable;
      }
    }
    for (const [k, v] of Object.entries(o)) walk(v, k);
  };
  walk(doc.paths, '');
  walk(doc.components, '');
  return doc;
}

/** 200 as JSON (the class) or, with format=csv or Accept: text/csv, as CSV text. */
export function ApiOkJsonOrCsv(
  type: Type<unknown>,
  description: string,
  csvDescription = 'The same rows as CSV (UTF-8, a byte-order mark unless bom=false; a header line of column names)',
  example?: unknown,
) {
  return applyDecorators(
    ApiExtraModels(type),
    ApiOkResponse({
      description,
      content: {
        'application/json': { schema: { $ref: getSchemaPath(type) }, ...(example === undefined ? {} : { example }) },
        'text/csv': { schema: { type: 'string', description: csvDescription } },
      },
    }),
  );
}

/**
 * 200 as one of several shapes (the route answers the one its parameters ask for), and with `csv` also as CSV text.
 * A client tells them apart by the fields the description names.
 */
export function ApiOkOneOf(description: string, types: Type<unknown>[], csv?: string) {
  const json = { schema: { oneOf: types.map((t) => ({ $ref: getSchemaPath(t) })) } };
  return applyDecorators(
    ApiExtraModels(...types),
    ApiOkResponse({
      description,
      content: csv ? { 'application/json': json, 'text/csv': { schema: { type: 'string', description: csv } } } : { 'application/json': json },
    }),
  );
}

/** Declares on `cls` one property per figure of the metric registry, as the registry says: rates nullable, counts whole, its doc. */
export function registryProperties(cls: Type<unknown>, fields: readonly RowField[]): void {
  for (const f of fields)
    ApiProperty({ type: f.unit === 'count' ? 'integer' : Number, ...(f.ratio ? { nullable: true } : {}), description: f.doc })(cls.prototype as object, f.key);
}

/** A class (schema) named `name` with one property per key, each described by `options(key)`. */
export function keyedClass(name: string, keys: readonly string[], options: (key: string) => ApiPropertyOptions): Type<unknown> {
  const cls = { [name]: class {} }[name];
  for (const k of keys) ApiProperty(options(k))(cls.prototype, k);
  return cls;
}
