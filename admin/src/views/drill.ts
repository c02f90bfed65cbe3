// Drill-down: a period (its days and its chairs) → a day (every resource) → a resource's day timeline; and a
// resource's days over the period.
import { SEGMENT_LABEL, SESSION_LABEL, timelineChart } from '../charts/timeline.js';
import { chairsChart, daysChart, minutesChart } from '../charts/utilization.js';
import { canSeeProviderDetail } from '../auth.js';
import { dataTable, message, panel } from '../components.js';
import { clinicIds, clinicName, selectionName, type Crumb, type Ctx } from '../context.js';
import { clear, h } from '../dom.js';
import { addDays, clock, hourLabel, hours, hoursSpan, longDate, minutes, num, pct, periodLabel, statusLabel } from '../format.js';
import type { Band, ChairRow, Status } from '../types.js';
import { headlineCards } from './cards.js';
import { failed } from './overview.js';

const overviewCrumb = (ctx: Ctx): Crumb => ({ label: `Overview · ${selectionName(ctx)}`, next: { view: 'overview' } });
const periodCrumb = (ctx: Ctx): Crumb[] =>
  ctx.state.pfrom && ctx.state.pto
    ? [{ label: `Period ${periodLabel(ctx.state.pfrom, ctx.state.pto)}`, next: { view: 'period', pfrom: ctx.state.pfrom, pto: ctx.state.pto } }]
    : [];
const keepPeriod = (ctx: Ctx) => ({ pfrom: ctx.state.pfrom, pto: ctx.state.pto });

export function classify(rate: number | null, band: Band): Status | null {
  if (rate === null) return null;
  if (rate < band.lowThreshold) return 'low';
  if (rate < band.targetLow) return 'below-target';
  if (rate <= band.targetHigh) return 'on-target';
  if (rate <= band.riskThreshold) return 'high';
  return 'overbooking-risk';
}

const resourceLabel = (ctx: Ctx, r: ChairRow) => (clinicIds(ctx).length > 1 ? `${r.resourceName} (${r.clinicId})` : r.resourceName);

function minutesColumns(): Parameters<typeof dataTable<ChairRow>>[0]['columns'] {
  return [
    { label: 'Utilization', text: (x) => pct(x.utilizationRate), csv: (x) => x.utilizationRate, num: true },
    { label: 'Status', text: (x) => statusLabel(x.status), csv: (x) => x.status },
    { label: 'Open', text: (x) => hours(x.availableMinutes), csv: (x) => x.availableMinutes, csvLabel: 'Open (minutes)', num: true },
    { label: 'Used', text: (x) => hours(x.usedMinutes), csv: (x) => x.usedMinutes, csvLabel: 'Used (minutes)', num: true },
    { label: 'Blocked', text: (x) => hours(x.blockedMinutes), csv: (x) => x.blockedMinutes, csvLabel: 'Blocked (minutes)', num: true },
    { label: 'Maintenance', text: (x) => hours(x.maintenanceMinutes), csv: (x) => x.maintenanceMinutes, csvLabel: 'Maintenance (minutes)', num: true },
    { label: 'No-show', text: (x) => hours(x.noShowMinutes), csv: (x) => x.noShowMinutes, csvLabel: 'No-show (minutes)', num: true },
    { label: 'Gap', text: (x) => hours(x.gapMinutes), csv: (x) => x.gapMinutes, csvLabel: 'Gap (minutes)', num: true },
    { label: 'Appointments', text: (x) => num(x.appointmentCount), csv: (x) => x.appointmentCount, num: true },
  ];
}

/** A period opened from the overview: its headline, its days, its chairs. */
export async function periodView(ctx: Ctx, main: HTMLElement): Promise<void> {
  const s = ctx.state;
  const from = s.pfrom ?? s.from;
  const to = s.pto ?? s.to;
  const ids = clinicIds(ctx);
  ctx.setCrumbs([overviewCrumb(ctx), { label: `Period ${periodLabel(from, to)}` }]);
  main.appendChild(h('h1', { class: 'view-title' }, `${selectionName(ctx)} · ${periodLabel(from, to)}`));
  const cards = h('section', { class: 'overview-cards' }, message('loading', 'Loading…'));
  const grid = h('div', { class: 'grid' });
  main.append(cards, grid);
  const daysP = panel('period-days', 'Day by day', { wide: true, note: 'Click a day to see every chair and room that day.' });
  const chairsP = panel('period-chairs', 'Chairs and rooms in this period', { wide: true, note: 'Click a chair to open its days.' });
  grid.append(daysP.el, chairsP.el);
  await Promise.all([
    ctx.api
      .headline(ids, from, to)
      .then((hl) => ctx.current() && (clear(cards), cards.appendChild(headlineCards(hl))))
      .catch((e) => ctx.current() && (clear(cards), cards.appendChild(failed(e)))),
    ctx.api
      .trends({ clinicIds: ids, from, to, granularity: 'day' })
      .then((t) => {
        if (!ctx.current()) return;
        const days = (t.series[0]?.points ?? [])
          .filter((p) => p.periodStart >= from && p.periodStart <= to)
          .map((p) => ({ date: p.periodStart, rate: p.value, status: classify(p.value, ctx.band) }));
        const open = (date: string) => ctx.go({ view: 'day', date, ...keepPeriod(ctx) });
        daysChart(daysP.body, 'period-days', days, ctx.band, open);
        daysP.body.appendChild(
          dataTable({
            id: 'period-days',
            caption: 'Days',
            filename: `days-${from}-${to}.csv`,
            rows: days,
            open: (d) => open(d.date),
            columns: [
              { label: 'Date', text: (d) => longDate(d.date), csv: (d) => d.date },
              { label: 'Utilization', text: (d) => pct(d.rate), csv: (d) => d.rate, num: true },
              { label: 'Status', text: (d) => statusLabel(d.status), csv: (d) => d.status },
            ],
          }),
        );
      })
      .catch((e) => ctx.current() && daysP.body.appendChild(failed(e))),
    ctx.api
      .chairs({ clinicIds: ids, from, to, granularity: 'total' })
      .then((rows) => {
        if (!ctx.current()) return;
        rows.sort((a, b) => (b.utilizationRate ?? -1) - (a.utilizationRate ?? -1));
        const open = (r: ChairRow) => ctx.go({ view: 'resource', resource: r.resourceId, ...keepPeriod(ctx) });
        chairsChart(chairsP.body, rows, ctx.band, open, 'period-chairs');
        chairsP.body.appendChild(
          dataTable({
            id: 'period-chairs',
            caption: 'Chairs and rooms',
            filename: `chairs-${from}-${to}.csv`,
            rows,
            open,
            columns: [{ label: 'Chair or room', text: (x) => resourceLabel(ctx, x) }, ...minutesColumns()],
          }),
        );
      })
      .catch((e) => ctx.current() && chairsP.body.appendChild(failed(e))),
  ]);
}

function dayNav(ctx: Ctx, date: string, extra: Record<string, unknown> = {}): HTMLElement {
  const b = (label: string, d: string, disabled = false) => {
    const el = h('button', { type: 'button', class: 'link', disabled }, label);
    el.addEventListener('click', () => ctx.go({ view: ctx.state.view, date: d, resource: ctx.state.resource, ...keepPeriod(ctx), ...extra }));
    return el;
  };
  return h('div', { class: 'daynav' }, b('← previous day', addDays(date, -1)), b('next day →', addDays(date, 1), date >= ctx.lastDay));
}

/** One day: every chair and room of the selection, and where its open minutes went. */
export async function dayView(ctx: Ctx, main: HTMLElement): Promise<void> {
  const s = ctx.state;
  const date = s.date ?? ctx.lastDay;
  ctx.setCrumbs([overviewCrumb(ctx), ...periodCrumb(ctx), { label: `Day ${longDate(date)}` }]);
  main.appendChild(h('h1', { class: 'view-title' }, `${selectionName(ctx)} · ${longDate(date)}`, dayNav(ctx, date)));
  if (s.hour !== undefined)
    main.appendChild(
      h(
        'p',
        { class: 'note muted' },
        `Opened from the heatmap at ${hourLabel(s.hour)}–${hourLabel(s.hour + 1)}: open a chair to see that hour in its timeline.`,
      ),
    );
  const p = panel('day', 'Chairs and rooms that day', {
    wide: true,
    note: 'Open hours of each chair or room split into used, blocked, maintenance, no-show and unbooked time. Click one to open its timeline.',
  });
  main.appendChild(p.el);
  try {
    const rows = (await ctx.api.chairs({ clinicIds: clinicIds(ctx), from: date, to: date, granularity: 'day' })).filter(
      (r) => r.availableMinutes > 0 || r.usedMinutes > 0,
    );
    if (!ctx.current()) return;
    rows.sort((a, b) => a.clinicId.localeCompare(b.clinicId) || a.resourceName.localeCompare(b.resourceName, undefined, { numeric: true }));
    if (!rows.length) return void p.body.appendChild(message('info', 'No chair or room was open that day.'));
    const open = (r: ChairRow) => ctx.go({ view: 'timeline', clinic: s.clinic, resource: r.resourceId, date, hour: s.hour, ...keepPeriod(ctx) });
    minutesChart(p.body, 'day', rows, (r) => resourceLabel(ctx, r), open);
    p.body.appendChild(
      dataTable({
        id: 'day',
        caption: `Chairs and rooms · ${longDate(date)}`,
        filename: `day-${date}.csv`,
        rows,
        open,
        openLabel: (r) => `Open the timeline of ${r.resourceName}`,
        columns: [{ label: 'Chair or room', text: (x) => resourceLabel(ctx, x) }, ...minutesColumns()],
      }),
    );
  } catch (e) {
    if (ctx.current()) p.body.appendChild(failed(e));
  }
}

/** A resource's days over the period (from a chair bar of the overview or a period). */
export async function resourceView(ctx: Ctx, main: HTMLElement): Promise<void> {
  const s = ctx.state;
  const from = s.pfrom ?? s.from;
  const to = s.pto ?? s.to;
  const p = panel('resource-days', 'Day by day', { wide: true, note: 'Click a day to open the timeline of its sessions, blocks and gaps.' });
  const title = h('h1', { class: 'view-title' }, s.resource ?? '');
  main.append(title, p.el);
  ctx.setCrumbs([overviewCrumb(ctx), ...periodCrumb(ctx), { label: `${s.resource} · ${periodLabel(from, to)}` }]);
  try {
    const rows = await ctx.api.chairs({ clinicIds: clinicIds(ctx), from, to, granularity: 'day', resourceId: s.resource });
    if (!ctx.current()) return;
    rows.sort((a, b) => a.date.localeCompare(b.date));
    const name = rows[0] ? `${rows[0].resourceName} (${clinicName(ctx, rows[0].clinicId)})` : s.resource!;
    title.textContent = `${name} · ${periodLabel(from, to)}`;
    ctx.setCrumbs([overviewCrumb(ctx), ...periodCrumb(ctx), { label: `${rows[0]?.resourceName ?? s.resource} · ${periodLabel(from, to)}` }]);
    const openDay = (date: string) => ctx.go({ view: 'timeline', resource: s.resource, date, ...keepPeriod(ctx) });
    const days = rows.filter((r) => r.availableMinutes > 0 || r.usedMinutes > 0);
    if (!days.length) return void p.body.appendChild(message('info', 'This resource had no open hours in the period.'));
    daysChart(
      p.body,
      'resource-days',
      days.map((r) => ({ date: r.date, rate: r.utilizationRate, status: r.status })),
      ctx.band,
      openDay,
    );
    p.body.appendChild(
      dataTable({
        id: 'resource-days',
        caption: 'Days',
        filename: `${s.resource}-${from}-${to}.csv`,
        rows: days,
        open: (r) => openDay(r.date),
        columns: [{ label: 'Date', text: (x) => longDate(x.date), csv: (x) => x.date }, ...minutesColumns()],
      }),
    );
  } catch (e) {
    if (ctx.current()) p.body.appendChild(failed(e));
  }
}

/** One resource on one day: open hours, used time and gaps, the sessions and blocks. */
export async function timelineView(ctx: Ctx, main: HTMLElement): Promise<void> {
  const s = ctx.state;
  const date = s.date ?? ctx.lastDay;
  const dayCrumb: Crumb = { label: `Day ${longDate(date)}`, next: { view: 'day', date, hour: s.hour, ...keepPeriod(ctx) } };
  ctx.setCrumbs([overviewCrumb(ctx), ...periodCrumb(ctx), dayCrumb, { label: `${s.resource} timeline` }]);
  const title = h('h1', { class: 'view-title' }, `${s.resource} · ${longDate(date)}`, dayNav(ctx, date, { hour: s.hour }));
  const p = panel('timeline', 'Timeline of the day', { wide: true });
  main.append(title, p.el);
  try {
    const t = await ctx.api.timeline(s.resource!, date);
    if (!ctx.current()) return;
    const tz = t.resource.timeZone;
    title.firstChild!.textContent = `${t.resource.name} (${clinicName(ctx, t.resource.clinicId)}) · ${longDate(date)}`;
    ctx.setCrumbs([overviewCrumb(ctx), ...periodCrumb(ctx), dayCrumb, { label: `${t.resource.name} timeline` }]);
    const m = t.metrics as Partial<ChairRow> | null | undefined;
    p.body.appendChild(
      h(
        'p',
        { class: 'muted' },
        `Times in ${tz}. Open ${t.resource.windows.map((w) => hoursSpan(w)).join(', ') || 'closed'} (${t.resource.hoursSource}).`,
        m ? ` Utilization ${pct(m.utilizationRate ?? null)} (${statusLabel((m.status as Status) ?? null)}), ${num(m.appointmentCount)} appointments.` : '',
        s.hour !== undefined ? ` Opened for ${hourLabel(s.hour)}–${hourLabel(s.hour + 1)}.` : '',
      ),
    );
    // provider names where the token may see individual providers (the sessions carry ids; the providers route has the names)
    const showProvider = canSeeProviderDetail(ctx.claims);
    const names = new Map<string, string>();
    if (showProvider && t.sessions.some((x) => x.providerId)) {
      try {
        for (const x of await ctx.api.providerSummaries([t.resource.clinicId], date, date)) names.set(x.providerId, x.providerName);
      } catch {
        /* ids will do */
      }
      if (!ctx.current()) return;
    }
    const providerName = (id: string | null) => (id ? (names.get(id) ?? id) : '–');
    const legendList = h('ul', { class: 'legend', 'data-legend': 'timeline', 'aria-label': 'What the colours mean' });
    p.body.appendChild(legendList);
    if (!t.segments.length && !t.sessions.length) p.body.appendChild(message('info', 'Closed that day: no open hours and no sessions.'));
    const { legend } = timelineChart(p.body, t, s.hour, (id) => (showProvider ? providerName(id) : null));
    const kindOf = Object.fromEntries(Object.entries(SEGMENT_LABEL).map(([k, v]) => [v, k]));
    for (const e of legend) {
      const k = e.label
        .split(' / ')
        .map((l) => kindOf[l])
        .find(Boolean);
      legendList.appendChild(
        h(
          'li',
          { 'data-color': e.color },
          h('span', { class: 'swatch', style: `background:${e.color}` }),
          e.label,
          k && (t.segmentMinutes as Record<string, number | undefined>)[k] !== undefined ? ` ${hours((t.segmentMinutes as Record<string, number>)[k])}` : '',
        ),
      );
    }
    const grid = h('div', { class: 'grid' });
    main.appendChild(grid);
    const segP = panel('segments', 'Used time, blocks and gaps');
    const sesP = panel('sessions', 'Sessions');
    const blkP = panel('blocks', 'Blocks');
    grid.append(sesP.el, segP.el, blkP.el);
    segP.body.appendChild(
      dataTable({
        id: 'segments',
        caption: 'Where each open minute went',
        filename: `${t.resource.resourceId}-${date}-segments.csv`,
        rows: t.segments,
        columns: [
          { label: 'Kind', text: (x) => SEGMENT_LABEL[x.kind] ?? x.kind, csv: (x) => x.kind },
          { label: 'From', text: (x) => clock(x.start, tz), csv: (x) => x.start },
          { label: 'To', text: (x) => clock(x.end, tz), csv: (x) => x.end },
          { label: 'Minutes', text: (x) => minutes(x.minutes), csv: (x) => x.minutes, num: true },
        ],
      }),
    );
    sesP.body.appendChild(
      dataTable({
        id: 'sessions',
        caption: 'Sessions that day',
        filename: `${t.resource.resourceId}-${date}-sessions.csv`,
        rows: t.sessions,
        columns: [
          {
            label: 'Booked',
            text: (x) => `${clock(x.scheduledStart, tz)}–${clock(x.scheduledEnd, tz)}`,
            csv: (x) => x.scheduledStart,
            csvLabel: 'Scheduled start',
          },
          { label: 'Booked end', text: () => null, csv: (x) => x.scheduledEnd, csvLabel: 'Scheduled end', csvOnly: true },
          {
            label: 'Seated',
            text: (x) => (x.actualStart && x.actualEnd ? `${clock(x.actualStart, tz)}–${clock(x.actualEnd, tz)}` : '–'),
            csv: (x) => x.actualStart,
            csvLabel: 'Actual start',
          },
          { label: 'Released', text: () => null, csv: (x) => x.actualEnd, csvLabel: 'Actual end', csvOnly: true },
          { label: 'Status', text: (x) => SESSION_LABEL[x.status] ?? x.status, csv: (x) => x.status },
          { label: 'Patient', text: (x) => x.patientRef },
          ...(showProvider
            ? [
                { label: 'Provider', text: (x: (typeof t.sessions)[number]) => providerName(x.providerId) },
                { label: 'Provider id', text: (x: (typeof t.sessions)[number]) => x.providerId, csvOnly: true },
              ]
            : []),
          { label: 'Procedures', text: (x) => x.procedures ?? '–', num: true },
        ],
      }),
    );
    blkP.body.appendChild(
      dataTable({
        id: 'blocks',
        caption: 'Blocks that day',
        filename: `${t.resource.resourceId}-${date}-blocks.csv`,
        rows: t.blocks,
        empty: 'No blocks that day.',
        columns: [
          { label: 'Reason', text: (x) => x.reason.toLowerCase(), csv: (x) => x.reason },
          { label: 'From', text: (x) => clock(x.start, tz), csv: (x) => x.start },
          { label: 'To', text: (x) => clock(x.end, tz), csv: (x) => x.end },
        ],
      }),
    );
  } catch (e) {
    if (ctx.current()) p.body.appendChild(failed(e));
  }
}
