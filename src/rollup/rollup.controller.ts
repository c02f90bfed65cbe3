import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiAcceptedResponse, ApiBadRequestResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, RequirePermissions, assertClinicAccess, type Principal } from '../auth/auth.js';
import { ErrorBody } from '../common/errors.js';
import { RunBody, RunIdParam } from './rollup.dto.js';
import { RollupRun } from './rollup.responses.js';
import { RollupRunsService } from './rollup-runs.service.js';

const RUN_EXAMPLE = {
  id: '6f1c2a7e-3b7d-4f0e-9a51-2f8d3c1e9b40',
  status: 'running',
  trigger: 'api',
  requestedBy: 'ops-admin',
  clinicIds: ['clinic-chicago'],
  from: '2026-01-01',
  to: '2026-03-31',
  progress: { clinicDaysTotal: 90, clinicDaysDone: 42, clinicDaysFailed: 0, fraction: 0.467 },
  errors: [],
  createdAt: '2026-04-01T08:00:00.000Z',
  startedAt: '2026-04-01T08:00:00.120Z',
  finishedAt: null,
};

@ApiTags('rollups')
@Controller('api/v1/ops/utilization/rollups')
export class RollupController {
  constructor(private readonly runs: RollupRunsService) {}

  @Post()
  @HttpCode(202)
  @RequirePermissions('ops:admin')
  @ApiOperation({
    operationId: 'postRollups',
    summary: 'Start a recompute of daily rows and their weekly/monthly rollups',
    description:
      'Recomputes every clinic-day of [from, to] (local dates, at most 3 years) for `clinicIds` (default: every clinic the token is granted) in the background and answers at once. ' +
      'Idempotent: re-running gives identical rows. Follow progress with GET /api/v1/ops/utilization/rollups/{id}.',
  })
  @ApiAcceptedResponse({
    type: RollupRun,
    description: 'The run was queued: {id, status} and its details',
    example: { ...RUN_EXAMPLE, status: 'queued', progress: { clinicDaysTotal: 90, clinicDaysDone: 0, clinicDaysFailed: 0, fraction: 0 }, startedAt: null },
  })
  @ApiBadRequestResponse({ type: ErrorBody })
  async start(@Body() req: RunBody, @CurrentPrincipal() who: Principal) {
    // the clinics asked for (each granted), else every clinic the token is granted; never "all" for a limited token
    let clinicIds = req.clinicIds;
    if (clinicIds) assertClinicAccess(who, clinicIds);
    else if (who.clinicIds !== null) clinicIds = [...who.clinicIds];
    return this.runs.startRun({ clinicIds, from: req.from, to: req.to, trigger: 'api', requestedBy: who.sub });
  }

  @Get(':id')
  @RequirePermissions('ops:admin')
  @ApiOperation({
    operationId: 'getRollup',
    summary: 'Status, progress and errors of a rollup run',
    description: 'The run as POST /rollups answered it, with its progress and the clinic-days that failed.',
  })
  @ApiOkResponse({ type: RollupRun, description: 'The run', example: RUN_EXAMPLE })
  @ApiNotFoundResponse({ type: ErrorBody })
  @ApiBadRequestResponse({ type: ErrorBody, description: 'The id is not a UUID' })
  async get(@Param() { id }: RunIdParam, @CurrentPrincipal() who: Principal) {
    const run = await this.runs.getRun(id);
    if (run.clinicIds.length) assertClinicAccess(who, run.clinicIds);
    else if (who.clinicIds !== null && run.trigger !== 'schedule') assertClinicAccess(who, ['*all clinics*']);
    return run;
  }
}
