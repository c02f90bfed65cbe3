import { ApiSchema, type ApiSchemaOptions } from '@nestjs/swagger';

/**
 * A request DTO's OpenAPI schema says `additionalProperties: false` (unknown fields are refused by the ValidationPipe),
 * with an optional description and example of the whole object.
 */
export function Closed(extra: { description?: string; example?: unknown } = {}): ClassDecorator {
  return ApiSchema({ additionalProperties: false, ...extra } as ApiSchemaOptions);
}

/** The data fields of a DTO class (without its methods such as crossCheck): what services take. */
export type DataOf<T> = { [K in keyof T as T[K] extends (...a: never[]) => unknown ? never : K]: T[K] };
