import type { z } from 'zod';
import { ValidationFailed, type ErrorItem } from './errors.js';

/** zod issue → {field, message}; the path is dotted ("hours.1.0"). */
export function issuesToErrors(issues: z.core.$ZodIssue[], prefix: (string | number)[] = []): ErrorItem[] {
  return issues.map((i) => ({ field: [...prefix, ...i.path].map(String).join('.') || '(body)', message: i.message }));
}

/** Parses or throws 400 naming every problem. */
export function parseOrThrow<S extends z.ZodType>(schema: S, value: unknown, what = 'request'): z.infer<S> {
  const r = schema.safeParse(value ?? {});
  if (r.success) return r.data;
  const errors = issuesToErrors(r.error.issues);
  throw new ValidationFailed(errors, errors.length === 1 ? `Invalid ${what}: ${errors[0].field} ${errors[0].message}` : `Invalid ${what}: ${errors.length} problems; see errors`);
}
