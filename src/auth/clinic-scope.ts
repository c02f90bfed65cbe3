import { ForbiddenException, Global, Injectable, Module } from '@nestjs/common';
import { ValidationFailed } from '../common/errors.js';
import { Prisma, PrismaService } from '../database/prisma.service.js';
import { assertClinicAccess, canSeeClinic, type Principal } from './auth.js';

/**
 * ClinicScope: the one place that answers which clinics a principal may see, and whether a clinic, resource or
 * provider named in a request is visible to it. Every feature asks it (injected; AuthModule is global) instead of
 * reading the token's clinicIds itself or asking another feature.
 *
 * The rules: a token sees the clinics of its `clinicIds` claim (null = `["*"]`, every clinic); clinics asked for must
 * each be granted (403 naming them); a resource or provider is visible when one of its clinics is; an id that does not
 * exist is a 400 for a token granted every clinic and the same 403 as a foreign one otherwise (nothing is revealed
 * about other tenants).
 */
@Injectable()
export class ClinicScope {
  constructor(private readonly prisma: PrismaService) {}

  /** May the principal see this clinic? */
  canSee(who: Principal, clinicId: string): boolean {
    return canSeeClinic(who, clinicId);
  }

  /** Every clinic must be granted: 403 naming the others. */
  assert(who: Principal, clinicIds: Iterable<string>): void {
    assertClinicAccess(who, clinicIds);
  }

  /** The clinics a listing covers: the ones asked for (each must be granted), else the granted ones; null = every clinic. */
  resolve(who: Principal, asked: string[] | undefined): string[] | null {
    return resolveClinicScope(who, asked);
  }

  /** The clinics a request covers as a list (for the routes that need the list itself, not "every clinic"). */
  async clinicsInScope(who: Principal, asked?: string[]): Promise<string[]> {
    const scope = resolveClinicScope(who, asked);
    if (scope) return scope;
    return (await this.prisma.clinic.findMany({ select: { id: true }, orderBy: { id: 'asc' } })).map((r) => r.id);
  }

  /** The one clinic of a single-clinic analysis: the one asked for (granted), else the token's only clinic. */
  one(who: Principal, asked: string | undefined): string {
    return oneClinicInScope(who, asked);
  }

  /** The clinic of a resource when the principal may see it; null when it does not exist or belongs to a clinic not granted. */
  async clinicOfVisibleResource(who: Principal, resourceId: string): Promise<string | null> {
    const r = await this.prisma.resource.findUnique({ where: { id: resourceId }, select: { clinicId: true } });
    return r && canSeeClinic(who, r.clinicId) ? r.clinicId : null;
  }

  /** See assertProvidersVisible (one statement). */
  async assertProvidersVisible(who: Principal, ids: string[] | undefined, field = 'providerId'): Promise<void> {
    if (!ids?.length) return;
    const rows = await this.prisma.$queryRaw<{ id: string; clinics: string[] }[]>(Prisma.sql`
      SELECT p.id, coalesce(json_agg(pc.clinic_id) FILTER (WHERE pc.clinic_id IS NOT NULL), '[]') AS clinics
       FROM provider p LEFT JOIN provider_clinic pc ON pc.provider_id = p.id
       WHERE p.id = ANY(${ids}::text[]) GROUP BY p.id`);
    assertProvidersVisible(who, ids, new Map(rows.map((r) => [r.id, r.clinics])), field);
  }

  /** See assertResourcesVisible (one statement). */
  async assertResourcesVisible(who: Principal, ids: string[] | undefined, asked: string[] | undefined, field = 'resourceId'): Promise<void> {
    if (!ids?.length) return;
    const rows = await this.prisma.resource.findMany({ where: { id: { in: ids } }, select: { id: true, clinicId: true } });
    assertResourcesVisible(who, ids, asked, new Map(rows.map((r) => [r.id, r.clinicId])), field);
  }
}

/** Provides ClinicScope to every module. */
@Global()
@Module({ providers: [ClinicScope], exports: [ClinicScope] })
export class AuthModule {}

/** The clinics a listing covers: the ones asked for (each must be granted), else every clinic the token may see (null = all). */
export function resolveClinicScope(p: Principal, asked: string[] | undefined): string[] | null {
  if (asked?.length) {
    assertClinicAccess(p, asked);
    return asked;
  }
  return p.clinicIds === null ? null : [...p.clinicIds];
}

/** The one clinic of a single-clinic analysis: `asked` (must be granted), else the token's only clinic; 400 when the token has several. */
export function oneClinicInScope(who: Principal, asked: string | undefined): string {
  let id = asked;
  if (!id) {
    if (who.clinicIds && who.clinicIds.size === 1) id = [...who.clinicIds][0];
    else
      throw new ValidationFailed([
        { field: 'clinicId', message: 'is required: the analysis is for one clinic and the token is granted several (or all); name one' },
      ]);
  }
  assertClinicAccess(who, [id]);
  return id;
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
    throw new ForbiddenException(
      `The token is not granted a clinic of provider ${denied.join(', ')} (or it does not exist); ask for a token whose clinicIds include the provider's clinic`,
    );
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
    throw new ForbiddenException(
      `The token is not granted the clinic of resource ${denied.join(', ')} (or it does not exist); ask for a token whose clinicIds include it`,
    );
  }
  if (asked?.length) {
    const outside = ids.filter((id) => !asked.includes(found.get(id)!));
    if (outside.length) {
      throw new ValidationFailed(
        outside.map((id) => ({
          field,
          message: `resource "${id}" belongs to clinic "${found.get(id)}", which is not in clinicId; add that clinic or remove the resource`,
        })),
      );
    }
  }
}
