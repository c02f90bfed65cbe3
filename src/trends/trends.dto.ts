import { ApiPropertyOptional } from '@nestjs/swagger';
import { queryInt, queryNumber, queryText, Rule, type Issue } from '../common/rules.js';
import { BomField, ChoiceField, FormatField, IdsField, KindField, PeriodQuery } from '../common/query.dto.js';
import { METRIC_NAMES, PROVIDER_METRICS, RESOURCE_METRICS, resolveMetric } from '../domain/metrics.js';

export const GRANULARITIES = ['day', 'week', 'month', 'quarter'] as const;
export const GROUP_BY = ['none', 'clinic', 'resource', 'provider'] as const;

const RESOURCE_ONLY = Object.keys(RESOURCE_METRICS).filter((m) => !PROVIDER_METRICS[m]);
const metricList = (m: Record<string, { description: string }>) =>
  Object.entries(m)
    .map(([k, v]) => `\`${k}\` (${v.description})`)
    .join('; ');

/** True when the request is about providers: the figure then comes from the provider tables. */
export const aboutProviders = (q: { metric: string; providerId?: string[]; role?: string; groupBy: string }): boolean =>
  !!q.providerId?.length || q.role !== undefined || q.groupBy === 'provider' || !!(PROVIDER_METRICS[q.metric] && !RESOURCE_METRICS[q.metric]);

/** GET /api/v1/ops/utilization/trends (SPEC §5). */
export class TrendsQueryDto extends PeriodQuery {
  @ChoiceField('granularity', GRANULARITIES, 'Period of each point (weeks are ISO weeks, Monday first). Default month', 'month')
  granularity: (typeof GRANULARITIES)[number] = 'month';

  @ApiPropertyOptional({
    type: 'string',
    enum: METRIC_NAMES,
    default: 'utilizationRate',
    description:
      `Default utilizationRate. Chair/room figures: ${metricList(RESOURCE_METRICS)}. Provider figures: ${metricList(PROVIDER_METRICS)}. ` +
      '`noShowCount` and `noShowRate` come from the provider tables when the request is about providers (`providerId`, `role` or `groupBy=provider`), else from the chair tables.',
  })
  @Rule('metric', (v) => (METRIC_NAMES.includes(v as string) ? undefined : `must be one of ${METRIC_NAMES.join(', ')}`), { optional: true })
  metric = 'utilizationRate';

  @KindField('Only chairs or only rooms (chair/room metrics)')
  kind?: 'CHAIR' | 'ROOM';

  @IdsField('Only these resources (comma-separated or repeated; chair/room metrics). Each must be in a granted clinic (403)')
  resourceId?: string[];

  @IdsField('Only these providers (comma-separated or repeated; provider metrics; needs ops:view_provider_detail). Each must belong to a granted clinic (403)')
  providerId?: string[];

  @ApiPropertyOptional({ type: 'string', maxLength: 100, description: 'Only providers of this role, e.g. hygienist (provider metrics)', example: 'hygienist' })
  @Rule('role', queryText('a role, e.g. hygienist', 100), { optional: true })
  role?: string;

  @ChoiceField(
    'groupBy',
    GROUP_BY,
    'One series for the whole selection (none, default) or one per clinic, resource or provider (provider needs ops:view_provider_detail)',
    'none',
  )
  groupBy: (typeof GROUP_BY)[number] = 'none';

  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: 60, default: 3, description: 'Moving-average window in periods, 1–60 (default 3)', example: 3 })
  @Rule('window', queryInt(1, 60, 'must be a whole number of periods from 1 to 60'), { optional: true })
  window = 3;

  @ApiPropertyOptional({
    type: 'number',
    minimum: 0.5,
    maximum: 0.999,
    default: 0.95,
    description: 'Confidence level of the slope interval and test, 0.5–0.999 (default 0.95)',
    example: 0.95,
  })
  @Rule('confidence', queryNumber(0.5, 0.999, 'must be a number from 0.5 to 0.999, e.g. 0.95'), { optional: true })
  confidence = 0.95;

  @FormatField(['json', 'csv'], 'csv (or Accept: text/csv): the points as CSV')
  format?: 'json' | 'csv';

  @BomField()
  bom?: 'true' | 'false';

  override crossCheck(): Issue[] {
    const issues = super.crossCheck();
    const def = resolveMetric(this.metric, aboutProviders(this));
    if (def.family === 'provider') {
      if (this.kind) issues.push({ path: ['kind'], message: `applies to chair/room metrics only, and ${this.metric} is a provider figure here; remove kind` });
      if (this.resourceId)
        issues.push({ path: ['resourceId'], message: `applies to chair/room metrics only, and ${this.metric} is a provider figure here; remove resourceId` });
      if (this.groupBy === 'resource')
        issues.push({ path: ['groupBy'], message: `resource needs a chair/room metric (${RESOURCE_ONLY.join(', ')}); use none, clinic or provider` });
    } else {
      const why = `${this.metric} is a chair/room figure; for providers use one of ${Object.keys(PROVIDER_METRICS).join(', ')}`;
      if (this.providerId) issues.push({ path: ['providerId'], message: `needs a provider metric: ${why}` });
      if (this.role !== undefined) issues.push({ path: ['role'], message: `needs a provider metric: ${why}` });
      if (this.groupBy === 'provider') issues.push({ path: ['groupBy'], message: `provider needs a provider metric: ${why}` });
    }
    return issues;
  }
}
