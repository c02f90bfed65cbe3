import { z } from 'zod';

/**
 * Every setting of the service, validated once at start-up. `.env.example` lists the same variables.
 * Defaults serve a local run on the embedded database; production must set AUTH_JWT_SECRET.
 */
const bool = z.enum(['true', 'false', '1', '0', 'yes', 'no']).transform((v) => v === 'true' || v === '1' || v === 'yes');

export const envSchema = z
  .object({
    NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
    HOST: z.string().min(1).default('127.0.0.1'),
    PORT: z.coerce.number().int().min(0).max(65535).default(3000),
    DATABASE_URL: z
      .string()
      .default('pglite:./.data/pglite')
      .refine((v) => /^(postgres(ql)?:\/\/|pglite:)/.test(v), {
        message: 'must start with postgresql:// (a PostgreSQL server) or pglite: (embedded; pglite:memory for a throw-away database)',
      }),
    DATABASE_POOL_MAX: z.coerce.number().int().min(1).max(200).default(10),
    AUTH_JWT_SECRET: z.string().min(16, 'must be at least 16 characters').default('local-dev-secret-change-me-in-production'),
    AUTH_JWT_PUBLIC_KEY: z.string().optional(),
    AUTH_JWT_ISSUER: z.string().optional(),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).default(1200),
    // false: the client address is the peer's; true: trust every proxy; else a comma-separated list of proxy addresses/CIDRs
    TRUST_PROXY: z
      .string()
      .default('false')
      .transform((v): boolean | string[] => {
        if (/^(true|false|yes|no)$/.test(v)) return v === 'true' || v === 'yes';
        return v
          .split(',')
          .map((a) => a.trim())
          .filter(Boolean);
      }),
    ROLLUP_SCHEDULE_ENABLED: bool.default(true),
    ROLLUP_CRON: z.string().default('*/10 * * * *'),
    ROLLUP_GRACE_MINUTES: z.coerce
      .number()
      .int()
      .min(0)
      .max(24 * 60)
      .default(120),
    RETENTION_DAYS: z.coerce.number().int().min(730, 'data is kept at least two years (730 days)').default(1095),
    MIGRATE_ON_START: bool.default(true),
    /** PGlite only (no autovacuum): VACUUM (ANALYZE) the write-heavy tables after this many changed rows (0 = not on rows)... */
    PGLITE_VACUUM_AFTER_ROWS: z.coerce.number().int().min(0).default(200_000),
    /** ...and at least this often, in hours, when anything changed (0 = not on time). */
    PGLITE_VACUUM_EVERY_HOURS: z.coerce.number().min(0).default(6),
    /** GET /metrics (Prometheus) is served only when set, to requests with `Authorization: Bearer <METRICS_TOKEN>` */
    METRICS_TOKEN: z.string().min(16, 'must be at least 16 characters').optional(),
    /** Open Dental databases to sync on a schedule: JSON or a path to a JSON file (src/connectors/opendental/config.ts) */
    OPENDENTAL_SOURCES: z.string().optional(),
  })
  .superRefine((env, ctx) => {
    if (env.NODE_ENV === 'production' && env.AUTH_JWT_SECRET === 'local-dev-secret-change-me-in-production' && !env.AUTH_JWT_PUBLIC_KEY) {
      ctx.addIssue({ code: 'custom', path: ['AUTH_JWT_SECRET'], message: 'set a real secret in production' });
    }
  });

export type Env = z.infer<typeof envSchema>;

export function loadEnv(source: NodeJS.ProcessEnv = process.env): Env {
  const parsed = envSchema.safeParse(Object.fromEntries(Object.entries(source).filter(([, v]) => v !== '')));
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new Error(`Invalid configuration:\n${lines.join('\n')}`);
  }
  return parsed.data;
}

export const ENV = Symbol('ENV');
