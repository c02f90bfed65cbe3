// The 30/60/90-day capacity projection of one clinic (GET /api/v1/ops/utilization/capacity?clinicId=…).
import { HttpError } from '../api.js';
import { capacityChart, type CapacityDay, type Interval } from '../charts/capacity.js';
import { dataTable, message, toggle } from '../components.js';
import { clinicIds, clinicName, type Ctx } from '../context.js';
import { clear, h } from '../dom.js';
import { longDate, num, pct, statusLabel, WEEKDAYS } from '../format.js';
import type { Band, Status, Suggestion } from '../types.js';
import { failed } from './overview.js';

interface Window {
  horizonDays: number;
  from: string;
  to: string;
  openDays?: number;
  availableChairHours?: number;
  bookedChairHours?: number;
  projectedChairHours?: number;
  bookedUtilization?: number | null;
  projectedUtilization: number | null;
  interval80: Interval | null;
  interval95: Interval | null;
  status?: Status | null;
  riskDays?: number;
  lowDays?: number;
  chairHoursToAdd?: number;
  chairHoursToRelease?: number;
}

interface CapacitySuggestion {
  type: string;
  priority?: 'high' | 'medium' | 'low';
  title?: string;
  detail?: string;
  weekday?: number;
  hours?: { from: string; to: string };
  dates?: string[];
  chairHours?: number;
  chairHoursPerWeek?: number;
}

/** What the dashboard reads of the capacity answer. */
interface Capacity {
  clinicId: string;
  clinicName?: string;
  band?: Band;
  projection?: { horizonDays?: number; windows?: Window[]; days?: CapacityDay[]; riskDays?: (Partial<CapacityDay> & { date: string })[] };
  suggestions?: CapacitySuggestion[];
}

const range = (i: Interval | null | undefined) => (i && i.low !== null && i.high !== null ? `${pct(i.low, 0)}–${pct(i.high, 0)}` : '–');

/** Draws the capacity panel; resolves to its suggestions and risk days, for the suggestions list. */
export async function capacityPanel(ctx: Ctx, body: HTMLElement): Promise<Suggestion[]> {
  const ids = clinicIds(ctx);
  let first = true;
  const out: Suggestion[] = [];
  const draw = async (clinicId: string): Promise<void> => {
    clear(body);
    if (ids.length > 1)
      body.appendChild(
        toggle(
          'Clinic',
          ids.map((id) => [id, clinicName(ctx, id)]),
          clinicId,
          (id) => void draw(id),
        ),
      );
    const box = h('div', {}, message('loading', 'Projecting…'));
    body.appendChild(box);
    let cap: Capacity;
    try {
      cap = (await ctx.api.capacity([clinicId])) as Capacity;
    } catch (e) {
      if (!ctx.current()) return;
      clear(box);
      box.appendChild(
        e instanceof HttpError && (e.status === 501 || e.status === 404)
          ? message('info', 'The capacity projection is not available from this server yet.')
          : failed(e),
      );
      return;
    }
    if (!ctx.current()) return;
    clear(box);
    const band = cap.band ?? ctx.band;
    const days = cap.projection?.days ?? [];
    const windows = cap.projection?.windows ?? [];
    if (!days.some((d) => !d.closed && d.projectedUtilization !== null)) {
      box.appendChild(message('info', 'Not enough history to project this clinic’s coming days.'));
    } else {
      box.appendChild(
        h(
          'p',
          { class: 'note muted' },
          'Bookings made so far (grey) and the projected utilization of each coming day, with its 80% and 95% intervals; triangles mark days at risk of overbooking.',
        ),
      );
      capacityChart(box, days, band, windows);
    }
    box.appendChild(
      dataTable({
        id: 'capacity-windows',
        caption: `Next 30, 60 and 90 days · ${clinicName(ctx, clinicId)}`,
        filename: `capacity-${clinicId}.csv`,
        rows: windows,
        empty: 'No projection.',
        columns: [
          { label: 'Window', text: (w) => `${w.horizonDays} days`, csv: (w) => w.horizonDays, csvLabel: 'Days' },
          { label: 'From', text: (w) => longDate(w.from), csv: (w) => w.from },
          { label: 'To', text: (w) => longDate(w.to), csv: (w) => w.to },
          { label: 'Projected', text: (w) => pct(w.projectedUtilization), csv: (w) => w.projectedUtilization, num: true },
          {
            label: '80% interval',
            text: (w) => range(w.interval80),
            num: true,
            csvOnly: false,
            csv: (w) => w.interval80?.low ?? null,
            csvLabel: '80% interval low',
          },
          { label: '80% high', text: () => null, csv: (w) => w.interval80?.high ?? null, csvLabel: '80% interval high', csvOnly: true },
          { label: '95% interval', text: (w) => range(w.interval95), num: true, csv: (w) => w.interval95?.low ?? null, csvLabel: '95% interval low' },
          { label: '95% high', text: () => null, csv: (w) => w.interval95?.high ?? null, csvLabel: '95% interval high', csvOnly: true },
          { label: 'Status', text: (w) => statusLabel(w.status ?? null), csv: (w) => w.status },
          { label: 'Open chair-hours', text: (w) => num(w.availableChairHours, 0), csv: (w) => w.availableChairHours, num: true },
          { label: 'Projected chair-hours', text: (w) => num(w.projectedChairHours, 0), csv: (w) => w.projectedChairHours, num: true },
          { label: 'Risk days', text: (w) => num(w.riskDays), csv: (w) => w.riskDays, num: true },
          { label: 'Chair-hours to add', text: (w) => num(w.chairHoursToAdd, 1), csv: (w) => w.chairHoursToAdd, num: true },
          { label: 'Chair-hours spare', text: (w) => num(w.chairHoursToRelease, 1), csv: (w) => w.chairHoursToRelease, num: true },
        ],
      }),
    );
    const risky = days.filter((d) => !d.closed && d.overbookingRisk);
    risky.sort((a, b) => a.date.localeCompare(b.date));
    box.appendChild(
      dataTable({
        id: 'capacity-risk-days',
        caption: 'Days at risk of overbooking',
        filename: `capacity-risk-days-${clinicId}.csv`,
        rows: risky,
        empty: 'No day at risk of overbooking.',
        columns: [
          { label: 'Date', text: (d) => longDate(d.date), csv: (d) => d.date },
          { label: 'Risk', text: (d) => d.overbookingRisk ?? '' },
          { label: 'Probability', text: (d) => pct(d.overbookingProbability, 0), csv: (d) => d.overbookingProbability, num: true },
          { label: 'Projected', text: (d) => pct(d.projectedUtilization), csv: (d) => d.projectedUtilization, num: true },
          { label: '80% interval', text: (d) => range(d.interval80), csv: (d) => d.interval80?.low ?? null, csvLabel: '80% interval low' },
          { label: '80% high', text: () => null, csv: (d) => d.interval80?.high ?? null, csvLabel: '80% interval high', csvOnly: true },
          { label: 'Booked so far', text: (d) => pct(d.bookedUtilization), csv: (d) => d.bookedUtilization, num: true },
          { label: 'Chair-hours to add', text: (d) => num(d.chairHoursToAdd, 1), csv: (d) => d.chairHoursToAdd, num: true },
        ],
      }),
    );
    box.appendChild(
      h(
        'details',
        { class: 'numbers' },
        h('summary', {}, 'Every coming day'),
        dataTable({
          id: 'capacity-days',
          caption: 'Coming days',
          filename: `capacity-days-${clinicId}.csv`,
          rows: days.filter((d) => !d.closed),
          columns: [
            { label: 'Date', text: (d) => longDate(d.date), csv: (d) => d.date },
            { label: 'Booked so far', text: (d) => pct(d.bookedUtilization), csv: (d) => d.bookedUtilization, num: true },
            { label: 'Projected', text: (d) => pct(d.projectedUtilization), csv: (d) => d.projectedUtilization, num: true },
            { label: '80% interval', text: (d) => range(d.interval80), csv: (d) => d.interval80?.low ?? null, csvLabel: '80% interval low' },
            { label: '80% high', text: () => null, csv: (d) => d.interval80?.high ?? null, csvLabel: '80% interval high', csvOnly: true },
            { label: '95% interval', text: (d) => range(d.interval95), csv: (d) => d.interval95?.low ?? null, csvLabel: '95% interval low' },
            { label: '95% high', text: () => null, csv: (d) => d.interval95?.high ?? null, csvLabel: '95% interval high', csvOnly: true },
            { label: 'Open chair-hours', text: (d) => num(d.availableChairHours, 1), csv: (d) => d.availableChairHours, num: true },
            { label: 'Risk', text: (d) => d.overbookingRisk ?? '' },
          ],
        }),
      ),
    );
    if (first) {
      // the first clinic drawn feeds the suggestions list: risk days first, then the capacity suggestions
      first = false;
      if (risky.length) {
        const next = risky[0];
        const in30 = risky.filter((d) => d.date <= (windows.find((w) => w.horizonDays === 30)?.to ?? '')).length;
        out.push({
          clinicId,
          kind: 'overbooking-risk',
          severity: 'risk',
          date: next.date,
          chairHours: Math.round(risky.reduce((n, d) => n + (d.chairHoursToAdd ?? 0), 0) * 10) / 10,
          title: `${risky.length} coming day${risky.length === 1 ? '' : 's'} at risk of overbooking` + (windows.length ? ` (${in30} in the next 30 days)` : ''),
          text: `The next is ${longDate(next.date)}, projected ${pct(next.projectedUtilization, 0)} (80% interval ${range(next.interval80)}). See the capacity panel for every day.`,
        });
      }
      for (const s of cap.suggestions ?? [])
        out.push({
          clinicId,
          kind: s.type,
          severity: s.priority === 'high' ? 'warning' : s.priority === 'medium' ? 'warning' : 'info',
          weekday: s.weekday ? WEEKDAYS[s.weekday - 1] : undefined,
          hours: s.hours,
          date: s.dates?.[0],
          chairHours: s.chairHours,
          chairHoursPerWeek: s.chairHoursPerWeek,
          title: s.title,
          text: s.detail ?? s.title ?? '',
        });
    }
  };
  await draw(ctx.state.clinic !== 'all' ? ctx.state.clinic : ids[0]);
  return out;
}
