// node dist/scripts/openapi-dump.js [FILE]: writes the OpenAPI document that the service serves at /api/docs-json
// (built by createApp on a throw-away embedded database, so it is the live document) to FILE or stdout.
import { writeFileSync } from 'node:fs';
import { createApp } from '../src/bootstrap.js';
import { loadEnv } from '../src/config/env.js';

const env = loadEnv({
  NODE_ENV: 'test',
  DATABASE_URL: 'pglite:memory',
  AUTH_JWT_SECRET: 'openapi-dump-secret-0123456789',
  LOG_LEVEL: 'silent',
  ROLLUP_SCHEDULE_ENABLED: 'false',
  METRICS_TOKEN: 'openapi-dump-metrics-token',
});
const app = await createApp(env);
const res = await app.getHttpAdapter().getInstance().inject({ method: 'GET', url: '/api/docs-json' });
await app.close();
if (res.statusCode !== 200) throw new Error(`/api/docs-json answered ${res.statusCode}`);
const text = JSON.stringify(JSON.parse(res.body), null, 2) + '\n';
const file = process.argv[2];
if (file) writeFileSync(file, text);
else process.stdout.write(text);
