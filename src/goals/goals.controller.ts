import { Body, ConflictException, Controller, Get, NotFoundException, Param, Post, Put, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiConflictResponse, ApiCreatedResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AdminDelete } from '../auth/admin-delete.js';
import { assertClinicAccess, canSeeClinic, CurrentPrincipal, RequirePermissions, type Principal } from '../auth/auth.js';
import { ErrorBody, ValidationFailed } from '../common/errors.js';
import { ClinicScope } from '../auth/clinic-scope.js';
import { ClinicIdParam } from '../common/query.dto.js';
import { GoalBody, GoalIdParam, GoalsQuery, OptInBody } from './goals.dto.js';
import { GOAL_KINDS, GoalsService, MIN_TEAM } from './goals.service.js';
import { GoalOptIn, GoalsResponse, TeamGoal } from './goals.responses.js';
import { DEFAULT_BAND } from '../domain/band.js';
import { percentRangeText } from '../domain/numbers.js';

const GOAL_EXAMPLE = {
  id: '5c3f0a8e-2b1d-4d6e-9f0a-7e2b4c1d9a33',
  kind: 'utilization-in-band-weeks',
  label: 'Steady weeks',
  target: 8,
  unit: 'weeks',
  createdBy: 'ops-admin@group',
  createdAt: '2026-10-01T08:00:00.000Z',
  shown: true,
  period: { kind: 'week', lastCompleteWeek: { from: '2026-11-16', to: '2026-11-22', utilizationRate: 0.7812 } },
  band: { targetLow: DEFAULT_BAND.targetLow, targetHigh: DEFAULT_BAND.targetHigh },
  progress: { value: 3, target: 8, fraction: 0.375, achieved: false },
  streak: { current: 3, longest: 5, unit: 'weeks', since: '2026-11-02' },
  milestones: [
    { label: '1 week in the band', weeks: 1, reached: true, reachedOn: '2026-11-08' },
    { label: '8 weeks in the band', weeks: 8, reached: false, reachedOn: null },
  ],
  text: `Utilization has been within the target band (${percentRangeText(DEFAULT_BAND.targetLow, DEFAULT_BAND.targetHigh)}) for 3 weeks running, up to the week of 16 November 2026. Goal: 8 weeks.`,
};

/**
 * Team goals: opt-in per clinic (ops:admin), for the team as a whole — never for or between individual providers, no ranks,
 * no leaderboards; a goal whose period was worked by fewer than 3 providers is not shown.
 */
@ApiTags('goals')
@Controller('api/v1/ops/utilization/goals')
export class GoalsController {
  constructor(
    private readonly scope: ClinicScope,
    private readonly goals: GoalsService,
  ) {}

  @Get()
  @RequirePermissions('ops:view_analytics')
  @ApiOperation({
    operationId: 'getGoals',
    summary: 'Team goals of the clinics granted, with progress, streaks and milestones',
    description:
      "For each clinic: whether it opted in to team goals and, if so, its goals. Figures come from the rolled-up clinic rows, in the clinic's local " +
      'calendar (ISO weeks, calendar months; "this month" is the one holding the clinic\'s local today). A goal whose period was worked by fewer than ' +
      `${MIN_TEAM} providers answers only \`shown: false\` with the reason. Nothing here is per provider. \`asOf\` (an instant) evaluates the goals as at that moment.`,
  })
  @ApiOkResponse({
    type: GoalsResponse,
    description: 'Goals and progress per clinic',
    example: {
      asOf: '2026-11-24T15:00:00.000Z',
      clinics: [
        { clinicId: 'clinic-a', clinicName: 'Lakeview Orthodontics', timeZone: 'America/Chicago', today: '2026-11-24', optedIn: true, goals: [GOAL_EXAMPLE] },
      ],
    },
  })
  @ApiBadRequestResponse({ type: ErrorBody })
  async list(@Query() q: GoalsQuery, @CurrentPrincipal() who: Principal) {
    const clinics = await this.scope.clinicsInScope(who, q.clinicId);
    const asOf = q.asOf ? new Date(q.asOf) : new Date();
    return { asOf: asOf.toISOString(), clinics: await this.goals.progress(clinics, asOf) };
  }

  @Put(':clinicId/opt-in')
  @RequirePermissions('ops:admin')
  @ApiOperation({
    operationId: 'putGoalsOptIn',
    summary: 'Turn team goals on or off for a clinic',
    description: "Off hides the clinic's goals (they are kept and come back when turned on again).",
  })
  @ApiOkResponse({
    type: GoalOptIn,
    description: 'The opt-in as stored',
    example: { clinicId: 'clinic-a', optedIn: true, enabledBy: 'ops-admin@group', enabledAt: '2026-11-30T09:12:00.000Z' },
  })
  @ApiBadRequestResponse({ type: ErrorBody })
  @ApiNotFoundResponse({ type: ErrorBody })
  async optIn(@Param() { clinicId }: ClinicIdParam, @Body() b: OptInBody, @CurrentPrincipal() who: Principal) {
    assertClinicAccess(who, [clinicId]);
    if (!(await this.goals.clinicExists(clinicId))) throw new NotFoundException(`No clinic ${clinicId}`);
    const row = await this.goals.setOptIn(clinicId, b.enabled, who.sub);
    return { clinicId, optedIn: !!row, enabledBy: row?.enabledBy ?? null, enabledAt: row?.enabledAt ?? null };
  }

  @Post()
  @RequirePermissions('ops:admin')
  @ApiOperation({
    operationId: 'postGoal',
    summary: 'Set a goal for the team of a clinic that opted in',
    description:
      'Kinds: ' +
      Object.entries(GOAL_KINDS)
        .map(([k, v]) => `\`${k}\` — ${v.describe}`)
        .join(' ') +
      ' A goal is always for the whole team: there is no provider field (an unknown field is refused).',
  })
  @ApiCreatedResponse({
    type: TeamGoal,
    description: 'The goal as stored',
    example: {
      id: '5c3f0a8e-2b1d-4d6e-9f0a-7e2b4c1d9a33',
      clinicId: 'clinic-a',
      kind: 'no-show-rate-below',
      target: 0.06,
      label: 'Fewer empty chairs',
      createdBy: 'ops-admin@group',
      createdAt: '2026-11-30T09:12:00.000Z',
    },
  })
  @ApiBadRequestResponse({ type: ErrorBody })
  @ApiConflictResponse({ type: ErrorBody, description: 'The clinic has not opted in to team goals' })
  async create(@Body() g: GoalBody, @CurrentPrincipal() who: Principal) {
    assertClinicAccess(who, [g.clinicId]);
    const opted = await this.goals.optedIn(g.clinicId);
    if (opted === undefined) throw new ValidationFailed([{ field: 'clinicId', message: `unknown clinic ${g.clinicId}` }]);
    if (!opted)
      throw new ConflictException(
        `Clinic ${g.clinicId} has not opted in to team goals; PUT /api/v1/ops/utilization/goals/${g.clinicId}/opt-in {"enabled": true} first`,
      );
    return this.goals.createGoal(g, who.sub);
  }

  @AdminDelete(':id', 'deleteGoal', 'Remove a team goal', 'a goal')
  async remove(@Param() { id: gid }: GoalIdParam, @CurrentPrincipal() who: Principal) {
    const clinicId = await this.goals.clinicOfGoal(gid);
    if (!clinicId || !canSeeClinic(who, clinicId)) throw new NotFoundException(`No team goal ${gid} among the clinics this token is granted`);
    await this.goals.deleteGoal(gid);
  }
}
