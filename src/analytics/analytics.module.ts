import { Module } from '@nestjs/common';
import { CapacityModule } from '../capacity/capacity.module.js';
import { ProvidersModule } from '../providers/providers.module.js';
import { UtilizationModule } from '../utilization/utilization.module.js';
import { ClinicsController } from './clinics.controller.js';
import { HeadlineController } from './headline.controller.js';
import { HeadlineService } from './headline.service.js';
import { ProviderReportSection } from './provider-section.js';
import { ReportService } from './report.service.js';
import { ReportController } from './report.controller.js';
import { SettingsController } from './settings.controller.js';
import { SettingsService } from './settings.service.js';

@Module({
  imports: [UtilizationModule, CapacityModule, ProvidersModule],
  controllers: [HeadlineController, ReportController, SettingsController, ClinicsController],
  providers: [HeadlineService, ReportService, ProviderReportSection, SettingsService],
  exports: [HeadlineService, ReportService],
})
export class AnalyticsModule {}
