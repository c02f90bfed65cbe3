import { Global, Inject, Injectable, Logger, Module, type OnApplicationShutdown } from '@nestjs/common';
import { ENV, type Env } from '../config/env.js';
import { migrate } from './migrator.js';
import { PrismaService } from './prisma.service.js';
import { openSql, type Sql } from './sql.js';
import { StatsUpkeep, type UpkeepOptions } from './stats-upkeep.js';

/** Raw SQL (`sql`) and Prisma (`prisma`) on one pool or one PGlite instance, closed together on shutdown. */
@Injectable()
export class Database implements OnApplicationShutdown {
  private closed = false;
  /** Statistics upkeep after bulk writes (src/database/stats-upkeep.ts). */
  readonly upkeep: StatsUpkeep;
  constructor(
    readonly sql: Sql,
    readonly prisma: PrismaService,
    upkeep?: UpkeepOptions,
  ) {
    this.upkeep = new StatsUpkeep(sql, upkeep);
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.upkeep.stop().catch(() => undefined);
    await this.prisma.$disconnect().catch(() => undefined);
    await this.sql.close();
  }
}

export async function openDatabase(
  env: Pick<Env, 'DATABASE_URL' | 'DATABASE_POOL_MAX' | 'MIGRATE_ON_START'> & Partial<Pick<Env, 'PGLITE_VACUUM_AFTER_ROWS' | 'PGLITE_VACUUM_EVERY_HOURS'>>,
): Promise<Database> {
  const logger = new Logger('Database');
  const sql = await openSql(env.DATABASE_URL, { poolMax: env.DATABASE_POOL_MAX });
  try {
    if (env.MIGRATE_ON_START) {
      const r = await migrate(sql);
      logger.log(`${sql.description}: ${r.applied.length} migration(s) applied, ${r.alreadyApplied.length} already in place`);
    }
  } catch (e) {
    await sql.close();
    throw e;
  }
  return new Database(sql, new PrismaService({ kind: sql.kind, description: sql.description, pool: sql.pool, pglite: sql.pglite }), {
    vacuumAfterRows: env.PGLITE_VACUUM_AFTER_ROWS ?? 0,
    vacuumEveryHours: env.PGLITE_VACUUM_EVERY_HOURS ?? 0,
  });
}

@Global()
@Module({
  providers: [
    { provide: Database, inject: [ENV], useFactory: (env: Env) => openDatabase(env) },
    // the one Prisma client, on the same pool or PGlite instance
    { provide: PrismaService, inject: [Database], useFactory: (db: Database) => db.prisma },
  ],
  exports: [Database, PrismaService],
})
export class DatabaseModule {}

export const InjectDatabase = () => Inject(Database);
