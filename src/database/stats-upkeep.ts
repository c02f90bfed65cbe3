import { Logger } from '@nestjs/common';
import { recordUpkeep } from '../metrics/figures.js';
import type { PrismaService } from './prisma.service.js';

/** An intake batch that changed at least this many rows has its tables analysed after it commits. */
export const ANALYZE_AFTER_ROWS = 1000;

/** The tables a rollup (scheduled, backfill or run) writes. */
export const ROLLUP_TABLES = [
  'resource_utilization',
  'resource_hourly',
  'provider_productivity',
  'resource_rollup',
  'clinic_rollup',
  'provider_rollup',
  'dirty_day',
] as const;

/** The write-heavy tables the PGlite maintenance job vacuums (PGlite has no autovacuum). */
export const VACUUM_TABLES = ['chair_session', 'block', ...ROLLUP_TABLES] as const;

/** Only these names are ever interpolated into ANALYZE / VACUUM (the only $executeRawUnsafe of the service). */
const KNOWN = new Set<string>([...VACUUM_TABLES, 'clinic', 'resource', 'provider', 'rollup_run', 'clinic_rollup_state']);

export interface UpkeepOptions {
  /** PGlite: vacuum after this many changed rows (0 = never on rows). */
  vacuumAfterRows: number;
  /** PGlite: vacuum at least this often, in hours, when anything changed (0 = never on time). */
  vacuumEveryHours: number;
}

export interface UpkeepRecord {
  analyses: number;
  lastAnalyzedAt: Date | null;
}

/**
 * Keeps the planner's statistics fresh after bulk writes (issue 15, "Freshness"). Callers report what they
 * changed once their transaction committed; the analyses run in the background, never on the request path.
 * One ANALYZE per table is in flight per process: a table reported again while it is being analysed is analysed
 * once more after, however many times it was reported meanwhile; analyses run one at a time. On PGlite (no autovacuum) a maintenance pass
 * runs VACUUM (ANALYZE) of the write-heavy tables after enough changed rows or on a timer, never while a bulk
 * job (a rollup) holds the database.
 */
export class StatsUpkeep {
  private readonly kind: 'pglite' | 'postgres';
  private readonly logger = new Logger('StatsUpkeep');
  private readonly running = new Map<string, Promise<void>>();
  private readonly queued = new Map<string, Promise<void>>();
  /** What this process did, per table (PGlite's pg_stat_user_tables does not count analyses). */
  readonly record = new Map<string, UpkeepRecord>();
  vacuums = 0;
  lastVacuumAt: Date | null = null;
  private changedSinceVacuum = 0;
  private bulk = 0;
  private vacuuming: Promise<void> | null = null;
  /** The analyses in flight, one after the other. */
  private line: Promise<unknown> = Promise.resolve();
  private timer?: NodeJS.Timeout;
  private stopped = false;

  constructor(
    private readonly prisma: PrismaService,
    private readonly options: UpkeepOptions = { vacuumAfterRows: 0, vacuumEveryHours: 0 },
  ) {
    this.kind = prisma.kind;
    if (this.kind === 'pglite' && options.vacuumEveryHours > 0) {
      this.timer = setInterval(() => {
        if (this.changedSinceVacuum > 0) void this.vacuum();
      }, options.vacuumEveryHours * 3_600_000);
      this.timer.unref();
    }
  }

  /** Reports rows changed in `tables` (after the commit). Analyses them if `rows` reaches ANALYZE_AFTER_ROWS, or always with force. */
  changed(tables: readonly string[], rows: number, force = false): Promise<void> {
    if (this.stopped || rows <= 0) return Promise.resolve();
    this.changedSinceVacuum += rows;
    const work: Promise<void>[] = [];
    if (force || rows >= ANALYZE_AFTER_ROWS) work.push(...tables.map((t) => this.analyse(t)));
    if (this.kind === 'pglite' && this.options.vacuumAfterRows > 0 && this.changedSinceVacuum >= this.options.vacuumAfterRows) work.push(this.vacuum());
    return Promise.all(work).then(() => undefined);
  }

  /** Marks a bulk job (a rollup) as holding the database: no vacuum starts meanwhile. */
  async holding<T>(fn: () => Promise<T>): Promise<T> {
    this.bulk++;
    try {
      return await fn();
    } finally {
      this.bulk--;
    }
  }

  /** ANALYZE of one table, coalesced: at most one running and one queued per table. */
  analyse(table: string): Promise<void> {
    if (!KNOWN.has(table)) return Promise.reject(new Error(`unknown table ${table}`));
    const queued = this.queued.get(table);
    if (queued) return queued;
    const current = this.running.get(table);
    if (current) {
      const next = current.then(() => {
        this.queued.delete(table);
        return this.start(table);
      });
      this.queued.set(table, next);
      return next;
    }
    return this.start(table);
  }

  private start(table: string): Promise<void> {
    if (this.stopped) return Promise.resolve();
    // one ANALYZE at a time per process: upkeep never holds more than one of the pool's connections
    const p = this.line
      .then(() => (this.stopped ? undefined : this.prisma.$executeRawUnsafe(`ANALYZE ${table}`).then(() => this.note(table))))
      .catch((e: Error) => this.logger.warn(`ANALYZE ${table} failed: ${e.message}`))
      .finally(() => this.running.delete(table));
    this.line = p;
    this.running.set(table, p);
    return p;
  }

  private note(table: string, kind: 'analyze' | 'vacuum' = 'analyze') {
    recordUpkeep(kind, table);
    const r = this.record.get(table) ?? { analyses: 0, lastAnalyzedAt: null };
    r.analyses++;
    r.lastAnalyzedAt = new Date();
    this.record.set(table, r);
  }

  /** PGlite: VACUUM (ANALYZE) of the write-heavy tables, outside any transaction; skipped while a bulk job runs. */
  vacuum(): Promise<void> {
    if (this.kind !== 'pglite' || this.stopped) return Promise.resolve();
    if (this.vacuuming) return this.vacuuming;
    if (this.bulk > 0) return Promise.resolve(); // the next report after the job triggers it again
    const changed = this.changedSinceVacuum;
    this.vacuuming = this.prisma
      .$executeRawUnsafe(`VACUUM (ANALYZE) ${VACUUM_TABLES.join(', ')}`)
      .then(() => {
        this.changedSinceVacuum = Math.max(0, this.changedSinceVacuum - changed);
        this.vacuums++;
        this.lastVacuumAt = new Date();
        for (const t of VACUUM_TABLES) this.note(t, 'vacuum');
      })
      .catch((e: Error) => this.logger.warn(`VACUUM failed: ${e.message}`))
      .finally(() => (this.vacuuming = null));
    return this.vacuuming;
  }

  /** Resolves when nothing is in flight (tests, shutdown). */
  async settled(): Promise<void> {
    for (;;) {
      const all = [...this.running.values(), ...this.queued.values(), ...(this.vacuuming ? [this.vacuuming] : [])];
      if (!all.length) return;
      await Promise.all(all);
    }
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.settled();
    this.stopped = true;
  }
}
