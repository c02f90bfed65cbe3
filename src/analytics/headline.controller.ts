import { Controller, Get, NotImplementedException } from '@nestjs/common';
import { ApiNotImplementedResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { RequirePermissions } from '../auth/auth.js';
import { ErrorBody } from '../common/errors.js';

@ApiTags('utilization')
@Controller('api/v1/ops/utilization')
export class HeadlineController {
  @Get('')
  @RequirePermissions('ops:view_analytics')
  @ApiOperation({ summary: 'Headline metrics for one or several clinics and a period (not yet implemented: 501)' })
  @ApiNotImplementedResponse({ type: ErrorBody })
  stub() {
    throw new NotImplementedException('The headline route is not available yet');
  }
}
