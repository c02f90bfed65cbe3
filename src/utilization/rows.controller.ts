import { Controller, Get, NotFoundException, Param, Query, Req, Res } from '@nestjs/common';
import { z } from 'zod';
import { canSeeClinic } from '../auth/auth.js';
import { localDate } from '../intake/schemas.js';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { allPages, bomQuery, sendCsv, wantsCsv } from '../common/http.js';
import { ApiBadRequestResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiParam, ApiQuery, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, RequirePermissions, type Principal } from '../auth/auth.js';
import { ErrorBody } from '../common/errors.js';
import { parseOrThrow } from '../common/validation.js';
import { CHAIR_SORT_KEYS, chairsQuery, resolveClinicScope } from './query.js';
import { CHAIR_COLUMNS, RowsService } from './rows.service.js';
import { ChairRowPage, Timeline } from './utilization.responses.js';
import { ApiOkJsonOrCsv } from '../common/openapi.js';

export const COMMON_QUERY = [
  ApiQuery({ name: 'clinicId', required: false, description: 'Clinic id(s), comma-separated or repeated; default: every clinic the token is granted', example: 'clinic-chicago' }),
  ApiQuery({ name: 'from', required: true, description: 'First local date (YYYY-MM-DD)', example: '2026-03-01' }),
  ApiQuery({ name: 'to', required: true, description: 'Last local date (YYYY-MM-DD), at most 3 years after from', example: '2026-03-31' }),
  ApiQuery({
    name: 'granularity',
    required: false,
    enum: ['day', 'week', 'month', 'total'],
    description: 'day: the daily rows; week (ISO, Monday first) / month: the rollups; total: one item per resource over the whole range. Default day',
  }),
  ApiQuery({ name: 'limit', required: false, description: 'Page size, 1–1000 (default 100)', example: 100 }),
  ApiQuery({ name: 'cursor', required: false, description: 'The nextCursor of the previous page' }),
  ApiQuery({ name: 'format', required: false, enum: ['json', 'csv'], description: 'csv (or Accept: text/csv) streams every row of the range as CSV, ignoring limit and cursor' }),
  bomQuery,
];
export const apply = (decorators: MethodDecorator[]): MethodDecorator => (t, k, d) => decorators.forEach((dec) => dec(t, k, d));

@ApiTags('utilization')
@Controller('api/v1/ops/utilization')
export class RowsController {
  constructor(private readonly rows: RowsService) {}

  @Get('chairs')
  @RequirePermissions('ops:view_analytics')
  @ApiOperation({
    operationId: 'getChairs',
    summary: 'Per-resource utilization rows (daily rows or weekly/monthly rollups)',
    description:
      'One item per resource and day (granularity=day) with every field of SPEC §2, or per resource and ISO week / month with the same fields summed and rates as ratios of sums. ' +
      'Minutes are real elapsed minutes rounded to 0.01; rates to 4 decimals. Ordered by date, clinic, resource; keyset-paged with `limit` and `cursor`.',
  })
  @apply([
    ...COMMON_QUERY,
    ApiQuery({ name: 'resourceId', required: false, description: 'Only these resources (comma-separated)' }),
    ApiQuery({ name: 'kind', required: false, enum: ['CHAIR', 'ROOM'] }),
    ApiQuery({ name: 'sort', required: false, description: `Order by any figure instead of date: ${CHAIR_SORT_KEYS.join(', ')}; a leading - sorts descending (nulls last). Paging then uses an offset cursor` }),
  ])
  @ApiOkJsonOrCsv(ChairRowPage, '{items, nextCursor} — nextCursor is null on the last page', 'Every row of the range as CSV (limit and cursor ignored); the columns are the figures of the JSON items')
  @ApiBadRequestResponse({ type: ErrorBody, description: 'Bad or unknown parameter (the message says which and how to fix it)' })
  async chairs(@Query() query: Record<string, unknown>, @CurrentPrincipal() who: Principal, @Req() req: FastifyRequest, @Res() reply: FastifyReply) {
    const q = parseOrThrow(chairsQuery, query, 'query');
    const scope = resolveClinicScope(who, q.clinicId);
    if (!wantsCsv(req, q.format)) return reply.send(await this.rows.chairs(q, scope));
    const rows = allPages((cursor) => this.rows.chairs({ ...q, limit: 1000, cursor: cursor ?? undefined }, scope));
    const columns = CHAIR_COLUMNS.map((k) => ({ header: k, value: (r: Record<string, unknown>) => r[k] }));
    return sendCsv(reply, `chairs_${q.granularity}_${q.from}_${q.to}.csv`, columns, rows as AsyncIterable<Record<string, unknown>>);
  }

  @Get('chairs/:resourceId/timeline')
  @RequirePermissions('ops:view_analytics')
  @ApiOperation({
    operationId: 'getTimeline',
    summary: "One chair's or room's day as a timeline (drill-down)",
    description:
      'The opening windows in force (and where they came from), every session and block touching the day, and the day cut into segments ' +
      '(used, maintenance, blocked, noShow, gap inside the available time; overtime outside it) by the same rules as the daily rows; ' +
      '`segmentMinutes` adds up to the `metrics` row of that day.',
  })
  @ApiParam({ name: 'resourceId' })
  @ApiQuery({ name: 'date', required: true, description: 'Local date (YYYY-MM-DD)' })
  @ApiOkResponse({ type: Timeline, description: 'The chair-day' })
  @ApiBadRequestResponse({ type: ErrorBody })
  @ApiNotFoundResponse({ type: ErrorBody })
  async timeline(@Param('resourceId') resourceId: string, @Query() query: Record<string, unknown>, @CurrentPrincipal() who: Principal) {
    const { date } = parseOrThrow(z.strictObject({ date: localDate }), query, 'query');
    const clinicId = await this.rows.clinicOfResource(resourceId);
    // unknown and another clinic's resources get the same answer, so that ids of other clinics cannot be enumerated
    if (!clinicId || !canSeeClinic(who, clinicId)) throw new NotFoundException(`No resource ${resourceId} in the clinics this token is granted`);
    const t = (await this.rows.timeline(resourceId, date))!;
    // individual providers are only named to callers allowed to see them (SPEC §3 privacy rule)
    if (!who.permissions.has('ops:view_provider_detail')) {
      t.sessions = (t.sessions as { providerId: string | null }[]).map((x) => ({ ...x, providerId: null }));
    }
    return t;
  }
}
