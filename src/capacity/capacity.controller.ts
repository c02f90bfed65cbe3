import { Controller, Get, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, RequirePermissions, type Principal } from '../auth/auth.js';
import { ErrorBody } from '../common/errors.js';
import { CAPACITY_BAD_REQUEST_EXAMPLE, CAPACITY_EXAMPLE } from './capacity.example.js';
import { CapacityQueryDto } from './capacity.dto.js';
import { Capacity } from './capacity.responses.js';
import { CapacityService } from './capacity.service.js';
import { DEFAULT_BAND } from '../domain/band.js';
import { percentText } from '../domain/numbers.js';

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
      `- **heatmap**: weekday × local hour utilization over the history window (hourly buckets of the daily engine), \`peak\` above the clinic's risk threshold (default ${percentText(DEFAULT_BAND.riskThreshold)}: overbooking risk), ` +
      `\`low\` < its low threshold (default ${percentText(DEFAULT_BAND.lowThreshold)}), with the chair-hours behind each cell.\n` +
      '- **projection** of the booked (scheduled) utilization for each coming day, ISO week and 30/60/90-day window: available chair time from the hours, exceptions ' +
      "and closures already known (the engine's rules, DST-correct); demand = bookings already made + the forecast of bookings still to come (weekday levels, trend, " +
      'booking curve), never below what is booked; 80 % and 95 % prediction intervals; overbooking-risk days (`likely`: projected above the risk threshold; `possible`: ' +
      'a chance of at least 20 % to end above it); chair-hours to add (to get down to the top of the band) or that could be released (staying at its bottom). ' +
      "`bookedToDate` compares each coming day's bookings with past days at the same lead.\n" +
      "- **model** and **backtest**: the method used and its rolling-origin backtest on the clinic's own history (MAE, MASE against seasonal naive, interval coverage). " +
      'Under 4 weeks of history a simple method is used and said so; with none, only bookings are shown.\n' +
      '- **whatIf** (with addChairs / removeChairs / removeResourceId / extendHours / addProviderDays): the same projection with the change applied, and a comparison.\n' +
      '- **suggestions**: concrete proposals (hours to add on risk days, peaks to rebalance, hours to shorten, chairs to consolidate), each with the chair-hours ' +
      'involved and, where it can be simulated, the `whatIf` parameters to try. `hours` is one span of local clock hours, `{from, to}` with `to` exclusive ' +
      '(the same shape as in /report; a weekday shortened at both ends gives two suggestions); `chairHours` counts over the days named, `chairHoursPerWeek` a week.\n' +
      'Rates are fractions (0.82 = 82 %), chair-hours are available/booked chair time summed over chairs and rooms.',
  })
  @ApiOkResponse({ type: Capacity, description: 'The capacity analysis (example trimmed: cells, days and weeks shortened)', example: CAPACITY_EXAMPLE })
  @ApiBadRequestResponse({
    type: ErrorBody,
    description: 'A parameter is unknown, malformed or out of bounds (the message says which and how to fix it)',
    example: CAPACITY_BAD_REQUEST_EXAMPLE,
  })
  @ApiNotFoundResponse({ type: ErrorBody, description: 'No such clinic' })
  analyse(@Query() q: CapacityQueryDto, @CurrentPrincipal() who: Principal) {
    return this.capacity.analyse(q, who);
  }
}
