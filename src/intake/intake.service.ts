import { ForbiddenException, Injectable } from '@nestjs/common';
import { DEFAULT_MIN_SLOT_MINUTES } from '../domain/rules.js';
import { DateTime } from 'luxon';
import { assertClinicAccess, type Principal } from '../auth/auth.js';
import { ValidationFailed, type ErrorItem } from '../common/errors.js';
import { interpretSession } from './policy.js';
import { checkItem } from '../common/validation.js';
import { Prisma } from '../generated/prisma/client.js';
import { PrismaService, type Tx } from '../database/prisma.service.js';
import { StatsUpkeep } from '../database/stats-upkeep.js';
import { sqlText } from '../database/bind.js';
import {
  blockItem,
  clinicItem,
  exceptionItem,
  MAX_ITEMS,
  providerItem,
  resourceItem,
  sessionItem,
  type BlockItem,
  type ClinicItem,
  type ExceptionItem,
  type ProviderItem,
  type ResourceItem,
  type SessionItem,
} from './schemas.js';

export interface IntakeResult {
  received: number;
  created: number;
  updated: number;
  unchanged: number;
  /** items accepted under a documented rule of the intake policy (src/intake/policy.ts) */
  warnings: ErrorItem[];
  /** with onInvalid=skip: the problems of the items that were not written */
  rejected?: ErrorItem[];
}

/** `reject` (default, SPEC §6): a batch with an invalid item writes nothing; `skip`: the valid items are written, the others listed. */
export type OnInvalid = 'reject' | 'skip';
export interface IntakeOptions {
  onInvalid?: OnInvalid;
}

/** The date from which a version with no explicit start applies: "all days". */
export const SINCE_ALWAYS = '1900-01-01';

type Hours = Record<string, [string, string][]>;
const canon = (v: unknown) => JSON.stringify(v ?? null);

/**
 * Idempotent, all-or-nothing upserts of the inputs of SPEC §1. Every item is validated (shape, then
 * references) before anything is written; the writes of one request happen in one transaction; every
 * change to sessions, blocks, exceptions and hours marks the clinic-days it affects in `dirty_day`.
 */
@Injectable()
export class IntakeService {
  private zones?: Promise<Set<string>>;

  constructor(
    private readonly prisma: PrismaService,
    private readonly upkeep: StatsUpkeep,
  ) {}

  // ------------------------------------------------------------------ shared

  /**
   * Shape-checks every item. Returns the valid, non-duplicate items (with their positions in the request) and the
   * errors found so far, so that the reference checks of the caller run on the valid items and one 400 names every bad item.
   */
  private parseBatch<T extends object>(body: unknown, schema: new () => T, key: (item: T) => string, keyName: string): Batch<T> {
    if (typeof body !== 'object' || body === null || Array.isArray(body)) {
      throw new ValidationFailed([{ field: '(body)', message: 'must be a JSON object {"items": [...]}' }]);
    }
    const extra = Object.keys(body).filter((k) => k !== 'items');
    const items = (body as { items?: unknown }).items;
    const top: ErrorItem[] = extra.map((k) => ({ field: k, message: 'is not a known field; the body is {"items": [...]}' }));
    if (!Array.isArray(items)) top.push({ field: 'items', message: 'is required: a list of 1 to 5000 items' });
    else if (items.length === 0) top.push({ field: 'items', message: 'must hold at least one item' });
    else if (items.length > MAX_ITEMS)
      top.push({ field: 'items', message: `holds ${items.length} items; at most ${MAX_ITEMS} per request, so split the batch` });
    if (top.length) throw new ValidationFailed(top);

    const batch: Batch<T> = { items: [], at: [], errors: [], warnings: [], rejected: [], received: (items as unknown[]).length };
    const seen = new Map<string, number>();
    (items as unknown[]).forEach((raw, index) => {
      const r = checkItem(schema, raw);
      if (!r.ok) {
        for (const e of r.errors) batch.errors.push({ index, ...e });
        return;
      }
      const k = key(r.value);
      const first = seen.get(k);
      if (first !== undefined) {
        batch.errors.push({ index, field: keyName, message: `duplicates item ${first} (same key ${k}); send each key once per batch` });
        return;
      }
      seen.set(k, index);
      batch.items.push(r.value);
      batch.at.push(index);
    });
    return batch;
  }

  private async knownZones(): Promise<Set<string>> {
    this.zones ??= this.prisma.$queryRaw<{ name: string }[]>`SELECT name FROM pg_timezone_names`.then((rows) => new Set(rows.map((r) => r.name)));
    return this.zones;
  }

  private async clinicsById(ids: string[]): Promise<Map<string, { time_zone: string }>> {
    const rows = await this.prisma.clinic.findMany({ where: { id: { in: unique(ids) } }, select: { id: true, timeZone: true } });
    return new Map(rows.map((r) => [r.id, { time_zone: r.timeZone }]));
  }

  private async resourcesById(ids: string[]): Promise<Map<string, { clinic_id: string; time_zone: string }>> {
    const rows = await this.prisma.$queryRaw<{ id: string; clinic_id: string; time_zone: string }[]>`
      SELECT r.id, r.clinic_id, c.time_zone FROM resource r JOIN clinic c ON c.id = r.clinic_id WHERE r.id = ANY(${unique(ids)}::text[])`;
    return new Map(rows.map((r) => [r.id, r]));
  }

  // ------------------------------------------------------------------ clinics

  async upsertClinics(body: unknown, who: Principal, opts: IntakeOptions = {}): Promise<IntakeResult> {
    const batch = this.parseBatch(body, clinicItem, (c) => c.id, 'id');
    // the grant first: a clinic the token is not granted is 403 whether or not it exists
    assertClinicAccess(
      who,
      batch.items.map((c) => c.id),
    );
    const zones = await this.knownZones();
    batch.items.forEach((c, i) => {
      if (!zones.has(c.timeZone))
        batch.errors.push({
          index: batch.at[i],
          field: 'timeZone',
          message: `"${c.timeZone}" is not in the database's time zone data; use a canonical IANA name`,
        });
    });
    const { items, at } = settle(batch, opts.onInvalid);

    const written = await this.prisma.tx(async (q) => {
      let created = 0;
      let updated = 0;
      const itemErrors: ErrorItem[] = [];
      // in key order, so that two concurrent batches lock the same rows in the same order
      for (const index of byKey(items, (c) => c.id)) {
        const c = items[index];
        // INSERT … ON CONFLICT DO NOTHING first: a concurrent request creating the same clinic waits for it instead of failing with 409
        const inserted = await q.$executeRaw`
          INSERT INTO clinic (id, name, time_zone, min_slot_minutes) VALUES (${c.id}, ${c.name}, ${c.timeZone}, ${c.minSlotMinutes ?? DEFAULT_MIN_SLOT_MINUTES}::int) ON CONFLICT (id) DO NOTHING`;
        const [existing] = inserted
          ? []
          : await q.$queryRaw<
              { name: string; time_zone: string; min_slot_minutes: number }[]
            >`SELECT name, time_zone, min_slot_minutes FROM clinic WHERE id = ${c.id} FOR UPDATE`;
        if (!existing) {
          await q.$executeRaw`INSERT INTO clinic_hours (clinic_id, effective_from, hours) VALUES (${c.id}, ${c.hoursEffectiveFrom ?? SINCE_ALWAYS}::date, ${canon(c.hours)}::jsonb)`;
          await q.$executeRaw`INSERT INTO clinic_rollup_state (clinic_id) VALUES (${c.id}) ON CONFLICT DO NOTHING`;
          created++;
          continue;
        }
        if (existing.time_zone !== c.timeZone) {
          const session = await q.chairSession.findFirst({ where: { clinicId: c.id }, select: { externalId: true } });
          if (session) {
            itemErrors.push({
              index: at[index],
              field: 'timeZone',
              message: `clinic ${c.id} is in ${existing.time_zone} and already has sessions; its time zone cannot change (every local day would move)`,
            });
            continue;
          }
        }
        let changed = false;
        if (
          existing.name !== c.name ||
          existing.time_zone !== c.timeZone ||
          (c.minSlotMinutes !== undefined && existing.min_slot_minutes !== c.minSlotMinutes)
        ) {
          await q.$executeRaw`
            UPDATE clinic SET name = ${c.name}, time_zone = ${c.timeZone}, min_slot_minutes = coalesce(${c.minSlotMinutes ?? null}::int, min_slot_minutes), updated_at = now() WHERE id = ${c.id}`;
          changed = true;
          if (c.minSlotMinutes !== undefined && existing.min_slot_minutes !== c.minSlotMinutes) await markComputedDays(q, c.id, SINCE_ALWAYS, null);
        }
        const from = c.hoursEffectiveFrom ?? today(c.timeZone);
        if (await this.putHoursVersion(q, 'clinic', c.id, c.id, from, c.hours)) changed = true;
        if (changed) updated++;
      }
      // an item refused inside the transaction: all-or-nothing rolls everything back; skip mode wrote nothing for it
      if (itemErrors.length && (opts.onInvalid ?? 'reject') === 'reject') throw invalidItems({ ...batch, errors: itemErrors });
      return { created, updated, itemErrors };
    });
    if (written.itemErrors.length) {
      batch.errors.push(...written.itemErrors);
      settle(batch, 'skip');
    }
    return answer(batch, opts.onInvalid, written.created, written.updated);
  }

  /** Writes a version of weekly hours from `from` on unless the version in force that day is the same; marks the affected computed days dirty. */
  private async putHoursVersion(q: Tx, scope: 'clinic' | 'resource', key: string, clinicId: string, from: string, hours: Hours | null): Promise<boolean> {
    // two constant table/column pairs
    const table = Prisma.raw(scope === 'clinic' ? 'clinic_hours' : 'resource_hours');
    const col = Prisma.raw(scope === 'clinic' ? 'clinic_id' : 'resource_id');
    const [inForce] = await q.$queryRaw<
      { hours: unknown }[]
    >`SELECT hours FROM ${table} WHERE ${col} = ${key} AND effective_from <= ${from}::date ORDER BY effective_from DESC LIMIT 1`;
    if (inForce ? canon(inForce.hours) === canon(hours) : hours === null) return false;
    await q.$executeRaw`
      INSERT INTO ${table} (${col}, effective_from, hours) VALUES (${key}, ${from}::date, ${hours === null ? null : canon(hours)}::jsonb)
      ON CONFLICT (${col}, effective_from) DO UPDATE SET hours = EXCLUDED.hours, created_at = now()`;
    const [next] = await q.$queryRaw<
      { d: string }[]
    >`SELECT effective_from::text AS d FROM ${table} WHERE ${col} = ${key} AND effective_from > ${from}::date ORDER BY effective_from LIMIT 1`;
    await markComputedDays(q, clinicId, from, next?.d ?? null);
    return true;
  }

  // ------------------------------------------------------------------ resources

  async upsertResources(body: unknown, who: Principal, opts: IntakeOptions = {}): Promise<IntakeResult> {
    const batch = this.parseBatch(body, resourceItem, (r) => r.id, 'id');
    // the grant first (the clinics asked for, and the clinic each existing resource belongs to): 403 names the clinic
    const existing = await this.resourcesById(batch.items.map((r) => r.id));
    assertClinicAccess(who, [...batch.items.map((r) => r.clinicId), ...[...existing.values()].map((r) => r.clinic_id)]);
    const clinics = await this.clinicsById(batch.items.map((r) => r.clinicId));
    batch.items.forEach((r, i) => {
      const index = batch.at[i];
      if (!clinics.has(r.clinicId))
        batch.errors.push({ index, field: 'clinicId', message: `unknown clinic ${r.clinicId}; post it to /api/v1/ops/intake/clinics first` });
      const prev = existing.get(r.id);
      if (prev && prev.clinic_id !== r.clinicId)
        batch.errors.push({
          index,
          field: 'clinicId',
          message: `resource ${r.id} belongs to clinic ${prev.clinic_id}; a resource cannot move to another clinic (give it a new id)`,
        });
      if (r.hoursEffectiveFrom && r.hours === undefined)
        batch.errors.push({ index, field: 'hoursEffectiveFrom', message: 'only makes sense together with hours' });
    });
    const { items } = settle(batch, opts.onInvalid);

    const counts = await this.prisma.tx(async (q) => {
      let created = 0;
      let updated = 0;
      for (const index of byKey(items, (r) => r.id)) {
        const r = items[index];
        // as for clinics: insert first, so that concurrent creations of the same resource do not fail
        const inserted = await q.$executeRaw`
          INSERT INTO resource (id, clinic_id, kind, name, active, category) VALUES (${r.id}, ${r.clinicId}, ${r.kind}::"ResourceKind", ${r.name}, ${r.active ?? true}, ${r.category ?? null})
          ON CONFLICT (id) DO NOTHING`;
        const [row] = inserted
          ? []
          : await q.$queryRaw<
              { kind: string; name: string; active: boolean; category: string | null }[]
            >`SELECT kind::text, name, active, category FROM resource WHERE id = ${r.id} FOR UPDATE`;
        const tz = clinics.get(r.clinicId)!.time_zone;
        if (!row) {
          if (r.hours)
            await q.$executeRaw`INSERT INTO resource_hours (resource_id, effective_from, hours) VALUES (${r.id}, ${r.hoursEffectiveFrom ?? SINCE_ALWAYS}::date, ${canon(r.hours)}::jsonb)`;
          created++;
          continue;
        }
        let changed = false;
        const active = r.active ?? row.active;
        // an omitted category keeps the stored one (feeds that do not know categories do not erase them); null removes it
        const category = r.category === undefined ? row.category : r.category;
        if (row.kind !== r.kind || row.name !== r.name || row.active !== active || row.category !== category) {
          await q.$executeRaw`UPDATE resource SET kind = ${r.kind}::"ResourceKind", name = ${r.name}, active = ${active}, category = ${category}, updated_at = now() WHERE id = ${r.id}`;
          changed = true;
          if (row.active !== active) await markComputedDays(q, r.clinicId, today(tz), null);
        }
        if (r.hours !== undefined) {
          const n = await q.resourceHours.count({ where: { resourceId: r.id } });
          const from = r.hoursEffectiveFrom ?? (n === 0 ? SINCE_ALWAYS : today(tz));
          if (await this.putHoursVersion(q, 'resource', r.id, r.clinicId, from, r.hours)) changed = true;
        }
        if (changed) updated++;
      }
      return { created, updated };
    });
    return answer(batch, opts.onInvalid, counts.created, counts.updated);
  }

  // ------------------------------------------------------------------ providers

  /**
   * A provider may work at several clinics (one post per clinic adds it there). An item may change a provider only if
   * the token is granted every clinic the provider already belongs to: renaming or re-roling a provider changes what
   * every one of those clinics sees.
   */
  async upsertProviders(body: unknown, who: Principal, opts: IntakeOptions = {}): Promise<IntakeResult> {
    const batch = this.parseBatch(body, providerItem, (p) => p.id, 'id');
    const links = await this.prisma.$queryRaw<{ clinic_id: string }[]>`
      SELECT DISTINCT clinic_id FROM provider_clinic WHERE provider_id = ANY(${unique(batch.items.map((p) => p.id))}::text[]) ORDER BY clinic_id`;
    assertClinicAccess(who, [...batch.items.map((p) => p.clinicId), ...links.map((l) => l.clinic_id)]);
    const clinics = await this.clinicsById(batch.items.map((p) => p.clinicId));
    batch.items.forEach((p, i) => {
      if (!clinics.has(p.clinicId))
        batch.errors.push({ index: batch.at[i], field: 'clinicId', message: `unknown clinic ${p.clinicId}; post it to /api/v1/ops/intake/clinics first` });
    });
    const { items } = settle(batch, opts.onInvalid);
    if (!items.length) return answer(batch, opts.onInvalid, 0, 0);

    const [created, updated] = await this.prisma.tx(async (q) => {
      const rows = await q.$queryRaw<{ id: string; created: boolean; updated: boolean }[]>`
        WITH input AS (SELECT * FROM jsonb_to_recordset(${JSON.stringify(items)}::jsonb) AS x(id text, "clinicId" text, name text, role text)),
         up AS (
           INSERT INTO provider (id, name, role) SELECT id, name, role FROM input ORDER BY id
           ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name, role = EXCLUDED.role, updated_at = now()
           WHERE (provider.name, provider.role) IS DISTINCT FROM (EXCLUDED.name, EXCLUDED.role)
           RETURNING id, (xmax = 0) AS inserted),
         link AS (
           INSERT INTO provider_clinic (provider_id, clinic_id) SELECT id, "clinicId" FROM input ORDER BY id
           ON CONFLICT DO NOTHING RETURNING provider_id)
         SELECT i.id, coalesce(u.inserted, false) AS created,
                (u.id IS NOT NULL AND NOT u.inserted) OR (u.id IS NULL AND l.provider_id IS NOT NULL) AS updated
         FROM input i LEFT JOIN up u ON u.id = i.id LEFT JOIN link l ON l.provider_id = i.id`;
      return tally(rows);
    });
    return answer(batch, opts.onInvalid, created, updated);
  }

  // ------------------------------------------------------------------ exceptions

  async upsertExceptions(body: unknown, who: Principal, opts: IntakeOptions = {}): Promise<IntakeResult> {
    const batch = this.parseBatch(body, exceptionItem, (e) => `${e.clinicId}/${e.resourceId ?? '*'}/${e.date}`, 'date');
    const resources = await this.resourcesById(batch.items.flatMap((e) => (e.resourceId ? [e.resourceId] : [])));
    assertClinicAccess(who, [...batch.items.map((e) => e.clinicId), ...[...resources.values()].map((r) => r.clinic_id)]);
    const clinics = await this.clinicsById(batch.items.map((e) => e.clinicId));
    batch.items.forEach((e, i) => {
      const index = batch.at[i];
      if (!clinics.has(e.clinicId))
        batch.errors.push({ index, field: 'clinicId', message: `unknown clinic ${e.clinicId}; post it to /api/v1/ops/intake/clinics first` });
      if (e.resourceId) {
        const r = resources.get(e.resourceId);
        if (!r) batch.errors.push({ index, field: 'resourceId', message: `unknown resource ${e.resourceId}; post it to /api/v1/ops/intake/resources first` });
        else if (r.clinic_id !== e.clinicId)
          batch.errors.push({ index, field: 'resourceId', message: `resource ${e.resourceId} belongs to clinic ${r.clinic_id}, not ${e.clinicId}` });
      }
    });
    const { items } = settle(batch, opts.onInvalid);

    const [created, updated] = await this.prisma.tx(async (q) => {
      const clinicLevel = items.filter((e) => !e.resourceId);
      const resourceLevel = items.filter((e) => e.resourceId);
      const rows: { created: boolean; updated: boolean }[] = [];
      if (clinicLevel.length) {
        rows.push(
          ...(await q.$queryRaw<{ created: boolean; updated: boolean }[]>`
             WITH input AS (SELECT "clinicId" AS clinic_id, date::date AS date, windows FROM jsonb_to_recordset(${JSON.stringify(clinicLevel)}::jsonb) AS x("clinicId" text, date text, windows jsonb)),
             up AS (
               INSERT INTO clinic_exception (clinic_id, date, windows) SELECT clinic_id, date, windows FROM input ORDER BY clinic_id, date
               ON CONFLICT (clinic_id, date) DO UPDATE SET windows = EXCLUDED.windows, updated_at = now()
               WHERE clinic_exception.windows IS DISTINCT FROM EXCLUDED.windows
               RETURNING clinic_id, date, (xmax = 0) AS inserted),
             mark AS (${MARK_UP_DIRTY})
             SELECT inserted AS created, NOT inserted AS updated FROM up`),
        );
      }
      if (resourceLevel.length) {
        rows.push(
          ...(await q.$queryRaw<{ created: boolean; updated: boolean }[]>`
             WITH input AS (SELECT "clinicId" AS clinic_id, "resourceId" AS resource_id, date::date AS date, windows FROM jsonb_to_recordset(${JSON.stringify(resourceLevel)}::jsonb) AS x("clinicId" text, "resourceId" text, date text, windows jsonb)),
             up AS (
               INSERT INTO resource_exception (resource_id, date, clinic_id, windows) SELECT resource_id, date, clinic_id, windows FROM input ORDER BY resource_id, date
               ON CONFLICT (resource_id, date) DO UPDATE SET windows = EXCLUDED.windows, updated_at = now()
               WHERE resource_exception.windows IS DISTINCT FROM EXCLUDED.windows
               RETURNING clinic_id, date, (xmax = 0) AS inserted),
             mark AS (${MARK_UP_DIRTY})
             SELECT inserted AS created, NOT inserted AS updated FROM up`),
        );
      }
      return tally(rows);
    });
    return answer(batch, opts.onInvalid, created, updated);
  }

  // ------------------------------------------------------------------ sessions

  async upsertSessions(body: unknown, who: Principal, opts: IntakeOptions = {}): Promise<IntakeResult> {
    const batch = this.parseBatch(body, sessionItem, (s) => s.externalId, 'externalId');
    const resources = await this.resourcesById(batch.items.map((s) => s.resourceId));
    const owners = await this.prisma.$queryRaw<{ external_id: string; clinic_id: string }[]>`
      SELECT external_id, clinic_id FROM chair_session WHERE external_id = ANY(${batch.items.map((s) => s.externalId)}::text[])`;
    // the grant first: the clinics of the resources named and of the sessions being changed
    assertClinicAccess(who, [...[...resources.values()].map((r) => r.clinic_id), ...owners.map((o) => o.clinic_id)]);
    const providerIds = unique(batch.items.flatMap((s) => (s.providerId ? [s.providerId] : [])));
    const links = await this.prisma.$queryRaw<
      { provider_id: string; clinic_id: string }[]
    >`SELECT provider_id, clinic_id FROM provider_clinic WHERE provider_id = ANY(${providerIds}::text[])`;
    const providerClinics = new Map<string, Set<string>>();
    for (const l of links) (providerClinics.get(l.provider_id) ?? providerClinics.set(l.provider_id, new Set()).get(l.provider_id)!).add(l.clinic_id);

    const readings = batch.items.map((s, i) => {
      const index = batch.at[i];
      const r = resources.get(s.resourceId);
      if (!r) batch.errors.push({ index, field: 'resourceId', message: `unknown resource ${s.resourceId}; post it to /api/v1/ops/intake/resources first` });
      else if (s.providerId) {
        const registered = providerClinics.get(s.providerId);
        if (!registered)
          batch.errors.push({ index, field: 'providerId', message: `unknown provider ${s.providerId}; post it to /api/v1/ops/intake/providers first` });
        else if (!registered.has(r.clinic_id))
          batch.errors.push({
            index,
            field: 'providerId',
            message: `provider ${s.providerId} is not registered at clinic ${r.clinic_id}; post it to /api/v1/ops/intake/providers with that clinicId`,
          });
      }
      const reading = interpretSession(s);
      batch.warnings.push(...reading.warnings.map((w) => ({ index, ...w })));
      return reading;
    });
    const byIndex = new Map(batch.at.map((index, i) => [index, readings[i]]));
    const { items, at } = settle(batch, opts.onInvalid);
    if (!items.length) return answer(batch, opts.onInvalid, 0, 0);

    const rows = items
      .map((s, i) => {
        const reading = byIndex.get(at[i])!;
        // optional fields only when present (jsonb_to_recordset reads a missing key as NULL): a smaller payload to build and parse
        return {
          external_id: s.externalId,
          clinic_id: resources.get(s.resourceId)!.clinic_id,
          resource_id: s.resourceId,
          ...(s.providerId ? { provider_id: s.providerId } : {}),
          patient_ref: s.patientRef,
          scheduled_start: s.scheduledStart,
          scheduled_end: s.scheduledEnd,
          ...(s.actualStart ? { actual_start: s.actualStart } : {}),
          ...(s.actualEnd ? { actual_end: s.actualEnd } : {}),
          status: s.status,
          ...(s.cancelledAt ? { cancelled_at: s.cancelledAt } : {}),
          ...(s.bookedAt ? { booked_at: s.bookedAt } : {}),
          ...(reading.bookedKnown ? { booked_known_at: s.bookedAt } : {}),
          ...(reading.usedStart ? { used_start: reading.usedStart } : {}),
          ...(reading.usedEnd ? { used_end: reading.usedEnd } : {}),
          ...(reading.warnings.length ? { warnings: reading.warnings.map((w) => `${w.field}: ${w.message}`) } : {}),
          procedures: s.procedures ?? 0,
          ...(s.productionValue != null ? { production_value: s.productionValue } : {}),
          // every local day the session can touch: its scheduled interval and the actual times that are used
          span_start: minIso(s.scheduledStart, reading.usedStart),
          span_end: maxIso(s.scheduledEnd, reading.usedEnd, reading.usedStart),
        };
      })
      .sort((a, b) => (a.external_id < b.external_id ? -1 : a.external_id > b.external_id ? 1 : 0));

    // one statement (atomic by itself): no interactive transaction around it
    const [r] = await this.prisma.$queryRaw<UpsertCounts[]>(SESSIONS_UPSERT(JSON.stringify(rows)));
    void this.upkeep.changed(['chair_session', 'dirty_day'], r.created + r.updated); // analysed past ANALYZE_AFTER_ROWS
    return answer(batch, opts.onInvalid, r.created, r.updated);
  }

  // ------------------------------------------------------------------ blocks

  async upsertBlocks(body: unknown, who: Principal, opts: IntakeOptions = {}): Promise<IntakeResult> {
    const batch = this.parseBatch(body, blockItem, (b) => b.externalId, 'externalId');
    const resources = await this.resourcesById(batch.items.map((b) => b.resourceId));
    const owners = await this.prisma.$queryRaw<
      { clinic_id: string }[]
    >`SELECT clinic_id FROM block WHERE external_id = ANY(${batch.items.map((b) => b.externalId)}::text[])`;
    assertClinicAccess(who, [...[...resources.values()].map((r) => r.clinic_id), ...owners.map((o) => o.clinic_id)]);
    batch.items.forEach((b, i) => {
      if (!resources.has(b.resourceId))
        batch.errors.push({
          index: batch.at[i],
          field: 'resourceId',
          message: `unknown resource ${b.resourceId}; post it to /api/v1/ops/intake/resources first`,
        });
    });
    const { items } = settle(batch, opts.onInvalid);
    if (!items.length) return answer(batch, opts.onInvalid, 0, 0);
    const rows = items
      .map((b) => ({
        external_id: b.externalId,
        clinic_id: resources.get(b.resourceId)!.clinic_id,
        resource_id: b.resourceId,
        start_at: b.start,
        end_at: b.end,
        reason: b.reason,
      }))
      .sort((a, b) => (a.external_id < b.external_id ? -1 : 1));
    const [r] = await this.prisma.$queryRaw<UpsertCounts[]>(BLOCKS_UPSERT(JSON.stringify(rows)));
    void this.upkeep.changed(['block', 'dirty_day'], r.created + r.updated);
    return answer(batch, opts.onInvalid, r.created, r.updated);
  }
}

// ---------------------------------------------------------------------- SQL

/**
 * Marks clinic-days dirty. `marked_at` strictly increases on every re-mark, so the rollup can delete
 * exactly the marks it has processed and never one that arrived while it was computing.
 * DISTINCT before clock_timestamp() (a volatile value would keep duplicate days apart, and ON CONFLICT DO UPDATE
 * cannot touch one row twice); ORDER BY so concurrent requests lock the days in the same order.
 */
export const MARK_DIRTY_SQL = (daysQuery: string) => `
  INSERT INTO dirty_day (clinic_id, date, marked_at)
  SELECT clinic_id, date, clock_timestamp() FROM (SELECT DISTINCT clinic_id, date FROM (${daysQuery}) d0) d ORDER BY clinic_id, date
  ON CONFLICT (clinic_id, date) DO UPDATE SET marked_at = greatest(clock_timestamp(), dirty_day.marked_at + interval '1 millisecond')`;

/** Local days touched by [span_start, span_end) intervals of `spans` (clinic_id, span_start, span_end). */
const DAYS_OF_SPANS = (spans: string) => `
  SELECT t.clinic_id, d::date AS date
  FROM (${spans}) t JOIN clinic c ON c.id = t.clinic_id,
  LATERAL generate_series((t.span_start AT TIME ZONE c.time_zone)::date,
                          ((t.span_end - interval '1 millisecond') AT TIME ZONE c.time_zone)::date, interval '1 day') d`;

const SESSIONS_UPSERT_SQL = `
WITH input AS (
  SELECT * FROM jsonb_to_recordset($1::jsonb) AS x(
    external_id text, clinic_id text, resource_id text, provider_id text, patient_ref text,
    scheduled_start timestamptz, scheduled_end timestamptz, actual_start timestamptz, actual_end timestamptz,
    status text, cancelled_at timestamptz, booked_at timestamptz, booked_known_at timestamptz, used_start timestamptz, used_end timestamptz,
    warnings text[], procedures int, production_value numeric, span_start timestamptz, span_end timestamptz)
),
old AS (
  SELECT s.external_id, s.clinic_id, s.span_start, s.span_end, s.created_at FROM chair_session s JOIN input i USING (external_id)
),
up AS (
  INSERT INTO chair_session AS s (external_id, clinic_id, resource_id, provider_id, patient_ref, scheduled_start, scheduled_end,
                                  actual_start, actual_end, status, cancelled_at, booked_at, used_start, used_end, booked_time, warnings,
                                  procedures, production_value, span_start, span_end)
  -- the booking time: bookedAt when usable, else when the service first saw the session (its created_at, or now)
  SELECT i.external_id, i.clinic_id, i.resource_id, i.provider_id, i.patient_ref, i.scheduled_start, i.scheduled_end,
         i.actual_start, i.actual_end, i.status::"SessionStatus", i.cancelled_at, i.booked_at, i.used_start, i.used_end,
         coalesce(i.booked_known_at, o.created_at, now()), coalesce(i.warnings, '{}'), i.procedures, i.production_value, i.span_start, i.span_end
  FROM input i LEFT JOIN old o USING (external_id)
  ORDER BY i.external_id COLLATE "C"
  ON CONFLICT (external_id) DO UPDATE SET
    clinic_id = EXCLUDED.clinic_id, resource_id = EXCLUDED.resource_id, provider_id = EXCLUDED.provider_id,
    patient_ref = EXCLUDED.patient_ref, scheduled_start = EXCLUDED.scheduled_start, scheduled_end = EXCLUDED.scheduled_end,
    actual_start = EXCLUDED.actual_start, actual_end = EXCLUDED.actual_end, status = EXCLUDED.status,
    cancelled_at = EXCLUDED.cancelled_at, booked_at = EXCLUDED.booked_at, used_start = EXCLUDED.used_start, used_end = EXCLUDED.used_end,
    booked_time = EXCLUDED.booked_time, warnings = EXCLUDED.warnings,
    procedures = EXCLUDED.procedures, production_value = EXCLUDED.production_value,
    span_start = EXCLUDED.span_start, span_end = EXCLUDED.span_end, updated_at = now()
  WHERE (s.clinic_id, s.resource_id, s.provider_id, s.patient_ref, s.scheduled_start, s.scheduled_end, s.actual_start, s.actual_end,
         s.status, s.cancelled_at, s.booked_at, s.used_start, s.used_end, s.booked_time, s.warnings, s.procedures, s.production_value)
        IS DISTINCT FROM
        (EXCLUDED.clinic_id, EXCLUDED.resource_id, EXCLUDED.provider_id, EXCLUDED.patient_ref, EXCLUDED.scheduled_start, EXCLUDED.scheduled_end,
         EXCLUDED.actual_start, EXCLUDED.actual_end, EXCLUDED.status, EXCLUDED.cancelled_at, EXCLUDED.booked_at, EXCLUDED.used_start,
         EXCLUDED.used_end, EXCLUDED.booked_time, EXCLUDED.warnings, EXCLUDED.procedures, EXCLUDED.production_value)
  RETURNING external_id, (xmax = 0) AS inserted, clinic_id, span_start, span_end
),
touched AS (
  SELECT clinic_id, span_start, span_end FROM up
  UNION ALL
  SELECT o.clinic_id, o.span_start, o.span_end FROM old o JOIN up u USING (external_id) WHERE NOT u.inserted
),
mark AS (${MARK_DIRTY_SQL(DAYS_OF_SPANS('SELECT * FROM touched'))})
SELECT (count(*) FILTER (WHERE inserted))::int AS created, (count(*) FILTER (WHERE NOT inserted))::int AS updated FROM up`;

const BLOCKS_UPSERT_SQL = `
WITH input AS (
  SELECT * FROM jsonb_to_recordset($1::jsonb) AS x(external_id text, clinic_id text, resource_id text, start_at timestamptz, end_at timestamptz, reason text)
),
old AS (SELECT b.external_id, b.clinic_id, b.start_at, b.end_at FROM block b JOIN input i USING (external_id)),
up AS (
  INSERT INTO block AS b (external_id, clinic_id, resource_id, start_at, end_at, reason)
  SELECT external_id, clinic_id, resource_id, start_at, end_at, reason::"BlockReason" FROM input
  ON CONFLICT (external_id) DO UPDATE SET clinic_id = EXCLUDED.clinic_id, resource_id = EXCLUDED.resource_id,
    start_at = EXCLUDED.start_at, end_at = EXCLUDED.end_at, reason = EXCLUDED.reason, updated_at = now()
  WHERE (b.clinic_id, b.resource_id, b.start_at, b.end_at, b.reason) IS DISTINCT FROM
        (EXCLUDED.clinic_id, EXCLUDED.resource_id, EXCLUDED.start_at, EXCLUDED.end_at, EXCLUDED.reason)
  RETURNING external_id, (xmax = 0) AS inserted, clinic_id, start_at, end_at
),
touched AS (
  SELECT clinic_id, start_at AS span_start, end_at AS span_end FROM up
  UNION ALL
  SELECT o.clinic_id, o.start_at, o.end_at FROM old o JOIN up u USING (external_id) WHERE NOT u.inserted
),
mark AS (${MARK_DIRTY_SQL(DAYS_OF_SPANS('SELECT * FROM touched'))})
SELECT (count(*) FILTER (WHERE inserted))::int AS created, (count(*) FILTER (WHERE NOT inserted))::int AS updated FROM up`;

const SESSIONS_UPSERT = sqlText(SESSIONS_UPSERT_SQL);
const BLOCKS_UPSERT = sqlText(BLOCKS_UPSERT_SQL);

interface UpsertCounts {
  created: number;
  updated: number;
}

/** MARK_DIRTY_SQL over the days of the `up` CTE (a constant fragment). */
const MARK_UP_DIRTY = Prisma.raw(MARK_DIRTY_SQL('SELECT clinic_id, date FROM up'));
const MARK_D_DIRTY = Prisma.raw(MARK_DIRTY_SQL('SELECT clinic_id, date FROM d'));

/** Marks the already computed days of a clinic in [from, until) dirty (a change of hours or settings). */
async function markComputedDays(q: Tx, clinicId: string, from: string, until: string | null): Promise<void> {
  await q.$executeRaw`
    WITH d AS (SELECT DISTINCT clinic_id, date FROM resource_utilization WHERE clinic_id = ${clinicId} AND date >= ${from}::date AND (${until}::date IS NULL OR date < ${until}::date))
    ${MARK_D_DIRTY}`;
}

// ---------------------------------------------------------------------- helpers

interface Batch<T> {
  /** the items that passed the shape check, without duplicates */
  items: T[];
  /** at[i] = position of items[i] in the request */
  at: number[];
  errors: ErrorItem[];
  warnings: ErrorItem[];
  rejected: ErrorItem[];
  received: number;
}

/**
 * Ends the checks of a batch: with errors, `reject` throws the 400 (nothing is written) and `skip` drops the bad items
 * (and their warnings) and keeps their errors as `rejected`. Returns the items to write.
 */
function settle<T>(batch: Batch<T>, mode: OnInvalid = 'reject'): { items: T[]; at: number[] } {
  if (batch.errors.length) {
    if (mode === 'reject') throw invalidItems(batch);
    const bad = new Set(batch.errors.map((e) => e.index));
    const keep = batch.items.map((_, i) => i).filter((i) => !bad.has(batch.at[i]));
    batch.rejected.push(...batch.errors);
    batch.rejected.sort((a, b) => (a.index ?? -1) - (b.index ?? -1));
    batch.errors = [];
    batch.items = keep.map((i) => batch.items[i]);
    batch.at = keep.map((i) => batch.at[i]);
    batch.warnings = batch.warnings.filter((w) => !bad.has(w.index));
  }
  return { items: batch.items, at: batch.at };
}

/** The answer of an intake route: counts over the written items, warnings, and (skip mode) the rejected items. */
function answer(batch: Batch<unknown>, mode: OnInvalid | undefined, created: number, updated: number): IntakeResult {
  const written = batch.items.length;
  const warnings = [...batch.warnings].sort((a, b) => (a.index ?? -1) - (b.index ?? -1));
  return {
    received: batch.received,
    created,
    updated,
    unchanged: written - created - updated,
    warnings,
    ...(mode === 'skip' ? { rejected: batch.rejected } : {}),
  };
}

function invalidItems({ errors, received }: Pick<Batch<unknown>, 'errors' | 'received'>): ValidationFailed {
  const sorted = [...errors].sort((a, b) => (a.index ?? -1) - (b.index ?? -1));
  const bad = new Set(sorted.map((e) => e.index)).size;
  return new ValidationFailed(
    sorted,
    `${bad} of ${received} item${received === 1 ? ' is' : 's are'} invalid; nothing was written. Fix the items listed in errors and resend the batch`,
  );
}

function tally(rows: { created: boolean; updated: boolean }[]): [created: number, updated: number] {
  const created = rows.filter((r) => r.created).length;
  return [created, rows.filter((r) => !r.created && r.updated).length];
}

/** Positions of items in the order of their keys. */
function byKey<T>(items: T[], key: (item: T) => string): number[] {
  return items.map((_, i) => i).sort((a, b) => (key(items[a]) < key(items[b]) ? -1 : key(items[a]) > key(items[b]) ? 1 : 0));
}

function unique(values: string[]): string[] {
  return [...new Set(values)];
}

export function today(tz: string): string {
  return DateTime.now().setZone(tz).toISODate()!;
}

function minIso(...v: (string | null | undefined)[]): string {
  return v.filter((x): x is string => !!x).reduce((a, b) => (Date.parse(a) <= Date.parse(b) ? a : b));
}
function maxIso(...v: (string | null | undefined)[]): string {
  return v.filter((x): x is string => !!x).reduce((a, b) => (Date.parse(a) >= Date.parse(b) ? a : b));
}

export { ForbiddenException };
export type { BlockItem, ClinicItem, ExceptionItem, ProviderItem, ResourceItem, SessionItem };
