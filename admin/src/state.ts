// What is on screen lives in the address (#view=day&clinic=clinic-a&from=…&to=…&date=…), so a view can be linked,
// bookmarked and opened by scripts; the back button walks the drill-down back up. `#token=<JWT>` signs in.

export type View = 'overview' | 'period' | 'day' | 'resource' | 'timeline' | 'month';
const VIEWS: View[] = ['overview', 'period', 'day', 'resource', 'timeline', 'month'];

export interface State {
  view: View;
  /** 'all' = every clinic the token is granted */
  clinic: string;
  from: string;
  to: string;
  /** a sub-period opened from the overview (period view; kept while drilling further) */
  pfrom?: string;
  pto?: string;
  date?: string;
  resource?: string;
  /** an hour of day opened from the heatmap */
  hour?: number;
  /** granularity of the utilization-over-time chart */
  gran?: string;
  /** the month of the month view (YYYY-MM) */
  month?: string;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

export function readHash(hash = location.hash): { state: Partial<State>; token: string | null } {
  const p = new URLSearchParams(hash.replace(/^#/, ''));
  const date = (k: string) => (DATE.test(p.get(k) ?? '') ? p.get(k)! : undefined);
  const view = p.get('view') as View;
  const hour = Number(p.get('hour'));
  return {
    token: p.get('token'),
    state: {
      view: VIEWS.includes(view) ? view : undefined,
      clinic: p.get('clinic') || undefined,
      from: date('from'),
      to: date('to'),
      pfrom: date('pfrom'),
      pto: date('pto'),
      date: date('date'),
      resource: p.get('resource') || undefined,
      hour: p.get('hour') !== null && Number.isInteger(hour) && hour >= 0 && hour < 24 ? hour : undefined,
      gran: p.get('gran') || undefined,
      month: /^\d{4}-(0[1-9]|1[0-2])$/.test(p.get('month') ?? '') ? p.get('month')! : undefined,
    },
  };
}

export function toHash(s: State): string {
  const p = new URLSearchParams();
  for (const k of ['view', 'clinic', 'month', 'from', 'to', 'pfrom', 'pto', 'date', 'resource', 'hour', 'gran'] as const) {
    const v = s[k];
    if (v !== undefined && v !== null && v !== '') p.set(k, String(v));
  }
  return `#${p.toString()}`;
}
