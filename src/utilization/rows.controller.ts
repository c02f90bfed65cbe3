import { Controller, Get, NotFoundException, Param, Query, Req, Res } from '@nestjs/common';
import { canSeeClinic } from '../auth/auth.js';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { allPages, sendCsv, wantsCsv } from '../common/http.js';
import { ApiBadRequestResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, RequirePermissions, type Principal } from '../auth/auth.js';
import { ErrorBody } from '../common/errors.js';
import { resolveClinicScope } from './query.js';
import { CHAIR_COLUMNS, RowsService } from './rows.service.js';
import { ChairsQueryDto, ResourceIdParam, TimelineQuery } from './utilization.dto.js';

export const csvResponse = ApiProduces('application/json', 'text/csv');

const CHAIR_ROW_EXAMPLE = {
  items: [
    {
      clinicId: 'clinic-chicago', resourceId: 'chair-1', resourceName: 'Chair 1', kind: 'CHAIR', granularity: 'day', date: '2026-03-02', periodEnd: '2026-03-02', days: 1,
      availableMinutes: 540, usedMinutes: 402.5, blockedMinutes: 30, downtimeMinutes: 107.5, maintenanceMinutes: 45, noShowMinutes: 30, gapMinutes: 32.5,
      overtimeMinutes: 12, bookedMinutes: 450, lateCancelMinutes: 15, shortGapMinutes: 10, avgTurnoverMinutes: 6.4, turnoverMinutesTotal: 57.6, overlapMinutes: 0,
      utilizationRate: 0.7454, scheduledUtilizationRate: 0.8333, appointmentCount: 11, noShowCount: 1, turnoverCount: 9, turnoverSamples: 9, missingActualCount: 0, warningCount: 0,
      category: 'hygiene', status: 'below-target', target: { low: 0.8, high: 0.92, band: 'category' },
      benchmarks: [{ metric: 'scheduledUtilizationRate', id: 'hygiene-open-time-consultant', origin: 'industry', display: '90–92 %', position: 'below', source: 'consultant target', url: 'https://yourbenchmark.ca/know-your-hygiene-open-time-key-performance-indicators/' }],
    },
  ],
  nextCursor: 'eyJrIjpbIjIwMjYtMDMtMDIiLCJjbGluaWMtY2hpY2FnbyIsImNoYWlyLTEiXX0',
};

@ApiTags('utilization')
@Controller('api/v1/ops/utilization')
export class RowsController {
  constructor(private readonly rows: RowsService) {}

  @Get('chairs')
  @RequirePermissions('ops:view_analytics')
  @ApiOperation({
    summary: 'Per-resource utilization rows (daily rows or weekly/monthly rollups)',
    description:
      'One item per resource and day (granularity=day) with every field of SPEC §2, or per resource and ISO week / month with the same fields summed and rates as ratios of sums. ' +
      'Minutes are real elapsed minutes rounded to 0.01; rates to 4 decimals. Ordered by date, clinic, resource; keyset-paged with `limit` and `cursor`.',
  })
  @ApiOkResponse({ description: '{items, nextCursor} — nextCursor is null on the last page', schema: { type: 'object', example: CHAIR_ROW_EXAMPLE } })
  @ApiBadRequestResponse({ type: ErrorBody, description: 'Bad or unknown parameter (the message says which and how to fix it)' })
  @csvResponse
  async chairs(@Query() q: ChairsQueryDto, @CurrentPrincipal() who: Principal, @Req() req: FastifyRequest, @Res() reply: FastifyReply) {
    const scope = resolveClinicScope(who, q.clinicId);
    if (!wantsCsv(req, q.format)) return reply.send(await this.rows.chairs(q, scope));
    const rows = allPages((cursor) => this.rows.chairs({ ...q, limit: 1000, cursor: cursor ?? undefined }, scope));
    const columns = CHAIR_COLUMNS.map((k) => ({ header: k, value: (r: Record<string, unknown>) => r[k] }));
    return sendCsv(reply, `chairs_${q.granularity}_${q.from}_${q.to}.csv`, columns, rows as AsyncIterable<Record<string, unknown>>);
  }

  @Get('chairs/:resourceId/timeline')
  @RequirePermissions('ops:view_analytics')
  @ApiOperation({
    summary: "One chair's or room's day as a timeline (drill-down)",
    description:
      'The opening windows in force (and where they came from), every session and block touching the day, and the day cut into segments ' +
      '(used, maintenance, blocked, noShow, gap inside the available time; overtime outside it) by the same rules as the daily rows; ' +
      '`segmentMinutes` adds up to the `metrics` row of that day.',
  })
  @ApiOkResponse({
    schema: {
      example: {
        resource: { resourceId: 'chair-1', clinicId: 'clinic-a', name: 'Chair 1', kind: 'CHAIR', timeZone: 'America/Chicago', date: '2026-03-02', windows: [['08:00', '17:00']], hoursSource: 'clinic hours' },
        available: [{ start: '2026-03-02T14:00:00+00:00', end: '2026-03-02T23:00:00+00:00' }],
        segments: [{ kind: 'gap', start: '2026-03-02T14:00:00+00:00', end: '2026-03-02T14:10:00+00:00', minutes: 10 }, { kind: 'used', start: '2026-03-02T14:10:00+00:00', end: '2026-03-02T15:30:00+00:00', minutes: 80 }],
        sessions: [{ externalId: 'appt-1', providerId: 'prov-1', patientRef: 'p-7f3a', status: 'COMPLETED', scheduledStart: '2026-03-02T14:00:00+00:00', scheduledEnd: '2026-03-02T15:00:00+00:00', actualStart: '2026-03-02T14:10:00+00:00', actualEnd: '2026-03-02T15:05:00+00:00', cancelledAt: null, procedures: 2 }],
        blocks: [],
        segmentMinutes: { gap: 360, used: 90 },
        computed: true,
        metrics: { resourceId: 'chair-1', date: '2026-03-02', availableMinutes: 540, usedMinutes: 90 },
      },
    },
  })
  @ApiBadRequestResponse({ type: ErrorBody })
  @ApiNotFoundResponse({ type: ErrorBody })
  async timeline(@Param() { resourceId }: ResourceIdParam, @Query() { date }: TimelineQuery, @CurrentPrincipal() who: Principal) {
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
