import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { isStorableText } from './text.js';
import type { ErrorItem } from './errors.js';

/**
 * Path and query parameters are text like any other input: a NUL character, a lone surrogate or percent-encoding that
 * is not UTF-8 cannot be interpreted (and PostgreSQL cannot store or compare it). Every request's URL is checked before
 * routing, so no route can pass such a value to the database: 400 naming the parameter.
 */
export function urlProblems(url: string): ErrorItem[] {
  const problems: ErrorItem[] = [];
  const q = url.indexOf('?');
  const path = q < 0 ? url : url.slice(0, q);
  const query = q < 0 ? '' : url.slice(q + 1);
  const check = (field: string, raw: string) => {
    let value: string;
    try {
      value = decodeURIComponent(raw);
    } catch {
      problems.push({ field, message: 'is not valid percent-encoded UTF-8; encode the value as UTF-8' });
      return;
    }
    if (!isStorableText(value)) problems.push({ field, message: 'must not hold a NUL character or invalid Unicode (a lone surrogate)' });
  };
  check('(path)', path);
  for (const pair of query.split('&')) {
    if (!pair) continue;
    const eq = pair.indexOf('=');
    const rawKey = (eq < 0 ? pair : pair.slice(0, eq)).replace(/\+/g, ' ');
    let key = rawKey;
    try {
      key = decodeURIComponent(rawKey);
    } catch {
      /* reported by check below */
    }
    const name = isStorableText(key) ? key : '(parameter name)';
    check(`query.${name}`, rawKey);
    if (eq >= 0) check(`query.${name}`, pair.slice(eq + 1).replace(/\+/g, ' '));
  }
  return problems;
}

/** Answers 400 in the one error body (the shape of ValidationFailed) from a Fastify hook, before Nest's filter is reached. */
export function replyUrlProblems(req: FastifyRequest, reply: FastifyReply, errors: ErrorItem[]): FastifyReply {
  return reply
    .code(400)
    .header('content-type', 'application/json; charset=utf-8')
    .send({
      statusCode: 400,
      error: 'Bad Request',
      message: errors.length === 1 ? `${errors[0].field}: ${errors[0].message}` : `${errors.length} problems in the request; see errors`,
      errors,
      requestId: String(req.id),
    });
}

export function registerUrlCheck(fastify: FastifyInstance): void {
  fastify.addHook('onRequest', async (req, reply) => {
    const errors = urlProblems(req.url);
    if (errors.length) await replyUrlProblems(req, reply, errors);
  });
}
