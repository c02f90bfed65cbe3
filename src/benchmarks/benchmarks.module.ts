import { Module, type OnModuleInit } from '@nestjs/common';
import { BenchmarksController } from './benchmarks.controller.js';
import { loadCatalogue } from './catalogue.js';
import { CategoryBandsController } from './category-bands.controller.js';
import { CategoryBandsService } from './category-bands.service.js';
import { GroupBenchmarksService } from './group-benchmarks.service.js';

/** Benchmarks (catalogue and group benchmarks) and bands per category of chair (issue 14). */
@Module({
  controllers: [BenchmarksController, CategoryBandsController],
  providers: [GroupBenchmarksService, CategoryBandsService],
})
export class BenchmarksModule implements OnModuleInit {
  /** A catalogue that is missing or invalid stops the service at start-up, naming the entry and field (not a 500 later). */
  onModuleInit(): void {
    loadCatalogue();
  }
}
