// Prisma CLI configuration (Prisma 7 no longer reads the URL from schema.prisma or .env by itself).
// Only needed by users who have the Prisma engines and want `prisma migrate deploy`; the service
// applies prisma/migrations with its own migrator (src/database/migrator.ts).
import 'dotenv/config';
import { defineConfig } from 'prisma/config';

export default defineConfig({
  schema: 'prisma/schema.prisma',
  migrations: { path: 'prisma/migrations' },
  datasource: { url: process.env.DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/test' },
});
