import { Module } from '@nestjs/common';
import { RollupController } from './rollup.controller.js';
import { RollupScheduler } from './rollup.scheduler.js';
import { RollupService } from './rollup.service.js';

@Module({ controllers: [RollupController], providers: [RollupService, RollupScheduler], exports: [RollupService] })
export class RollupModule {}
