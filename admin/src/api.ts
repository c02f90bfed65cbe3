// A small typed client for the /api/v1 routes the dashboard reads.
import type { ApiError, ChairRow, DataSource, Headline, Page, ProviderSummary, Report, Timeline, Trends } from './types.js';

const BASE = '/api/v1/ops/utilization';

export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly body: ApiError | null,
  ) {
    super(body?.message ?? `HTTP ${status}`);
  }
}

type Query = Record<string, string | number | undefined | null>;

function url(path: string, query: Query = {}): string {
  const qs = Object.entries(query)
    .filter(([, v]) => v !== undefined && v !== null && v !== '')
    .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(String(v)).replace(/%2C/g, ',')}`)
    .join('&');
  return `${BASE}${path}${qs ? `?${qs}` : ''}`;
}

export class Api {
  /** called on 401: the token expired or is not valid any more */
  onUnauthorized: (e: HttpError) => void = () => undefined;

  constructor(private token: string) {}

  private async request(path: string, query: Query, accept = 'application/json'): Promise<Response> {
    const res = await fetch(url(path, query), { headers: { authorization: `Bearer ${this.token}`, accept } });
    if (!res.ok) {
      let body: ApiError | null = null;
      try {
        body = (await res.json()) as ApiError;
      } catch {
        /* not JSON */
      }
      const e = new HttpError(res.status, body);
      if (res.status === 401) this.onUnauthorized(e);
      throw e;
    }
    return res;
  }

  /** GET /api/v1/ops/sources (ops:admin): the data sources the service reads itself (Open Dental) and their syncs. */
  async sources(): Promise<{ items: DataSource[] }> {
    const res = await fetch('/api/v1/ops/sources', { headers: { authorization: `Bearer ${this.token}`, accept: 'application/json' } });
    if (!res.ok) throw new HttpError(res.status, (await res.json().catch(() => null)) as ApiError | null);
    return (await res.json()) as { items: DataSource[] };
  }

  private cache = new Map<string, { at: number; value: Promise<unknown> }>();

  /** GET a JSON answer; the same URL within five minutes is answered from memory (drilling down and back is instant). */
  get<T>(path: string, query: Query = {}): Promise<T> {
    const key = url(path, query);
    const hit = this.cache.get(key);
    if (hit && Date.now() - hit.at < 5 * 60_000) return hit.value as Promise<T>;
    const value = this.request(path, query).then((r) => r.json() as Promise<T>);
    this.cache.set(key, { at: Date.now(), value });
    value.catch(() => this.cache.delete(key));
    return value;
  }

  /** The API's own CSV export of a route (streamed server-side, every row of the range). */
  async csv(path: string, query: Query = {}): Promise<Blob> {
    return (await this.request(path, { ...query, format: 'csv' }, 'text/csv')).blob();
  }

  /** The clinics the token is granted, with their names. */
  clinics() {
    return this.get<{ items: { id: string; name: string; timeZone: string; lastRolledDate?: string | null; currency?: string | null }[] }>('/clinics');
  }

  headline(clinicIds: string[] | null, from?: string, to?: string) {
    return this.get<Headline>('', { clinicId: clinicIds?.join(','), from, to });
  }

  report(clinicIds: string[], from: string, to: string) {
    return this.get<Report>('/report', { clinicId: clinicIds.join(','), from, to });
  }

  trends(q: { clinicIds: string[]; from: string; to: string; granularity: string; metric?: string; groupBy?: string; resourceId?: string }) {
    return this.get<Trends>('/trends', {
      clinicId: q.clinicIds.join(','),
      from: q.from,
      to: q.to,
      granularity: q.granularity,
      metric: q.metric ?? 'utilizationRate',
      groupBy: q.groupBy,
      resourceId: q.resourceId,
    });
  }

  /** Every page of /chairs. */
  async chairs(q: {
    clinicIds: string[];
    from: string;
    to: string;
    granularity: 'day' | 'week' | 'month' | 'total';
    resourceId?: string;
  }): Promise<ChairRow[]> {
    const out: ChairRow[] = [];
    let cursor: string | null = null;
    do {
      const page: Page<ChairRow> = await this.get<Page<ChairRow>>('/chairs', {
        clinicId: q.clinicIds.join(','),
        from: q.from,
        to: q.to,
        granularity: q.granularity,
        resourceId: q.resourceId,
        limit: 1000,
        cursor,
      });
      out.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor && out.length < 20000);
    return out;
  }

  /** Every page of /providers?view=summary (individual figures: needs ops:view_provider_detail). */
  async providerSummaries(clinicIds: string[], from: string, to: string): Promise<ProviderSummary[]> {
    const out: ProviderSummary[] = [];
    let cursor: string | null = null;
    do {
      const page: Page<ProviderSummary> = await this.get<Page<ProviderSummary>>('/providers', {
        view: 'summary',
        clinicId: clinicIds.join(','),
        from,
        to,
        limit: 1000,
        cursor,
      });
      out.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor && out.length < 20000);
    return out;
  }

  timeline(resourceId: string, date: string) {
    return this.get<Timeline>(`/chairs/${encodeURIComponent(resourceId)}/timeline`, { date });
  }

  capacity(clinicIds: string[]) {
    return this.get<unknown>('/capacity', { clinicId: clinicIds.join(',') });
  }
}
