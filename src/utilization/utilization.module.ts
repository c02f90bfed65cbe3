import { Module } from '@nestjs/common';
import { ClinicScope } from './clinic-scope.js';
import { RowsController } from './rows.controller.js';
import { RowsService } from './rows.service.js';

@Module({ controllers: [RowsController], providers: [RowsService, ClinicScope], exports: [RowsService, ClinicScope] })
export class UtilizationModule {}
