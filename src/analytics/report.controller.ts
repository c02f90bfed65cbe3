import { Controller, Get, Query, Req, Res } from '@nestjs/common';
import { ApiBadRequestResponse, ApiOkResponse, ApiOperation, ApiProduces, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { CurrentPrincipal, RequirePermissions, type Principal } from '../auth/auth.js';
import { ErrorBody } from '../common/errors.js';
import { sendCsv, wantsCsv } from '../common/http.js';
import { parseOrThrow } from '../common/validation.js';
import { Database } from '../database/database.module.js';
import { localDate } from '../intake/schemas.js';
import { checkRange, idList } from '../utilization/query.js';
import { clinicsInScope } from './headline.controller.js';
import { ProviderReportSection } from './provider-section.js';
import { reportRows, ReportService } from './report.service.js';

const reportQuery = z
  .strictObject({ clinicId: idList.optional(), from: localDate, to: localDate, format: z.enum(['json', 'csv'], { error: 'must be json or csv' }).optional() })
  .superRefine(checkRange);

@ApiTags('utilization')
@Controller('api/v1/ops/utilization')
export class ReportController {
  constructor(
    private readonly reports: ReportService,
    private readonly db: Database,
    private readonly providers: ProviderReportSection,
  ) {}

  @Get('report')
  @RequirePermissions('ops:view_analytics')
  @ApiOperation({
    summary: 'One report document for a period: summary, per resource, per provider, peak and low times, downtime, suggestions and risks',
    description:
      'JSON by default; CSV (one long table: section, clinicId, item, metric, value) with `format=csv` or `Accept: text/csv`. ' +
      'Providers follow the privacy rule: team distributions only, unless the token has ops:view_provider_detail. ' +
      'Suggestions (for low results) and risks (for overbooking) name the chairs, weekdays and hours and the chair-hours involved.',
  })
  @ApiQuery({ name: 'clinicId', required: false, description: 'Clinic id(s), comma-separated; default: every clinic the token is granted' })
  @ApiQuery({ name: 'from', required: true, description: 'First local date' })
  @ApiQuery({ name: 'to', required: true, description: 'Last local date (at most 3 years after from)' })
  @ApiQuery({ name: 'format', required: false, enum: ['json', 'csv'] })
  @ApiProduces('application/json', 'text/csv')
  @ApiOkResponse({
    schema: {
      example: {
        title: 'Utilization report 2026-10-01 – 2026-10-31',
        clinicIds: ['clinic-c'],
        summary: { current: { utilizationRate: 0.53, status: 'low' } },
        suggestions: [
          {
            clinicId: 'clinic-c',
            kind: 'release-hours',
            severity: 'warning',
            text: 'Wednesday 14:00–18:00 runs at 31 %: about 52.4 chair-hours over the period (13.1 a week) could be released — shorter hours or fewer chairs open — and the rest would still run at 70 %.',
            weekday: 'Wednesday',
            hours: '14:00–18:00',
            chairHours: 52.4,
            chairHoursPerWeek: 13.1,
          },
        ],
        risks: [],
      },
    },
  })
  @ApiBadRequestResponse({ type: ErrorBody })
  async report(@Query() query: Record<string, unknown>, @CurrentPrincipal() who: Principal, @Req() req: FastifyRequest, @Res() reply: FastifyReply) {
    const q = parseOrThrow(reportQuery, query, 'query');
    const clinics = await clinicsInScope(this.db, who, q.clinicId);
    const report = await this.reports.report(clinics, q.from, q.to, who, (ids) => this.providers.section(ids, q.from, q.to, who));
    if (!wantsCsv(req, q.format)) return reply.send(report);
    const rows = reportRows(report);
    return sendCsv(
      reply,
      `utilization-report_${q.from}_${q.to}.csv`,
      ['section', 'clinicId', 'item', 'metric', 'value'].map((h) => ({ header: h, value: (r: Record<string, unknown>) => r[h] })),
      (async function* () {
        yield* rows;
      })(),
    );
  }
}
