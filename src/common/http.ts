import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { stringify } from 'csv-stringify/sync';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

/**
 * `bom` of every CSV route: CSV files start with the UTF-8 byte-order mark by default, so spreadsheet programs
 * (Excel above all) read them as UTF-8 and "Röntgenraum" stays intact; `bom=false` leaves it out (for tools that
 * do not expect it). Each CSV route's query DTO takes this field (BomField in src/utilization/utilization.dto.ts); sendCsv reads it.
 */
export const BOM_DESCRIPTION = 'CSV only: the file starts with the UTF-8 byte-order mark (so spreadsheet programs read accents right) unless bom=false';

/** Whether the request asked to leave out the byte-order mark (`bom=false`). */
export const withBom = (req: FastifyRequest) => (req.query as Record<string, unknown> | undefined)?.bom !== 'false';

/** True when the caller asked for CSV: `format=csv` or an Accept header that prefers text/csv. */
export function wantsCsv(req: FastifyRequest, format?: string): boolean {
  if (format) return format === 'csv';
  const accept = String(req.headers.accept ?? '');
  return /\btext\/csv\b/i.test(accept) && !/\bapplication\/json\b/i.test(accept.split(',')[0] ?? '');
}

export interface CsvColumn<T> {
  header: string;
  value: (row: T) => unknown;
}

/**
 * Streams rows as CSV (RFC 4180, UTF-8 with a byte-order mark unless the request says `bom=false`): the rows come
 * from an iterable or async iterable (e.g. keyset pages read from the database), so an export of any size leaves the server in
 * constant memory. Numbers are written as plain numbers (no thousands separators, no units: the header names the unit).
 */
export function sendCsv<T>(reply: FastifyReply, filename: string, columns: CsvColumn<T>[], rows: Iterable<T> | AsyncIterable<T>): FastifyReply {
  return sendCsvBatches(reply, filename, columns, batchesOf(rows, CSV_BATCH));
}

/** Rows per piece of CSV text written at once (one string and one socket write per batch, not per row). */
const CSV_BATCH = 1000;

async function* batchesOf<T>(rows: Iterable<T> | AsyncIterable<T>, size: number): AsyncGenerator<T[]> {
  let batch: T[] = [];
  for await (const row of rows) {
    batch.push(row);
    if (batch.length >= size) {
      yield batch;
      batch = [];
    }
  }
  if (batch.length) yield batch;
}

/** sendCsv for rows that come in batches (e.g. a page of the database at a time): each batch becomes one piece of text. */
export function sendCsvBatches<T>(reply: FastifyReply, filename: string, columns: CsvColumn<T>[], batches: AsyncIterable<T[]>): FastifyReply {
  const first = { header: true, bom: withBom(reply.request), columns: columns.map((c) => c.header), cast: CSV_CAST };
  const rest = { cast: CSV_CAST };
  const source = Readable.from(
    (async function* () {
      let started = false;
      for await (const batch of batches) {
        yield stringify(
          batch.map((row) => columns.map((c) => c.value(row) ?? '')),
          started ? rest : first,
        );
        started = true;
      }
      if (!started) yield stringify([], first); // the header alone
    })(),
    { objectMode: false },
  );
  return reply
    .header('content-type', 'text/csv; charset=utf-8')
    .header('content-disposition', `attachment; filename="${filename.replace(/[^A-Za-z0-9._-]/g, '_')}"`)
    .header('cache-control', 'private, no-cache')
    .send(source);
}

const CSV_CAST = { boolean: (b: boolean) => (b ? 'true' : 'false') };

/** A whole CSV table in memory (for small tables, e.g. the report's sections inside a ZIP), with the BOM when asked. */
export function csvText<T>(columns: CsvColumn<T>[], rows: T[], bom = true): Promise<string> {
  return Promise.resolve(
    stringify(
      rows.map((r) => columns.map((c) => c.value(r) ?? '')),
      { header: true, bom, columns: columns.map((c) => c.header), cast: CSV_CAST },
    ),
  );
}

/**
 * Reads all pages of a keyset-paged query, a page (its items) at a time: the next page is read while the caller works
 * on this one, and at most that one more is in memory.
 */
export async function* allPages<T>(fetch: (cursor: string | null) => Promise<{ items: T[]; nextCursor: string | null }>): AsyncGenerator<T[]> {
  let pending: Promise<{ items: T[]; nextCursor: string | null }> | null = fetch(null);
  try {
    while (pending) {
      const page: { items: T[]; nextCursor: string | null } = await pending;
      pending = page.nextCursor ? fetch(page.nextCursor) : null;
      yield page.items;
    }
  } finally {
    // a client that went away leaves the page read ahead unread: never an unhandled rejection
    void pending?.catch(() => undefined);
  }
}

/**
 * Conditional GET for the JSON answers of /api/v1: a strong ETag over the body, `Cache-Control: private, no-cache`
 * (clients revalidate; a cache never serves one clinic's numbers to another caller), and 304 when If-None-Match matches.
 */
export function registerConditionalGet(fastify: FastifyInstance): void {
  fastify.addHook('onSend', async (req, reply, payload) => {
    if (req.method !== 'GET' || !req.url.startsWith('/api/v1/') || reply.statusCode !== 200) return payload;
    if (typeof payload !== 'string' && !Buffer.isBuffer(payload)) return payload; // streams (CSV exports) are not hashed
    const etag = `"${createHash('sha1').update(payload).digest('base64url')}"`;
    reply.header('etag', etag);
    if (!reply.hasHeader('cache-control')) reply.header('cache-control', 'private, no-cache');
    reply.header('vary', 'Authorization, Accept');
    const inm = req.headers['if-none-match'];
    if (inm && inm.split(',').some((t) => t.trim() === etag || t.trim() === `W/${etag}`)) {
      reply.code(304);
      reply.removeHeader('content-type');
      reply.removeHeader('content-length');
      return '';
    }
    return payload;
  });
}
