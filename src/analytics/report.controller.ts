import { Controller, Get, Query, Req, Res } from '@nestjs/common';
import { ApiBadRequestResponse, ApiOkResponse, ApiOperation, ApiTags, getSchemaPath } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { CurrentPrincipal, RequirePermissions, type Principal } from '../auth/auth.js';
import { ErrorBody } from '../common/errors.js';
import { zipSync, strToU8 } from 'fflate';
import { csvText, sendCsv, wantsCsv, withBom } from '../common/http.js';
import { ClinicScope } from '../auth/clinic-scope.js';
import { ReportQuery } from './analytics.dto.js';
import { ProviderReportSection } from './provider-section.js';
import { REPORT_SECTIONS, reportSections, ReportService } from './report.service.js';
import { Report } from './analytics.responses.js';

@ApiTags('utilization')
@Controller('api/v1/ops/utilization')
export class ReportController {
  constructor(
    private readonly reports: ReportService,
    private readonly scope: ClinicScope,
    private readonly providers: ProviderReportSection,
  ) {}

  @Get('report')
  @RequirePermissions('ops:view_analytics')
  @ApiOperation({
    operationId: 'getReport',
    summary: 'One report document for a period: summary, per resource, per provider, peak and low times, downtime, suggestions and risks',
    description:
      'JSON by default. As spreadsheets: one CSV per section with `section=` (' +
      REPORT_SECTIONS.join(', ') +
      ') and `format=csv` or `Accept: text/csv` ' +
      '(`section` alone implies CSV), or a ZIP holding every section as its own CSV file with `format=zip` (also `format=csv` without `section`). ' +
      'Each CSV is one table: numbers as plain numbers in their own columns, the unit in the header (`_minutes`, `_fraction` for rates 0–1, `chair_hours`), ' +
      'prose only in `text`/`note` columns; UTF-8 with a byte-order mark unless `bom=false`. ' +
      'Providers follow the privacy rule: team distributions only, unless the token has ops:view_provider_detail. ' +
      'Suggestions (for low results) and risks (for overbooking) name the chairs, weekdays and hours and the chair-hours involved.',
  })
  @ApiOkResponse({
    description: 'The report: JSON, one section as CSV, or every section as CSV files in a ZIP',
    content: {
      'application/json': { schema: { $ref: getSchemaPath(Report) } },
      'text/csv': { schema: { type: 'string', description: 'One section of the report as a CSV table (`section=`)' } },
      'application/zip': { schema: { type: 'string', format: 'binary', description: 'Every section as its own CSV file, and a README.txt' } },
    },
  })
  @ApiBadRequestResponse({ type: ErrorBody })
  async report(@Query() q: ReportQuery, @CurrentPrincipal() who: Principal, @Req() req: FastifyRequest, @Res() reply: FastifyReply) {
    const clinics = await this.scope.clinicsInScope(who, q.clinicId);
    const report = await this.reports.report(clinics, q.from, q.to, who, (ids) => this.providers.section(ids, q.from, q.to, who));
    const csv = q.format === 'zip' || q.section !== undefined || wantsCsv(req, q.format);
    if (!csv) return reply.send(report);
    const sections = reportSections(report);
    const one = q.format !== 'zip' ? sections.find((x) => x.name === q.section) : undefined;
    if (one) {
      return sendCsv(
        reply,
        `utilization-report_${q.section}_${q.from}_${q.to}.csv`,
        one.columns,
        (function* () {
          yield* one.rows;
        })(),
      );
    }
    // every section as its own CSV file in one ZIP (one table per file)
    const files: Record<string, Uint8Array> = {};
    for (const x of sections) files[`${x.name}.csv`] = strToU8(await csvText(x.columns, x.rows, withBom(req)));
    files['README.txt'] = strToU8(
      `${report.title} (${report.clinicIds.join(', ')}), generated ${report.generatedAt}.\r\n\r\n` +
        sections.map((x) => `${x.name}.csv: ${x.description} (${x.rows.length} rows)`).join('\r\n') +
        "\r\n\r\nRates are fractions of 1 (0.82 = 82 %); minutes are real elapsed minutes; hours are the clinics' local clock times.\r\n",
    );
    return reply
      .header('content-type', 'application/zip')
      .header('content-disposition', `attachment; filename="utilization-report_${q.from}_${q.to}.zip"`)
      .header('cache-control', 'private, no-cache')
      .send(Buffer.from(zipSync(files, { level: 6, mtime: new Date(report.generatedAt) })));
  }
}
