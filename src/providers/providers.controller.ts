import { Controller, ForbiddenException, Get, Query, Req, Res } from '@nestjs/common';
import { ApiBadRequestResponse, ApiOkResponse, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { CurrentPrincipal, RequirePermissions, type Principal } from '../auth/auth.js';
import { ErrorBody } from '../common/errors.js';
import { allPages, sendCsv, wantsCsv } from '../common/http.js';
import { parseOrThrow } from '../common/validation.js';
import { providersQuery, resolveClinicScope } from '../utilization/query.js';
import { apply, COMMON_QUERY, csvResponse } from '../utilization/rows.controller.js';
import { RowsService } from '../utilization/rows.service.js';

const PROVIDER_COLUMNS = ['clinicId', 'providerId', 'providerName', 'role', 'granularity', 'date', 'periodEnd', 'days', 'patientsScheduled', 'patientsSeen', 'noShowCount', 'proceduresCompleted', 'chairMinutes', 'scheduledMinutes', 'productionValue'];

/** GET /api/v1/ops/utilization/providers — SPEC §3 rows under the privacy rule. */
@ApiTags('utilization')
@Controller('api/v1/ops/utilization')
export class ProvidersController {
  constructor(private readonly rows: RowsService) {}

  @Get('providers')
  @RequirePermissions('ops:view_analytics')
  @ApiOperation({
    summary: 'Per-provider productivity rows (daily rows or weekly/monthly rollups)',
    description:
      'Individual provider rows (SPEC §3) need `ops:view_provider_detail` as well; they are ordered by date, clinic and provider id — never by performance — and carry no rank. ' +
      'Keyset-paged with `limit` and `cursor`.',
  })
  @apply([...COMMON_QUERY, ApiQuery({ name: 'providerId', required: false, description: 'Only these providers (comma-separated)' })])
  @ApiOkResponse({
    description: '{items, nextCursor}',
    schema: {
      type: 'object',
      example: {
        items: [
          { clinicId: 'clinic-chicago', providerId: 'prov-ortho-1', providerName: 'Dr. A. Rivera', role: 'orthodontist', granularity: 'day', date: '2026-03-02', periodEnd: '2026-03-02', days: 1,
            patientsScheduled: 14, patientsSeen: 12, noShowCount: 1, proceduresCompleted: 19, chairMinutes: 610.5, scheduledMinutes: 630, productionValue: 2480.5 },
        ],
        nextCursor: null,
      },
    },
  })
  @ApiBadRequestResponse({ type: ErrorBody })
  @csvResponse
  async providers(@Query() query: Record<string, unknown>, @CurrentPrincipal() who: Principal, @Req() req: FastifyRequest, @Res() reply: FastifyReply) {
    const q = parseOrThrow(providersQuery, query, 'query');
    if (!who.permissions.has('ops:view_provider_detail')) {
      throw new ForbiddenException('Individual provider figures need the permission ops:view_provider_detail; without it provider data is only given as team distributions');
    }
    const scope = resolveClinicScope(who, q.clinicId);
    if (!wantsCsv(req, q.format)) return reply.send(await this.rows.providers(q, scope));
    const rows = allPages((cursor) => this.rows.providers({ ...q, limit: 1000, cursor: cursor ?? undefined }, scope));
    const columns = PROVIDER_COLUMNS.map((k) => ({ header: k, value: (r: Record<string, unknown>) => r[k] }));
    return sendCsv(reply, `providers_${q.granularity}_${q.from}_${q.to}.csv`, columns, rows as AsyncIterable<Record<string, unknown>>);
  }
}
