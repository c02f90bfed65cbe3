import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { mapOf } from '../common/openapi.js';

/** One check of @nestjs/terminus. */
export class HealthIndicatorResult {
  @ApiProperty({ enum: ['up', 'down'], description: 'Whether the check passed' })
  status!: 'up' | 'down';
  @ApiPropertyOptional({ enum: ['pglite', 'postgres'], description: 'The database the service runs on' })
  kind?: 'pglite' | 'postgres';
  @ApiPropertyOptional({ type: Number, description: 'Round trip of `SELECT 1`, milliseconds', example: 0.4 })
  latencyMs?: number;
  @ApiPropertyOptional({ type: Number, description: 'Time the check took as terminus measures it, milliseconds' })
  responseTime?: number;
  @ApiPropertyOptional({ type: String, description: 'Why the check failed' })
  message?: string;
}

/** The answer of the health probes (the shape of @nestjs/terminus). */
export class HealthResponse {
  @ApiProperty({ enum: ['ok', 'error', 'shutting_down'], description: '`ok` when every check passed' })
  status!: 'ok' | 'error' | 'shutting_down';
  @ApiProperty({ ...mapOf(HealthIndicatorResult, 'The checks that passed, by name (`database`)') })
  info!: Record<string, HealthIndicatorResult>;
  @ApiProperty({ ...mapOf(HealthIndicatorResult, 'The checks that failed, by name') })
  error!: Record<string, HealthIndicatorResult>;
  @ApiProperty({ ...mapOf(HealthIndicatorResult, 'Every check, by name') })
  details!: Record<string, HealthIndicatorResult>;
}
