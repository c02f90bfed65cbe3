import { Inject, Injectable } from '@nestjs/common';
import { ENV, type Env } from '../config/env.js';
import { PrismaService } from '../database/prisma.service.js';
import { StatsUpkeep } from '../database/stats-upkeep.js';

/** The table each count of purgeExpired deleted from. */
const PURGED_TABLES: Record<string, string> = {
  sessions: 'chair_session',
  blocks: 'block',
  dailyRows: 'resource_utilization',
  hourlyRows: 'resource_hourly',
  providerRows: 'provider_productivity',
  resourceRollups: 'resource_rollup',
  clinicRollups: 'clinic_rollup',
  providerRollups: 'provider_rollup',
  dirtyDays: 'dirty_day',
  runs: 'rollup_run',
};

/** Retention (SPEC: keep at least two years): RollupScheduler asks for a purge at most once a day per process. */
@Injectable()
export class RetentionService {
  constructor(
    private readonly prisma: PrismaService,
    private readonly upkeep: StatsUpkeep,
    @Inject(ENV) private readonly env: Env,
  ) {}

  /**
   * Deletes what is older than RETENTION_DAYS (never less than two years): sessions and blocks that ended before
   * the cut-off, and the daily rows, hourly buckets and rollups of earlier days. Only one replica purges at a time.
   */
  async purgeExpired(now: Date = new Date()): Promise<Record<string, number> | null> {
    const cutoff = new Date(now.getTime() - this.env.RETENTION_DAYS * 86_400_000).toISOString().slice(0, 10);
    const out = await this.purgeTx(cutoff);
    if (out) {
      const tables = Object.entries(PURGED_TABLES)
        .filter(([k]) => (out[k] ?? 0) > 0)
        .map(([, t]) => t);
      void this.upkeep.changed(
        tables,
        Object.values(out).reduce((a, b) => a + b, 0),
      );
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
}
