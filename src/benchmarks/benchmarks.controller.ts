import { Body, Controller, Delete, Get, HttpCode, NotFoundException, Param, Post, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiBody, ApiCreatedResponse, ApiNoContentResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiParam, ApiQuery, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { assertClinicAccess, canSeeClinic, CurrentPrincipal, RequirePermissions, type Principal } from '../auth/auth.js';
import { ErrorBody, ValidationFailed } from '../common/errors.js';
import { parseOrThrow } from '../common/validation.js';
import { resourceCategory, text } from '../intake/schemas.js';
import { ClinicScope } from '../utilization/clinic-scope.js';
import { idList } from '../utilization/query.js';
import { BENCHMARKABLE_METRICS, loadCatalogue } from './catalogue.js';
import { GroupBenchmarksService } from './group-benchmarks.service.js';

const fraction = z.number({ error: 'must be a number between 0 and 1 (a fraction, 0.07 = 7 %)' }).min(0).max(1);

export const groupBenchmarkBody = z
  .strictObject({
    clinicId: text('clinic id'),
    metric: z.enum(BENCHMARKABLE_METRICS as [string, ...string[]], { error: `must be one of ${BENCHMARKABLE_METRICS.join(', ')}` }),
    category: resourceCategory.nullable().optional(),
    low: fraction,
    high: fraction.optional(),
    label: text('label, e.g. "internal target" or "peer group median"', 120),
    note: text('note', 500).optional(),
  })
  .refine((b) => b.high === undefined || b.low <= b.high, { path: ['high'], message: 'must not be below low' });

const clinicQuery = z.strictObject({ clinicId: idList.optional() });
const idParam = z.uuid({ error: 'must be the id (a UUID) of a group benchmark' });

const GROUP_EXAMPLE = {
  id: '0b7d3f4e-1c2a-4e55-9d7b-2f7c1e9a6b10', clinicId: 'clinic-a', metric: 'noShowRate', category: null, low: 0.05, high: 0.05,
  label: 'internal target', note: 'agreed at the October managers meeting', createdBy: 'ops-admin@group', createdAt: '2026-11-30T09:12:00.000Z',
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
    summary: 'The benchmark catalogue and the group benchmarks of the clinics granted',
    description:
      'Published industry figures shipped with the service (`catalogue`: metric, value or range, population, year, source name and address, ' +
      'whether it is a vendor\'s figure, how its definition differs from ours, and what could be verified), and the benchmarks the group set ' +
      'for the clinics asked (default: every clinic the token is granted). The headline, chairs and report show them beside the clinic\'s figures.',
  })
  @ApiQuery({ name: 'clinicId', required: false, description: 'Clinic id(s), comma-separated; default: every clinic the token is granted' })
  @ApiOkResponse({
    schema: {
      example: {
        catalogue: { schemaVersion: 1, catalogueVersion: '2026-12-01', entries: [{ id: 'hs1-catalyst-2026-no-show', metric: 'noShowRate', value: 0.03, year: 2026, source: { shortName: 'Henry Schein One 2026', url: 'https://www.henryscheinone.com/…', vendor: true } }] },
        group: [GROUP_EXAMPLE],
      },
    },
  })
  @ApiBadRequestResponse({ type: ErrorBody })
  async list(@Query() query: Record<string, unknown>, @CurrentPrincipal() who: Principal) {
    const q = parseOrThrow(clinicQuery, query, 'query');
    const clinics = await this.scope.clinicsInScope(who, q.clinicId);
    return { catalogue: loadCatalogue(), group: await this.groups.list(clinics) };
  }

  @Get('group')
  @RequirePermissions('ops:admin')
  @ApiOperation({ summary: "The group's own benchmarks, with who set them and when" })
  @ApiQuery({ name: 'clinicId', required: false, description: 'Clinic id(s), comma-separated; default: every clinic the token is granted' })
  @ApiOkResponse({ schema: { example: { items: [GROUP_EXAMPLE] } } })
  @ApiBadRequestResponse({ type: ErrorBody })
  async listGroup(@Query() query: Record<string, unknown>, @CurrentPrincipal() who: Principal) {
    const q = parseOrThrow(clinicQuery, query, 'query');
    const clinics = await this.scope.clinicsInScope(who, q.clinicId);
    return { items: await this.groups.list(clinics) };
  }

  @Post('group')
  @RequirePermissions('ops:admin')
  @ApiOperation({
    summary: 'Add a benchmark of the group (an internal target, a peer group) for one clinic',
    description:
      '`metric` is one of the rate metrics (fractions: utilizationRate, scheduledUtilizationRate, downtimeRate, noShowRate); `low` alone is a single ' +
      'value, `low`–`high` a range; `category` ties it to one category of chair (e.g. hygiene). The token\'s subject is recorded as who set it.',
  })
  @ApiBody({ schema: { type: 'object', example: { clinicId: 'clinic-a', metric: 'noShowRate', low: 0.05, label: 'internal target', note: 'agreed at the October managers meeting' } } })
  @ApiCreatedResponse({ schema: { example: GROUP_EXAMPLE } })
  @ApiBadRequestResponse({ type: ErrorBody })
  async create(@Body() body: unknown, @CurrentPrincipal() who: Principal) {
    const b = parseOrThrow(groupBenchmarkBody, body, 'group benchmark');
    assertClinicAccess(who, [b.clinicId]);
    if (!(await this.groups.clinicExists(b.clinicId))) throw new ValidationFailed([{ field: 'clinicId', message: `unknown clinic ${b.clinicId}` }]);
    return this.groups.create(b, who.sub);
  }

  @Delete('group/:id')
  @HttpCode(204)
  @RequirePermissions('ops:admin')
  @ApiOperation({ summary: 'Remove a benchmark of the group', description: 'Only a benchmark of a clinic the token is granted; others answer 404 as if they did not exist.' })
  @ApiParam({ name: 'id', description: 'The group benchmark id (UUID)' })
  @ApiNoContentResponse({ description: 'Removed' })
  @ApiNotFoundResponse({ type: ErrorBody })
  @ApiBadRequestResponse({ type: ErrorBody })
  async remove(@Param('id') id: string, @CurrentPrincipal() who: Principal) {
    const gid = parseOrThrow(idParam, id, 'id');
    const clinicId = await this.groups.clinicOf(gid);
    if (!clinicId || !canSeeClinic(who, clinicId)) throw new NotFoundException(`No group benchmark ${gid} among the clinics this token is granted`);
    await this.groups.remove(gid);
  }
}
