import { BadRequestException, Inject, Injectable, Logger, NotFoundException, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { ENV, type Env } from '../config/env.js';
import { Prisma } from '../generated/prisma/client.js';
import { PrismaService } from '../database/prisma.service.js';
import { ROLLUP_TABLES, StatsUpkeep } from '../database/stats-upkeep.js';
import { addStats, clinicLockSql, computeDays, dateRange, emptyStats, rollupRange, rowsChanged, SCHEDULER_LOCK_SQL, type DayStats } from './engine.js';
import { recordRollupRun } from '../metrics/figures.js';

export interface RunRequest {
  clinicIds?: string[];
  from: string;
  to: string;
  trigger: 'api' | 'cli' | 'schedule' | 'demo';
  requestedBy?: string;
}

export interface RunView {
  id: string;
  status: 'queued' | 'running' | 'succeeded' | 'failed';
  trigger: string;
  requestedBy: string | null;
  clinicIds: string[];
  from: string | null;
  to: string | null;
  progress: { clinicDaysTotal: number; clinicDaysDone: number; clinicDaysFailed: number; fraction: number };
  errors: { clinicId: string; dates?: string; message: string }[];
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
}

export interface ProcessResult {
  clinicDays: number;
  stats: DayStats;
  failures: { clinicId: string; message: string }[];
  skippedLocked: string[];
}

/** The table each count of purgeExpired deleted from. */
const PURGED_TABLES: Record<string, string> = {
  sessions: 'chair_session', blocks: 'block', dailyRows: 'resource_utilization', hourlyRows: 'resource_hourly', providerRows: 'provider_productivity',
  resourceRollups: 'resource_rollup', clinicRollups: 'clinic_rollup', providerRollups: 'provider_rollup', dirtyDays: 'dirty_day', runs: 'rollup_run',
};

/** Clinics per transaction of the scheduled path. */
const DIRTY_BATCH = 250;
/** A running rollup run's owner writes a heartbeat this often... */
const HEARTBEAT_MS = 10_000;
/** ...and a run whose heartbeat is older than this has lost its owner (the process stopped): it is marked failed. */
const OWNER_GONE_SECONDS = 60;

/** The SQL that tells, per clinic, through which local date days are over (close of business + grace) as of `asOf` (ISO). */
const dueSql = (asOf: string, graceMinutes: number) => Prisma.sql`
  SELECT c.id AS clinic_id, t.today::text AS today,
    (CASE WHEN ${asOf}::timestamptz >= ut_clinic_close(c.id, t.today) + make_interval(mins => ${graceMinutes}::int) THEN t.today
          WHEN ${asOf}::timestamptz >= ut_clinic_close(c.id, t.today - 1) + make_interval(mins => ${graceMinutes}::int) THEN t.today - 1
          ELSE t.today - 2 END) AS due_through
  FROM clinic c CROSS JOIN LATERAL (SELECT (${asOf}::timestamptz AT TIME ZONE c.time_zone)::date AS today) t`;
/** dueSql for the clinics `clinicIds` only. */
const dueFor = (asOf: string, graceMinutes: number, clinicIds: string[]) => Prisma.sql`${dueSql(asOf, graceMinutes)} WHERE c.id = ANY(${clinicIds}::text[])`;

/** Deletes the dirty marks read (clinic_id, date, marked_at), only if unchanged since. */
const deleteMarksSql = (marks: DirtyMark[]) => Prisma.sql`
  DELETE FROM dirty_day d USING unnest(${marks.map((m) => m.clinic_id)}::text[], ${marks.map((m) => m.date)}::date[], ${marks.map((m) => m.marked_at)}::timestamptz[]) AS x(clinic_id, date, marked_at)
  WHERE d.clinic_id = x.clinic_id AND d.date = x.date AND d.marked_at = x.marked_at`;

interface DirtyMark {
  clinic_id: string;
  date: string;
  marked_at: string;
}

interface RunRow {
  id: string;
  status: RunView['status'];
  trigger: string;
  requested_by: string | null;
  clinic_ids: string[] | null;
  from_date: string | null;
  to_date: string | null;
  clinic_days_total: number;
  clinic_days_done: number;
  clinic_days_failed: number;
  errors: RunView['errors'];
  created_at: string;
  started_at: string | null;
  finished_at: string | null;
}

/**
 * Runs the engine: backfills (rollup runs, CLI), and the scheduled job that rolls up each clinic's days once
 * they are over (local close + grace), catches up missed nights, and recomputes days that intake marked dirty.
 *
 * Concurrency: every write for a clinic happens in a transaction holding that clinic's advisory lock, so two
 * replicas never compute the same clinic-day at once; the scheduled path only tries the lock and leaves a
 * locked clinic to the replica holding it. Dirty marks are deleted only if unchanged since they were read,
 * so a correction that arrives while a day is computed is never lost.
 */
@Injectable()
export class RollupService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Rollup');
  private readonly active = new Map<string, Promise<void>>();
  /** This process: the owner recorded on the runs it executes. */
  readonly instance = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  private heartbeat?: NodeJS.Timeout;

  constructor(
    private readonly prisma: PrismaService,
    private readonly upkeep: StatsUpkeep,
    @Inject(ENV) private readonly env: Env,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.failOrphanedRuns();
  }

  onApplicationShutdown(): void {
    if (this.heartbeat) clearInterval(this.heartbeat);
  }

  /**
   * Runs whose owner is gone (no heartbeat for OWNER_GONE_SECONDS: the process that executed them stopped) can never
   * finish: say so. A run another live replica is executing keeps its heartbeat fresh and is left alone. Called at
   * start-up and by the scheduler.
   */
  async failOrphanedRuns(): Promise<number> {
    return this.prisma.$executeRaw`
      UPDATE rollup_run SET status = 'failed', finished_at = now(),
        errors = errors || '[{"clinicId": "*", "message": "interrupted: the service instance running it stopped; start it again"}]'::jsonb
      WHERE status IN ('queued', 'running') AND owner_instance IS DISTINCT FROM ${this.instance}
        AND coalesce(heartbeat_at, created_at) < now() - make_interval(secs => ${OWNER_GONE_SECONDS})`;
  }

  /** Keeps the heartbeat of this process's active runs fresh while it has any. */
  private beat(): void {
    if (this.heartbeat || !this.active.size) return;
    this.heartbeat = setInterval(() => {
      if (!this.active.size) {
        clearInterval(this.heartbeat);
        this.heartbeat = undefined;
        return;
      }
      this.prisma.$executeRaw`UPDATE rollup_run SET heartbeat_at = now() WHERE id = ANY(${[...this.active.keys()]}::uuid[])`
        .catch((e) => this.logger.warn(`rollup run heartbeat failed: ${(e as Error).message}`));
    }, HEARTBEAT_MS);
    this.heartbeat.unref();
  }

  // ------------------------------------------------------------------ scheduled path

  /** Enqueues every clinic-day that is over and not yet rolled up (missed nights included), then processes the dirty queue. */
  async runScheduled(asOf: Date = new Date(), clinicIds?: string[]): Promise<ProcessResult & { scheduled: number }> {
    const scheduled = await this.prisma.tx(async (q) => {
      const [{ ok }] = await q.$queryRaw<{ ok: boolean }[]>(SCHEDULER_LOCK_SQL);
      if (!ok) return 0; // another replica is scheduling right now; it enqueues the same days
      const rows = await q.$queryRaw<{ n: number }[]>(Prisma.sql`
         WITH due AS (${dueSql(asOf.toISOString(), this.env.ROLLUP_GRACE_MINUTES)}),
         plan AS (
           SELECT due.clinic_id, due.due_through,
             coalesce(s.last_rolled_date + 1,
               greatest(least((c.created_at AT TIME ZONE c.time_zone)::date,
                              (SELECT (min(cs.span_start) AT TIME ZONE c.time_zone)::date FROM chair_session cs WHERE cs.clinic_id = c.id)),
                        due.due_through - ${this.env.RETENTION_DAYS}::int)) AS start_date
           FROM due JOIN clinic c ON c.id = due.clinic_id
           LEFT JOIN clinic_rollup_state s ON s.clinic_id = due.clinic_id
           WHERE ${clinicIds ?? null}::text[] IS NULL OR due.clinic_id = ANY(${clinicIds ?? null}::text[])
         ),
         days AS (
           SELECT p.clinic_id, g::date AS date FROM plan p, generate_series(p.start_date, p.due_through, interval '1 day') g
         ),
         mark AS (
           INSERT INTO dirty_day (clinic_id, date, marked_at) SELECT clinic_id, date, clock_timestamp() FROM days
           ON CONFLICT (clinic_id, date) DO NOTHING RETURNING 1
         ),
         state AS (
           INSERT INTO clinic_rollup_state (clinic_id, last_rolled_date, updated_at) SELECT clinic_id, due_through, now() FROM plan
           ON CONFLICT (clinic_id) DO UPDATE SET last_rolled_date = greatest(clinic_rollup_state.last_rolled_date, EXCLUDED.last_rolled_date), updated_at = now()
           WHERE clinic_rollup_state.last_rolled_date IS DISTINCT FROM greatest(clinic_rollup_state.last_rolled_date, EXCLUDED.last_rolled_date)
         )
         SELECT count(*)::int AS n FROM mark`);
      return rows[0].n;
    });
    const result = await this.upkeep.holding(() => this.processDirty(asOf, clinicIds));
    // after the commits, off the request path: a night that rewrote many rows refreshes the statistics
    void this.upkeep.changed(ROLLUP_TABLES, rowsChanged(result.stats) + scheduled);
    return { ...result, scheduled };
  }

  /**
   * Recomputes every dirty clinic-day whose day is over. Clinics are taken in batches (one statement and one
   * transaction per batch) and each clinic only if its advisory lock is free: a clinic another replica holds is
   * left to it. A batch that fails is retried clinic by clinic, so one bad clinic does not hold up the others.
   */
  async processDirty(asOf: Date = new Date(), clinicIds?: string[]): Promise<ProcessResult> {
    const result: ProcessResult = { clinicDays: 0, stats: emptyStats(), failures: [], skippedLocked: [] };
    const skip = new Set<string>();
    for (;;) {
      const candidates = await this.prisma.$queryRaw<{ clinic_id: string }[]>`
         WITH due AS (${dueSql(asOf.toISOString(), this.env.ROLLUP_GRACE_MINUTES)})
         SELECT DISTINCT d.clinic_id FROM dirty_day d JOIN due ON due.clinic_id = d.clinic_id
         WHERE d.date <= due.due_through AND NOT (d.clinic_id = ANY(${[...skip]}::text[])) AND (${clinicIds ?? null}::text[] IS NULL OR d.clinic_id = ANY(${clinicIds ?? null}::text[]))
         ORDER BY d.clinic_id LIMIT 500`;
      if (!candidates.length) break;
      const ids = candidates.map((c) => c.clinic_id);
      // batches of disjoint clinics; two at a time on PostgreSQL (one per core), one on the single-connection PGlite
      const batches: string[][] = [];
      const size = Math.max(1, Math.min(DIRTY_BATCH, Math.ceil(ids.length / 2)));
      for (let i = 0; i < ids.length; i += size) batches.push(ids.slice(i, i + size));
      let next = 0;
      const worker = async () => {
        for (let k = next++; k < batches.length; k = next++) await this.processBatchOrEach(asOf, batches[k], result, skip);
      };
      await Promise.all(Array.from({ length: this.prisma.kind === 'postgres' ? Math.min(2, this.env.DATABASE_POOL_MAX) : 1 }, worker));
    }
    return result;
  }

  private async processBatchOrEach(asOf: Date, batch: string[], result: ProcessResult, skip: Set<string>): Promise<void> {
    try {
      await this.processBatch(asOf, batch, result, skip);
      return;
    } catch (e) {
      if (batch.length === 1) {
        skip.add(batch[0]);
        result.failures.push({ clinicId: batch[0], message: (e as Error).message });
        this.logger.error(`rollup of clinic ${batch[0]} failed: ${(e as Error).message}`);
        return;
      }
    }
    for (const one of batch) {
      try {
        await this.processBatch(asOf, [one], result, skip);
      } catch (err) {
        skip.add(one);
        result.failures.push({ clinicId: one, message: (err as Error).message });
        this.logger.error(`rollup of clinic ${one} failed: ${(err as Error).message}`);
      }
    }
  }

  /** One transaction: lock what is free of `clinics`, compute their due dirty days, roll up, delete the marks read. */
  private async processBatch(asOf: Date, clinics: string[], result: ProcessResult, skip: Set<string>): Promise<void> {
    const done = await this.prisma.tx(async (q) => {
      const locked = (
        await q.$queryRaw<{ id: string }[]>`SELECT id FROM unnest(${clinics}::text[]) AS id WHERE pg_try_advisory_xact_lock(hashtext('ut:rollup-clinic'), hashtext(id)) ORDER BY id`
      ).map((r) => r.id);
      const marks = locked.length
        ? await q.$queryRaw<DirtyMark[]>`
             WITH due AS (${dueFor(asOf.toISOString(), this.env.ROLLUP_GRACE_MINUTES, locked)})
             SELECT d.clinic_id, d.date::text AS date, d.marked_at::text AS marked_at FROM dirty_day d JOIN due ON due.clinic_id = d.clinic_id
             WHERE d.clinic_id = ANY(${locked}::text[]) AND d.date <= due.due_through ORDER BY d.clinic_id, d.date LIMIT 5000`
        : [];
      if (!marks.length) return { locked, n: 0, stats: emptyStats() };
      const stats = await computeDays(q, marks.map((m) => ({ clinicId: m.clinic_id, date: m.date })));
      const dates = marks.map((m) => m.date).sort();
      await rollupRange(q, [...new Set(marks.map((m) => m.clinic_id))], dates[0], dates[dates.length - 1]);
      await q.$executeRaw(deleteMarksSql(marks));
      return { locked, n: marks.length, stats };
    });
    for (const c of clinics) {
      if (!done.locked.includes(c)) {
        skip.add(c);
        result.skippedLocked.push(c);
      }
    }
    result.clinicDays += done.n;
    result.stats = addStats(result.stats, done.stats);
  }

  // ------------------------------------------------------------------ backfill

  /**
   * Recomputes [from, to] for the clinics (all when omitted). The work is cut into units of a group of clinics
   * × a run of days (about 1,500 clinic-days each, one statement and one transaction per unit, holding the
   * clinics' locks); `workers` units run at once (default 2 on PostgreSQL, 1 on the single-connection PGlite).
   */
  async backfill(
    req: { clinicIds?: string[]; from: string; to: string; workers?: number },
    onProgress?: (done: number, total: number, failed: number) => void | Promise<void>,
  ): Promise<{ clinicDays: number; failed: number; stats: DayStats; errors: { clinicId: string; dates: string; message: string }[] }> {
    const r = await this.upkeep.holding(() => this.backfillUnits(req, onProgress));
    // a backfill that rewrote many rows has what it touched analysed once it committed (coalesced, in the
    // background); a small one, or a re-run that changed nothing, does not (an ANALYZE per table after every
    // small backfill made a busy machine's backfills ten times slower)
    void this.upkeep.changed(ROLLUP_TABLES, rowsChanged(r.stats));
    return r;
  }

  private async backfillUnits(
    req: { clinicIds?: string[]; from: string; to: string; workers?: number },
    onProgress?: (done: number, total: number, failed: number) => void | Promise<void>,
  ): Promise<{ clinicDays: number; failed: number; stats: DayStats; errors: { clinicId: string; dates: string; message: string }[] }> {
    const clinics = await this.resolveClinics(req.clinicIds);
    const dates = dateRange(req.from, req.to);
    const total = clinics.length * dates.length;
    const chunkDays = Math.min(dates.length, 92);
    const perUnit = Math.max(1, Math.floor(1500 / chunkDays));
    const units: { clinics: string[]; dates: string[] }[] = [];
    for (let d = 0; d < dates.length; d += chunkDays) {
      for (let c = 0; c < clinics.length; c += perUnit) units.push({ clinics: clinics.slice(c, c + perUnit), dates: dates.slice(d, d + chunkDays) });
    }
    const workers = Math.max(1, Math.min(req.workers ?? (this.prisma.kind === 'postgres' ? 2 : 1), this.env.DATABASE_POOL_MAX, units.length || 1));
    let done = 0;
    let failed = 0;
    let stats = emptyStats();
    const errors: { clinicId: string; dates: string; message: string }[] = [];
    let next = 0;
    const worker = async () => {
      for (let i = next++; i < units.length; i = next++) {
        const unit = units[i];
        const n = unit.clinics.length * unit.dates.length;
        try {
          const s = await this.prisma.tx(async (q) => {
            for (const c of unit.clinics) await q.$executeRaw(clinicLockSql(c));
            const first = unit.dates[0];
            const last = unit.dates[unit.dates.length - 1];
            // dirty marks this unit settles (read before computing, deleted only if unchanged since)
            const marks = await q.$queryRaw<DirtyMark[]>`
              SELECT clinic_id, date::text AS date, marked_at::text AS marked_at FROM dirty_day WHERE clinic_id = ANY(${unit.clinics}::text[]) AND date BETWEEN ${first}::date AND ${last}::date`;
            const r = await computeDays(q, unit.clinics.flatMap((clinicId) => unit.dates.map((date) => ({ clinicId, date }))));
            await rollupRange(q, unit.clinics, first, last);
            if (marks.length) await q.$executeRaw(deleteMarksSql(marks));
            return r;
          });
          stats = addStats(stats, s);
          done += n;
        } catch (e) {
          failed += n;
          const message = (e as Error).message;
          for (const clinicId of unit.clinics) errors.push({ clinicId, dates: `${unit.dates[0]}..${unit.dates[unit.dates.length - 1]}`, message });
          this.logger.error(`backfill of ${unit.clinics.join(', ')} ${unit.dates[0]}..${unit.dates[unit.dates.length - 1]} failed: ${message}`);
        }
        await onProgress?.(done, total, failed);
      }
    };
    await Promise.all(Array.from({ length: workers }, worker));
    if (!failed && clinics.length) {
      // the nightly job need not redo what a backfill just did: move each clinic's mark forward over days that are over
      await this.prisma.$executeRaw`
        INSERT INTO clinic_rollup_state (clinic_id, last_rolled_date, updated_at)
        SELECT c.id, ${req.to}::date, now() FROM clinic c
        WHERE c.id = ANY(${clinics}::text[]) AND ${req.to}::date < (now() AT TIME ZONE c.time_zone)::date
          AND (SELECT min(d) FROM (SELECT (min(s.span_start) AT TIME ZONE c.time_zone)::date AS d FROM chair_session s WHERE s.clinic_id = c.id) m) >= ${req.from}::date
        ON CONFLICT (clinic_id) DO UPDATE SET last_rolled_date = greatest(clinic_rollup_state.last_rolled_date, EXCLUDED.last_rolled_date), updated_at = now()`;
    }
    return { clinicDays: done, failed, stats, errors };
  }

  /** The clinics named (each must exist); undefined means every clinic, an empty list none. */
  private async resolveClinics(clinicIds?: string[]): Promise<string[]> {
    if (clinicIds) {
      const rows = await this.prisma.clinic.findMany({ where: { id: { in: clinicIds } }, select: { id: true }, orderBy: { id: 'asc' } });
      const known = new Set(rows.map((r) => r.id));
      const unknown = clinicIds.filter((c) => !known.has(c));
      if (unknown.length) throw new BadRequestException(`Unknown clinic ${unknown.join(', ')}; check the ids (they are the ids posted to /api/v1/ops/intake/clinics)`);
      return rows.map((r) => r.id);
    }
    return (await this.prisma.clinic.findMany({ select: { id: true }, orderBy: { id: 'asc' } })).map((r) => r.id);
  }

  // ------------------------------------------------------------------ retention

  /**
   * Deletes what is older than RETENTION_DAYS (never less than two years): sessions and blocks that ended before
   * the cut-off, and the daily rows, hourly buckets and rollups of earlier days. Only one replica purges at a time.
   */
  async purgeExpired(now: Date = new Date()): Promise<Record<string, number> | null> {
    const cutoff = new Date(now.getTime() - this.env.RETENTION_DAYS * 86_400_000).toISOString().slice(0, 10);
    const out = await this.purgeTx(cutoff);
    if (out) {
      const tables = Object.entries(PURGED_TABLES).filter(([k]) => (out[k] ?? 0) > 0).map(([, t]) => t);
      void this.upkeep.changed(tables, Object.values(out).reduce((a, b) => a + b, 0));
    }
    return out;
  }

  private purgeTx(cutoff: string): Promise<Record<string, number> | null> {
    return this.prisma.tx(async (q) => {
      const [{ ok }] = await q.$queryRaw<{ ok: boolean }[]>`SELECT pg_try_advisory_xact_lock(hashtext('ut:retention'), 0) AS ok`;
      if (!ok) return null;
      // local dates as UTC midnights: a date column compares with the date itself, a timestamptz column with that
      // midnight in the session's time zone, as `$1::date` did
      const day = (d: string, plus = 0) => new Date(Date.parse(`${d}T00:00:00Z`) + plus * 86_400_000);
      const cut = day(cutoff);
      const periodCut = day(`${cutoff.slice(0, 7)}-01`, -31);
      return {
        sessions: (await q.chairSession.deleteMany({ where: { spanEnd: { lt: day(cutoff, -1) } } })).count,
        blocks: (await q.block.deleteMany({ where: { endAt: { lt: day(cutoff, -1) } } })).count,
        dailyRows: (await q.resourceUtilization.deleteMany({ where: { date: { lt: cut } } })).count,
        hourlyRows: (await q.resourceHourly.deleteMany({ where: { date: { lt: cut } } })).count,
        providerRows: (await q.providerProductivity.deleteMany({ where: { date: { lt: cut } } })).count,
        resourceRollups: (await q.resourceRollup.deleteMany({ where: { periodStart: { lt: periodCut } } })).count,
        clinicRollups: (await q.clinicRollup.deleteMany({ where: { periodStart: { lt: periodCut } } })).count,
        providerRollups: (await q.providerRollup.deleteMany({ where: { periodStart: { lt: periodCut } } })).count,
        dirtyDays: (await q.dirtyDay.deleteMany({ where: { date: { lt: cut } } })).count,
        runs: (await q.rollupRun.deleteMany({ where: { createdAt: { lt: cut } } })).count,
      };
    });
  }

  // ------------------------------------------------------------------ runs (SPEC §6)

  /** Records a run and starts it in the background; answers at once. */
  async startRun(req: RunRequest): Promise<RunView> {
    const clinics = await this.resolveClinics(req.clinicIds);
    const id = randomUUID();
    await this.prisma.$executeRaw`
      INSERT INTO rollup_run (id, status, trigger, requested_by, clinic_ids, from_date, to_date, clinic_days_total, owner_instance, heartbeat_at)
      VALUES (${id}::uuid, 'queued', ${req.trigger}, ${req.requestedBy ?? null}, ${req.clinicIds ?? []}::text[], ${req.from}::date, ${req.to}::date,
              ${clinics.length * dateRange(req.from, req.to).length}::int, ${this.instance}, now())`;
    const job = this.execute(id, { clinicIds: req.clinicIds, from: req.from, to: req.to }).finally(() => this.active.delete(id));
    this.active.set(id, job);
    this.beat();
    return this.getRun(id);
  }

  /** Waits for a run started by this process (tests, CLI). */
  async waitForRun(id: string): Promise<RunView> {
    await this.active.get(id);
    return this.getRun(id);
  }

  private async execute(id: string, req: { clinicIds?: string[]; from: string; to: string }): Promise<void> {
    await this.prisma.$executeRaw`UPDATE rollup_run SET status = 'running', started_at = now() WHERE id = ${id}::uuid`;
    const started = performance.now();
    try {
      let last = 0;
      const r = await this.backfill(req, async (done, _total, failed) => {
        if (Date.now() - last < 500) return;
        last = Date.now();
        await this.prisma.rollupRun.update({ where: { id }, data: { clinicDaysDone: done, clinicDaysFailed: failed } });
      });
      recordRollupRun('backfill', started, r.clinicDays, r.failed);
      await this.prisma.$executeRaw`
        UPDATE rollup_run SET status = ${r.failed ? 'failed' : 'succeeded'}::"RollupRunStatus", clinic_days_done = ${r.clinicDays}::int, clinic_days_failed = ${r.failed}::int,
          errors = ${JSON.stringify(r.errors)}::jsonb, finished_at = now() WHERE id = ${id}::uuid`;
    } catch (e) {
      this.logger.error(`rollup run ${id} failed: ${(e as Error).message}`);
      await this.prisma.$executeRaw`
        UPDATE rollup_run SET status = 'failed', errors = ${JSON.stringify([{ clinicId: '*', message: (e as Error).message }])}::jsonb, finished_at = now() WHERE id = ${id}::uuid`.catch(() => undefined);
    }
  }

  async getRun(id: string): Promise<RunView> {
    if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id)) throw new BadRequestException(`"${id}" is not a run id (a UUID as returned by POST /api/v1/ops/utilization/rollups)`);
    const [r] = await this.prisma.$queryRaw<RunRow[]>`
      SELECT id::text, status::text, trigger, requested_by, clinic_ids, from_date::text, to_date::text, clinic_days_total, clinic_days_done, clinic_days_failed, errors,
             to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS created_at,
             to_char(started_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS started_at,
             to_char(finished_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS finished_at
      FROM rollup_run WHERE id = ${id}::uuid`;
    if (!r) throw new NotFoundException(`No rollup run ${id}`);
    return {
      id: r.id,
      status: r.status,
      trigger: r.trigger,
      requestedBy: r.requested_by,
      clinicIds: r.clinic_ids ?? [],
      from: r.from_date,
      to: r.to_date,
      progress: {
        clinicDaysTotal: r.clinic_days_total,
        clinicDaysDone: r.clinic_days_done,
        clinicDaysFailed: r.clinic_days_failed,
        fraction: r.clinic_days_total ? Math.round(((r.clinic_days_done + r.clinic_days_failed) / r.clinic_days_total) * 1000) / 1000 : 1,
      },
      errors: r.errors,
      createdAt: r.created_at,
      startedAt: r.started_at,
      finishedAt: r.finished_at,
    };
  }

  /** Records a scheduled run that did work, so the history shows nightly runs too. */
  async recordScheduled(startedAt: Date, r: ProcessResult & { scheduled: number }): Promise<void> {
    recordRollupRun('scheduled', startedAt, r.clinicDays, r.failures.length);
    if (!r.clinicDays && !r.failures.length) return;
    await this.prisma.$executeRaw`
      INSERT INTO rollup_run (id, status, trigger, clinic_ids, clinic_days_total, clinic_days_done, clinic_days_failed, errors, created_at, started_at, finished_at)
      VALUES (${randomUUID()}::uuid, ${r.failures.length ? 'failed' : 'succeeded'}::"RollupRunStatus", 'schedule', '{}', ${r.clinicDays + r.failures.length}::int, ${r.clinicDays}::int,
              ${r.failures.length}::int, ${JSON.stringify(r.failures)}::jsonb, ${startedAt.toISOString()}::timestamptz, ${startedAt.toISOString()}::timestamptz, now())`;
  }
}
