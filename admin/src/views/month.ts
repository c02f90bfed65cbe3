// The month view (the operations calendar other screens link to): one clinic's month as a calendar, each day coloured
// by its seated utilization against the band, with the booked rate beside it, no-shows and closures marked; a day opens
// the day view. Served by the existing /chairs?granularity=day rows (summed per day here: rates are ratios of sums).
// Address: #view=month&clinic=<id>&month=YYYY-MM.
import { dataTable, message } from '../components.js';
import { clinicName, type Ctx } from '../context.js';
import { h } from '../dom.js';
import { addDays, cssPercent, isoWeekday, longDate, monthLabel, num, pct, statusLabel, WEEKDAYS, WEEKDAYS_SHORT } from '../format.js';
import { toHash, type State } from '../state.js';
import type { Status } from '../types.js';
import { classify } from './drill.js';
import { failed } from './overview.js';

interface Day {
  date: string;
  /** rows for the day exist (the day is rolled up) */
  known: boolean;
  closed: boolean;
  available: number;
  used: number;
  booked: number;
  appointments: number;
  noShows: number;
  rate: number | null;
  bookedRate: number | null;
  status: Status | null;
}

const monthEnd = (month: string) => addDays(`${nextMonth(month)}-01`, -1);
export const nextMonth = (m: string) =>
  m.endsWith('-12') ? `${Number(m.slice(0, 4)) + 1}-01` : `${m.slice(0, 5)}${String(Number(m.slice(5, 7)) + 1).padStart(2, '0')}`;
export const prevMonth = (m: string) =>
  m.endsWith('-01') ? `${Number(m.slice(0, 4)) - 1}-12` : `${m.slice(0, 5)}${String(Number(m.slice(5, 7)) - 1).padStart(2, '0')}`;

const STATUS_NOTE: Record<string, string> = { closed: 'Closed', none: 'No data' };

export async function monthView(ctx: Ctx, main: HTMLElement): Promise<void> {
  const s = ctx.state;
  const clinic = s.clinic === 'all' ? ctx.clinics[0].id : s.clinic;
  const month = s.month ?? (ctx.lastRolled.get(clinic) ?? ctx.lastDay).slice(0, 7);
  const first = `${month}-01`;
  const last = monthEnd(month);
  const link = (next: Partial<State>) => toHash({ clinic, from: s.from, to: s.to, view: 'month', month, ...next });
  ctx.setCrumbs([{ label: `Overview · ${clinicName(ctx, clinic)}`, next: { view: 'overview', clinic } }, { label: `Month · ${monthLabel(month)}` }]);

  main.appendChild(
    h(
      'h1',
      { class: 'view-title' },
      `${clinicName(ctx, clinic)} · ${monthLabel(month)}`,
      h(
        'span',
        { class: 'daynav' },
        h('a', { href: link({ month: prevMonth(month) }), 'data-month-nav': 'prev' }, `← ${monthLabel(prevMonth(month))}`),
        ' ',
        h('a', { href: link({ month: nextMonth(month) }), 'data-month-nav': 'next' }, `${monthLabel(nextMonth(month))} →`),
      ),
    ),
  );
  if (ctx.clinics.length > 1) {
    main.appendChild(
      h(
        'nav',
        { class: 'clinic-links', 'aria-label': 'Other clinics' },
        ctx.clinics.map((c) => (c.id === clinic ? h('span', { 'aria-current': 'page' }, c.name) : h('a', { href: link({ clinic: c.id }) }, c.name))),
      ),
    );
  }
  const box = h(
    'section',
    { class: 'panel wide', 'data-panel': 'month', 'aria-labelledby': 'h-month' },
    h('header', { class: 'panel-head' }, h('h2', { id: 'h-month' }, 'Every day of the month')),
    message('loading', 'Loading the month…'),
  );
  main.appendChild(box);

  let rows;
  let band;
  try {
    const [chairs, hl] = await Promise.all([
      ctx.api.chairs({ clinicIds: [clinic], from: first, to: last, granularity: 'day' }),
      ctx.api.headline([clinic], first, last),
    ]);
    rows = chairs;
    band = hl.band;
  } catch (e) {
    if (!ctx.current()) return;
    box.lastChild!.remove();
    box.appendChild(failed(e));
    return;
  }
  if (!ctx.current()) return;
  box.lastChild!.remove();

  const days: Day[] = [];
  for (let d = first; d <= last; d = addDays(d, 1)) {
    const mine = rows.filter((r) => r.date === d);
    const sum = (k: 'availableMinutes' | 'usedMinutes' | 'bookedMinutes' | 'appointmentCount' | 'noShowCount') =>
      mine.reduce((t, r) => t + ((r[k] as number | undefined) ?? 0), 0);
    const available = sum('availableMinutes');
    const rate = available > 0 ? sum('usedMinutes') / available : null;
    days.push({
      date: d,
      known: mine.length > 0,
      closed: mine.length > 0 && available === 0,
      available,
      used: sum('usedMinutes'),
      booked: sum('bookedMinutes'),
      appointments: sum('appointmentCount'),
      noShows: sum('noShowCount'),
      rate,
      bookedRate: available > 0 ? sum('bookedMinutes') / available : null,
      status: classify(rate, band),
    });
  }

  const kindOf = (d: Day) => (d.closed ? 'closed' : !d.known ? 'none' : (d.status ?? 'none'));
  const describe = (d: Day) =>
    d.closed
      ? `${longDate(d.date)}: closed`
      : !d.known
        ? `${longDate(d.date)}: no data`
        : `${longDate(d.date)}: seated ${pct(d.rate, 0)}, booked ${pct(d.bookedRate, 0)}, ${statusLabel(d.status)}${d.noShows ? `, ${num(d.noShows)} no-show${d.noShows === 1 ? '' : 's'}` : ''}`;
  const cell = (d: Day) => {
    const kind = kindOf(d);
    const a = h(
      'a',
      {
        class: `day day-${kind}`,
        href: toHash({ view: 'day', clinic, from: s.from, to: s.to, date: d.date }),
        'data-date': d.date,
        'data-kind': kind,
        title: describe(d),
      },
      // the accessible name is the visible text plus what the colour says, for screen readers
      h('span', { class: 'sr-only' }, `${longDate(d.date)}: `),
      h('span', { class: 'day-num' }, h('span', { class: 'day-wd' }, `${WEEKDAYS_SHORT[isoWeekday(d.date) - 1]} `), String(Number(d.date.slice(8)))),
      d.known && !d.closed ? h('span', { class: 'sr-only' }, ` ${statusLabel(d.status)}, seated `) : null,
      d.closed
        ? h('span', { class: 'day-note' }, 'Closed')
        : !d.known
          ? h('span', { class: 'day-note' }, 'No data')
          : [
              h('span', { class: 'day-rate' }, pct(d.rate, 0)),
              h('span', { class: 'day-booked' }, `booked ${pct(d.bookedRate, 0)}`),
              h(
                'span',
                { class: 'day-bars', 'aria-hidden': 'true' },
                h('span', { class: 'bar-booked', style: `width:${cssPercent(d.bookedRate)}` }),
                h('span', { class: 'bar-seated', style: `width:${cssPercent(d.rate)}` }),
              ),
              d.noShows ? h('span', { class: 'day-noshow' }, `${num(d.noShows)} no-show${d.noShows === 1 ? '' : 's'}`) : null,
            ],
    );
    return h('li', { class: 'cal-cell', style: d.date === first ? `grid-column-start:${isoWeekday(d.date)}` : null }, a);
  };

  box.appendChild(
    h(
      'p',
      { class: 'note muted' },
      'Each day is coloured by its seated utilization against the band; the number is the seated rate, "booked" the scheduled one (the thin bars: booked behind seated). Open a day to see every chair.',
    ),
  );
  box.appendChild(
    h(
      'div',
      { class: 'calendar', 'data-calendar': month },
      h(
        'ol',
        { class: 'cal-head', 'aria-hidden': 'true' },
        WEEKDAYS_SHORT.map((w, i) => h('li', { title: WEEKDAYS[i] }, w)),
      ),
      h('ol', { class: 'cal-days', 'aria-label': `Days of ${monthLabel(month)}` }, days.map(cell)),
    ),
  );
  const used = new Set<string>(days.map(kindOf));
  const LEGEND: [string, string][] = [
    ['low', `${statusLabel('low')} (below ${pct(band.lowThreshold, 0)})`],
    ['below-target', statusLabel('below-target')],
    ['on-target', `${statusLabel('on-target')} (${pct(band.targetLow, 0)}–${pct(band.targetHigh, 0)})`],
    ['high', statusLabel('high')],
    ['overbooking-risk', `${statusLabel('overbooking-risk')} (above ${pct(band.riskThreshold, 0)})`],
    ['closed', STATUS_NOTE.closed],
    ['none', STATUS_NOTE.none],
  ];
  box.appendChild(
    h(
      'ul',
      { class: 'legend', 'data-legend': 'month', 'aria-label': 'What the colours mean' },
      LEGEND.filter(([k]) => used.has(k)).map(([k, label]) => h('li', { 'data-kind': k }, h('span', { class: `swatch day-${k}` }), label)),
    ),
  );
  const open = days.filter((d) => d.known && !d.closed);
  const tot = open.reduce((t, d) => ({ a: t.a + d.available, u: t.u + d.used, b: t.b + d.booked, n: t.n + d.noShows, ap: t.ap + d.appointments }), {
    a: 0,
    u: 0,
    b: 0,
    n: 0,
    ap: 0,
  });
  box.appendChild(
    h(
      'p',
      { class: 'small', 'data-month-summary': '' },
      open.length
        ? `${num(open.length)} open day${open.length === 1 ? '' : 's'}: seated ${pct(tot.a ? tot.u / tot.a : null)}, booked ${pct(tot.a ? tot.b / tot.a : null)}, ${num(tot.n)} no-show${tot.n === 1 ? '' : 's'} of ${num(tot.ap)} appointments; ${num(days.filter((d) => d.closed).length)} closed.`
        : 'No open day with data in this month.',
    ),
  );
  box.appendChild(
    dataTable({
      id: 'month-days',
      caption: `Days of ${monthLabel(month)}`,
      filename: `month-${clinic}-${month}.csv`,
      rows: days,
      columns: [
        { label: 'Date', text: (d) => longDate(d.date), csv: (d) => d.date },
        { label: 'Seated', text: (d) => pct(d.rate), csv: (d) => d.rate, num: true },
        { label: 'Booked', text: (d) => pct(d.bookedRate), csv: (d) => d.bookedRate, num: true },
        { label: 'Status', text: (d) => (d.closed ? 'Closed' : d.known ? statusLabel(d.status) : 'No data'), csv: (d) => kindOf(d) },
        { label: 'No-shows', text: (d) => (d.known ? num(d.noShows) : '–'), csv: (d) => (d.known ? d.noShows : null), num: true },
        { label: 'Appointments', text: (d) => (d.known ? num(d.appointments) : '–'), csv: (d) => (d.known ? d.appointments : null), num: true },
        {
          label: 'Open hours',
          text: (d) => (d.known ? num(d.available / 60, 1) : '–'),
          csv: (d) => (d.known ? d.available : null),
          csvLabel: 'Open (minutes)',
          num: true,
        },
      ],
    }),
  );
}
