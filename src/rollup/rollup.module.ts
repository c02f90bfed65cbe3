import { Module } from '@nestjs/common';
import { RollupController } from './rollup.controller.js';
import { RollupScheduler } from './rollup.scheduler.js';
import { RetentionService } from './retention.service.js';
import { RollupRunsService } from './rollup-runs.service.js';
import { RollupService } from './rollup.service.js';

@Module({
  controllers: [RollupController],
  providers: [RollupService, RollupRunsService, RetentionService, RollupScheduler],
  exports: [RollupService, RollupRunsService, RetentionService],
})
export class RollupModule {}
