import { Controller, Get, NotImplementedException } from '@nestjs/common';
import { ApiNotImplementedResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { RequirePermissions } from '../auth/auth.js';
import { ErrorBody } from '../common/errors.js';

const LATER = (what: string) => new NotImplementedException(`${what} is not available yet; the daily rows are served by /api/v1/ops/utilization/chairs and /providers`);

/** SPEC §5 routes whose full behaviour comes with the analytics and capacity issues. */
@ApiTags('utilization')
@Controller('api/v1/ops/utilization')
export class AnalyticsController {
  @Get()
  @RequirePermissions('ops:view_analytics')
  @ApiOperation({ summary: 'Headline metrics for one or several clinics and a period (not yet implemented: 501)' })
  @ApiNotImplementedResponse({ type: ErrorBody })
  headline() {
    throw LATER('The headline route');
  }

  @Get('trends')
  @RequirePermissions('ops:view_analytics')
  @ApiOperation({ summary: 'Series by day, week, month or quarter with period-over-period change (not yet implemented: 501)' })
  @ApiNotImplementedResponse({ type: ErrorBody })
  trends() {
    throw LATER('The trends route');
  }

  @Get('report')
  @RequirePermissions('ops:view_analytics')
  @ApiOperation({ summary: 'One report document for a period, JSON or CSV (not yet implemented: 501)' })
  @ApiNotImplementedResponse({ type: ErrorBody })
  report() {
    throw LATER('The report route');
  }

  @Get('capacity')
  @RequirePermissions('ops:view_analytics')
  @ApiOperation({ summary: 'Peak/low heatmap and 30/60/90-day capacity projections (not yet implemented: 501)' })
  @ApiNotImplementedResponse({ type: ErrorBody })
  capacity() {
    throw LATER('The capacity route');
  }
}
