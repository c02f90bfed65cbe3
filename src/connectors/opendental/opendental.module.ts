import { Module } from '@nestjs/common';
import { IntakeModule } from '../../intake/intake.module.js';
import { OpenDentalRunner } from './runner.js';
import { SourcesController } from './sources.controller.js';
import { OpenDentalSyncService } from './sync.service.js';

/** Reads Open Dental databases (OPENDENTAL.md) and sends what it finds through the intake. */
@Module({
  imports: [IntakeModule],
  controllers: [SourcesController],
  providers: [OpenDentalSyncService, OpenDentalRunner],
  exports: [OpenDentalSyncService, OpenDentalRunner],
})
export class OpenDentalModule {}
