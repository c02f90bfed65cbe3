import { Module } from '@nestjs/common';
import { CapacityController } from './capacity.controller.js';
import { CapacityRepository } from './capacity.load.js';
import { CapacityService } from './capacity.service.js';
import { HeatmapService } from './heatmap.js';
import { SuggestionEngine } from './suggestions.js';

/**
 * GET /api/v1/ops/utilization/capacity: peak/low heatmap, 30/60/90-day projections with intervals, what-if, backtest, suggestions.
 * Exports the one heatmap and the one suggestion engine (the report uses both).
 */
@Module({
  controllers: [CapacityController],
  providers: [CapacityService, CapacityRepository, HeatmapService, SuggestionEngine],
  exports: [CapacityService, CapacityRepository, HeatmapService, SuggestionEngine],
})
export class CapacityModule {}
