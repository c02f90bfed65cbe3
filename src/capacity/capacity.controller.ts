import { Controller, Get, NotImplementedException } from '@nestjs/common';
import { ApiNotImplementedResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { RequirePermissions } from '../auth/auth.js';
import { ErrorBody } from '../common/errors.js';

@ApiTags('utilization')
@Controller('api/v1/ops/utilization')
export class CapacityController {
  @Get('capacity')
  @RequirePermissions('ops:view_analytics')
  @ApiOperation({ summary: 'Peak/low heatmap and 30/60/90-day capacity projections (not yet implemented: 501)' })
  @ApiNotImplementedResponse({ type: ErrorBody })
  stub() {
    throw new NotImplementedException('The capacity route is not available yet');
  }
}
