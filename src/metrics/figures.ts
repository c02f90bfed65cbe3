import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import type { FastifyInstance } from 'fastify';
import type { PrismaService } from '../database/prisma.service.js';

/**
 * The service's Prometheus figures (prom-client), served by GET /metrics (src/metrics/metrics.controller.ts).
 *
 * One registry per process, as prom-client intends: counters and histograms are recorded where the work happens
 * (the `record…` functions below, one-line calls), and the gauges that describe the database (dirty-day backlog,
 * each clinic's rollup lag, pool use) are read at scrape time by `collectDatabaseFigures`.
 */
export const registry = new Registry();
collectDefaultMetrics({ register: registry });

export const INTAKE_KINDS = ['clinics', 'resources', 'providers', 'exceptions', 'sessions', 'blocks'] as const;
export type IntakeKind = (typeof INTAKE_KINDS)[number];
export type IntakeOutcome = 'created' | 'updated' | 'unchanged' | 'warning' | 'refused';
export type RollupTrigger = 'backfill' | 'scheduled';
export type UpkeepKind = 'analyze' | 'vacuum';

const httpDuration = new Histogram({
  name: 'ut_http_request_duration_seconds',
  help: 'HTTP request duration by route pattern, method and status class (GET /metrics itself is not counted)',
  labelNames: ['method', 'route', 'status_class'] as const,
  buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
  registers: [registry],
});

const intakeItems = new Counter({
  name: 'ut_intake_items_total',
  help: 'Intake items by kind and outcome: created, updated, unchanged (disjoint: the written items); warning (written items accepted with a warning, also counted in their write outcome); refused (invalid items: all items of a 400 batch, the rejected ones with onInvalid=skip)',
  labelNames: ['kind', 'outcome'] as const,
  registers: [registry],
});

const rollupDuration = new Histogram({
  name: 'ut_rollup_run_duration_seconds',
  help: 'Duration of rollup runs: backfill (a rollup run of the API) or scheduled (one tick of the scheduler, empty ones included)',
  labelNames: ['trigger'] as const,
  buckets: [0.05, 0.1, 0.5, 1, 5, 10, 30, 60, 300, 900, 3600],
  registers: [registry],
});

const rollupClinicDays = new Histogram({
  name: 'ut_rollup_run_clinic_days',
  help: 'Clinic-days computed per rollup run',
  labelNames: ['trigger'] as const,
  buckets: [0, 1, 10, 100, 1000, 10_000, 100_000, 1_000_000],
  registers: [registry],
});

const rollupFailed = new Counter({
  name: 'ut_rollup_clinic_days_failed_total',
  help: 'Clinic-days (backfill) or clinics (scheduled) whose rollup failed',
  labelNames: ['trigger'] as const,
  registers: [registry],
});

const upkeepRuns = new Counter({
  name: 'ut_statistics_upkeep_total',
  help: 'Statistics upkeep runs by kind (analyze, vacuum) and table',
  labelNames: ['kind', 'table'] as const,
  registers: [registry],
});

const dirtyBacklog = new Gauge({
  name: 'ut_dirty_days',
  help: 'Clinic-days marked dirty and waiting to be rolled up (read from dirty_day at scrape time)',
  registers: [registry],
});

const rollupLag = new Gauge({
  name: 'ut_rollup_lag_hours',
  help: 'Per clinic: hours since the first day after its last rolled-up day was due (local close + ROLLUP_GRACE_MINUTES); 0 when up to date; clinics never rolled up are absent',
  labelNames: ['clinic_id'] as const,
  registers: [registry],
});

const poolConnections = new Gauge({
  name: 'ut_db_pool_connections',
  help: 'Database connections by state: total, idle, waiting (clients queued for one), max. PGlite has one connection',
  labelNames: ['state'] as const,
  registers: [registry],
});

/** Counts what one intake request did (called by the intake controller). */
export function recordIntake(kind: IntakeKind, counts: Partial<Record<IntakeOutcome, number>>): void {
  for (const [outcome, n] of Object.entries(counts)) if (n) intakeItems.inc({ kind, outcome }, n);
}

/** One rollup run finished: its duration from `startedAt` (a Date or a performance.now() value) and the clinic-days it computed. */
export function recordRollupRun(trigger: RollupTrigger, startedAt: Date | number, clinicDays: number, failed = 0): void {
  const ms = startedAt instanceof Date ? Date.now() - startedAt.getTime() : performance.now() - startedAt;
  rollupDuration.observe({ trigger }, Math.max(0, ms) / 1000);
  rollupClinicDays.observe({ trigger }, clinicDays);
  if (failed) rollupFailed.inc({ trigger }, failed);
}

/** One statistics upkeep run (ANALYZE or VACUUM of `table`). */
export function recordUpkeep(kind: UpkeepKind, table: string): void {
  upkeepRuns.inc({ kind, table });
}

/**
 * HTTP latency per route: the route pattern (`/api/v1/ops/utilization/chairs`, `/admin/*`), never the raw URL, so
 * the label set stays bounded; requests that match no route are `(unmatched)`. GET /metrics itself is skipped.
 */
export function registerHttpMetrics(fastify: FastifyInstance): void {
  fastify.addHook('onResponse', async (req, reply) => {
    const route = req.routeOptions?.url ?? '(unmatched)';
    if (route === '/metrics') return;
    httpDuration.observe({ method: req.method, route, status_class: `${Math.floor(reply.statusCode / 100)}xx` }, reply.elapsedTime / 1000);
  });
}

/** Sets the gauges that describe the database, at scrape time: two small queries and the pool's counters. */
export async function collectDatabaseFigures(prisma: PrismaService, graceMinutes: number, now: Date = new Date()): Promise<void> {
  dirtyBacklog.set(await prisma.dirtyDay.count());
  // day d is due at its local close + grace (the rule of the scheduler's due-date SQL in src/rollup/rollup.service.ts);
  // the lag is how long the first day not yet rolled up has been due
  const lags = await prisma.$queryRaw<{ clinic_id: string; hours: number }[]>`
    SELECT s.clinic_id,
           greatest(0, extract(epoch FROM ${now.toISOString()}::timestamptz - (ut_clinic_close(s.clinic_id, s.last_rolled_date + 1) + make_interval(mins => ${graceMinutes}::int))) / 3600)::float8 AS hours
    FROM clinic_rollup_state s JOIN clinic c ON c.id = s.clinic_id WHERE s.last_rolled_date IS NOT NULL`;
  rollupLag.reset();
  for (const l of lags) rollupLag.set({ clinic_id: l.clinic_id }, Math.round(l.hours * 1000) / 1000);
  const pool = prisma.driver.pool;
  poolConnections.set({ state: 'total' }, pool ? pool.totalCount : 1);
  poolConnections.set({ state: 'idle' }, pool ? pool.idleCount : 1); // PGlite: its one connection, idle once the queries above are done
  poolConnections.set({ state: 'waiting' }, pool ? pool.waitingCount : 0);
  poolConnections.set({ state: 'max' }, pool ? (pool.options.max ?? 10) : 1);
}
