import { Module } from '@nestjs/common';
import { UtilizationModule } from '../utilization/utilization.module.js';
import { HeadlineController } from './headline.controller.js';
import { ReportController } from './report.controller.js';
import { SettingsController } from './settings.controller.js';

@Module({ imports: [UtilizationModule], controllers: [HeadlineController, ReportController, SettingsController] })
export class AnalyticsModule {}
