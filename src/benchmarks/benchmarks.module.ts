import { Module, type OnModuleInit } from '@nestjs/common';
import { GoalsController } from '../goals/goals.controller.js';
import { GoalsService } from '../goals/goals.service.js';
import { BenchmarksController } from './benchmarks.controller.js';
import { loadCatalogue } from './catalogue.js';
import { CategoryBandsController } from './category-bands.controller.js';
import { CategoryBandsService } from './category-bands.service.js';
import { GroupBenchmarksService } from './group-benchmarks.service.js';
import { UtilizationModule } from '../utilization/utilization.module.js';

/** Benchmarks (catalogue and group benchmarks), bands per category of chair, and team goals (issue 14). */
@Module({
  imports: [UtilizationModule],
  controllers: [BenchmarksController, CategoryBandsController, GoalsController],
  providers: [GoalsService, GroupBenchmarksService, CategoryBandsService],
  exports: [GoalsService],
})
export class BenchmarksModule implements OnModuleInit {
  /** A catalogue that is missing or invalid stops the service at start-up, naming the entry and field (not a 500 later). */
  onModuleInit(): void {
    loadCatalogue();
  }
}
