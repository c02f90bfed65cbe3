import { Controller, Get, NotImplementedException } from '@nestjs/common';
import { ApiNotImplementedResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { RequirePermissions } from '../auth/auth.js';
import { ErrorBody } from '../common/errors.js';

@ApiTags('utilization')
@Controller('api/v1/ops/utilization')
export class ReportController {
  @Get('report')
  @RequirePermissions('ops:view_analytics')
  @ApiOperation({ summary: 'One report document for a period, JSON or CSV (not yet implemented: 501)' })
  @ApiNotImplementedResponse({ type: ErrorBody })
  stub() {
    throw new NotImplementedException('The report route is not available yet');
  }
}
