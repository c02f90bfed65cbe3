import { BadRequestException, Injectable, Logger, NotFoundException, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { PrismaService } from '../database/prisma.service.js';
import { recordRollupRun } from '../metrics/figures.js';
import { dateRange } from './engine.js';
import { RollupService, type ProcessResult } from './rollup.service.js';

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

/** A running rollup run's owner writes a heartbeat this often... */
const HEARTBEAT_MS = 10_000;
/** ...and a run whose heartbeat is older than this has lost its owner (the process stopped): it is marked failed. */
const OWNER_GONE_SECONDS = 60;

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
 * The records of rollup runs (SPEC §6): a run started through the API or the CLI is recorded, executed in the
 * background by RollupService.backfill with its progress written as it goes, and read back by id; a scheduled run
 * that did work is recorded afterwards. The process executing a run is its owner and keeps its heartbeat fresh; a
 * run whose owner is gone (the process stopped) is marked failed, at start-up and by the scheduler.
 */
@Injectable()
export class RollupRunsService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Rollup');
  private readonly active = new Map<string, Promise<void>>();
  /** This process: the owner recorded on the runs it executes. */
  readonly instance = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  private heartbeat?: NodeJS.Timeout;

  constructor(
    private readonly prisma: PrismaService,
    private readonly rollups: RollupService,
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
      this.prisma.$executeRaw`UPDATE rollup_run SET heartbeat_at = now() WHERE id = ANY(${[...this.active.keys()]}::uuid[])`.catch((e) =>
        this.logger.warn(`rollup run heartbeat failed: ${(e as Error).message}`),
      );
    }, HEARTBEAT_MS);
    this.heartbeat.unref();
  }

  /** Records a run and starts it in the background; answers at once. */
  async startRun(req: RunRequest): Promise<RunView> {
    const clinics = await this.rollups.resolveClinics(req.clinicIds);
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
      const r = await this.rollups.backfill(req, async (done, _total, failed) => {
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
        UPDATE rollup_run SET status = 'failed', errors = ${JSON.stringify([{ clinicId: '*', message: (e as Error).message }])}::jsonb, finished_at = now() WHERE id = ${id}::uuid`.catch(
        () => undefined,
      );
    }
  }

  async getRun(id: string): Promise<RunView> {
    if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id))
      throw new BadRequestException(`"${id}" is not a run id (a UUID as returned by POST /api/v1/ops/utilization/rollups)`);
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
