import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { CronJob } from 'cron';
import { ENV, type Env } from '../config/env.js';
import { RetentionService } from './retention.service.js';
import { RollupRunsService } from './rollup-runs.service.js';
import { RollupService } from './rollup.service.js';

/**
 * Thin cron handler: on ROLLUP_CRON (default every 10 minutes) and once at start-up it asks RetentionService to
 * purge (at most once a day), RollupRunsService to fail the runs whose owner is gone, RollupService to enqueue the
 * clinic-days that are over and to process the dirty queue, and RollupRunsService to record what it did. The work
 * is idempotent and safe across replicas (advisory locks), so a missed or doubled tick costs nothing.
 */
@Injectable()
export class RollupScheduler implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('RollupScheduler');
  private running: Promise<void> | null = null;
  private startTimer?: NodeJS.Timeout;
  private lastPurge = 0;

  constructor(
    private readonly rollups: RollupService,
    private readonly runs: RollupRunsService,
    private readonly retention: RetentionService,
    private readonly registry: SchedulerRegistry,
    @Inject(ENV) private readonly env: Env,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.env.ROLLUP_SCHEDULE_ENABLED) return;
    const job = CronJob.from({ cronTime: this.env.ROLLUP_CRON, onTick: () => void this.tick(), start: true });
    this.registry.addCronJob('utilization-rollup', job);
    this.startTimer = setTimeout(() => void this.tick(), 2_000); // catch up missed nights soon after start
  }

  async onApplicationShutdown(): Promise<void> {
    clearTimeout(this.startTimer);
    if (this.registry.doesExist('cron', 'utilization-rollup')) {
      await this.registry.getCronJob('utilization-rollup').stop();
      this.registry.deleteCronJob('utilization-rollup');
    }
    await this.running;
  }

  tick(): Promise<void> {
    if (this.running) return this.running;
    this.running = (async () => {
      const started = new Date();
      try {
        if (started.getTime() - this.lastPurge > 86_400_000) {
          // retention: at most once a day per process, and by one replica at a time
          const purged = await this.retention.purgeExpired(started);
          this.lastPurge = started.getTime();
          if (purged && Object.values(purged).some((n) => n > 0)) this.logger.log(`retention: deleted ${JSON.stringify(purged)}`);
        }
        const orphaned = await this.runs.failOrphanedRuns();
        if (orphaned) this.logger.warn(`marked ${orphaned} rollup run(s) failed: the instance running them stopped`);
        const r = await this.rollups.runScheduled(started);
        await this.runs.recordScheduled(started, r);
        if (r.clinicDays || r.failures.length) {
          this.logger.log(
            `rolled up ${r.clinicDays} clinic-day(s) (${r.scheduled} newly due) in ${Date.now() - started.getTime()} ms; ${r.failures.length} clinic(s) failed`,
          );
        }
      } catch (e) {
        this.logger.error(`scheduled rollup failed: ${(e as Error).message}`);
      } finally {
        this.running = null;
      }
    })();
    return this.running;
  }
}
