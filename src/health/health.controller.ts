import { Controller, Get, ServiceUnavailableException } from '@nestjs/common';
import { HealthCheck, HealthCheckService, HealthIndicatorService, type HealthCheckResult } from '@nestjs/terminus';
import { ApiOkResponse, ApiOperation, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { Public } from '../auth/auth.js';
import { HealthResponse } from './health.responses.js';
import { ErrorBody } from '../common/errors.js';
import { PrismaService } from '../database/prisma.service.js';

/** Liveness and readiness on @nestjs/terminus (no auth). Its own Swagger annotations are off: ours describe the bodies. */
@ApiTags('health')
@Public()
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly indicators: HealthIndicatorService,
    private readonly prisma: PrismaService,
  ) {}

  @Get()
  @HealthCheck({ swaggerDocumentation: false, noCache: true })
  @ApiOperation({
    operationId: 'getHealth',
    summary: 'Liveness: the process is up (no auth)',
    description: 'Answers 200 as long as the process serves requests; it checks nothing else.',
  })
  @ApiOkResponse({ type: HealthResponse, description: 'The process is up', example: { status: 'ok', info: {}, error: {}, details: {} } })
  live(): Promise<HealthCheckResult> {
    return this.health.check([]);
  }

  @Get('ready')
  @HealthCheck({ swaggerDocumentation: false, noCache: true })
  @ApiOperation({
    operationId: 'getHealthReady',
    summary: 'Readiness: the database answers within 5 s (no auth)',
    description: 'Runs `SELECT 1` on the database; 503 in the usual error body when it does not answer within 5 s.',
  })
  @ApiOkResponse({
    type: HealthResponse,
    description: 'The database answers',
    example: {
      status: 'ok',
      info: { database: { status: 'up', kind: 'pglite', latencyMs: 0.4, responseTime: 0 } },
      error: {},
      details: { database: { status: 'up', kind: 'pglite', latencyMs: 0.4, responseTime: 0 } },
    },
  })
  @ApiServiceUnavailableResponse({ type: ErrorBody, description: 'The database does not answer' })
  async ready(): Promise<HealthCheckResult> {
    try {
      return await this.health.check([
        () =>
          this.indicators
            .check('database')
            .attempt(async () => {
              const t = performance.now();
              await this.prisma.$queryRaw`SELECT 1`;
              return { kind: this.prisma.kind, latencyMs: Math.round((performance.now() - t) * 100) / 100 };
            })
            .withTimeout(5_000),
      ]);
    } catch (e) {
      // terminus answers 503 with its result; the service's errors share one body, so name the failing check in it
      if (e instanceof ServiceUnavailableException) {
        const result = e.getResponse() as Partial<HealthCheckResult>;
        const why = (result.error?.database as { message?: string } | undefined)?.message ?? 'no answer';
        throw new ServiceUnavailableException(`The database does not answer: ${why}`);
      }
      throw e;
    }
  }
}
