import { z } from 'zod';
import { bomField } from '../common/http.js';
import { localDate } from '../intake/schemas.js';
import { checkRange, idList } from '../utilization/query.js';


export const VIEWS = ['rows', 'summary', 'team'] as const;
export type View = (typeof VIEWS)[number];

/** Query of GET /providers: the SPEC §6 row listing parameters plus `view`. */
export const providersQuery = z
  .strictObject({
    clinicId: idList.optional(),
    from: localDate,
    to: localDate,
    view: z.enum(VIEWS, { error: 'must be rows, summary or team' }).optional(),
    granularity: z.enum(['day', 'week', 'month'], { error: 'must be day, week or month' }).default('day'),
    providerId: idList.optional(),
    limit: z.coerce.number({ error: 'must be a whole number from 1 to 1000' }).int('must be a whole number from 1 to 1000').min(1, 'must be a whole number from 1 to 1000').max(1000, 'must be a whole number from 1 to 1000').default(100),
    cursor: z.string().max(500, 'is too long; pass the nextCursor of the previous page unchanged').optional(),
    format: z.enum(['json', 'csv'], { error: 'must be json or csv' }).optional(),
    bom: bomField,
  })
  .superRefine(checkRange)
  .superRefine((q, ctx) => {
    if (q.view === 'team' && q.providerId) {
      ctx.addIssue({ code: 'custom', path: ['providerId'], message: 'does not apply to view=team (team distributions always cover every provider of the clinics); remove it, or use view=summary' });
    }
  });

export type ProvidersQuery = z.infer<typeof providersQuery>;
