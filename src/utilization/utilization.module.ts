import { Module } from '@nestjs/common';
import { AnalyticsController } from './analytics.controller.js';
import { RowsController } from './rows.controller.js';
import { RowsService } from './rows.service.js';

@Module({ controllers: [RowsController, AnalyticsController], providers: [RowsService], exports: [RowsService] })
export class UtilizationModule {}
