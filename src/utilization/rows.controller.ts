import { Controller, Get, NotFoundException, Param, Query, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { sendCsvBatches, wantsCsv } from '../common/http.js';
import { ApiBadRequestResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, RequirePermissions, type Principal } from '../auth/auth.js';
import { ErrorBody } from '../common/errors.js';
import { ClinicScope } from '../auth/clinic-scope.js';
import { CHAIR_COLUMNS, RowsService } from './rows.service.js';
import { ChairsQueryDto, ResourceIdParam, TimelineQuery } from './utilization.dto.js';
import { ChairRowPage, Timeline } from './utilization.responses.js';
import { ApiOkJsonOrCsv } from '../common/openapi.js';

@ApiTags('utilization')
@Controller('api/v1/ops/utilization')
export class RowsController {
  constructor(
    private readonly rows: RowsService,
    private readonly scope: ClinicScope,
  ) {}

  @Get('chairs')
  @RequirePermissions('ops:view_analytics')
  @ApiOperation({
    operationId: 'getChairs',
    summary: 'Per-resource utilization rows (daily rows or weekly/monthly rollups)',
    description:
      'One item per resource and day (granularity=day) with every field of SPEC §2, or per resource and ISO week / month with the same fields summed and rates as ratios of sums. ' +
      'Minutes are real elapsed minutes rounded to 0.01; rates to 4 decimals. Ordered by date, clinic, resource; keyset-paged with `limit` and `cursor`.',
  })
  @ApiOkJsonOrCsv(
    ChairRowPage,
    '{items, nextCursor} — nextCursor is null on the last page',
    'Every row of the range as CSV (limit and cursor ignored); the columns are the figures of the JSON items',
  )
  @ApiBadRequestResponse({ type: ErrorBody, description: 'Bad or unknown parameter (the message says which and how to fix it)' })
  async chairs(@Query() q: ChairsQueryDto, @CurrentPrincipal() who: Principal, @Req() req: FastifyRequest, @Res() reply: FastifyReply) {
    const scope = this.scope.resolve(who, q.clinicId);
    if (!wantsCsv(req, q.format)) return reply.send(await this.rows.chairs(q, scope));
    const columns = CHAIR_COLUMNS.map((k) => ({ header: k, value: (r: Record<string, unknown>) => r[k] }));
    return sendCsvBatches(reply, `chairs_${q.granularity}_${q.from}_${q.to}.csv`, columns, this.rows.exportRows(q, scope));
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
  @ApiOkResponse({ type: Timeline, description: 'The chair-day' })
  @ApiBadRequestResponse({ type: ErrorBody })
  @ApiNotFoundResponse({ type: ErrorBody })
  async timeline(@Param() { resourceId }: ResourceIdParam, @Query() { date }: TimelineQuery, @CurrentPrincipal() who: Principal) {
    const clinicId = await this.scope.clinicOfVisibleResource(who, resourceId);
    // unknown and another clinic's resources get the same answer, so that ids of other clinics cannot be enumerated
    if (!clinicId) throw new NotFoundException(`No resource ${resourceId} in the clinics this token is granted`);
    const t = (await this.rows.timeline(resourceId, date))!;
    // individual providers are only named to callers allowed to see them (SPEC §3 privacy rule)
    if (!who.permissions.has('ops:view_provider_detail')) {
      t.sessions = (t.sessions as { providerId: string | null }[]).map((x) => ({ ...x, providerId: null }));
    }
    return t;
  }
}
