import { Module } from '@nestjs/common';
import { ProviderAccess } from '../providers/access.js';
import { TrendsController } from './trends.controller.js';
import { TrendsService } from './trends.service.js';

@Module({ controllers: [TrendsController], providers: [TrendsService, ProviderAccess] })
export class TrendsModule {}
