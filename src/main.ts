import 'dotenv/config';
import { createApp } from './bootstrap.js';
import { loadEnv } from './config/env.js';

const env = loadEnv();
const app = await createApp(env);
await app.listen({ port: env.PORT, host: env.HOST });
const url = await app.getUrl();
console.log(`Utilization Tracking listening on ${url} — API docs ${url}/api/docs, admin token: npm run token`);
