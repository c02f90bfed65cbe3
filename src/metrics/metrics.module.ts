import { timingSafeEqual } from 'node:crypto';
import { Controller, Get, Global, Header, Headers, Inject, Injectable, Module, NotFoundException, UnauthorizedException } from '@nestjs/common';
import { RouteConfig } from '@nestjs/platform-fastify';
import { ApiExcludeEndpoint } from '@nestjs/swagger';
import { Public } from '../auth/auth.js';
import { ENV, type Env } from '../config/env.js';
import { PrismaService } from '../database/prisma.service.js';
import {
  collectDatabaseFigures,
  recordIntake,
  recordRollupRun,
  recordUpkeep,
  registry,
  type IntakeKind,
  type IntakeOutcome,
  type RollupTrigger,
  type UpkeepKind,
} from './figures.js';

/** The figures for injection: the same process-wide registry as the `record…` functions of figures.ts. */
@Injectable()
export class MetricsService {
  intake(kind: IntakeKind, counts: Partial<Record<IntakeOutcome, number>>): void {
    recordIntake(kind, counts);
  }
  rollupRun(trigger: RollupTrigger, startedAt: Date | number, clinicDays: number, failed = 0): void {
    recordRollupRun(trigger, startedAt, clinicDays, failed);
  }
  /** One statistics upkeep run: `ANALYZE table` (kind analyze) or `VACUUM table` (kind vacuum). */
  upkeep(kind: UpkeepKind, table: string): void {
    recordUpkeep(kind, table);
  }
}

/**
 * GET /metrics, Prometheus text format. Outside the bearer-JWT scheme of /api/v1 (@Public) but never open:
 * it exists only when METRICS_TOKEN is set (404 otherwise) and answers 401 unless `Authorization: Bearer <METRICS_TOKEN>`.
 * Not rate-limited (a scraper must not be locked out by the API's limit) and not counted in the HTTP histogram.
 */
@Public()
@Controller('metrics')
export class MetricsController {
  private readonly token: Buffer | null;
  constructor(
    private readonly prisma: PrismaService,
    @Inject(ENV) private readonly env: Env,
  ) {
    this.token = env.METRICS_TOKEN ? Buffer.from(`Bearer ${env.METRICS_TOKEN}`) : null;
  }

  @Get()
  @ApiExcludeEndpoint()
  @RouteConfig({ rateLimit: false })
  @Header('Cache-Control', 'no-store')
  @Header('Content-Type', registry.contentType)
  async scrape(@Headers('authorization') authorization: string | undefined): Promise<string> {
    if (!this.token) throw new NotFoundException('Cannot GET /metrics: set METRICS_TOKEN to serve the figures');
    const given = Buffer.from(authorization ?? '');
    if (given.length !== this.token.length || !timingSafeEqual(given, this.token))
      throw new UnauthorizedException('GET /metrics needs Authorization: Bearer <METRICS_TOKEN>');
    await collectDatabaseFigures(this.prisma, this.env.ROLLUP_GRACE_MINUTES);
    return registry.metrics();
  }
}

@Global()
@Module({ controllers: [MetricsController], providers: [MetricsService], exports: [MetricsService] })
export class MetricsModule {}
