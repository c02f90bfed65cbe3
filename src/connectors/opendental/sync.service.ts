import { Injectable, Logger } from '@nestjs/common';
import type { Principal } from '../../auth/auth.js';
import { ValidationFailed, type ErrorItem } from '../../common/errors.js';
import { Prisma } from '../../generated/prisma/client.js';
import { PrismaService } from '../../database/prisma.service.js';
import { IntakeService } from '../../intake/intake.service.js';
import { MAX_ITEMS } from '../../intake/schemas.js';
import type { SourceConfig } from './config.js';
import { ids, mapAppointment, mapSchedules, providerActive, providerItem, hhmm, type AptContext, type OpInfo, type SessionOut } from './mapping.js';
import { OpenDentalSource, type OdAppointment, type OdHistory, type OdProcTotal, type OdProvider } from './source.js';
import { addDays } from '../../domain/calendar.js';
import { addMinutesNaive, ianaOfWindows, LocalClock } from './time.js';

export const KINDS = ['clinics', 'resources', 'providers', 'exceptions', 'blocks', 'sessions'] as const;
export type Kind = (typeof KINDS)[number];
export interface KindSummary {
  read: number;
  created: number;
  updated: number;
  unchanged: number;
  warnings: number;
}
export interface SyncSummary {
  sourceId: string;
  mode: 'full' | 'incremental';
  sourceNow: string;
  startedAt: string;
  finishedAt: string;
  seconds: number;
  kinds: Record<Kind, KindSummary>;
  /** the first 100 warning messages */
  warnings: string[];
  /** where the time went (seconds): reading the source, mapping, writing through the intake */
  timings: { read: number; map: number; write: number; writeByKind: Partial<Record<Kind, number>> };
}
export interface SyncOptions {
  full?: boolean;
  /** local date the rolling schedule window is centred on (default: the source's CURDATE()); tests pin it */
  today?: string;
}

/** Minutes re-read before each watermark (rows committed late by a long transaction). */
export const OVERLAP_MINUTES = 5;
export const WINDOW_BACK_DAYS = 14;
export const WINDOW_AHEAD_DAYS = 120;
/** bookedAt from appointment.SecDateTEntry (the intake takes it since the intake-policy change). */
export const SEND_BOOKED_AT = true;
const PAGE = MAX_ITEMS;
/** session batches written at once by a full sync */
const WRITERS = 2;

type IntakeResultLike = { received: number; created: number; updated: number; unchanged: number; warnings?: ErrorItem[]; rejected?: ErrorItem[] };
/** every intake call of the connector: write the valid items, list the others (they become warnings of the sync) */
const SKIP = { onInvalid: 'skip' } as const;

/**
 * One sync of one Open Dental source: reads the source (read-only) and sends everything through IntakeService
 * (validation, idempotency, dirty marks), as a system principal; keeps per-table DateTStamp watermarks and the
 * outcome in our database. Phases commit their watermarks in order (chairs and providers, schedules,
 * appointments), so a crash resumes from the last committed one; re-sent items are idempotent (counted unchanged).
 */
@Injectable()
export class OpenDentalSyncService {
  private readonly logger = new Logger('OpenDental');

  constructor(
    private readonly prisma: PrismaService,
    private readonly intake: IntakeService,
  ) {}

  async sync(cfg: SourceConfig, opts: SyncOptions = {}): Promise<SyncSummary> {
    const t0 = performance.now();
    const startedAt = new Date();
    // raw SQL for the sync state's writes: the database's now() and ISO instants (the model API sends a Date as UTC
    // wall-clock text, which a timestamptz column reads in the session's time zone)
    await this.prisma.$executeRaw`
      INSERT INTO opendental_sync_state (source_id, last_started_at, updated_at) VALUES (${cfg.id}, ${startedAt.toISOString()}::timestamptz, now())
      ON CONFLICT (source_id) DO UPDATE SET last_started_at = EXCLUDED.last_started_at, updated_at = now()`;
    let run: SyncRun | undefined;
    try {
      const source = await OpenDentalSource.open(cfg.url).catch((e: Error) => {
        throw new Error(`cannot connect to the Open Dental database of source ${cfg.id}: ${e.message}`);
      });
      try {
        run = new SyncRun(this.prisma, this.intake, source, cfg, opts);
        await run.run();
      } finally {
        await source.close();
      }
      const summary = run.summary(startedAt, t0);
      await this.prisma.$executeRaw`
        UPDATE opendental_sync_state SET last_finished_at = now(), last_success_at = now(), last_error = NULL, last_summary = ${JSON.stringify(summary)}::jsonb, updated_at = now()
        WHERE source_id = ${cfg.id}`;
      return summary;
    } catch (e) {
      const message = (e as Error).message + (e instanceof ValidationFailed ? `: ${JSON.stringify(e.errors.slice(0, 5))}` : '');
      await this.prisma.$executeRaw`
        UPDATE opendental_sync_state SET last_finished_at = now(), last_error = ${message}, last_summary = ${run ? JSON.stringify(run.summary(startedAt, t0)) : null}::jsonb, updated_at = now()
        WHERE source_id = ${cfg.id}`.catch(() => undefined);
      this.logger.error(`sync of ${cfg.id} failed: ${message}`);
      throw new Error(message, { cause: e });
    }
  }
}

class SyncRun {
  private readonly clock = new LocalClock();
  private readonly who: Principal;
  private readonly counts = Object.fromEntries(KINDS.map((k) => [k, { read: 0, created: 0, updated: 0, unchanged: 0, warnings: 0 }])) as Record<
    Kind,
    KindSummary
  >;
  private readonly messages: string[] = [];
  private readonly timings = { read: 0, map: 0, write: 0, writeByKind: {} as Partial<Record<Kind, number>> };
  private sourceNow = '';
  private mode: 'full' | 'incremental' = 'full';
  private marks = new Map<string, string>();
  private ops = new Map<number, OpInfo>();
  private providers = new Map<number, OdProvider>();
  private specialties = new Map<number, string>();
  /** `${providerId}|${clinicId}` registered in our database */
  private registered = new Set<string>();
  private newChairs = 0;

  constructor(
    private readonly prisma: PrismaService,
    private readonly intake: IntakeService,
    private readonly source: OpenDentalSource,
    private readonly cfg: SourceConfig,
    private readonly opts: SyncOptions,
  ) {
    this.who = { sub: `connector:opendental:${cfg.id}`, permissions: new Set(['ops:ingest']), clinicIds: null };
  }

  summary(startedAt: Date, t0: number): SyncSummary {
    return {
      sourceId: this.cfg.id,
      mode: this.mode,
      sourceNow: this.sourceNow,
      startedAt: startedAt.toISOString(),
      finishedAt: new Date().toISOString(),
      seconds: Math.round(performance.now() - t0) / 1000,
      kinds: this.counts,
      warnings: this.messages.slice(0, 100),
      timings: {
        read: round3(this.timings.read / 1000),
        map: round3(this.timings.map / 1000),
        write: round3(this.timings.write / 1000),
        writeByKind: Object.fromEntries(Object.entries(this.timings.writeByKind).map(([k, v]) => [k, round3(v)])),
      },
    };
  }

  private warn(kind: Kind, message: string) {
    this.counts[kind].warnings++;
    if (this.messages.length < 1000) this.messages.push(message);
  }

  /** Where to read from for a table: null = everything (full sync, never synced, or chairs new to us). */
  private since(table: string): string | null {
    if (this.opts.full) return null;
    // a chair we did not have (a new clinic, or one that just got a zone): its schedules and appointments were never read
    if (this.newChairs && table !== 'operatory' && table !== 'provider') return null;
    const m = this.marks.get(table);
    return m ? addMinutesNaive(m, -OVERLAP_MINUTES) : null;
  }

  private async commitMarks(tables: string[]) {
    // one statement for the phase's tables (the model API would upsert them one by one)
    await this.prisma.$executeRaw`
      INSERT INTO opendental_watermark (source_id, table_name, stamp, updated_at) SELECT ${this.cfg.id}, t, ${this.sourceNow}, now() FROM unnest(${tables}::text[]) t
      ON CONFLICT (source_id, table_name) DO UPDATE SET stamp = EXCLUDED.stamp, updated_at = now()`;
  }

  // ------------------------------------------------------------------ sending through the intake

  private async send(kind: Kind, items: Record<string, unknown>[], call: (body: { items: unknown[] }) => Promise<IntakeResultLike>) {
    for (let i = 0; i < items.length; i += MAX_ITEMS) {
      let chunk = items.slice(i, i + MAX_ITEMS);
      for (let attempt = 0; chunk.length; attempt++) {
        // an item by its external id or id, else by its index in the chunk
        const name = (index: number | undefined) => {
          const item = index === undefined ? undefined : chunk[index];
          const id = item?.externalId ?? item?.id;
          return typeof id === 'string' || typeof id === 'number' ? String(id) : String(index);
        };
        try {
          const w0 = performance.now();
          const r = await call({ items: chunk }).finally(() => {
            this.timings.write += performance.now() - w0;
            this.timings.writeByKind[kind] = (this.timings.writeByKind[kind] ?? 0) + (performance.now() - w0) / 1000;
          });
          const c = this.counts[kind];
          c.created += r.created;
          c.updated += r.updated;
          c.unchanged += r.unchanged;
          for (const w of r.warnings ?? []) this.warn(kind, `${kind} ${name(w.index)}: ${w.field} ${w.message}`);
          for (const w of r.rejected ?? []) this.warn(kind, `${kind} ${name(w.index)} refused by the intake: ${w.field} ${w.message}`);
          break;
        } catch (e) {
          // an item the intake refuses: leave it out (named in the warnings) and send the others, once
          if (!(e instanceof ValidationFailed) || attempt > 0 || !e.errors.every((x) => x.index !== undefined)) throw e;
          const bad = new Set(e.errors.map((x) => x.index!));
          for (const x of e.errors) this.warn(kind, `${kind} ${name(x.index)} refused by the intake: ${x.field} ${x.message}`);
          chunk = chunk.filter((_, k) => !bad.has(k));
        }
      }
    }
  }

  // ------------------------------------------------------------------ the phases

  async run() {
    this.sourceNow = await this.source.begin();
    const rows = await this.prisma.opendentalWatermark.findMany({ where: { sourceId: this.cfg.id }, select: { tableName: true, stamp: true } });
    this.marks = new Map(rows.map((r) => [r.tableName, r.stamp]));
    this.mode = this.opts.full || !this.marks.has('appointment') ? 'full' : 'incremental';
    try {
      await this.structure();
      if (this.newChairs) {
        this.mode = 'full';
        this.warn('resources', `${this.newChairs} chair(s) new to us: schedules and appointments are read whole this time`);
      }
      await this.commitMarks(['operatory', 'provider']);
      await this.schedules();
      await this.commitMarks(['schedule']);
      await this.appointments();
      await this.commitMarks(['appointment', 'histappointment', 'procedurelog']);
    } finally {
      await this.source.end();
    }
  }

  /** clinics, chairs, providers (small tables, read whole; chairs and providers sent when changed or new). */
  private async structure() {
    const src = this.cfg.id;
    const [clinics, prefs, defs, ops, provs] = await Promise.all([
      this.source.clinics(),
      this.source.preferences(),
      this.source.definitions(),
      this.source.operatories(),
      this.source.providers(),
    ]);
    this.specialties = new Map(defs.filter((d) => d.Category === 35).map((d) => [d.DefNum, d.ItemName]));
    this.providers = new Map(provs.map((p) => [p.ProvNum, p]));
    const noClinics = prefs.get('EasyNoClinics') === '1';
    const title = (prefs.get('PracticeTitle') ?? '').trim() || `Open Dental ${src}`;
    const fallback = this.cfg.defaultTimeZone;

    // clinics: every visible one (or the one practice), plus "<ID>-c0" when chairs have no clinic
    const clinicZone = new Map<number, string>();
    const clinicItems: Record<string, unknown>[] = [];
    const addClinic = (num: number, name: string, windowsZone: string) => {
      const zone = ianaOfWindows(windowsZone);
      if (windowsZone.trim() && !zone)
        this.warn('clinics', `clinic ${num}: "${windowsZone}" is not a Windows time zone we know; using ${fallback ?? '(none)'}`);
      const tz = zone ?? fallback;
      if (!tz) {
        this.warn('clinics', `clinic ${num} (${name}) has no time zone and no defaultTimeZone is configured; it and its chairs are skipped`);
        return;
      }
      clinicZone.set(num, tz);
      clinicItems.push({ id: ids.clinic(src, num), name: name.slice(0, 200), timeZone: tz, hours: {} });
    };
    if (noClinics) {
      this.counts.clinics.read = 1;
      addClinic(0, title, '');
    } else {
      this.counts.clinics.read = clinics.length;
      for (const c of clinics) if (!c.IsHidden) addClinic(c.ClinicNum, c.Description || c.Abbr || `Clinic ${c.ClinicNum}`, c.TimeZone);
      if (ops.some((o) => o.ClinicNum === 0)) addClinic(0, `${title} (no clinic)`, '');
    }
    await this.send('clinics', clinicItems, (b) => this.intake.upsertClinics(b, this.who, SKIP));

    // chairs
    const since = this.since('operatory');
    const known = new Set((await this.prisma.$queryRaw<{ id: string }[]>`SELECT id FROM resource WHERE id LIKE ${`${src}-op%`}`).map((r) => r.id));
    const resourceItems: Record<string, unknown>[] = [];
    this.counts.resources.read = ops.length;
    for (const op of ops) {
      const clinicNum = noClinics ? 0 : op.ClinicNum;
      const tz = clinicZone.get(clinicNum);
      if (!tz) continue; // hidden clinic, or one without a zone (warned)
      const info: OpInfo = { op, resourceId: ids.resource(src, op.OperatoryNum), clinicId: ids.clinic(src, clinicNum), clinicNum, tz };
      this.ops.set(op.OperatoryNum, info);
      if (since !== null && !known.has(info.resourceId)) this.newChairs++;
      if (since === null || op.DateTStamp >= since || !known.has(info.resourceId)) {
        resourceItems.push({
          id: info.resourceId,
          clinicId: info.clinicId,
          kind: 'CHAIR',
          name: (op.OpName || op.Abbrev || `Op ${op.OperatoryNum}`).slice(0, 200),
          active: !op.IsHidden,
        });
      }
    }
    await this.send('resources', resourceItems, (b) => this.intake.upsertResources(b, this.who, SKIP));

    // providers: registered at the clinics of the chairs they are the default provider of (others when a session needs them)
    const links = await this.prisma.$queryRaw<
      { provider_id: string; clinic_id: string }[]
    >`SELECT provider_id, clinic_id FROM provider_clinic WHERE provider_id LIKE ${`${src}-prov%`}`;
    this.registered = new Set(links.map((l) => `${l.provider_id}|${l.clinic_id}`));
    const pSince = this.since('provider');
    this.counts.providers.read = provs.length;
    const wanted: Record<string, unknown>[] = [];
    const clinicsOfDefault = new Map<number, Set<string>>();
    for (const o of this.ops.values()) {
      for (const p of [o.op.ProvDentist, o.op.ProvHygienist]) if (p) (clinicsOfDefault.get(p) ?? clinicsOfDefault.set(p, new Set()).get(p)!).add(o.clinicId);
    }
    const onlyClinic = clinicItems.length === 1 ? String(clinicItems[0].id) : null;
    for (const p of provs) {
      const id = ids.provider(src, p.ProvNum);
      const mine = new Set([...this.registered].filter((k) => k.startsWith(`${id}|`)).map((k) => k.slice(id.length + 1)));
      const at = new Set([...(providerActive(p) ? (clinicsOfDefault.get(p.ProvNum) ?? (onlyClinic ? [onlyClinic] : [])) : []), ...mine]);
      for (const clinicId of at) {
        if (pSince === null || p.DateTStamp >= pSince || !this.registered.has(`${id}|${clinicId}`))
          wanted.push(providerItem(src, p, clinicId, this.specialties));
      }
    }
    await this.sendProviders(wanted);
  }

  /** Provider items, one batch per clinic (a provider id may appear once per batch). */
  private async sendProviders(items: Record<string, unknown>[]) {
    const byClinic = new Map<string, Record<string, unknown>[]>();
    for (const it of items) (byClinic.get(String(it.clinicId)) ?? byClinic.set(String(it.clinicId), []).get(String(it.clinicId))!).push(it);
    for (const batch of byClinic.values()) await this.send('providers', batch, (b) => this.intake.upsertProviders(b, this.who, SKIP));
    for (const it of items) this.registered.add(`${String(it.id)}|${String(it.clinicId)}`);
  }

  /** Hours (dated per-chair windows) and blocks over the rolling window, plus any date whose schedules changed. */
  private async schedules() {
    const src = this.cfg.id;
    const since = this.since('schedule');
    const today = this.opts.today ?? this.sourceNow.slice(0, 10);
    const from = addDays(today, -WINDOW_BACK_DAYS);
    const to = addDays(today, WINDOW_AHEAD_DAYS);
    const changedDates = since === null ? [] : await this.source.scheduleDatesChangedSince(since);
    const { schedules, links } = since === null ? await this.source.schedules(null, null) : await this.source.schedules(from, to, changedDates);
    const defs = new Map((await this.source.definitions()).filter((d) => d.Category === 25).map((d) => [d.DefNum, d]));
    const r = mapSchedules(src, schedules, links, this.ops, defs, this.cfg, this.clock);
    this.counts.exceptions.read = schedules.filter((s) => s.SchedType !== 2).length;
    this.counts.blocks.read = schedules.filter((s) => s.SchedType === 2).length;
    for (const n of r.notes) this.warn('exceptions', n);
    for (let i = 0; i < r.dst; i++)
      this.warn('blocks', 'a blockout time that does not exist or is ambiguous on a DST day (resolved: forward by the gap / the later instant)');

    // what our database holds for these chair-days: a chair-day whose schedules disappeared is closed ([])
    const resourceIds = [...new Set([...this.ops.values()].map((o) => o.resourceId))];
    const existing = await this.prisma.$queryRaw<{ resource_id: string; date: string; windows: [string, string][] }[]>(
      since === null
        ? Prisma.sql`SELECT resource_id, date::text AS date, windows FROM resource_exception WHERE resource_id = ANY(${resourceIds}::text[])`
        : Prisma.sql`SELECT resource_id, date::text AS date, windows FROM resource_exception WHERE resource_id = ANY(${resourceIds}::text[]) AND (date BETWEEN ${from}::date AND ${to}::date OR date = ANY(${changedDates}::date[]))`,
    );
    // only what differs from our database goes to the intake; the rest is counted unchanged here
    const have = new Map(existing.map((e) => [`${e.resource_id}|${e.date}`, JSON.stringify(e.windows)]));
    const items: Record<string, unknown>[] = [];
    const sent = new Set<string>();
    for (const [key, ws] of r.windows) {
      const [opNum, date] = key.split('|');
      const o = this.ops.get(Number(opNum))!;
      const windows = ws.map(([a, b]) => [hhmm(a), hhmm(b)]);
      sent.add(`${o.resourceId}|${date}`);
      if (have.get(`${o.resourceId}|${date}`) === JSON.stringify(windows)) this.counts.exceptions.unchanged++;
      else items.push({ clinicId: o.clinicId, resourceId: o.resourceId, date, windows });
    }
    const clinicOf = new Map([...this.ops.values()].map((o) => [o.resourceId, o.clinicId]));
    for (const e of existing) {
      if (!sent.has(`${e.resource_id}|${e.date}`) && e.windows.length > 0)
        items.push({ clinicId: clinicOf.get(e.resource_id), resourceId: e.resource_id, date: e.date, windows: [] });
    }
    await this.send('exceptions', items, (b) => this.intake.upsertExceptions(b, this.who, SKIP));

    const known = new Map(
      (
        await this.prisma.$queryRaw<{ external_id: string; s: string; e: string; reason: string }[]>`
          SELECT external_id, to_json(start_at) #>> '{}' AS s, to_json(end_at) #>> '{}' AS e, reason::text AS reason FROM block WHERE external_id = ANY(${r.blocks.map((b) => b.externalId)}::text[])`
      ).map((b) => [b.external_id, `${Date.parse(b.s)}|${Date.parse(b.e)}|${b.reason}`]),
    );
    const blocks = r.blocks.filter((b) => known.get(b.externalId) !== `${Date.parse(b.start)}|${Date.parse(b.end)}|${b.reason}`);
    this.counts.blocks.unchanged += r.blocks.length - blocks.length;
    await this.send(
      'blocks',
      blocks.map(({ clinicId: _c, ...b }) => b),
      (b) => this.intake.upsertBlocks(b, this.who, SKIP),
    );

    // blockouts that disappeared: the intake has no delete; say so
    const blockIds = new Set(r.blocks.map((b) => b.externalId));
    const oldBlocks = await this.prisma.$queryRaw<{ external_id: string }[]>(
      since === null
        ? Prisma.sql`SELECT external_id FROM block WHERE external_id LIKE ${`${src}-sched%`}`
        : Prisma.sql`SELECT external_id FROM block WHERE external_id LIKE ${`${src}-sched%`} AND ((start_at AT TIME ZONE 'UTC')::date BETWEEN ${from}::date + 1 AND ${to}::date - 1)`,
    );
    for (const b of oldBlocks)
      if (!blockIds.has(b.external_id))
        this.warn('blocks', `${b.external_id}: the blockout is gone from Open Dental; the block stays (the intake has no delete)`);
  }

  private aptContext(): AptContext {
    return {
      src: this.cfg.id,
      cfg: this.cfg,
      clock: this.clock,
      ops: this.ops,
      providers: this.providers,
      sendBookedAt: SEND_BOOKED_AT,
      warn: (m) => this.warn('sessions', m),
      onNote: (n) => this.warn('sessions', `a ${n} local time on a DST day (resolved: ${n === 'nonexistent' ? 'forward by the gap' : 'the later instant'})`),
    };
  }

  /** Appointments (with their history and completed procedures) → sessions; full: in AptNum pages, reads overlapping writes. */
  private async appointments() {
    const ctx = this.aptContext();
    const since = this.since('appointment');
    if (since === null) {
      // a pipeline: the next page is read while this one is written, and up to WRITERS batches are written at once
      // (the intake validates one while the database upserts the other; their dirty marks lock days in one order)
      let after = 0;
      let page = await this.fullPage(after);
      const inflight: Promise<void>[] = [];
      while (page.apts.length) {
        after = page.apts[page.apts.length - 1].AptNum;
        const next = page.apts.length === PAGE ? this.fullPage(after) : Promise.resolve({ apts: [], history: [], procs: [] });
        const writing = this.mapAndSend(page.apts, page.history, page.procs, [], ctx);
        writing.catch(() => undefined); // awaited below; no unhandled rejection meanwhile
        inflight.push(writing);
        if (inflight.length >= WRITERS) await inflight.shift();
        page = await next;
      }
      for (const w of inflight) await w;
      const deleted = await this.source.deletedAptNums(null);
      for (let i = 0; i < deleted.length; i += PAGE) {
        const nums = deleted.slice(i, i + PAGE);
        await this.mapAndSend([], await this.source.historyOf(nums), [], nums, ctx);
      }
    } else {
      const changed = await this.source.changedAptNums(since);
      for (let i = 0; i < changed.length; i += PAGE) {
        const nums = changed.slice(i, i + PAGE);
        const [apts, history, procs] = await Promise.all([this.source.appointmentsByNum(nums), this.source.historyOf(nums), this.source.procTotals(nums)]);
        const present = new Set(apts.map((a) => a.AptNum));
        await this.mapAndSend(
          apts,
          history,
          procs,
          nums.filter((n) => !present.has(n)),
          ctx,
        );
      }
    }
  }

  private async fullPage(after: number) {
    const r0 = performance.now();
    try {
      return await this.readPage(after);
    } finally {
      this.timings.read += performance.now() - r0;
    }
  }

  private async readPage(after: number) {
    const apts = await this.source.appointmentsPage(after, PAGE);
    if (!apts.length) return { apts, history: [] as OdHistory[], procs: [] as OdProcTotal[] };
    const lo = apts[0].AptNum;
    const hi = apts[apts.length - 1].AptNum;
    const [history, procs] = await Promise.all([this.source.historyBetween(lo, hi), this.source.procTotalsBetween(lo, hi)]);
    return { apts, history, procs };
  }

  private async mapAndSend(apts: OdAppointment[], history: OdHistory[], procs: OdProcTotal[], deleted: number[], ctx: AptContext) {
    const m0 = performance.now();
    const histOf = new Map<number, OdHistory[]>();
    for (const h of history) (histOf.get(h.AptNum) ?? histOf.set(h.AptNum, []).get(h.AptNum)!).push(h);
    const procOf = new Map(procs.map((p) => [Number(p.AptNum), p]));
    const sessions: SessionOut[] = [];
    const cancelIfKnown: number[] = [];
    this.counts.sessions.read += apts.length + deleted.length;
    for (const a of apts) {
      const r = mapAppointment(a, histOf.get(a.AptNum) ?? [], procOf.get(a.AptNum), ctx);
      sessions.push(...r.sessions);
      if (r.cancelIfKnown) cancelIfKnown.push(a.AptNum);
    }
    for (const n of deleted) sessions.push(...mapAppointment(null, histOf.get(n) ?? [], undefined, ctx).sessions);
    // an appointment that no longer is a chair session (e.g. sent to the Unscheduled list without a break, made
    // Planned): a session we had for it becomes CANCELLED
    if (cancelIfKnown.length) {
      const known = await this.prisma.$queryRaw<KnownSession[]>`
        SELECT external_id AS "externalId", resource_id AS "resourceId", provider_id AS "providerId", patient_ref AS "patientRef", clinic_id AS "clinicId",
                to_json(scheduled_start) #>> '{}' AS "scheduledStart", to_json(scheduled_end) #>> '{}' AS "scheduledEnd", status::text AS status,
                to_json(cancelled_at) #>> '{}' AS "cancelledAt"
         FROM chair_session WHERE external_id = ANY(${cancelIfKnown.map((n) => ids.session(this.cfg.id, n))}::text[])`;
      const stamp = new Map(apts.map((a) => [ids.session(this.cfg.id, a.AptNum), a]));
      for (const k of known) {
        const a = stamp.get(k.externalId)!;
        const o = this.ops.get(a.Op) ?? [...this.ops.values()].find((x) => x.resourceId === k.resourceId);
        sessions.push({
          externalId: k.externalId,
          resourceId: k.resourceId,
          providerId: k.providerId,
          patientRef: k.patientRef,
          scheduledStart: k.scheduledStart,
          scheduledEnd: k.scheduledEnd,
          status: 'CANCELLED',
          cancelledAt: k.status === 'CANCELLED' && k.cancelledAt ? k.cancelledAt : o ? this.clock.toIso(a.DateTStamp, o.tz) : undefined,
          procedures: 0,
          productionValue: null,
          clinicId: k.clinicId,
        });
      }
    }
    // providers a session needs at a clinic they are not registered at yet
    const missing = new Map<string, Record<string, unknown>>();
    for (const s of sessions) {
      if (!s.providerId || this.registered.has(`${s.providerId}|${s.clinicId}`)) continue;
      const p = this.providers.get(Number(s.providerId.slice(`${this.cfg.id}-prov`.length)));
      if (p) missing.set(`${s.providerId}|${s.clinicId}`, providerItem(this.cfg.id, p, s.clinicId, this.specialties));
    }
    const items = sessions.map(({ clinicId: _c, ...s }) => s as unknown as Record<string, unknown>);
    this.timings.map += performance.now() - m0;
    if (missing.size) await this.sendProviders([...missing.values()]);
    await this.send('sessions', items, (b) => this.intake.upsertSessions(b, this.who, SKIP));
  }
}

/** A session we hold for an appointment that is no longer a chair session (times as ISO text). */
interface KnownSession {
  externalId: string;
  resourceId: string;
  providerId: string | null;
  patientRef: string;
  clinicId: string;
  scheduledStart: string;
  scheduledEnd: string;
  status: string;
  cancelledAt: string | null;
}

const round3 = (x: number) => Math.round(x * 1000) / 1000;
