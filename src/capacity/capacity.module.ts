import { Module } from '@nestjs/common';
import { CapacityController } from './capacity.controller.js';

@Module({ controllers: [CapacityController] })
export class CapacityModule {}
