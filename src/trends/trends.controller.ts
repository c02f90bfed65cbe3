import { Controller, ForbiddenException, Get, Query, Req, Res } from '@nestjs/common';
import { ApiBadRequestResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { CurrentPrincipal, RequirePermissions, type Principal } from '../auth/auth.js';
import { ErrorBody } from '../common/errors.js';
import { sendCsv, wantsCsv } from '../common/http.js';
import { ClinicScope } from '../auth/clinic-scope.js';
import { TrendsQueryDto } from './trends.dto.js';
import { aboutProviders } from './trends.query.js';
import { TrendsService, type TrendPoint } from './trends.service.js';
import { Trends } from './trends.responses.js';
import { ApiOkJsonOrCsv } from '../common/openapi.js';

export const CSV_COLUMNS = [
  'groupBy',
  'groupId',
  'groupName',
  'periodStart',
  'periodEnd',
  'value',
  'numerator',
  'denominator',
  'changeAbsolute',
  'changeRelative',
  'movingAverage',
  'suppressed',
  'complete',
] as const;

const EXAMPLE = {
  metric: 'utilizationRate',
  family: 'chair',
  definition: 'Σ used / Σ available minutes (actual chair time)',
  unit: 'fraction',
  numerator: 'usedMinutes',
  denominator: 'availableMinutes',
  granularity: 'month',
  from: '2026-01-01',
  to: '2026-04-30',
  periodFrom: '2026-01-01',
  periodTo: '2026-04-30',
  dataFrom: '2025-11-04',
  dataTo: '2026-04-30',
  source: 'clinic_rollup (month rollups)',
  filters: { clinicIds: ['clinic-chicago'], kind: null, resourceIds: null, providerIds: null, role: null },
  groupBy: 'none',
  movingAverageWindow: 3,
  confidence: 0.95,
  series: [
    {
      groupId: null,
      groupName: null,
      points: [
        {
          periodStart: '2026-01-01',
          periodEnd: '2026-01-31',
          value: 0.7012,
          numerator: 83442.5,
          denominator: 119000,
          change: { absolute: null, relative: null },
          movingAverage: null,
          suppressed: false,
          complete: true,
        },
        {
          periodStart: '2026-02-01',
          periodEnd: '2026-02-28',
          value: 0.7203,
          numerator: 77792.4,
          denominator: 108000,
          change: { absolute: 0.0191, relative: 0.0272 },
          movingAverage: null,
          suppressed: false,
          complete: true,
        },
        {
          periodStart: '2026-03-01',
          periodEnd: '2026-03-31',
          value: 0.7377,
          numerator: 87786.3,
          denominator: 119000,
          change: { absolute: 0.0174, relative: 0.0242 },
          movingAverage: 0.7196,
          suppressed: false,
          complete: true,
        },
        {
          periodStart: '2026-04-01',
          periodEnd: '2026-04-30',
          value: 0.7551,
          numerator: 86836.5,
          denominator: 115000,
          change: { absolute: 0.0174, relative: 0.0236 },
          movingAverage: 0.7378,
          suppressed: false,
          complete: true,
        },
      ],
      trend: {
        direction: 'up',
        slope: 0.01782,
        slopeRelative: 0.0244,
        standardError: 0.000781,
        confidence: 0.95,
        confidenceInterval: { low: 0.01446, high: 0.02118 },
        tStatistic: 22.82,
        degreesOfFreedom: 2,
        pValue: 0.001915,
        significant: true,
        rSquared: 0.9962,
        pointsUsed: 4,
      },
    },
  ],
};

/** GET /api/v1/ops/utilization/trends — SPEC §5. */
@ApiTags('utilization')
@Controller('api/v1/ops/utilization')
export class TrendsController {
  constructor(
    private readonly trends: TrendsService,
    private readonly scope: ClinicScope,
  ) {}

  @Get('trends')
  @RequirePermissions('ops:view_analytics')
  @ApiOperation({
    operationId: 'getTrends',
    summary: 'Series of a figure by day, week, month or quarter, with period-over-period change, moving average and trend direction',
    description:
      'Served from the rollups: `clinic_rollup` (per clinic), `resource_rollup` / `resource_utilization` (with `kind`, `resourceId` or `groupBy=resource`), ' +
      '`provider_rollup` / `provider_productivity` (provider figures). Quarters are sums of months. The range is widened to whole periods ' +
      '(`periodFrom`…`periodTo`); a period without any row has `value: null`.\n\n' +
      '**Rates are ratios of sums** over the period (e.g. Σ used / Σ available minutes), never means of daily rates; every point of a rate carries ' +
      'its `numerator` and `denominator`. `change` compares each point with the one before it (absolute, and relative to the previous value). ' +
      '`movingAverage` covers the last `window` periods (a ratio of sums for rates, the mean of the values otherwise; periods without a value are left out; ' +
      'null until the window is full and at a period without a value). A period that the data cover only in part (e.g. the first month of the data) ' +
      'holds a smaller sum: choose from/to on period boundaries for sum metrics. One answer holds at most 100,000 points (series × periods).\n\n' +
      '**Trend**: ordinary least squares of the values on the period index (0, 1, 2, …; periods without a value are left out); `slope` is the change ' +
      'per period in the unit of the metric, `slopeRelative` the slope divided by the mean value; a two-sided t-test of the slope with n − 2 degrees ' +
      'of freedom gives `pValue` and the `confidenceInterval` at level `confidence`. `direction` is `up` or `down` when the slope is significant at ' +
      '1 − confidence, else `flat`. The test assumes independent residuals; strongly seasonal series (e.g. daily data with closed weekends) are ' +
      'better read at week or month granularity.\n\n' +
      `**Provider figures and privacy** (SPEC §3): a trend of one or several named providers (\`providerId\`) or \`groupBy=provider\` needs ` +
      `\`ops:view_provider_detail\`; so do provider figures at all (team totals over different selections could be subtracted to isolate one provider: ` +
      'callers without the permission get the team distribution from /providers?view=team). Series are never ordered by performance (groups are in id order).\n\n' +
      'CSV (`format=csv` or `Accept: text/csv`): one line per point with the columns ' +
      CSV_COLUMNS.join(', ') +
      '.',
  })
  @ApiOkJsonOrCsv(Trends, 'The series (one per group) with points and trend', 'The points as CSV: one line per series and period', EXAMPLE)
  @ApiBadRequestResponse({ type: ErrorBody, description: 'Bad, unknown or conflicting parameter; the message says which and what to change' })
  async get(@Query() q: TrendsQueryDto, @CurrentPrincipal() who: Principal, @Req() req: FastifyRequest, @Res() reply: FastifyReply) {
    const detail = who.permissions.has('ops:view_provider_detail');
    if (!detail && (q.providerId?.length || q.groupBy === 'provider')) {
      throw new ForbiddenException(
        `Figures of individual providers (${q.providerId?.length ? 'providerId' : 'groupBy=provider'}) need the permission ops:view_provider_detail; without it, leave providerId and groupBy=provider out to get team figures`,
      );
    }
    if (!detail && aboutProviders(q)) {
      // team totals over different selections (clinics, roles) could be subtracted from each other to isolate one
      // provider, so without the permission provider figures come only as distributions (/providers?view=team)
      throw new ForbiddenException(
        "Provider trends need the permission ops:view_provider_detail; without it, the team's distribution per role is at /api/v1/ops/utilization/providers?view=team",
      );
    }
    const scope = this.scope.resolve(who, q.clinicId);
    await this.scope.assertResourcesVisible(who, q.resourceId, q.clinicId);
    await this.scope.assertProvidersVisible(who, q.providerId);
    const result = await this.trends.trend(q, scope, who);
    if (!wantsCsv(req, q.format)) return reply.send(result);
    const rows = (function* () {
      for (const s of result.series) for (const p of s.points) yield { s, p };
    })();
    const cell = (k: (typeof CSV_COLUMNS)[number], s: (typeof result.series)[number], p: TrendPoint): unknown => {
      switch (k) {
        case 'groupBy':
          return result.groupBy;
        case 'groupId':
          return s.groupId;
        case 'groupName':
          return s.groupName;
        case 'changeAbsolute':
          return p.change.absolute;
        case 'changeRelative':
          return p.change.relative;
        default:
          return p[k];
      }
    };
    const columns = CSV_COLUMNS.map((k) => ({ header: k, value: (r: { s: (typeof result.series)[number]; p: TrendPoint }) => cell(k, r.s, r.p) }));
    return sendCsv(reply, `trends_${q.metric}_${q.granularity}_${q.from}_${q.to}.csv`, columns, rows);
  }
}
