import { ApiProperty } from '@nestjs/swagger';
import { DEFAULT_BAND } from '../domain/band.js';

/** Shapes shared by the answers of several features. */

/** How a fraction reads in the descriptions. */
export const FRACTION = 'A fraction of 1 (0.7 = 70 %)';

/** Where a rate stands against the band. */
export const BAND_STATUSES = ['low', 'below-target', 'on-target', 'high', 'overbooking-risk'];
/** A period of local dates. */
export class DatePeriod {
  @ApiProperty({ type: String, format: 'date', example: '2026-10-01' })
  from!: string;
  @ApiProperty({ type: String, format: 'date', example: '2026-10-28' })
  to!: string;
  @ApiProperty({ type: 'integer', example: 28 })
  days!: number;
}

/** A range of local hours, the one shape of a span of hours in every answer. */
export class HoursRange {
  @ApiProperty({ type: String, pattern: '^\\d{2}:\\d{2}$', description: 'Local time, HH:MM', example: '14:00' })
  from!: string;
  @ApiProperty({ type: String, pattern: '^\\d{2}:\\d{2}$', description: 'Local time, HH:MM (24:00 = midnight at the end of the day)', example: '18:00' })
  to!: string;
}

/** A clinic's utilization band (fractions of 1). */
export class ClinicBand {
  @ApiProperty({ type: Number, description: `Below it the status is \`low\` (optimization suggestions). ${FRACTION}`, example: DEFAULT_BAND.lowThreshold })
  lowThreshold!: number;
  @ApiProperty({ type: Number, description: `Lower end of the target band. ${FRACTION}`, example: DEFAULT_BAND.targetLow })
  targetLow!: number;
  @ApiProperty({ type: Number, description: `Upper end of the target band. ${FRACTION}`, example: DEFAULT_BAND.targetHigh })
  targetHigh!: number;
  @ApiProperty({ type: Number, description: `Above it the status is \`overbooking-risk\`. ${FRACTION}`, example: DEFAULT_BAND.riskThreshold })
  riskThreshold!: number;
}

/** A figure against the previous period (headline, trends, providers). */
export class Change {
  @ApiProperty({ type: Number, nullable: true, description: 'Current minus previous; null when either is null' })
  absolute!: number | null;
  @ApiProperty({ type: Number, nullable: true, description: 'Change relative to the previous value; null when it is 0 or null' })
  relative!: number | null;
}
