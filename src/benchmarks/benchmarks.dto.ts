import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Closed } from '../common/dto.js';
import { fraction, oneOf, Rule, text, uuid, type Issue } from '../common/rules.js';
import type { CrossChecked } from '../common/validation.js';
import { resourceCategory } from '../common/rules.js';
import { RESOURCE_CATEGORIES } from '../domain/resources.js';
import { MAX_TEXT } from '../common/text.js';
import { ClinicIdParam } from '../common/query.dto.js';
import { BENCHMARKABLE_METRICS } from './catalogue.js';

/** POST /api/v1/ops/utilization/benchmarks/group */
@Closed({ example: { clinicId: 'clinic-a', metric: 'noShowRate', low: 0.05, label: 'internal target', note: 'agreed at the October managers meeting' } })
export class GroupBenchmarkBody implements CrossChecked {
  @ApiProperty({ type: 'string', minLength: 1, maxLength: MAX_TEXT, description: 'The clinic the benchmark is for', example: 'clinic-a' })
  @Rule('text', text('clinic id'))
  clinicId!: string;

  @ApiProperty({ type: 'string', enum: BENCHMARKABLE_METRICS, description: 'A rate metric (a fraction)' })
  @Rule('metric', oneOf(BENCHMARKABLE_METRICS, `must be one of ${BENCHMARKABLE_METRICS.join(', ')}`))
  metric!: string;

  @ApiPropertyOptional({
    type: 'string',
    nullable: true,
    description: `Only chairs of this category, e.g. ${RESOURCE_CATEGORIES.slice(0, 5).join(', ')}`,
    example: 'hygiene',
  })
  @Rule('category', resourceCategory, { optional: true, nullable: true })
  category?: string | null;

  @ApiProperty({ type: 'number', minimum: 0, maximum: 1, description: 'The value, or the low end of a range (a fraction, 0.07 = 7 %)', example: 0.05 })
  @Rule('fraction', fraction('0.07 = 7 %'))
  low!: number;

  @ApiPropertyOptional({ type: 'number', minimum: 0, maximum: 1, description: 'The high end of a range (not below low)', example: 0.07 })
  @Rule('fraction', fraction('0.07 = 7 %'), { optional: true })
  high?: number;

  @ApiProperty({ type: 'string', minLength: 1, maxLength: 120, description: 'e.g. "internal target" or "peer group median"', example: 'internal target' })
  @Rule('text', text('label, e.g. "internal target" or "peer group median"', 120))
  label!: string;

  @ApiPropertyOptional({ type: 'string', minLength: 1, maxLength: 500, example: 'agreed at the October managers meeting' })
  @Rule('text', text('note', 500), { optional: true })
  note?: string;

  crossCheck(): Issue[] {
    return this.high === undefined || this.low <= this.high ? [] : [{ path: ['high'], message: 'must not be below low' }];
  }
}

/** DELETE /api/v1/ops/utilization/benchmarks/group/{id} */
export class GroupBenchmarkIdParam {
  @ApiProperty({ type: 'string', format: 'uuid', description: 'The group benchmark id (UUID)' })
  @Rule('uuid', uuid('the id of a group benchmark'))
  id!: string;
}

/** {clinicId} and {category} of /settings/{clinicId}/categories/{category} */
export class ClinicCategoryParams extends ClinicIdParam {
  @ApiProperty({ type: 'string', pattern: '^[a-z][a-z0-9-]{0,39}$', description: `e.g. ${RESOURCE_CATEGORIES.slice(0, 5).join(', ')}`, example: 'hygiene' })
  @Rule('category', resourceCategory)
  category!: string;
}

/** Thresholds of a band (fractions; the ones not sent keep their value). */
@Closed({ example: { lowThreshold: 0.75, targetLow: 0.85, targetHigh: 0.92, riskThreshold: 0.96 } })
export class BandBody {
  @ApiPropertyOptional({ type: 'number', minimum: 0, maximum: 1, example: 0.75 })
  @Rule('fraction', fraction(), { optional: true })
  lowThreshold?: number;

  @ApiPropertyOptional({ type: 'number', minimum: 0, maximum: 1, example: 0.85 })
  @Rule('fraction', fraction(), { optional: true })
  targetLow?: number;

  @ApiPropertyOptional({ type: 'number', minimum: 0, maximum: 1, example: 0.92 })
  @Rule('fraction', fraction(), { optional: true })
  targetHigh?: number;

  @ApiPropertyOptional({ type: 'number', minimum: 0, maximum: 1, example: 0.96 })
  @Rule('fraction', fraction(), { optional: true })
  riskThreshold?: number;
}
