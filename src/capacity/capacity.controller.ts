import { Controller, Get, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, RequirePermissions, type Principal } from '../auth/auth.js';
import { ErrorBody } from '../common/errors.js';
import { parseOrThrow } from '../common/validation.js';
import { CAPACITY_BAD_REQUEST_EXAMPLE, CAPACITY_EXAMPLE } from './capacity.example.js';
import { capacityQuery, HISTORY_DAYS, MAX_EXTEND_MINUTES, MAX_PROVIDER_DAYS, MAX_WHAT_IF_CHAIRS } from './capacity.query.js';
import { Capacity } from './capacity.responses.js';
import { CapacityService } from './capacity.service.js';

const apply = (decorators: MethodDecorator[]): MethodDecorator => (t, k, d) => decorators.forEach((dec) => dec(t, k, d));

const PARAMS = [
  ApiQuery({ name: 'clinicId', required: false, description: 'The clinic to analyse (one). Optional only when the token is granted exactly one clinic.', example: 'clinic-a' }),
  ApiQuery({
    name: 'asOf',
    required: false,
    description:
      "The date the analysis is made on (local date, default: today in the clinic's time zone). History is the days before it, bookings are those known at the end of that day " +
      '(for today: now), projections start the day after. A past asOf replays the analysis and scores it against what really happened. At most 3 years back; not after today.',
    example: '2026-10-26',
  }),
  ApiQuery({ name: 'historyDays', required: false, description: `Days of history before asOf used for the heatmap, the model and the backtest: ${HISTORY_DAYS.min}–${HISTORY_DAYS.max} (default ${HISTORY_DAYS.default}).`, example: 112 }),
  ApiQuery({ name: 'horizon', required: false, enum: ['30', '60', '90'], description: 'Days to project after asOf: 30, 60 or 90 (default 90). Windows of 30/60/90 days up to it are summarized.' }),
  ApiQuery({ name: 'kind', required: false, enum: ['CHAIR', 'ROOM'], description: 'Analyse only chairs or only rooms (default: all resources, with a per-kind summary in byKind).' }),
  ApiQuery({ name: 'addChairs', required: false, description: `What-if: add 0–${MAX_WHAT_IF_CHAIRS} chairs with the clinic's opening hours.`, example: 1 }),
  ApiQuery({ name: 'removeChairs', required: false, description: `What-if: remove 0–${MAX_WHAT_IF_CHAIRS} chairs, the least used over the history window (the answer names them).`, example: 0 }),
  ApiQuery({ name: 'removeResourceId', required: false, description: `What-if: remove these active chairs/rooms (comma-separated ids, at most ${MAX_WHAT_IF_CHAIRS}).`, example: 'c-chair-9' }),
  ApiQuery({
    name: 'extendHours',
    required: false,
    description:
      `What-if: change the hours on weekdays, "weekday:minutes" items (comma-separated, one per weekday): ISO weekday 1 (Monday) … 7 (Sunday), minutes −${MAX_EXTEND_MINUTES}…${MAX_EXTEND_MINUTES}, not 0. ` +
      'Every chair/room open that day gets that many minutes more (or fewer); closed days stay closed.',
    example: '4:60,3:-120',
  }),
  ApiQuery({
    name: 'addProviderDays',
    required: false,
    description: `What-if: add a provider on these ISO weekdays (comma-separated, repeat a weekday for two, at most ${MAX_PROVIDER_DAYS}); each adds the median booked chair minutes of a provider-day of the clinic's history.`,
    example: '3',
  }),
  ApiQuery({ name: 'providerRole', required: false, description: 'With addProviderDays: size the provider day from providers of this role (e.g. hygienist).', example: 'hygienist' }),
];

@ApiTags('utilization')
@Controller('api/v1/ops/utilization')
export class CapacityController {
  constructor(private readonly capacity: CapacityService) {}

  @Get('capacity')
  @RequirePermissions('ops:view_analytics')
  @ApiOperation({
    operationId: 'getCapacity',
    summary: 'Capacity planning: peak/low heatmap, 30/60/90-day projections with intervals, what-if, backtest and suggestions',
    description:
      'For one clinic, as of a date:\n' +
      '- **heatmap**: weekday × local hour utilization over the history window (hourly buckets of the daily engine), `peak` ≥ the clinic\'s risk threshold (default 90%), ' +
      '`low` < its low threshold (default 65%), with the chair-hours behind each cell.\n' +
      '- **projection** of the booked (scheduled) utilization for each coming day, ISO week and 30/60/90-day window: available chair time from the hours, exceptions ' +
      'and closures already known (the engine\'s rules, DST-correct); demand = bookings already made + the forecast of bookings still to come (weekday levels, trend, ' +
      'booking curve), never below what is booked; 80% and 95% prediction intervals; overbooking-risk days (`likely`: projected above the risk threshold; `possible`: ' +
      'a chance of at least 20% to end above it); chair-hours to add (to get down to the top of the band) or that could be released (staying at its bottom). ' +
      '`bookedToDate` compares each coming day\'s bookings with past days at the same lead.\n' +
      '- **model** and **backtest**: the method used and its rolling-origin backtest on the clinic\'s own history (MAE, MASE against seasonal naive, interval coverage). ' +
      'Under 4 weeks of history a simple method is used and said so; with none, only bookings are shown.\n' +
      '- **whatIf** (with addChairs / removeChairs / removeResourceId / extendHours / addProviderDays): the same projection with the change applied, and a comparison.\n' +
      '- **suggestions**: concrete proposals (hours to add on risk days, peaks to rebalance, hours to shorten, chairs to consolidate), each with the chair-hours ' +
      'involved and, where it can be simulated, the `whatIf` parameters to try. `hours` is one span of local clock hours, `{from, to}` with `to` exclusive ' +
      '(the same shape as in /report; a weekday shortened at both ends gives two suggestions); `chairHours` counts over the days named, `chairHoursPerWeek` a week.\n' +
      'Rates are fractions (0.82 = 82%), chair-hours are available/booked chair time summed over chairs and rooms.',
  })
  @apply(PARAMS)
  @ApiOkResponse({ type: Capacity, description: 'The capacity analysis (example trimmed: cells, days and weeks shortened)', example: CAPACITY_EXAMPLE })
  @ApiBadRequestResponse({ type: ErrorBody, description: 'A parameter is unknown, malformed or out of bounds (the message says which and how to fix it)', example: CAPACITY_BAD_REQUEST_EXAMPLE })
  @ApiNotFoundResponse({ type: ErrorBody, description: 'No such clinic' })
  analyse(@Query() query: Record<string, unknown>, @CurrentPrincipal() who: Principal) {
    const q = parseOrThrow(capacityQuery, query, 'query');
    return this.capacity.analyse(q, who);
  }
}
