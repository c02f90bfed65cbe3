import { Injectable } from '@nestjs/common';
import type { Principal } from '../auth/auth.js';
import { PrismaService } from '../database/prisma.service.js';
import { resolveClinicScope } from './query.js';

/** The clinics a request covers, for the routes that need the list itself (not "every clinic"). */
@Injectable()
export class ClinicScope {
  constructor(private readonly prisma: PrismaService) {}

  /** The clinics asked for (checked against the grant), else every clinic the token may see. */
  async clinicsInScope(who: Principal, asked?: string[]): Promise<string[]> {
    const scope = resolveClinicScope(who, asked);
    if (scope) return scope;
    return (await this.prisma.clinic.findMany({ select: { id: true }, orderBy: { id: 'asc' } })).map((r) => r.id);
  }
}
