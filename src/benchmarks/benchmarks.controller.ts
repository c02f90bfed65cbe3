import { Body, Controller, Get, NotFoundException, Param, Post, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AdminDelete } from '../auth/admin-delete.js';
import { assertClinicAccess, canSeeClinic, CurrentPrincipal, RequirePermissions, type Principal } from '../auth/auth.js';
import { ErrorBody, ValidationFailed } from '../common/errors.js';
import { ClinicScope } from '../auth/clinic-scope.js';
import { ClinicScopeQuery } from '../common/query.dto.js';
import { GroupBenchmarkBody, GroupBenchmarkIdParam } from './benchmarks.dto.js';
import { loadCatalogue } from './catalogue.js';
import { GroupBenchmarksService } from './group-benchmarks.service.js';
import { BenchmarksResponse, GroupBenchmark, GroupBenchmarkList } from './benchmarks.responses.js';

const GROUP_EXAMPLE = {
  id: '0b7d3f4e-1c2a-4e55-9d7b-2f7c1e9a6b10',
  clinicId: 'clinic-a',
  metric: 'noShowRate',
  category: null,
  low: 0.05,
  high: 0.05,
  label: 'internal target',
  note: 'agreed at the October managers meeting',
  createdBy: 'ops-admin@group',
  createdAt: '2026-11-30T09:12:00.000Z',
};

/**
 * Benchmarks: the published catalogue (data/benchmarks.json) and a group's own benchmarks (internal targets, peer groups),
 * which ops:admin sets per clinic and which are kept with who set them and when.
 */
@ApiTags('benchmarks')
@Controller('api/v1/ops/utilization/benchmarks')
export class BenchmarksController {
  constructor(
    private readonly scope: ClinicScope,
    private readonly groups: GroupBenchmarksService,
  ) {}

  @Get()
  @RequirePermissions('ops:view_analytics')
  @ApiOperation({
    operationId: 'getBenchmarks',
    summary: 'The benchmark catalogue and the group benchmarks of the clinics granted',
    description:
      'Published industry figures shipped with the service (`catalogue`: metric, value or range, population, year, source name and address, ' +
      "whether it is a vendor's figure, how its definition differs from ours, and what could be verified), and the benchmarks the group set " +
      "for the clinics asked (default: every clinic the token is granted). The headline, chairs and report show them beside the clinic's figures.",
  })
  @ApiOkResponse({ type: BenchmarksResponse, description: 'The catalogue and the group benchmarks' })
  @ApiBadRequestResponse({ type: ErrorBody })
  async list(@Query() q: ClinicScopeQuery, @CurrentPrincipal() who: Principal) {
    const clinics = await this.scope.clinicsInScope(who, q.clinicId);
    return { catalogue: loadCatalogue(), group: await this.groups.list(clinics) };
  }

  @Get('group')
  @RequirePermissions('ops:admin')
  @ApiOperation({
    operationId: 'getGroupBenchmarks',
    summary: "The group's own benchmarks, with who set them and when",
    description: 'The benchmarks the group set for the clinics asked (default: every clinic the token is granted), oldest first per clinic and metric.',
  })
  @ApiOkResponse({ type: GroupBenchmarkList, description: 'The group benchmarks', example: { items: [GROUP_EXAMPLE] } })
  @ApiBadRequestResponse({ type: ErrorBody })
  async listGroup(@Query() q: ClinicScopeQuery, @CurrentPrincipal() who: Principal) {
    const clinics = await this.scope.clinicsInScope(who, q.clinicId);
    return { items: await this.groups.list(clinics) };
  }

  @Post('group')
  @RequirePermissions('ops:admin')
  @ApiOperation({
    operationId: 'postGroupBenchmark',
    summary: 'Add a benchmark of the group (an internal target, a peer group) for one clinic',
    description:
      '`metric` is one of the rate metrics (fractions: utilizationRate, scheduledUtilizationRate, downtimeRate, noShowRate); `low` alone is a single ' +
      "value, `low`–`high` a range; `category` ties it to one category of chair (e.g. hygiene). The token's subject is recorded as who set it.",
  })
  @ApiCreatedResponse({ type: GroupBenchmark, description: 'The benchmark as stored', example: GROUP_EXAMPLE })
  @ApiBadRequestResponse({ type: ErrorBody })
  async create(@Body() b: GroupBenchmarkBody, @CurrentPrincipal() who: Principal) {
    assertClinicAccess(who, [b.clinicId]);
    if (!(await this.groups.clinicExists(b.clinicId))) throw new ValidationFailed([{ field: 'clinicId', message: `unknown clinic ${b.clinicId}` }]);
    return this.groups.create(b, who.sub);
  }

  @AdminDelete('group/:id', 'deleteGroupBenchmark', 'Remove a benchmark of the group', 'a benchmark')
  async remove(@Param() { id: gid }: GroupBenchmarkIdParam, @CurrentPrincipal() who: Principal) {
    const clinicId = await this.groups.clinicOf(gid);
    if (!clinicId || !canSeeClinic(who, clinicId)) throw new NotFoundException(`No group benchmark ${gid} among the clinics this token is granted`);
    await this.groups.remove(gid);
  }
}
