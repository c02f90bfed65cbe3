import { Controller, Get, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiOkResponse, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { CurrentPrincipal, RequirePermissions, type Principal } from '../auth/auth.js';
import { ErrorBody } from '../common/errors.js';
import { parseOrThrow } from '../common/validation.js';
import { localDate } from '../intake/schemas.js';
import { ClinicScope } from '../utilization/clinic-scope.js';
import { checkRange, idList } from '../utilization/query.js';
import { addDays } from '../trends/periods.js';
import { HeadlineService } from './headline.service.js';


export const periodQuery = z
  .strictObject({ clinicId: idList.optional(), from: localDate.optional(), to: localDate.optional() })
  .transform((q) => {
    const yesterday = addDays(new Date().toISOString().slice(0, 10), -1);
    const to = q.to ?? (q.from ? addDays(q.from, 27) : yesterday);
    return { ...q, to, from: q.from ?? addDays(to, -27) };
  })
  .superRefine(checkRange);

@ApiTags('utilization')
@Controller('api/v1/ops/utilization')
export class HeadlineController {
  constructor(
    private readonly headline: HeadlineService,
    private readonly scope: ClinicScope,
  ) {}

  @Get()
  @RequirePermissions('ops:view_analytics')
  @ApiOperation({
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
  @ApiOkResponse({
    description: 'Headline figures',
    schema: {
      example: {
        clinicIds: ['clinic-a'],
        period: { from: '2026-10-01', to: '2026-10-28', days: 28 },
        previousPeriod: { from: '2026-09-03', to: '2026-09-30', days: 28 },
        band: { lowThreshold: 0.65, targetLow: 0.7, targetHigh: 0.85, riskThreshold: 0.9, mixedClinicBands: false },
        current: {
          days: 24, chairDays: 240, availableMinutes: 118800, availableChairHours: 1980, usedMinutes: 89100, blockedMinutes: 1800, downtimeMinutes: 27900,
          overtimeMinutes: 640, bookedMinutes: 97400, utilizationRate: 0.75, scheduledUtilizationRate: 0.8199, status: 'on-target',
          downtimeByReason: { maintenance: { minutes: 1200, share: 0.043 }, noShow: { minutes: 5100, share: 0.1828 }, gap: { minutes: 21600, share: 0.7742, lateCancelMinutes: 2400, shortGapMinutes: 3100 } },
          turnover: { count: 1650, avgMinutes: 7.4 }, appointments: 2210, noShowCount: 131, noShowRate: 0.0593, utilizationRateInterval95: { low: 0.731, high: 0.769 },
        },
        change: { utilizationRate: { absolute: 0.021, relative: 0.0288 }, utilizationRateChangeSignificant: false },
        confidence: { lowVolume: false, basis: '24 open day(s), 1980 available chair-hours' },
        dataQuality: { rating: 'fair', sessionsWithoutActualTimesShare: 0.012, sessionsAcceptedWithWarnings: 3, chairTimeOutsideOpeningHoursShare: 0.007, overlappingSessionMinutes: 85, chairsWithoutHours: 0, clinicDaysNotRolledUp: 0, notes: ['1.4 chair-hours of sessions overlap on the same chair (double bookings); they were counted once.'] },
        benchmarks: [
          {
            metric: 'noShowRate', category: null, ours: 0.0593, summary: 'no-show 5.9 % · industry 3–7.4 % (Henry Schein One 2026, Planet DDS 2025; vendor data)',
            industry: { low: 0.03, high: 0.074, display: '3–7.4 %', sources: ['Henry Schein One 2026', 'Planet DDS 2025'] },
            benchmarks: [{ id: 'hs1-catalyst-2026-no-show', origin: 'industry', label: 'DSOs, no-show average', low: 0.03, high: 0.03, display: '3 %', position: 'above', year: 2026, source: { shortName: 'Henry Schein One 2026', url: 'https://www.henryscheinone.com/insights/blogs/dso-dental-practice-no-show-cancellation-rate/', vendor: true } }],
            definitionNotes: ['Planet DDS 2025: Per patient (share of scheduled patients), not per appointment as ours …'],
          },
        ],
        byCategory: [{ category: 'hygiene', chairs: 2, utilizationRate: 0.8412, scheduledUtilizationRate: 0.8866, noShowRate: 0.061, band: { lowThreshold: 0.75, targetLow: 0.8, targetHigh: 0.92, riskThreshold: 0.96, source: 'category' }, status: 'on-target', benchmarks: [] }],
        links: { trend: '/api/v1/ops/utilization/trends?clinicId=clinic-a&from=2026-10-01&to=2026-10-28&granularity=day' },
      },
    },
  })
  @ApiBadRequestResponse({ type: ErrorBody })
  async get(@Query() query: Record<string, unknown>, @CurrentPrincipal() who: Principal) {
    const q = parseOrThrow(periodQuery, query, 'query');
    const clinics = await this.scope.clinicsInScope(who, q.clinicId);
    return this.headline.headline(clinics, q.from, q.to);
  }
}
