import { ForbiddenException, Injectable } from '@nestjs/common';
import { canSeeClinic, type Principal } from '../auth/auth.js';
import { ValidationFailed } from '../common/errors.js';
import { Prisma, PrismaService } from '../database/prisma.service.js';

/** The checks that ids named in a request are visible to the token (one statement each). */
@Injectable()
export class ProviderAccess {
  constructor(private readonly prisma: PrismaService) {}

  /** See assertProvidersVisible. */
  async assertProvidersVisible(who: Principal, ids: string[] | undefined, field = 'providerId'): Promise<void> {
    if (!ids?.length) return;
    const rows = await this.prisma.$queryRaw<{ id: string; clinics: string[] }[]>(Prisma.sql`
      SELECT p.id, coalesce(json_agg(pc.clinic_id) FILTER (WHERE pc.clinic_id IS NOT NULL), '[]') AS clinics
       FROM provider p LEFT JOIN provider_clinic pc ON pc.provider_id = p.id
       WHERE p.id = ANY(${ids}::text[]) GROUP BY p.id`);
    assertProvidersVisible(who, ids, new Map(rows.map((r) => [r.id, r.clinics])), field);
  }

  /** See assertResourcesVisible. */
  async assertResourcesVisible(who: Principal, ids: string[] | undefined, asked: string[] | undefined, field = 'resourceId'): Promise<void> {
    if (!ids?.length) return;
    const rows = await this.prisma.resource.findMany({ where: { id: { in: ids } }, select: { id: true, clinicId: true } });
    assertResourcesVisible(who, ids, asked, new Map(rows.map((r) => [r.id, r.clinicId])), field);
  }
}

/**
 * Every provider id asked for must belong (provider_clinic) to a clinic the token is granted: 403 otherwise.
 * An unknown id is a 400 for a token granted every clinic; for a token limited to some clinics it is the same
 * 403 as a provider of another clinic, so that the answer does not reveal what exists elsewhere.
 * `found`: the clinics of each provider id that exists.
 */
export function assertProvidersVisible(who: Principal, ids: string[], found: Map<string, string[]>, field = 'providerId'): void {
  const unknown = ids.filter((id) => !found.has(id));
  if (unknown.length && who.clinicIds === null) {
    throw new ValidationFailed(unknown.map((id) => ({ field, message: `provider "${id}" does not exist; check the id` })));
  }
  const denied = ids.filter((id) => !(found.get(id) ?? []).some((c) => canSeeClinic(who, c)));
  if (denied.length) {
    throw new ForbiddenException(`The token is not granted a clinic of provider ${denied.join(', ')} (or it does not exist); ask for a token whose clinicIds include the provider's clinic`);
  }
}

/** The same for resource ids (`found`: the clinic of each resource id that exists); with clinicIds asked, each resource must also be in one of them (400). */
export function assertResourcesVisible(who: Principal, ids: string[], asked: string[] | undefined, found: Map<string, string>, field = 'resourceId'): void {
  const unknown = ids.filter((id) => !found.has(id));
  if (unknown.length && who.clinicIds === null) {
    throw new ValidationFailed(unknown.map((id) => ({ field, message: `resource "${id}" does not exist; check the id` })));
  }
  const denied = ids.filter((id) => !found.has(id) || !canSeeClinic(who, found.get(id)!));
  if (denied.length) {
    throw new ForbiddenException(`The token is not granted the clinic of resource ${denied.join(', ')} (or it does not exist); ask for a token whose clinicIds include it`);
  }
  if (asked?.length) {
    const outside = ids.filter((id) => !asked.includes(found.get(id)!));
    if (outside.length) {
      throw new ValidationFailed(outside.map((id) => ({ field, message: `resource "${id}" belongs to clinic "${found.get(id)}", which is not in clinicId; add that clinic or remove the resource` })));
    }
  }
}
