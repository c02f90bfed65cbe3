import { Body, Controller, Get, Param, Put } from '@nestjs/common';
import { ApiBadRequestResponse, ApiBody, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { assertClinicAccess, CurrentPrincipal, RequirePermissions, type Principal } from '../auth/auth.js';
import { ErrorBody, ValidationFailed } from '../common/errors.js';
import { parseOrThrow } from '../common/validation.js';
import { SettingsService } from './settings.service.js';

const fraction = z.number({ error: 'must be a number between 0 and 1 (a fraction, 0.7 = 70 %)' }).min(0).max(1);
const settingsBody = z
  .strictObject({
    lowThreshold: fraction.optional(),
    targetLow: fraction.optional(),
    targetHigh: fraction.optional(),
    riskThreshold: fraction.optional(),
    minSlotMinutes: z.number().int().min(1).max(240).optional(),
    currency: z
      .string()
      .refine((c) => /^[A-Z]{3}$/.test(c) && CURRENCIES.has(c), 'must be an ISO 4217 currency code such as "USD", "EUR" or "NZD"')
      .nullable()
      .optional(),
  })
  .refine((b) => Object.keys(b).length > 0, 'send at least one setting');

/** The currencies the runtime's Intl knows (ISO 4217): what the dashboard can format. */
const CURRENCIES = new Set(Intl.supportedValuesOf('currency'));

const EXAMPLE: { clinicId: string; lowThreshold: number; targetLow: number; targetHigh: number; riskThreshold: number; minSlotMinutes: number; currency: string | null } = {
  clinicId: 'clinic-a',
  lowThreshold: 0.65,
  targetLow: 0.7,
  targetHigh: 0.85,
  riskThreshold: 0.9,
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
  @ApiOperation({ summary: "A clinic's utilization band, minimum bookable slot and currency" })
  @ApiParam({ name: 'clinicId' })
  @ApiOkResponse({ schema: { example: EXAMPLE } })
  @ApiNotFoundResponse({ type: ErrorBody })
  get(@Param('clinicId') clinicId: string, @CurrentPrincipal() who: Principal) {
    assertClinicAccess(who, [clinicId]);
    return this.settings.read(clinicId);
  }

  @Put(':clinicId')
  @RequirePermissions('ops:admin')
  @ApiOperation({
    summary: "Change a clinic's utilization band, minimum bookable slot or currency",
    description:
      'Fractions: below `lowThreshold` is `low` (optimization suggestions), up to `targetLow` `below-target`, `targetLow`–`targetHigh` `on-target`, ' +
      'up to `riskThreshold` `high`, above it `overbooking-risk`. They must keep lowThreshold ≤ targetLow ≤ targetHigh ≤ riskThreshold. ' +
      'A new minimum slot recomputes the short-gap view of the days already computed. ' +
      '`currency` (ISO 4217, e.g. "EUR"; null to unset) is the currency of the clinic\'s production values, shown with them.',
  })
  @ApiParam({ name: 'clinicId' })
  @ApiBody({ schema: { type: 'object', example: { targetLow: 0.75, targetHigh: 0.88 } } })
  @ApiOkResponse({ schema: { example: EXAMPLE } })
  @ApiBadRequestResponse({ type: ErrorBody })
  @ApiNotFoundResponse({ type: ErrorBody })
  async put(@Param('clinicId') clinicId: string, @Body() body: unknown, @CurrentPrincipal() who: Principal) {
    assertClinicAccess(who, [clinicId]);
    const patch = parseOrThrow(settingsBody, body, 'settings');
    const current = await this.settings.read(clinicId);
    const next = { ...current, ...patch };
    if (!(next.lowThreshold <= next.targetLow && next.targetLow <= next.targetHigh && next.targetHigh <= next.riskThreshold)) {
      throw new ValidationFailed([
        { field: 'targetLow', message: `thresholds must keep lowThreshold (${next.lowThreshold}) ≤ targetLow (${next.targetLow}) ≤ targetHigh (${next.targetHigh}) ≤ riskThreshold (${next.riskThreshold})` },
      ]);
    }
    await this.settings.write(clinicId, next, next.minSlotMinutes !== current.minSlotMinutes);
    return this.settings.read(clinicId);
  }
}
