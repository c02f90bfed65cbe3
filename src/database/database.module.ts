import { Global, Inject, Injectable, Logger, Module, type OnApplicationShutdown } from '@nestjs/common';
import { ENV, type Env } from '../config/env.js';
import { migrate } from './migrator.js';
import { createPrismaClient, PrismaClient } from './prisma.service.js';
import { openSql, type Sql } from './sql.js';

/** Raw SQL (`sql`) and Prisma (`prisma`) on one pool or one PGlite instance, closed together on shutdown. */
@Injectable()
export class Database implements OnApplicationShutdown {
  private closed = false;
  constructor(
    readonly sql: Sql,
    readonly prisma: PrismaClient,
  ) {}

  async onApplicationShutdown(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.prisma.$disconnect().catch(() => undefined);
    await this.sql.close();
  }
}

export async function openDatabase(env: Pick<Env, 'DATABASE_URL' | 'DATABASE_POOL_MAX' | 'MIGRATE_ON_START'>): Promise<Database> {
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
  return new Database(sql, createPrismaClient(sql));
}

@Global()
@Module({
  providers: [{ provide: Database, inject: [ENV], useFactory: (env: Env) => openDatabase(env) }],
  exports: [Database],
})
export class DatabaseModule {}

export const InjectDatabase = () => Inject(Database);
