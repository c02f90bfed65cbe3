// npm run token -- [--sub NAME] [--permissions a,b] [--clinics id1,id2|*] [--hours N]
// Prints a bearer token signed with AUTH_JWT_SECRET, for local use and scripts.
import 'dotenv/config';
import { parseArgs } from 'node:util';
import { loadEnv } from '../src/config/env.js';
import { signToken } from '../src/auth/token.js';

const { values } = parseArgs({
  options: {
    sub: { type: 'string', default: 'local-admin' },
    permissions: { type: 'string', default: 'ops:view_analytics,ops:view_provider_detail,ops:ingest,ops:admin' },
    clinics: { type: 'string', default: '*' },
    hours: { type: 'string', default: '12' },
    help: { type: 'boolean', default: false },
  },
});
if (values.help) {
  console.log('npm run token -- [--sub NAME] [--permissions ops:view_analytics,ops:ingest] [--clinics clinic-a,clinic-b | "*"] [--hours 12]');
  process.exit(0);
}
const env = loadEnv();
const token = await signToken(env.AUTH_JWT_SECRET, {
  sub: values.sub,
  permissions: values.permissions
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean),
  clinicIds: values.clinics
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean),
  ttlSeconds: Math.round(Number(values.hours) * 3600),
});
console.log(token);
