import { Global, Logger, Module, type OnApplicationShutdown } from '@nestjs/common';
import { ENV, type Env } from '../config/env.js';
import { closeDriver, openDriver } from './driver.js';
import { migrate } from './migrator.js';
import { PrismaService } from './prisma.service.js';
import { StatsUpkeep } from './stats-upkeep.js';

type DatabaseEnv = Pick<Env, 'DATABASE_URL' | 'DATABASE_POOL_MAX' | 'MIGRATE_ON_START'>;

/**
 * Opens the database (a pg.Pool of DATABASE_POOL_MAX connections, or PGlite), applies the migrations when
 * MIGRATE_ON_START, and builds the one PrismaService on it, which owns the pool / PGlite instance from then on.
 */
export async function openPrisma(env: DatabaseEnv): Promise<PrismaService> {
  const driver = await openDriver(env.DATABASE_URL, { poolMax: env.DATABASE_POOL_MAX });
  try {
    if (env.MIGRATE_ON_START) {
      const r = await migrate(driver);
      new Logger('Database').log(`${driver.description}: ${r.applied.length} migration(s) applied, ${r.alreadyApplied.length} already in place`);
    }
  } catch (e) {
    await closeDriver(driver);
    throw e;
  }
  return new PrismaService(driver);
}

/** The database for every feature module: PrismaService and the statistics upkeep on it; both closed once on shutdown. */
@Global()
@Module({
  providers: [
    { provide: PrismaService, inject: [ENV], useFactory: (env: Env) => openPrisma(env) },
    {
      provide: StatsUpkeep,
      inject: [PrismaService, ENV],
      useFactory: (prisma: PrismaService, env: Env) =>
        new StatsUpkeep(prisma, { vacuumAfterRows: env.PGLITE_VACUUM_AFTER_ROWS ?? 0, vacuumEveryHours: env.PGLITE_VACUUM_EVERY_HOURS ?? 0 }),
    },
  ],
  exports: [PrismaService, StatsUpkeep],
})
export class PrismaModule implements OnApplicationShutdown {
  constructor(
    private readonly prisma: PrismaService,
    private readonly upkeep: StatsUpkeep,
  ) {}

  async onApplicationShutdown(): Promise<void> {
    await this.upkeep.stop().catch(() => undefined);
    await this.prisma.close(); // once: close() is idempotent
  }
}
