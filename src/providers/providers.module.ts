import { Module } from '@nestjs/common';
import { UtilizationModule } from '../utilization/utilization.module.js';
import { ProvidersController } from './providers.controller.js';

@Module({ imports: [UtilizationModule], controllers: [ProvidersController] })
export class ProvidersModule {}
