import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { ENV, type Env } from '../../config/env.js';
import { PrismaService } from '../../database/prisma.service.js';
import { parseSources, type SourceConfig } from './config.js';
import { OpenDentalSyncService, type SyncOptions, type SyncSummary } from './sync.service.js';

/** Advisory-lock class of the Open Dental syncs (the object is hashtext(source id)). */
const LOCK_CLASS = 4242100;

/** How long the lock's transaction may stay open: longer than any sync (a first full sync of a large group takes minutes). */
const SYNC_LOCK_TIMEOUT_MS = 6 * 3_600_000;

export class SyncBusy extends Error {}

/**
 * Runs syncs one replica at a time per source: `pg_try_advisory_xact_lock` taken in a transaction that stays open for
 * the whole sync (a session-level lock taken through a pool could be released on another connection). The embedded
 * PGlite has one process and one connection: there an in-process flag is the lock.
 * Also the scheduler of OPENDENTAL_SOURCES: each source every `every` minutes.
 */
@Injectable()
export class OpenDentalRunner implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('OpenDental');
  readonly sources: SourceConfig[];
  private readonly running = new Map<string, Promise<unknown>>();
  private timers: NodeJS.Timeout[] = [];

  constructor(
    private readonly prisma: PrismaService,
    private readonly syncs: OpenDentalSyncService,
    @Inject(ENV) env: Env,
  ) {
    this.sources = parseSources(env.OPENDENTAL_SOURCES);
  }

  onApplicationBootstrap(): void {
    for (const s of this.sources) {
      const tick = () => {
        this.run(s).then(
          (r) => this.logger.log(`${s.id}: ${r.mode} sync in ${r.seconds} s: ${JSON.stringify(r.kinds.sessions)}`),
          (e: Error) => (e instanceof SyncBusy ? undefined : this.logger.error(`${s.id}: ${e.message}`)),
        );
      };
      this.timers.push(setTimeout(tick, 3_000), setInterval(tick, s.every * 60_000));
    }
  }

  async onApplicationShutdown(): Promise<void> {
    for (const t of this.timers) clearTimeout(t);
    await Promise.allSettled([...this.running.values()]);
  }

  /** One sync of `cfg` unless another process (or this one) is syncing it: then SyncBusy. */
  async run(cfg: SourceConfig, opts: SyncOptions = {}): Promise<SyncSummary> {
    if (this.running.has(cfg.id)) throw new SyncBusy(`source ${cfg.id} is already being synced by this process`);
    const p = (async () => {
      if (this.prisma.kind === 'pglite') return this.syncs.sync(cfg, opts);
      return this.prisma.tx(
        async (q) => {
          const [{ locked }] = await q.$queryRaw<{ locked: boolean }[]>`SELECT pg_try_advisory_xact_lock(${LOCK_CLASS}::int, hashtext(${cfg.id})) AS locked`;
          if (!locked) throw new SyncBusy(`source ${cfg.id} is being synced by another replica; try again later`);
          return this.syncs.sync(cfg, opts);
        },
        { timeout: SYNC_LOCK_TIMEOUT_MS },
      );
    })();
    this.running.set(cfg.id, p);
    try {
      return await p;
    } finally {
      this.running.delete(cfg.id);
    }
  }
}
