import { Controller, Get, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, RequirePermissions, type Principal } from '../auth/auth.js';
import { ErrorBody } from '../common/errors.js';
import { ClinicScope } from '../auth/clinic-scope.js';
import { HeadlineQuery } from './analytics.dto.js';
import { HeadlineService } from './headline.service.js';
import { Headline } from './analytics.responses.js';

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
    operationId: 'getHeadline',
    summary: 'Headline metrics for one or several clinics and a period',
    description:
      'Available, used, blocked and downtime minutes; actual and scheduled utilization side by side with their definitions; downtime by reason ' +
      '(minutes and share); overtime; turnover; appointments and no-show rate; status against the target band; the same figures for the previous ' +
      'period of equal length and the change; a 95 % interval for the utilization rate and a low-volume flag; data quality. Rates are ratios of sums. ' +
      '`benchmarks`: the figures beside the matching published benchmarks (data/benchmarks.json: source, year, address, vendor flag, how the definition ' +
      "differs) and the group's own; `byCategory`: each category of chair (hygiene, restorative, …) with the band it is judged by and its benchmarks.",
  })
  @ApiOkResponse({ type: Headline, description: 'Headline figures' })
  @ApiBadRequestResponse({ type: ErrorBody })
  async get(@Query() q: HeadlineQuery, @CurrentPrincipal() who: Principal) {
    const clinics = await this.scope.clinicsInScope(who, q.clinicId);
    return this.headline.headline(clinics, q.from, q.to);
  }
}
