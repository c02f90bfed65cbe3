import { ApiPropertyOptional } from '@nestjs/swagger';
import { Closed } from '../common/dto.js';
import { fraction, localDate, numberIn, rangeIssue, Rule, type Issue } from '../common/rules.js';
import type { CrossChecked } from '../common/validation.js';
import { addDays } from '../domain/calendar.js';
import { REPORT_SECTIONS } from './report.service.js';
import { BomField, ChoiceField, ClinicScopeQuery, PeriodQuery } from '../common/query.dto.js';
import { DEFAULT_BAND } from '../domain/band.js';

/** GET /api/v1/ops/utilization: clinics and an optional period (default: the 28 days up to yesterday). */
export class HeadlineQuery extends ClinicScopeQuery implements CrossChecked {
  @ApiPropertyOptional({ type: 'string', format: 'date', description: 'First local date (default: 27 days before `to`)', example: '2026-10-01' })
  @Rule('localDate', localDate, { optional: true })
  from!: string;

  @ApiPropertyOptional({
    type: 'string',
    format: 'date',
    description: 'Last local date (default: yesterday, or 27 days after `from`); at most 3 years after from',
    example: '2026-10-28',
  })
  @Rule('localDate', localDate, { optional: true })
  to!: string;

  /** Fills in the default period, then checks the range. */
  crossCheck(): Issue[] {
    const yesterday = addDays(new Date().toISOString().slice(0, 10), -1);
    this.to ??= this.from ? addDays(this.from, 27) : yesterday;
    this.from ??= addDays(this.to, -27);
    const i = rangeIssue(this);
    return i ? [i] : [];
  }
}

/** GET /api/v1/ops/utilization/report */
export class ReportQuery extends PeriodQuery {
  @ChoiceField(
    'format',
    ['json', 'csv', 'zip'],
    'json (default); csv: the `section` named, or every section in a ZIP when none is; zip: every section as its own CSV file in one ZIP',
  )
  format?: 'json' | 'csv' | 'zip';

  @ChoiceField('section', REPORT_SECTIONS, 'One section of the report as a CSV table (implies format=csv)')
  section?: (typeof REPORT_SECTIONS)[number];

  @BomField()
  bom?: 'true' | 'false';
}

const CURRENCIES = new Set(Intl.supportedValuesOf('currency'));
const currency = (v: unknown) =>
  typeof v === 'string' && /^[A-Z]{3}$/.test(v) && CURRENCIES.has(v) ? undefined : 'must be an ISO 4217 currency code such as "USD", "EUR" or "NZD"';

/** PUT /api/v1/ops/utilization/settings/{clinicId}: the settings to change (at least one). */
@Closed({ example: { targetLow: 0.75, targetHigh: 0.88 } })
export class SettingsBody implements CrossChecked {
  @ApiPropertyOptional({
    type: 'number',
    minimum: 0,
    maximum: 1,
    description: 'Below it a clinic is `low` (optimization suggestions)',
    example: DEFAULT_BAND.lowThreshold,
  })
  @Rule('fraction', fraction(), { optional: true })
  lowThreshold?: number;

  @ApiPropertyOptional({ type: 'number', minimum: 0, maximum: 1, description: 'Start of the target band', example: DEFAULT_BAND.targetLow })
  @Rule('fraction', fraction(), { optional: true })
  targetLow?: number;

  @ApiPropertyOptional({ type: 'number', minimum: 0, maximum: 1, description: 'End of the target band', example: DEFAULT_BAND.targetHigh })
  @Rule('fraction', fraction(), { optional: true })
  targetHigh?: number;

  @ApiPropertyOptional({ type: 'number', minimum: 0, maximum: 1, description: 'Above it: `overbooking-risk`', example: DEFAULT_BAND.riskThreshold })
  @Rule('fraction', fraction(), { optional: true })
  riskThreshold?: number;

  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: 240, description: 'Shortest bookable slot in minutes', example: 15 })
  @Rule('minSlotMinutes', numberIn(1, 240, 'must be a whole number of minutes from 1 to 240', true), { optional: true })
  minSlotMinutes?: number;

  @ApiPropertyOptional({
    type: 'string',
    nullable: true,
    pattern: '^[A-Z]{3}$',
    description: "ISO 4217 code of the clinic's production values; null to unset",
    example: 'EUR',
  })
  @Rule('currency', currency, { optional: true, nullable: true })
  currency?: string | null;

  crossCheck(): Issue[] {
    return Object.keys(this).length ? [] : [{ path: [], message: 'send at least one setting' }];
  }
}
