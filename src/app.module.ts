import { type DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD } from '@nestjs/core';
import { ScheduleModule } from '@nestjs/schedule';
import { TerminusModule } from '@nestjs/terminus';
import { AuthGuard, TokenVerifier } from './auth/auth.js';
import { AuthModule } from './auth/clinic-scope.js';
import { AllExceptionsFilter } from './common/errors.js';
import { ENV, type Env } from './config/env.js';
import { PrismaModule } from './database/prisma.module.js';
import { HealthController } from './health/health.controller.js';
import { MetricsModule } from './metrics/metrics.module.js';
import { IntakeModule } from './intake/intake.module.js';
import { RollupModule } from './rollup/rollup.module.js';
import { AnalyticsModule } from './analytics/analytics.module.js';
import { CapacityModule } from './capacity/capacity.module.js';
import { ProvidersModule } from './providers/providers.module.js';
import { TrendsModule } from './trends/trends.module.js';
import { UtilizationModule } from './utilization/utilization.module.js';
import { AdminModule } from './admin/admin.module.js';
import { BenchmarksModule } from './benchmarks/benchmarks.module.js';
import { GoalsModule } from './goals/goals.module.js';
import { OpenDentalModule } from './connectors/opendental/opendental.module.js';

@Module({})
export class AppModule {
  static forRoot(env: Env): DynamicModule {
    return {
      module: AppModule,
      global: true,
      imports: [
        ScheduleModule.forRoot(),
        TerminusModule.forRoot({ errorLogStyle: 'json' }),
        PrismaModule,
        AuthModule,
        MetricsModule,
        IntakeModule,
        RollupModule,
        UtilizationModule,
        ProvidersModule,
        TrendsModule,
        CapacityModule,
        AnalyticsModule,
        BenchmarksModule,
        GoalsModule,
        AdminModule,
        OpenDentalModule,
      ],
      controllers: [HealthController],
      providers: [
        { provide: ENV, useValue: env },
        TokenVerifier,
        { provide: APP_GUARD, useClass: AuthGuard },
        { provide: APP_FILTER, useClass: AllExceptionsFilter },
      ],
      exports: [ENV, TokenVerifier],
    };
  }
}
