import { Module } from '@nestjs/common';
import { AdminController } from './admin.controller.js';

/** Serves the admin dashboard (built into dist/admin by `npm run admin:build`) at /admin. */
@Module({ controllers: [AdminController] })
export class AdminModule {}
