import { Module } from '@nestjs/common';
import { CapacityController } from './capacity.controller.js';
import { CapacityService } from './capacity.service.js';

/** GET /api/v1/ops/utilization/capacity: peak/low heatmap, 30/60/90-day projections with intervals, what-if, backtest, suggestions. */
@Module({ controllers: [CapacityController], providers: [CapacityService], exports: [CapacityService] })
export class CapacityModule {}
