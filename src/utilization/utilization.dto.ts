import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { BOM_DESCRIPTION } from '../common/http.js';
import { IdList, localDate, pathText, queryChoice, queryInt, rangeIssue, Rule, type Issue } from '../common/rules.js';
import type { CrossChecked } from '../common/validation.js';
import { ROW_SORT_KEYS } from '../domain/metrics.js';
import { MAX_TEXT } from '../common/text.js';

/**
 * Request DTOs of the utilization listings and the fields several routes share (clinic scope, period, paging, CSV).
 * Each parameter is described once, here, by its @ApiProperty; the OpenAPI document lists it from the class.
 */

// ------------------------------------------------------------------------------------------------ shared fields

/** `clinicId`: clinic id(s), comma-separated or repeated. */
export const ClinicIdsField = (description = 'Clinic id(s), comma-separated or repeated; default: every clinic the token is granted. Each must be granted (403)') =>
  applyDecorators(ApiPropertyOptional({ type: [String], description, example: ['clinic-chicago'] }), IdList());

/** A list of ids (resources, providers, …), comma-separated or repeated. */
export const IdsField = (description: string) => applyDecorators(ApiPropertyOptional({ type: [String], description }), IdList());

export const LimitField = (description = 'Page size, 1–1000 (default 100)') =>
  applyDecorators(ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: 1000, default: 100, description, example: 100 }), Rule('limit', queryInt(1, 1000), { optional: true }));

const cursor = (v: unknown) => (typeof v !== 'string' ? 'must be given once: the nextCursor of the previous page' : v.length > 500 ? 'is too long; pass the nextCursor of the previous page unchanged' : undefined);
export const CursorField = (description = 'The nextCursor of the previous page') =>
  applyDecorators(ApiPropertyOptional({ type: 'string', maxLength: 500, description }), Rule('cursor', cursor, { optional: true }));

export const FormatField = (values: readonly string[], description: string) =>
  applyDecorators(
    ApiPropertyOptional({ type: 'string', enum: values, description }),
    Rule('format', queryChoice(values, `must be ${values.slice(0, -1).join(', ')} or ${values.at(-1)}`), { optional: true }),
  );

export const BomField = () =>
  applyDecorators(ApiPropertyOptional({ type: 'string', enum: ['true', 'false'], default: 'true', description: BOM_DESCRIPTION }), Rule('bom', queryChoice(['true', 'false'], 'must be true or false'), { optional: true }));

export const KIND_VALUES = ['CHAIR', 'ROOM'] as const;
export const KindField = (description: string) =>
  applyDecorators(ApiPropertyOptional({ type: 'string', enum: KIND_VALUES, description }), Rule('kind', queryChoice(KIND_VALUES, 'must be CHAIR or ROOM'), { optional: true }));

/** A granularity (or other choice) with its default; the default is what the service sees when it is not given. */
export const ChoiceField = (name: string, values: readonly string[], description: string, fallback?: string) =>
  applyDecorators(
    ApiPropertyOptional({ type: 'string', enum: values, description, ...(fallback ? { default: fallback } : {}) }),
    Rule(name, queryChoice(values, `must be ${values.slice(0, -1).join(', ')} or ${values.at(-1)}`), { optional: true }),
  );

const dateDoc = (description: string, example: string) => ({ type: 'string', format: 'date', description, example }) as const;

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

// ------------------------------------------------------------------------------------------------ /chairs

/** What /chairs may be sorted by: the date, the name, or any sortable figure of the metric registry. */
export const CHAIR_SORT_KEYS: readonly string[] = ['date', 'resourceName', ...ROW_SORT_KEYS];
const sortRule = (v: unknown) =>
  typeof v === 'string' && (CHAIR_SORT_KEYS as readonly string[]).includes(v.replace(/^-/, ''))
    ? undefined
    : `must be one of ${CHAIR_SORT_KEYS.join(', ')}, with a leading - for descending order`;

/** GET /api/v1/ops/utilization/chairs */
export class ChairsQueryDto extends PeriodQuery {
  @ChoiceField(
    'granularity',
    ['day', 'week', 'month', 'total'],
    'day: the daily rows; week (ISO, Monday first) / month: the rollups; total: one item per resource over the whole range. Default day',
    'day',
  )
  granularity: 'day' | 'week' | 'month' | 'total' = 'day';

  @LimitField()
  limit = 100;

  @CursorField()
  cursor?: string;

  @FormatField(['json', 'csv'], 'csv (or Accept: text/csv) streams every row of the range as CSV, ignoring limit and cursor')
  format?: 'json' | 'csv';

  @BomField()
  bom?: 'true' | 'false';

  @IdsField('Only these resources (comma-separated or repeated)')
  resourceId?: string[];

  @KindField('Only chairs or only rooms')
  kind?: 'CHAIR' | 'ROOM';

  @ApiPropertyOptional({
    type: 'string',
    enum: [...CHAIR_SORT_KEYS, ...CHAIR_SORT_KEYS.map((k) => `-${k}`)],
    description: 'Order by any figure instead of date; a leading - sorts descending (nulls last). Paging then uses an offset cursor',
  })
  @Rule('sort', sortRule, { optional: true })
  sort?: string;
}

// ------------------------------------------------------------------------------------------------ /chairs/{resourceId}/timeline

export class ResourceIdParam {
  @ApiProperty({ type: 'string', minLength: 1, maxLength: MAX_TEXT, description: 'The chair or room (resource id)', example: 'chair-1' })
  @Rule('pathText', pathText('resource id'))
  resourceId!: string;
}

export class TimelineQuery {
  @ApiProperty(dateDoc('Local date (YYYY-MM-DD)', '2026-03-02'))
  @Rule('localDate', localDate)
  date!: string;
}

/** `{clinicId}` in a path (settings, category bands, goals). */
export class ClinicIdParam {
  @ApiProperty({ type: 'string', minLength: 1, maxLength: MAX_TEXT, description: 'The clinic id', example: 'clinic-a' })
  @Rule('pathText', pathText('clinic id'))
  clinicId!: string;
}
