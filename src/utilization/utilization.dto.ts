import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { BomField, ChoiceField, CursorField, dateDoc, FormatField, IdsField, KindField, LimitField, PeriodQuery } from '../common/query.dto.js';
import { localDate, pathText, Rule } from '../common/rules.js';
import { MAX_TEXT } from '../common/text.js';
import { ROW_SORT_KEYS } from '../domain/metrics.js';

/** Request DTOs of the utilization listings (the fields several routes share are in src/common/query.dto.ts). */

// ------------------------------------------------------------------------------------------------ /chairs

/** What /chairs may be sorted by: the date, the name, or any sortable figure of the metric registry. */
export const CHAIR_SORT_KEYS: readonly string[] = ['date', 'resourceName', ...ROW_SORT_KEYS];
const sortRule = (v: unknown) =>
  typeof v === 'string' && CHAIR_SORT_KEYS.includes(v.replace(/^-/, ''))
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
