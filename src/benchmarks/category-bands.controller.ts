import { Body, Controller, Delete, Get, HttpCode, NotFoundException, Param, Put } from '@nestjs/common';
import { ApiBadRequestResponse, ApiNoContentResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { DEFAULT_BAND } from '../domain/band.js';
import { assertClinicAccess, CurrentPrincipal, RequirePermissions, type Principal } from '../auth/auth.js';
import { ErrorBody, ValidationFailed } from '../common/errors.js';
import { RESOURCE_CATEGORIES } from '../domain/resources.js';
import { ClinicIdParam } from '../common/query.dto.js';
import { BandBody, ClinicCategoryParams } from './benchmarks.dto.js';
import { CategoryBand, CategoryBands } from './benchmarks.responses.js';
import { CategoryBandsService } from './category-bands.service.js';

const EXAMPLE = {
  clinicId: 'clinic-a',
  category: 'hygiene',
  lowThreshold: 0.75,
  targetLow: 0.85,
  targetHigh: 0.92,
  riskThreshold: 0.96,
  updatedBy: 'ops-admin@group',
  updatedAt: '2026-11-30T09:12:00.000Z',
};

/** Bands per category of chair (hygiene chairs run fuller than the clinic's default 70–85 %); a resource without a category band uses the clinic's. */
@ApiTags('settings')
@Controller('api/v1/ops/utilization/settings/:clinicId/categories')
export class CategoryBandsController {
  constructor(private readonly bands: CategoryBandsService) {}

  @Get()
  @RequirePermissions('ops:view_analytics')
  @ApiOperation({
    operationId: 'getCategoryBands',
    summary: "A clinic's bands per category of chair, its own band, and the categories its resources carry",
    description: "Resources of a category with a band are judged by it (headline byCategory, /chairs); the others by the clinic's band.",
  })
  @ApiOkResponse({
    type: CategoryBands,
    description: 'The bands',
    example: {
      clinicId: 'clinic-a',
      clinicBand: DEFAULT_BAND,
      categoriesInUse: ['hygiene', 'orthodontic'],
      knownCategories: [...RESOURCE_CATEGORIES],
      items: [EXAMPLE],
    },
  })
  @ApiNotFoundResponse({ type: ErrorBody })
  async get(@Param() { clinicId }: ClinicIdParam, @CurrentPrincipal() who: Principal) {
    assertClinicAccess(who, [clinicId]);
    const clinicBand = await this.bands.clinicBand(clinicId);
    const inUse = await this.bands.categoriesInUse(clinicId);
    return { clinicId, clinicBand, categoriesInUse: inUse, knownCategories: RESOURCE_CATEGORIES, items: await this.bands.list(clinicId) };
  }

  @Put(':category')
  @RequirePermissions('ops:admin')
  @ApiOperation({
    operationId: 'putCategoryBand',
    summary: 'Set the band of one category of chair at a clinic',
    description:
      "Fractions as in the clinic settings; thresholds not sent are taken from the category's current band, else from the clinic's. They must keep " +
      'lowThreshold ≤ targetLow ≤ targetHigh ≤ riskThreshold. The headline (byCategory) and /chairs judge the resources of that category by it.',
  })
  @ApiOkResponse({ type: CategoryBand, description: 'The band as stored', example: EXAMPLE })
  @ApiBadRequestResponse({ type: ErrorBody })
  @ApiNotFoundResponse({ type: ErrorBody })
  async put(@Param() { clinicId, category: cat }: ClinicCategoryParams, @Body() patch: BandBody, @CurrentPrincipal() who: Principal) {
    assertClinicAccess(who, [clinicId]);
    if (!Object.keys(patch).length) throw new ValidationFailed([{ field: '(body)', message: 'send at least one threshold' }]);
    const base = (await this.bands.list(clinicId)).find((b) => b.category === cat) ?? (await this.bands.clinicBand(clinicId)) ?? DEFAULT_BAND;
    const next = { lowThreshold: base.lowThreshold, targetLow: base.targetLow, targetHigh: base.targetHigh, riskThreshold: base.riskThreshold, ...patch };
    if (!(next.lowThreshold <= next.targetLow && next.targetLow <= next.targetHigh && next.targetHigh <= next.riskThreshold)) {
      throw new ValidationFailed([
        {
          field: 'targetLow',
          message: `thresholds must keep lowThreshold (${next.lowThreshold}) ≤ targetLow (${next.targetLow}) ≤ targetHigh (${next.targetHigh}) ≤ riskThreshold (${next.riskThreshold})`,
        },
      ]);
    }
    await this.bands.upsert(clinicId, cat, next, who.sub);
    return (await this.bands.list(clinicId)).find((b) => b.category === cat);
  }

  @Delete(':category')
  @HttpCode(204)
  @RequirePermissions('ops:admin')
  @ApiOperation({
    operationId: 'deleteCategoryBand',
    summary: "Remove a category's band: its resources are judged by the clinic's band again",
    description: 'Answers 204; 404 when the category has no band at that clinic.',
  })
  @ApiNoContentResponse({ description: 'Removed' })
  @ApiNotFoundResponse({ type: ErrorBody })
  async remove(@Param() { clinicId, category: cat }: ClinicCategoryParams, @CurrentPrincipal() who: Principal) {
    assertClinicAccess(who, [clinicId]);
    if (!(await this.bands.remove(clinicId, cat))) throw new NotFoundException(`Clinic ${clinicId} has no band for category ${cat}`);
  }
}
