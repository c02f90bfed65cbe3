import { BadRequestException, Inject, Injectable, Logger, NotFoundException, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { ENV, type Env } from '../config/env.js';
import { Database } from '../database/database.module.js';
import { ROLLUP_TABLES } from '../database/stats-upkeep.js';
import { addStats, CLINIC_LOCK_SQL, computeDays, dateRange, emptyStats, rollupRange, rowsChanged, SCHEDULER_LOCK_SQL, type DayStats } from './engine.js';
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

/** The SQL that tells, per clinic, through which local date days are over (close of business + grace). */
const DUE_SQL = `
  SELECT c.id AS clinic_id, t.today::text AS today,
    (CASE WHEN $1::timestamptz >= ut_clinic_close(c.id, t.today) + make_interval(mins => $2::int) THEN t.today
          WHEN $1::timestamptz >= ut_clinic_close(c.id, t.today - 1) + make_interval(mins => $2::int) THEN t.today - 1
          ELSE t.today - 2 END) AS due_through
  FROM clinic c CROSS JOIN LATERAL (SELECT ($1::timestamptz AT TIME ZONE c.time_zone)::date AS today) t`;
/** DUE_SQL for the clinics of the text[] parameter `param` only. */
const DUE_FOR = (param: string) => `${DUE_SQL} WHERE c.id = ANY(${param}::text[])`;

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
    private readonly db: Database,
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
    const rows = await this.db.sql.query(
      `UPDATE rollup_run SET status = 'failed', finished_at = now(),
         errors = errors || '[{"clinicId": "*", "message": "interrupted: the service instance running it stopped; start it again"}]'::jsonb
       WHERE status IN ('queued', 'running') AND owner_instance IS DISTINCT FROM $1
         AND coalesce(heartbeat_at, created_at) < now() - make_interval(secs => $2)
       RETURNING id`,
      [this.instance, OWNER_GONE_SECONDS],
    );
    return rows.length;
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
      this.db.sql
        .query('UPDATE rollup_run SET heartbeat_at = now() WHERE id = ANY($1::uuid[])', [[...this.active.keys()]])
        .catch((e) => this.logger.warn(`rollup run heartbeat failed: ${(e as Error).message}`));
    }, HEARTBEAT_MS);
    this.heartbeat.unref();
  }

  // ------------------------------------------------------------------ scheduled path

  /** Enqueues every clinic-day that is over and not yet rolled up (missed nights included), then processes the dirty queue. */
  async runScheduled(asOf: Date = new Date(), clinicIds?: string[]): Promise<ProcessResult & { scheduled: number }> {
    const scheduled = await this.db.sql.tx(async (q) => {
      const [{ ok }] = await q.query<{ ok: boolean }>(SCHEDULER_LOCK_SQL);
      if (!ok) return 0; // another replica is scheduling right now; it enqueues the same days
      const rows = await q.query<{ n: number }>(
        `WITH due AS (${DUE_SQL}),
         plan AS (
           SELECT due.clinic_id, due.due_through,
             coalesce(s.last_rolled_date + 1,
               greatest(least((c.created_at AT TIME ZONE c.time_zone)::date,
                              (SELECT (min(cs.span_start) AT TIME ZONE c.time_zone)::date FROM chair_session cs WHERE cs.clinic_id = c.id)),
                        due.due_through - $3::int)) AS start_date
           FROM due JOIN clinic c ON c.id = due.clinic_id
           LEFT JOIN clinic_rollup_state s ON s.clinic_id = due.clinic_id
           WHERE $4::text[] IS NULL OR due.clinic_id = ANY($4::text[])
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
         SELECT count(*)::int AS n FROM mark`,
        [asOf.toISOString(), this.env.ROLLUP_GRACE_MINUTES, this.env.RETENTION_DAYS, clinicIds ?? null],
      );
      return rows[0].n;
    });
    const result = await this.db.upkeep.holding(() => this.processDirty(asOf, clinicIds));
    // after the commits, off the request path: a night that rewrote many rows refreshes the statistics
    void this.db.upkeep.changed(ROLLUP_TABLES, rowsChanged(result.stats) + scheduled);
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
      const candidates = await this.db.sql.query<{ clinic_id: string }>(
        `WITH due AS (${DUE_SQL})
         SELECT DISTINCT d.clinic_id FROM dirty_day d JOIN due ON due.clinic_id = d.clinic_id
         WHERE d.date <= due.due_through AND NOT (d.clinic_id = ANY($3::text[])) AND ($4::text[] IS NULL OR d.clinic_id = ANY($4::text[]))
         ORDER BY d.clinic_id LIMIT 500`,
        [asOf.toISOString(), this.env.ROLLUP_GRACE_MINUTES, [...skip], clinicIds ?? null],
      );
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
      await Promise.all(Array.from({ length: this.db.sql.kind === 'postgres' ? Math.min(2, this.env.DATABASE_POOL_MAX) : 1 }, worker));
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
    const done = await this.db.sql.tx(async (q) => {
      const locked = (
        await q.query<{ id: string }>(
          `SELECT id FROM unnest($1::text[]) AS id WHERE pg_try_advisory_xact_lock(hashtext('ut:rollup-clinic'), hashtext(id)) ORDER BY id`,
          [clinics],
        )
      ).map((r) => r.id);
      const marks = locked.length
        ? await q.query<{ clinic_id: string; date: string; marked_at: string }>(
            `WITH due AS (${DUE_FOR('$3')})
             SELECT d.clinic_id, d.date::text AS date, d.marked_at::text AS marked_at FROM dirty_day d JOIN due ON due.clinic_id = d.clinic_id
             WHERE d.clinic_id = ANY($3::text[]) AND d.date <= due.due_through ORDER BY d.clinic_id, d.date LIMIT 5000`,
            [asOf.toISOString(), this.env.ROLLUP_GRACE_MINUTES, locked],
          )
        : [];
      if (!marks.length) return { locked, n: 0, stats: emptyStats() };
      const stats = await computeDays(q, marks.map((m) => ({ clinicId: m.clinic_id, date: m.date })));
      const dates = marks.map((m) => m.date).sort();
      await rollupRange(q, [...new Set(marks.map((m) => m.clinic_id))], dates[0], dates[dates.length - 1]);
      await q.query(
        `DELETE FROM dirty_day d USING unnest($1::text[], $2::date[], $3::timestamptz[]) AS x(clinic_id, date, marked_at)
         WHERE d.clinic_id = x.clinic_id AND d.date = x.date AND d.marked_at = x.marked_at`,
        [marks.map((m) => m.clinic_id), marks.map((m) => m.date), marks.map((m) => m.marked_at)],
      );
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
    const r = await this.db.upkeep.holding(() => this.backfillUnits(req, onProgress));
    // a backfill that rewrote many rows has what it touched analysed once it committed (coalesced, in the
    // background); a small one, or a re-run that changed nothing, does not (an ANALYZE per table after every
    // small backfill made a busy machine's backfills ten times slower)
    void this.db.upkeep.changed(ROLLUP_TABLES, rowsChanged(r.stats));
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
    const workers = Math.max(1, Math.min(req.workers ?? (this.db.sql.kind === 'postgres' ? 2 : 1), this.env.DATABASE_POOL_MAX, units.length || 1));
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
          const s = await this.db.sql.tx(async (q) => {
            for (const c of unit.clinics) await q.query(CLINIC_LOCK_SQL, [c]);
            const first = unit.dates[0];
            const last = unit.dates[unit.dates.length - 1];
            // dirty marks this unit settles (read before computing, deleted only if unchanged since)
            const marks = await q.query<{ clinic_id: string; date: string; marked_at: string }>(
              'SELECT clinic_id, date::text AS date, marked_at::text AS marked_at FROM dirty_day WHERE clinic_id = ANY($1::text[]) AND date BETWEEN $2::date AND $3::date',
              [unit.clinics, first, last],
            );
            const r = await computeDays(q, unit.clinics.flatMap((clinicId) => unit.dates.map((date) => ({ clinicId, date }))));
            await rollupRange(q, unit.clinics, first, last);
            if (marks.length) {
              await q.query(
                `DELETE FROM dirty_day d USING unnest($1::text[], $2::date[], $3::timestamptz[]) AS x(clinic_id, date, marked_at)
                 WHERE d.clinic_id = x.clinic_id AND d.date = x.date AND d.marked_at = x.marked_at`,
                [marks.map((m) => m.clinic_id), marks.map((m) => m.date), marks.map((m) => m.marked_at)],
              );
            }
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
      await this.db.sql.query(
        `INSERT INTO clinic_rollup_state (clinic_id, last_rolled_date, updated_at)
         SELECT c.id, $2::date, now() FROM clinic c
         WHERE c.id = ANY($1::text[]) AND $2::date < (now() AT TIME ZONE c.time_zone)::date
           AND (SELECT min(d) FROM (SELECT (min(s.span_start) AT TIME ZONE c.time_zone)::date AS d FROM chair_session s WHERE s.clinic_id = c.id) m) >= $3::date
         ON CONFLICT (clinic_id) DO UPDATE SET last_rolled_date = greatest(clinic_rollup_state.last_rolled_date, EXCLUDED.last_rolled_date), updated_at = now()`,
        [clinics, req.to, req.from],
      );
    }
    return { clinicDays: done, failed, stats, errors };
  }

  /** The clinics named (each must exist); undefined means every clinic, an empty list none. */
  private async resolveClinics(clinicIds?: string[]): Promise<string[]> {
    if (clinicIds) {
      const rows = await this.db.sql.query<{ id: string }>('SELECT id FROM clinic WHERE id = ANY($1::text[]) ORDER BY id', [clinicIds]);
      const known = new Set(rows.map((r) => r.id));
      const unknown = clinicIds.filter((c) => !known.has(c));
      if (unknown.length) throw new BadRequestException(`Unknown clinic ${unknown.join(', ')}; check the ids (they are the ids posted to /api/v1/ops/intake/clinics)`);
      return rows.map((r) => r.id);
    }
    return (await this.db.sql.query<{ id: string }>('SELECT id FROM clinic ORDER BY id')).map((r) => r.id);
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
      void this.db.upkeep.changed(tables, Object.values(out).reduce((a, b) => a + b, 0));
    }
    return out;
  }

  private purgeTx(cutoff: string): Promise<Record<string, number> | null> {
    return this.db.sql.tx(async (q) => {
      const [{ ok }] = await q.query<{ ok: boolean }>(`SELECT pg_try_advisory_xact_lock(hashtext('ut:retention'), 0) AS ok`);
      if (!ok) return null;
      const out: Record<string, number> = {};
      const del = async (name: string, sql: string) => {
        const rows = await q.query<{ n: number }>(`WITH d AS (${sql} RETURNING 1) SELECT count(*)::int AS n FROM d`, [cutoff]);
        out[name] = rows[0].n;
      };
      await del('sessions', `DELETE FROM chair_session WHERE span_end < $1::date - 1`);
      await del('blocks', `DELETE FROM block WHERE end_at < $1::date - 1`);
      await del('dailyRows', `DELETE FROM resource_utilization WHERE date < $1::date`);
      await del('hourlyRows', `DELETE FROM resource_hourly WHERE date < $1::date`);
      await del('providerRows', `DELETE FROM provider_productivity WHERE date < $1::date`);
      await del('resourceRollups', `DELETE FROM resource_rollup WHERE period_start < date_trunc('month', $1::date)::date - 31`);
      await del('clinicRollups', `DELETE FROM clinic_rollup WHERE period_start < date_trunc('month', $1::date)::date - 31`);
      await del('providerRollups', `DELETE FROM provider_rollup WHERE period_start < date_trunc('month', $1::date)::date - 31`);
      await del('dirtyDays', `DELETE FROM dirty_day WHERE date < $1::date`);
      await del('runs', `DELETE FROM rollup_run WHERE created_at < $1::date`);
      return out;
    });
  }

  // ------------------------------------------------------------------ runs (SPEC §6)

  /** Records a run and starts it in the background; answers at once. */
  async startRun(req: RunRequest): Promise<RunView> {
    const clinics = await this.resolveClinics(req.clinicIds);
    const id = randomUUID();
    await this.db.sql.query(
      `INSERT INTO rollup_run (id, status, trigger, requested_by, clinic_ids, from_date, to_date, clinic_days_total, owner_instance, heartbeat_at)
       VALUES ($1, 'queued', $2, $3, $4::text[], $5::date, $6::date, $7, $8, now())`,
      [id, req.trigger, req.requestedBy ?? null, req.clinicIds ?? [], req.from, req.to, clinics.length * dateRange(req.from, req.to).length, this.instance],
    );
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
    await this.db.sql.query(`UPDATE rollup_run SET status = 'running', started_at = now() WHERE id = $1`, [id]);
    const started = performance.now();
    try {
      let last = 0;
      const r = await this.backfill(req, async (done, _total, failed) => {
        if (Date.now() - last < 500) return;
        last = Date.now();
        await this.db.sql.query('UPDATE rollup_run SET clinic_days_done = $2, clinic_days_failed = $3 WHERE id = $1', [id, done, failed]);
      });
      recordRollupRun('backfill', started, r.clinicDays, r.failed);
      await this.db.sql.query(
        `UPDATE rollup_run SET status = $2::"RollupRunStatus", clinic_days_done = $3, clinic_days_failed = $4, errors = $5::jsonb, finished_at = now() WHERE id = $1`,
        [id, r.failed ? 'failed' : 'succeeded', r.clinicDays, r.failed, JSON.stringify(r.errors)],
      );
    } catch (e) {
      this.logger.error(`rollup run ${id} failed: ${(e as Error).message}`);
      await this.db.sql
        .query(`UPDATE rollup_run SET status = 'failed', errors = $2::jsonb, finished_at = now() WHERE id = $1`, [id, JSON.stringify([{ clinicId: '*', message: (e as Error).message }])])
        .catch(() => undefined);
    }
  }

  async getRun(id: string): Promise<RunView> {
    if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id)) throw new BadRequestException(`"${id}" is not a run id (a UUID as returned by POST /api/v1/ops/utilization/rollups)`);
    const [r] = await this.db.sql.query<{
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
    }>(
      `SELECT id::text, status::text, trigger, requested_by, clinic_ids, from_date::text, to_date::text, clinic_days_total, clinic_days_done, clinic_days_failed, errors,
              to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS created_at,
              to_char(started_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS started_at,
              to_char(finished_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS finished_at
       FROM rollup_run WHERE id = $1::uuid`,
      [id],
    );
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
    await this.db.sql.query(
      `INSERT INTO rollup_run (id, status, trigger, clinic_ids, clinic_days_total, clinic_days_done, clinic_days_failed, errors, created_at, started_at, finished_at)
       VALUES ($1, $2::"RollupRunStatus", 'schedule', '{}', $3, $4, $5, $6::jsonb, $7, $7, now())`,
      [randomUUID(), r.failures.length ? 'failed' : 'succeeded', r.clinicDays + r.failures.length, r.clinicDays, r.failures.length, JSON.stringify(r.failures), startedAt.toISOString()],
    );
  }
}
