import { ApiPropertyOptional } from '@nestjs/swagger';
import { queryChoice, Rule, type Issue } from '../common/rules.js';
import { BomField, ChoiceField, CursorField, FormatField, IdsField, LimitField, PeriodQuery } from '../common/query.dto.js';

export const VIEWS = ['rows', 'summary', 'team'] as const;
export type View = (typeof VIEWS)[number];

/** GET /api/v1/ops/utilization/providers: the SPEC §6 row listing parameters plus `view`. */
export class ProvidersQueryDto extends PeriodQuery {
  @ApiPropertyOptional({
    type: 'string',
    enum: VIEWS,
    description: 'rows and summary need ops:view_provider_detail (403 without); default rows with it, team without',
  })
  @Rule('view', queryChoice(VIEWS, 'must be rows, summary or team'), { optional: true })
  view?: View;

  @ChoiceField(
    'granularity',
    ['day', 'week', 'month'],
    'view=rows: day (daily rows, default), week (ISO) or month (rollups). The other views cover [from, to] as one period',
    'day',
  )
  granularity: 'day' | 'week' | 'month' = 'day';

  @IdsField(
    'view=rows|summary: only these providers (comma-separated or repeated; needs ops:view_provider_detail; each must belong to a granted clinic). Team quartiles in the summary still cover the whole team',
  )
  providerId?: string[];

  @LimitField('view=rows|summary: page size, 1–1000 (default 100)')
  limit = 100;

  @CursorField('view=rows|summary: the nextCursor of the previous page')
  cursor?: string;

  @FormatField(['json', 'csv'], 'csv (or Accept: text/csv) streams the whole answer as CSV, ignoring limit and cursor')
  format?: 'json' | 'csv';

  @BomField()
  bom?: 'true' | 'false';

  override crossCheck(): Issue[] {
    const issues = super.crossCheck();
    if (this.view === 'team' && this.providerId) {
      issues.push({
        path: ['providerId'],
        message: 'does not apply to view=team (team distributions always cover every provider of the clinics); remove it, or use view=summary',
      });
    }
    return issues;
  }
}
