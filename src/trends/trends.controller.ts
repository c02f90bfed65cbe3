import { Controller, Get, NotImplementedException } from '@nestjs/common';
import { ApiNotImplementedResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { RequirePermissions } from '../auth/auth.js';
import { ErrorBody } from '../common/errors.js';

@ApiTags('utilization')
@Controller('api/v1/ops/utilization')
export class TrendsController {
  @Get('trends')
  @RequirePermissions('ops:view_analytics')
  @ApiOperation({ summary: 'Series by day, week, month or quarter with period-over-period change (not yet implemented: 501)' })
  @ApiNotImplementedResponse({ type: ErrorBody })
  stub() {
    throw new NotImplementedException('The trends route is not available yet');
  }
}
