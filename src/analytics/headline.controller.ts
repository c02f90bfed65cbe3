import { Controller, Get, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiOkResponse, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { CurrentPrincipal, RequirePermissions, type Principal } from '../auth/auth.js';
import { ErrorBody } from '../common/errors.js';
import { parseOrThrow } from '../common/validation.js';
import { Database } from '../database/database.module.js';
import { localDate } from '../intake/schemas.js';
import { checkRange, idList, resolveClinicScope } from '../utilization/query.js';
import { addDays } from '../trends/periods.js';
import { HeadlineService } from './headline.service.js';
import { Headline } from './analytics.responses.js';


export const periodQuery = z
  .strictObject({ clinicId: idList.optional(), from: localDate.optional(), to: localDate.optional() })
  .transform((q) => {
    const yesterday = addDays(new Date().toISOString().slice(0, 10), -1);
    const to = q.to ?? (q.from ? addDays(q.from, 27) : yesterday);
    return { ...q, to, from: q.from ?? addDays(to, -27) };
  })
  .superRefine(checkRange);

/** The clinics a request covers: asked ones (checked against the grant), else all the token may see. */
export async function clinicsInScope(db: Database, who: Principal, asked?: string[]): Promise<string[]> {
  const scope = resolveClinicScope(who, asked);
  if (scope) return scope;
  return (await db.sql.query<{ id: string }>('SELECT id FROM clinic ORDER BY id')).map((r) => r.id);
}

@ApiTags('utilization')
@Controller('api/v1/ops/utilization')
export class HeadlineController {
  constructor(
    private readonly headline: HeadlineService,
    private readonly db: Database,
  ) {}

  @Get()
  @RequirePermissions('ops:view_analytics')
  @ApiOperation({
    operationId: 'getHeadline',
    summary: 'Headline metrics for one or several clinics and a period',
    description:
      'Available, used, blocked and downtime minutes; actual and scheduled utilization side by side with their definitions; downtime by reason ' +
      '(minutes and share); overtime; turnover; appointments and no-show rate; status against the target band; the same figures for the previous ' +
      'period of equal length and the change; a 95 % interval for the utilization rate and a low-volume flag; data quality. Rates are ratios of sums. ' +
      '`benchmarks`: the figures beside the matching published benchmarks (data/benchmarks.json: source, year, address, vendor flag, how the definition ' +
      'differs) and the group\'s own; `byCategory`: each category of chair (hygiene, restorative, …) with the band it is judged by and its benchmarks.',
  })
  @ApiQuery({ name: 'clinicId', required: false, description: 'Clinic id(s), comma-separated; default: every clinic the token is granted' })
  @ApiQuery({ name: 'from', required: false, description: 'First local date (default: 27 days before `to`)' })
  @ApiQuery({ name: 'to', required: false, description: 'Last local date (default: yesterday, or 27 days after `from`); at most 3 years after from' })
  @ApiOkResponse({ type: Headline, description: 'Headline figures' })
  @ApiBadRequestResponse({ type: ErrorBody })
  async get(@Query() query: Record<string, unknown>, @CurrentPrincipal() who: Principal) {
    const q = parseOrThrow(periodQuery, query, 'query');
    const clinics = await clinicsInScope(this.db, who, q.clinicId);
    return this.headline.headline(clinics, q.from, q.to);
  }
}
