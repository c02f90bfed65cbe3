import { parseArgs } from 'node:util';
import type { INestApplicationContext } from '@nestjs/common';
import { parseSource, parseSources, type SourceConfig } from './config.js';
import { OpenDentalRunner } from './runner.js';
import { KINDS, type SyncSummary } from './sync.service.js';

export const USAGE =
  'npm run sync:opendental -- --url mysql://USER:PASS@HOST:PORT/DB --source ID [--default-time-zone IANA] [--full]\n' +
  '  (our database: DATABASE_URL; a source also listed in OPENDENTAL_SOURCES keeps its blockoutReasons and brokenWithoutHistory)';

export interface SyncCommand {
  source: SourceConfig;
  full: boolean;
}

/** Parses the one-shot command's arguments; throws an Error with the usage on a mistake. */
export function parseSyncArgs(argv: string[], env: NodeJS.ProcessEnv = process.env): SyncCommand {
  const { values } = parseArgs({
    args: argv,
    options: {
      url: { type: 'string' },
      source: { type: 'string' },
      'default-time-zone': { type: 'string' },
      full: { type: 'boolean', default: false },
    },
    strict: true,
  });
  if (!values.url || !values.source) throw new Error(`--url and --source are required\n${USAGE}`);
  const listed = parseSources(env.OPENDENTAL_SOURCES).find((s) => s.id === values.source);
  const source = parseSource({
    ...(listed ?? {}),
    id: values.source,
    url: values.url,
    ...(values['default-time-zone'] ? { defaultTimeZone: values['default-time-zone'] } : {}),
  });
  return { source, full: values.full ?? false };
}

export function formatSummary(s: SyncSummary): string {
  const pad = (v: string | number, n: number) => String(v).padStart(n);
  const lines = [
    `Open Dental source ${s.sourceId}: ${s.mode} sync in ${s.seconds.toFixed(2)} s (source clock ${s.sourceNow})`,
    `${'kind'.padEnd(11)}${pad('read', 9)}${pad('created', 9)}${pad('updated', 9)}${pad('unchanged', 11)}${pad('warnings', 10)}`,
    ...KINDS.map((k) => {
      const c = s.kinds[k];
      return `${k.padEnd(11)}${pad(c.read, 9)}${pad(c.created, 9)}${pad(c.updated, 9)}${pad(c.unchanged, 11)}${pad(c.warnings, 10)}`;
    }),
  ];
  if (s.warnings.length) lines.push('warnings (first 20):', ...s.warnings.slice(0, 20).map((w) => `  - ${w}`));
  return lines.join('\n');
}

/** The one-shot sync on a booted app context: prints the summary, returns the exit code. */
export async function runSyncCommand(
  app: INestApplicationContext,
  cmd: SyncCommand,
  out: (line: string) => void = console.log,
  err: (line: string) => void = console.error,
): Promise<number> {
  try {
    const summary = await app.get(OpenDentalRunner).run(cmd.source, { full: cmd.full });
    out(formatSummary(summary));
    return 0;
  } catch (e) {
    err(`sync of Open Dental source ${cmd.source.id} failed: ${(e as Error).message}`);
    return 1;
  }
}
