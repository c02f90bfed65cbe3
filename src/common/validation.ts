import type { z } from 'zod';
import { ValidationFailed, type ErrorItem } from './errors.js';

/** zod issue → {field, message}; the path is dotted ("hours.1.0"). */
export function issuesToErrors(issues: z.core.$ZodIssue[], prefix: (string | number)[] = []): ErrorItem[] {
  const field = (path: PropertyKey[]) => [...prefix, ...path].map(String).join('.') || '(body)';
  return issues.flatMap((i) =>
    // zod reports all unknown keys of an object as one issue on the object; name each unknown field instead
    i.code === 'unrecognized_keys'
      ? i.keys.map((k) => ({ field: field([...i.path, k]), message: 'is not a known field; remove it or check its spelling' }))
      : [{ field: field(i.path), message: i.message }],
  );
}

/** Parses or throws 400 naming every problem. */
export function parseOrThrow<S extends z.ZodType>(schema: S, value: unknown, what = 'request'): z.infer<S> {
  const r = schema.safeParse(value ?? {});
  if (r.success) return r.data;
  const errors = issuesToErrors(r.error.issues);
  throw new ValidationFailed(errors, errors.length === 1 ? `Invalid ${what}: ${errors[0].field} ${errors[0].message}` : `Invalid ${what}: ${errors.length} problems; see errors`);
}
