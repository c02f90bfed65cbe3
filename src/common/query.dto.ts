import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { BOM_DESCRIPTION } from './http.js';
import { IdList, localDate, pathText, queryChoice, queryInt, rangeIssue, Rule, type Issue } from './rules.js';
import { MAX_TEXT } from './text.js';
import type { CrossChecked } from './validation.js';
import { RESOURCE_KINDS } from '../domain/resources.js';

/**
 * The request fields and query classes several routes share (clinic scope, period, paging, CSV, a clinic in a path).
 * Each parameter is described once, here, by its @ApiProperty; the OpenAPI document lists it from the class.
 */

// ------------------------------------------------------------------------------------------------ shared fields

/** `clinicId`: clinic id(s), comma-separated or repeated. */
export const ClinicIdsField = (
  description = 'Clinic id(s), comma-separated or repeated; default: every clinic the token is granted. Each must be granted (403)',
) => applyDecorators(ApiPropertyOptional({ type: [String], description, example: ['clinic-chicago'] }), IdList());

/** A list of ids (resources, providers, …), comma-separated or repeated. */
export const IdsField = (description: string) => applyDecorators(ApiPropertyOptional({ type: [String], description }), IdList());

export const LimitField = (description = 'Page size, 1–1000 (default 100)') =>
  applyDecorators(
    ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: 1000, default: 100, description, example: 100 }),
    Rule('limit', queryInt(1, 1000), { optional: true }),
  );

const cursor = (v: unknown) =>
  typeof v !== 'string'
    ? 'must be given once: the nextCursor of the previous page'
    : v.length > 500
      ? 'is too long; pass the nextCursor of the previous page unchanged'
      : undefined;
export const CursorField = (description = 'The nextCursor of the previous page') =>
  applyDecorators(ApiPropertyOptional({ type: 'string', maxLength: 500, description }), Rule('cursor', cursor, { optional: true }));

export const FormatField = (values: readonly string[], description: string) =>
  applyDecorators(
    ApiPropertyOptional({ type: 'string', enum: values, description }),
    Rule('format', queryChoice(values, `must be ${values.slice(0, -1).join(', ')} or ${values.at(-1)}`), { optional: true }),
  );

export const BomField = () =>
  applyDecorators(
    ApiPropertyOptional({ type: 'string', enum: ['true', 'false'], default: 'true', description: BOM_DESCRIPTION }),
    Rule('bom', queryChoice(['true', 'false'], 'must be true or false'), { optional: true }),
  );

const KIND_VALUES = RESOURCE_KINDS;
export const KindField = (description: string) =>
  applyDecorators(
    ApiPropertyOptional({ type: 'string', enum: KIND_VALUES, description }),
    Rule('kind', queryChoice(KIND_VALUES, 'must be CHAIR or ROOM'), { optional: true }),
  );

/** A granularity (or other choice) with its default; the default is what the service sees when it is not given. */
export const ChoiceField = (name: string, values: readonly string[], description: string, fallback?: string) =>
  applyDecorators(
    ApiPropertyOptional({ type: 'string', enum: values, description, ...(fallback ? { default: fallback } : {}) }),
    Rule(name, queryChoice(values, `must be ${values.slice(0, -1).join(', ')} or ${values.at(-1)}`), { optional: true }),
  );

/** The OpenAPI description of a local-date parameter. */
export const dateDoc = (description: string, example: string) => ({ type: 'string', format: 'date', description, example }) as const;

// ------------------------------------------------------------------------------------------------ shared query classes

/** `?clinicId=`: the clinics a request covers. */
export class ClinicScopeQuery {
  @ClinicIdsField()
  clinicId?: string[];
}

/** A clinic scope and a period of local dates (from ≤ to, at most 3 years). */
export class PeriodQuery extends ClinicScopeQuery implements CrossChecked {
  @ApiProperty(dateDoc('First local date (YYYY-MM-DD)', '2026-03-01'))
  @Rule('localDate', localDate)
  from!: string;

  @ApiProperty(dateDoc('Last local date (YYYY-MM-DD); from ≤ to, at most 3 years after from', '2026-03-31'))
  @Rule('localDate', localDate)
  to!: string;

  crossCheck(): Issue[] {
    const i = rangeIssue(this);
    return i ? [i] : [];
  }
}

// ------------------------------------------------------------------------------------------------ path parameters

/** `{clinicId}` in a path (settings, category bands, goals). */
export class ClinicIdParam {
  @ApiProperty({ type: 'string', minLength: 1, maxLength: MAX_TEXT, description: 'The clinic id', example: 'clinic-a' })
  @Rule('pathText', pathText('clinic id'))
  clinicId!: string;
}
