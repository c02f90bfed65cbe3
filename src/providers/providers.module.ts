import { Module } from '@nestjs/common';
import { ProviderAccess } from './access.js';
import { ProvidersController } from './providers.controller.js';
import { ProvidersService } from './providers.service.js';

@Module({ controllers: [ProvidersController], providers: [ProvidersService, ProviderAccess], exports: [ProvidersService, ProviderAccess] })
export class ProvidersModule {}
