import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Ajv, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import request from 'supertest';

/**
 * The contract check of the e2e suite: every response a test receives through TestApp (`http`, `get`, `post`) is
 * checked against the live OpenAPI document (`/api/docs-json`) of the same app: the operation is found by method and
 * path template, the status must be documented for it, the content type too, and a JSON body must validate against
 * the documented schema, which is read strictly: an object may hold only the properties it documents. A response of a
 * path the document does not describe (the Swagger UI, the dashboard's files, unknown routes) is not checked.
 *
 * A mismatch fails the request (the promise rejects, `.end` gets the error) with the operation, the status and
 * each schema error with its JSON path.
 */

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
type Agent = ReturnType<typeof request>;

const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ?? addFormatsModule) as unknown as (ajv: Ajv) => Ajv;
const METHODS = ['get', 'post', 'put', 'delete', 'patch'] as const;

/** The parts of an OpenAPI operation the check reads. */
interface DocOperation {
  operationId?: string;
  responses?: Record<string, { content?: Record<string, { schema?: { format?: string } }> } | undefined>;
}

interface Operation {
  method: string;
  template: string;
  pattern: RegExp;
  params: number;
  op: DocOperation;
}

export class Contract {
  private readonly ajv: Ajv;
  private readonly ops: Operation[] = [];
  private readonly validators = new Map<string, ValidateFunction>();

  constructor(readonly document: Json) {
    const strict = strictSchemas(structuredClone(document));
    this.ajv = new Ajv({ strict: false, allErrors: true, validateFormats: true });
    addFormats(this.ajv);
    const { paths, components } = strict as { paths: Record<string, Partial<Record<(typeof METHODS)[number], DocOperation>>>; components: unknown };
    this.ajv.addSchema({ paths, components }, 'openapi-doc');
    for (const [template, methods] of Object.entries(paths)) {
      for (const method of METHODS) {
        const op = methods[method];
        if (!op) continue;
        const source = template
          .split(/(\{[^}]+\})/)
          .map((part) => (/^\{[^}]+\}$/.test(part) ? '([^/]+)' : part.replace(/[.*+?^$()|[\]\\]/g, '\\$&')))
          .join('');
        this.ops.push({ method, template, pattern: new RegExp(`^${source}/?$`), params: (template.match(/\{/g) ?? []).length, op });
      }
    }
    // a literal segment wins over a parameter (…/benchmarks/group before …/{id})
    this.ops.sort((a, b) => a.params - b.params);
  }

  /** The problems of one response; [] when it keeps the contract or its path is not documented. */
  problems(method: string, url: string, res: { status: number; headers: Record<string, string>; body: unknown; text?: string }): string[] {
    const m = method.toLowerCase();
    if (!(METHODS as readonly string[]).includes(m)) return [];
    const path = pathOf(url);
    const found = this.ops.find((o) => o.method === m && o.pattern.test(path));
    if (!found) return [];
    const where = `${method.toUpperCase()} ${found.template} (${found.op.operationId}) answered ${res.status}`;
    const response = found.op.responses?.[String(res.status)] ?? found.op.responses?.[`${String(res.status)[0]}XX`] ?? found.op.responses?.default;
    if (!response) return [`${where}, a status the document does not list (it lists ${Object.keys(found.op.responses ?? {}).join(', ')})`];
    const type = String(res.headers['content-type'] ?? '')
      .split(';')[0]
      .trim()
      .toLowerCase();
    const empty = res.status === 204 || res.status === 304 || (!type && !res.text);
    if (empty)
      return response.content && res.status !== 304
        ? [`${where} without a body, but the document gives it content ${Object.keys(response.content).join(', ')}`]
        : [];
    const media = response.content?.[type];
    if (!media)
      return [
        `${where} with ${type || 'no content type'}, which the document does not list for ${res.status} (it lists ${Object.keys(response.content ?? {}).join(', ') || 'no content'})`,
      ];
    if (!media.schema) return [`${where} with ${type}: the document gives no schema`];
    const key = `${m} ${found.template} ${res.status} ${type}`;
    let validate = this.validators.get(key);
    if (!validate) {
      const pointer = [
        'paths',
        found.template,
        m,
        'responses',
        String(res.status) in (found.op.responses ?? {}) ? String(res.status) : 'default',
        'content',
        type,
        'schema',
      ]
        .map((s) => s.replace(/~/g, '~0').replace(/\//g, '~1'))
        .join('/');
      validate = this.ajv.compile({ $ref: `openapi-doc#/${pointer}` });
      this.validators.set(key, validate);
    }
    const value = type === 'application/json' || type.endsWith('+json') ? res.body : (res.text ?? '');
    if (media.schema.format === 'binary') return [];
    if (validate(value)) return [];
    const body = JSON.stringify(value) ?? '';
    return [
      `${where} with ${type} that does not match the documented schema:\n` +
        (validate.errors ?? [])
          .slice(0, 12)
          .map(
            (e) =>
              `  ${e.instancePath || '(body)'} ${e.message}${e.params && Object.keys(e.params).length ? ` ${JSON.stringify(e.params)}` : ''} [${e.schemaPath}]`,
          )
          .join('\n') +
        `\n  body: ${body.length > 600 ? `${body.slice(0, 600)}…` : body}`,
    ];
  }
}

/** The contract of a running app, read from its own /api/docs-json. */
export async function loadContract(app: NestFastifyApplication, token: string): Promise<Contract> {
  const res = await request(app.getHttpServer()).get('/api/docs-json').set('Authorization', `Bearer ${token}`);
  if (res.status !== 200) throw new Error(`/api/docs-json answered ${res.status}`);
  return new Contract(res.body as Json);
}

/** The agent, with each request it makes checked against the contract when it ends. */
export function checkedAgent(agent: Agent, contract: Contract): Agent {
  return new Proxy(agent, {
    get(target, prop, receiver) {
      const value: unknown = Reflect.get(target, prop, receiver);
      if (typeof prop !== 'string' || !['get', 'post', 'put', 'delete', 'patch', 'head', 'options'].includes(prop)) return value;
      return (url: string, ...rest: unknown[]) =>
        checkedTest((value as (u: string, ...r: unknown[]) => request.Test).call(target, url, ...rest), prop, url, contract);
    },
  });
}

function checkedTest(test: request.Test, method: string, url: string, contract: Contract): request.Test {
  const end = test.end.bind(test);
  test.end = ((callback?: (err: unknown, res: request.Response) => void) =>
    end((err: unknown, res: request.Response) => {
      if (!err && res) {
        const problems = contract.problems(method, url, res);
        if (problems.length) err = new Error(`OpenAPI contract: ${problems.join('\n')}`);
      }
      callback?.(err, res);
    })) as request.Test['end'];
  return test;
}

function pathOf(url: string): string {
  const raw = url.replace(/^[a-z]+:\/\/[^/]+/i, '').split(/[?#]/)[0];
  try {
    return decodeURI(raw);
  } catch {
    return raw;
  }
}

/**
 * The document's schemas as the contract reads them: an object schema that lists its properties and says nothing
 * about others allows no others (so a field the service sends but the document lacks fails), and OpenAPI 3.0's
 * `nullable: true` becomes "null, or the schema" (ajv's own `nullable` would not let null past an allOf/$ref).
 */
function strictSchemas(node: Json): Json {
  const walk = (n: unknown): unknown => {
    if (Array.isArray(n)) return n.map(walk);
    if (!n || typeof n !== 'object') return n;
    const o: Json = {};
    for (const [k, v] of Object.entries(n as Record<string, unknown>)) o[k] = k === 'example' || k === 'examples' ? v : walk(v);
    if (
      o.properties &&
      typeof o.properties === 'object' &&
      !('$ref' in o.properties) &&
      o.additionalProperties === undefined &&
      !o.allOf &&
      !o.oneOf &&
      !o.anyOf
    ) {
      o.additionalProperties = false;
    }
    if (o.nullable === true) {
      const { nullable: _, ...rest } = o;
      return { anyOf: [{ type: 'null' }, rest] };
    }
    return o;
  };
  return walk(node) as Json;
}
