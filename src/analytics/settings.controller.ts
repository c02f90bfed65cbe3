import { Body, Controller, Get, Param, Put } from '@nestjs/common';
import { ApiBadRequestResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { assertClinicAccess, CurrentPrincipal, RequirePermissions, type Principal } from '../auth/auth.js';
import { ErrorBody, ValidationFailed } from '../common/errors.js';
import { ClinicIdParam } from '../common/query.dto.js';
import { SettingsBody } from './analytics.dto.js';
import { ClinicSettings } from './analytics.responses.js';
import { SettingsService } from './settings.service.js';
import { DEFAULT_BAND } from '../domain/band.js';

const EXAMPLE: {
  clinicId: string;
  lowThreshold: number;
  targetLow: number;
  targetHigh: number;
  riskThreshold: number;
  minSlotMinutes: number;
  currency: string | null;
} = {
  clinicId: 'clinic-a',
  ...DEFAULT_BAND,
  minSlotMinutes: 15,
  currency: 'USD',
};

/** Per-clinic thresholds of the utilization band and the minimum bookable slot. */
@ApiTags('settings')
@Controller('api/v1/ops/utilization/settings')
export class SettingsController {
  constructor(private readonly settings: SettingsService) {}

  @Get(':clinicId')
  @RequirePermissions('ops:view_analytics')
  @ApiOperation({
    operationId: 'getSettings',
    summary: "A clinic's utilization band, minimum bookable slot and currency",
    description: 'The thresholds of the band (fractions of 1), the minimum bookable slot and the currency of production values.',
  })
  @ApiOkResponse({ type: ClinicSettings, description: 'The settings', example: EXAMPLE })
  @ApiNotFoundResponse({ type: ErrorBody })
  get(@Param() { clinicId }: ClinicIdParam, @CurrentPrincipal() who: Principal) {
    assertClinicAccess(who, [clinicId]);
    return this.settings.read(clinicId);
  }

  @Put(':clinicId')
  @RequirePermissions('ops:admin')
  @ApiOperation({
    operationId: 'putSettings',
    summary: "Change a clinic's utilization band, minimum bookable slot or currency",
    description:
      'Fractions: below `lowThreshold` is `low` (optimization suggestions), up to `targetLow` `below-target`, `targetLow`–`targetHigh` `on-target`, ' +
      'up to `riskThreshold` `high`, above it `overbooking-risk`. They must keep lowThreshold ≤ targetLow ≤ targetHigh ≤ riskThreshold. ' +
      'A new minimum slot recomputes the short-gap view of the days already computed. ' +
      '`currency` (ISO 4217, e.g. "EUR"; null to unset) is the currency of the clinic\'s production values, shown with them.',
  })
  @ApiOkResponse({ type: ClinicSettings, description: 'The settings as changed', example: EXAMPLE })
  @ApiBadRequestResponse({ type: ErrorBody })
  @ApiNotFoundResponse({ type: ErrorBody })
  async put(@Param() { clinicId }: ClinicIdParam, @Body() patch: SettingsBody, @CurrentPrincipal() who: Principal) {
    assertClinicAccess(who, [clinicId]);
    const current = await this.settings.read(clinicId);
    const next = { ...current, ...patch };
    if (!(next.lowThreshold <= next.targetLow && next.targetLow <= next.targetHigh && next.targetHigh <= next.riskThreshold)) {
      throw new ValidationFailed([
        {
          field: 'targetLow',
          message: `thresholds must keep lowThreshold (${next.lowThreshold}) ≤ targetLow (${next.targetLow}) ≤ targetHigh (${next.targetHigh}) ≤ riskThreshold (${next.riskThreshold})`,
        },
      ]);
    }
    await this.settings.write(clinicId, next, next.minSlotMinutes !== current.minSlotMinutes);
    return this.settings.read(clinicId);
  }
}
