import { Module } from '@nestjs/common';
import { TrendsController } from './trends.controller.js';

@Module({ controllers: [TrendsController] })
export class TrendsModule {}
