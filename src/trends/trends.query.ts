import { z } from 'zod';
import { bomField } from '../common/http.js';
import { localDate } from '../intake/schemas.js';
import { checkRange, idList } from '../utilization/query.js';
import { METRIC_NAMES, PROVIDER_METRICS, RESOURCE_METRICS, resolveMetric } from './metrics.js';


export const GRANULARITIES = ['day', 'week', 'month', 'quarter'] as const;
export const GROUP_BY = ['none', 'clinic', 'resource', 'provider'] as const;

const RESOURCE_ONLY = Object.keys(RESOURCE_METRICS).filter((m) => !PROVIDER_METRICS[m]);

/** True when the request is about providers: the figure then comes from the provider tables. */
export const aboutProviders = (q: { metric: string; providerId?: string[]; role?: string; groupBy: string }): boolean =>
  !!q.providerId?.length || q.role !== undefined || q.groupBy === 'provider' || !!(PROVIDER_METRICS[q.metric] && !RESOURCE_METRICS[q.metric]);

export const trendsQuery = z
  .strictObject({
    clinicId: idList.optional(),
    from: localDate,
    to: localDate,
    granularity: z.enum(GRANULARITIES, { error: 'must be day, week, month or quarter' }).default('month'),
    metric: z.enum(METRIC_NAMES as [string, ...string[]], { error: `must be one of ${METRIC_NAMES.join(', ')}` }).default('utilizationRate'),
    kind: z.enum(['CHAIR', 'ROOM'], { error: 'must be CHAIR or ROOM' }).optional(),
    resourceId: idList.optional(),
    providerId: idList.optional(),
    role: z.string().trim().min(1, 'must not be empty').max(100, 'must be at most 100 characters').optional(),
    groupBy: z.enum(GROUP_BY, { error: 'must be none, clinic, resource or provider' }).default('none'),
    window: z.coerce
      .number({ error: 'must be a whole number of periods from 1 to 60' })
      .int('must be a whole number of periods from 1 to 60')
      .min(1, 'must be a whole number of periods from 1 to 60')
      .max(60, 'must be a whole number of periods from 1 to 60')
      .default(3),
    confidence: z.coerce
      .number({ error: 'must be a number from 0.5 to 0.999, e.g. 0.95' })
      .min(0.5, 'must be a number from 0.5 to 0.999, e.g. 0.95')
      .max(0.999, 'must be a number from 0.5 to 0.999, e.g. 0.95')
      .default(0.95),
    format: z.enum(['json', 'csv'], { error: 'must be json or csv' }).optional(),
    bom: bomField,
  })
  .superRefine(checkRange)
  .superRefine((q, ctx) => {
    const providers = aboutProviders(q);
    const def = resolveMetric(q.metric, providers);
    if (def.family === 'provider') {
      if (q.kind) ctx.addIssue({ code: 'custom', path: ['kind'], message: `applies to chair/room metrics only, and ${q.metric} is a provider figure here; remove kind` });
      if (q.resourceId) ctx.addIssue({ code: 'custom', path: ['resourceId'], message: `applies to chair/room metrics only, and ${q.metric} is a provider figure here; remove resourceId` });
      if (q.groupBy === 'resource') ctx.addIssue({ code: 'custom', path: ['groupBy'], message: `resource needs a chair/room metric (${RESOURCE_ONLY.join(', ')}); use none, clinic or provider` });
    } else {
      const why = `${q.metric} is a chair/room figure; for providers use one of ${Object.keys(PROVIDER_METRICS).join(', ')}`;
      if (q.providerId) ctx.addIssue({ code: 'custom', path: ['providerId'], message: `needs a provider metric: ${why}` });
      if (q.role !== undefined) ctx.addIssue({ code: 'custom', path: ['role'], message: `needs a provider metric: ${why}` });
      if (q.groupBy === 'provider') ctx.addIssue({ code: 'custom', path: ['groupBy'], message: `provider needs a provider metric: ${why}` });
    }
  });

export type TrendsQuery = z.infer<typeof trendsQuery>;
