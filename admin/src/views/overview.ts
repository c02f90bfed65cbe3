// The overview of a clinic (or all of them) over a period: headline cards, utilization over time, chairs side by
// side, downtime by reason, the weekday × hour heatmap, the capacity projection, providers, suggestions and risks.
import { HttpError } from '../api.js';
import { heatmapChart } from '../charts/heatmap.js';
import { PROVIDER_FIGURES, figureText, providersChart } from '../charts/providers.js';
import { chairsChart, downtimeChart, periodLabel as pointLabel, trendChart } from '../charts/utilization.js';
import { dataTable, message, panel, toggle } from '../components.js';
import { clinicIds, clinicName, selectionCurrency, selectionName, type Ctx } from '../context.js';
import { clear, h } from '../dom.js';
import {
  addDays,
  daysBetween,
  hourLabel,
  hours,
  hoursSpan,
  isoWeekday,
  longDate,
  money,
  monthLabel,
  num,
  pct,
  periodLabel,
  pp,
  signedPct,
  statusLabel,
  WEEKDAYS,
} from '../format.js';
import { toHash } from '../state.js';
import type { Change, ChairRow, Distribution, HeatCell, Position, ProviderSummary, Report, Suggestion, TeamDistribution } from '../types.js';
import { benchmarksPanel, goalsPanel, type CategoryFigures, type Comparison } from './benchmarks.js';
import { capacityPanel } from './capacity.js';
import { headlineCards } from './cards.js';

export const failed = (e: unknown) =>
  message('error', e instanceof HttpError ? `${e.status === 403 ? 'Not allowed: ' : ''}${e.message}` : `Could not load: ${(e as Error).message}`);

export async function overviewView(ctx: Ctx, main: HTMLElement): Promise<void> {
  const s = ctx.state;
  const ids = clinicIds(ctx);
  const multi = ids.length > 1;
  ctx.setCrumbs([{ label: `Overview · ${selectionName(ctx)} · ${periodLabel(s.from, s.to)}` }]);

  const hint = h('div', { class: 'hint-slot' });
  const monthClinic = s.clinic === 'all' ? ctx.clinics[0]?.id : s.clinic;
  const links = monthClinic
    ? h(
        'p',
        { class: 'viewlinks' },
        h(
          'a',
          { href: toHash({ view: 'month', clinic: monthClinic, from: s.from, to: s.to, month: s.to.slice(0, 7) }), 'data-link': 'month' },
          `Month calendar · ${monthLabel(s.to)}`,
        ),
        h('span', { class: 'muted' }, ' — every day of the month against the band, with no-shows and closures'),
      )
    : null;
  const cards = h('section', { class: 'overview-cards', 'aria-label': 'Headline figures' }, message('loading', 'Loading the headline…'));
  main.append(hint, ...(links ? [links] : []), cards);
  const grid = h('div', { class: 'grid' });
  main.appendChild(grid);
  const add = (id: string, title: string, opts: Parameters<typeof panel>[2] = {}) => {
    const p = panel(id, title, opts);
    p.body.appendChild(message('loading', 'Loading…'));
    grid.appendChild(p.el);
    return p;
  };
  const gran = s.gran ?? (daysBetween(s.from, s.to) <= 35 ? 'day' : daysBetween(s.from, s.to) <= 190 ? 'week' : 'month');
  const trendP = add('trend', 'Utilization over time', {
    wide: true,
    tools: [
      toggle(
        'Granularity',
        [
          ['day', 'Days'],
          ['week', 'Weeks'],
          ['month', 'Months'],
        ],
        gran,
        (g) => ctx.go({ view: 'overview', gran: g }, { replace: true }),
      ),
    ],
    note: 'Click a day, week or month to open it. The shaded band is the target.',
  });
  const chairsP = add('chairs', 'Chairs and rooms compared', {
    note: 'Seated utilization (bar, coloured by status) in front of the booked rate (grey); the green band is the target. Click a chair to open its days.',
  });
  const downP = add('downtime', 'Downtime by reason', {
    note: 'Open hours lost to maintenance, no-shows and unbooked gaps, per chair or room. Click one to open its days.',
  });
  const heatP = add('heatmap', 'Peak and low times', {
    wide: true,
    note: 'Seated utilization by weekday and hour of day over the period. Framed cells are peaks and lows; click a cell to open the latest such day.',
  });
  const capP = add('capacity', 'Capacity in the next 30, 60 and 90 days', { wide: true });
  const provP = add('providers', 'Provider productivity', { wide: true });
  const suggP = add('suggestions', 'Suggestions and risks', { wide: true });
  const benchP = add('benchmarks', 'Against published benchmarks', {
    wide: true,
    note: 'Each source opens in a new tab. Definitions differ from ours; each says how.',
  });
  const goalsP = add('goals', 'Team goals', { wide: true, note: 'For the team as a whole: no individual figures, no rankings.' });
  const goals = goalsPanel(ctx, goalsP.body, ids);
  if (ctx.claims?.permissions.includes('ops:admin')) {
    const srcP = add('sources', 'Data sources', {
      wide: true,
      note: 'Open Dental databases the service reads itself (OPENDENTAL_SOURCES, npm run sync:opendental).',
    });
    void ctx.api
      .sources()
      .then((r) => {
        if (!ctx.current()) return;
        clear(srcP.body);
        const ago = (s: number | null) =>
          s === null ? 'never' : s < 120 ? `${s} s ago` : s < 7200 ? `${Math.round(s / 60)} min ago` : `${Math.round(s / 3600)} h ago`;
        srcP.body.appendChild(
          dataTable({
            id: 'sources',
            caption: 'Open Dental sources',
            filename: 'sources.csv',
            rows: r.items,
            columns: [
              { label: 'Source', text: (x) => x.id },
              { label: 'Last good sync', text: (x) => ago(x.lagSeconds), csv: (x) => x.lastSuccessAt },
              { label: 'Every', text: (x) => (x.every ? `${x.every} min` : 'by hand') },
              {
                label: 'Appointments read',
                text: (x) => num(x.lastSync?.counts.sessions?.read ?? null),
                csv: (x) => x.lastSync?.counts.sessions?.read ?? null,
                num: true,
              },
              {
                label: 'Sessions changed',
                text: (x) => num(x.lastSync ? (x.lastSync.counts.sessions?.created ?? 0) + (x.lastSync.counts.sessions?.updated ?? 0) : null),
                num: true,
              },
              { label: 'Warnings', text: (x) => num(x.lastSync ? Object.values(x.lastSync.counts).reduce((a, c) => a + c.warnings, 0) : null), num: true },
              { label: 'Appointments up to', text: (x) => x.watermarks.appointment ?? '–' },
              { label: 'Last error', text: (x) => x.lastError ?? '' },
            ],
          }),
        );
      })
      .catch((e) => ctx.current() && (clear(srcP.body), srcP.body.appendChild(failed(e))));
  }

  const headline = ctx.api
    .headline(ids, s.from, s.to)
    .then((hl) => {
      if (!ctx.current()) return;
      clear(cards);
      cards.appendChild(headlineCards(hl));
      const withBenchmarks = hl as typeof hl & { benchmarks?: Comparison[]; byCategory?: CategoryFigures[] };
      benchmarksPanel(benchP.body, withBenchmarks.benchmarks, withBenchmarks.byCategory);
      if (!(hl.current.availableMinutes > 0)) hint.appendChild(emptyPeriodHint(ctx, ids));
      if (multi && hl.perClinic?.length) {
        cards.appendChild(
          dataTable({
            id: 'clinics',
            caption: 'Clinics',
            filename: `clinics-${s.from}-${s.to}.csv`,
            rows: hl.perClinic,
            open: (r) => ctx.go({ view: 'overview', clinic: r.clinicId }),
            openLabel: (r) => `Open ${clinicName(ctx, r.clinicId)}`,
            columns: [
              { label: 'Clinic', text: (r) => clinicName(ctx, r.clinicId) },
              { label: 'Clinic id', text: (r) => r.clinicId, csvOnly: true },
              { label: 'Utilization', text: (r) => pct(r.utilizationRate), csv: (r) => r.utilizationRate, num: true },
              { label: 'Status', text: (r) => statusLabel(r.status), csv: (r) => r.status },
              { label: 'Booked', text: (r) => pct(r.scheduledUtilizationRate), csv: (r) => r.scheduledUtilizationRate, num: true },
              { label: 'Downtime', text: (r) => hours(r.downtimeMinutes), csv: (r) => r.downtimeMinutes, csvLabel: 'Downtime (minutes)', num: true },
              { label: 'No-show rate', text: (r) => pct(r.noShowRate), csv: (r) => r.noShowRate, num: true },
              { label: 'Appointments', text: (r) => num(r.appointments), csv: (r) => r.appointments, num: true },
            ],
          }),
        );
      }
    })
    .catch((e) => ctx.current() && (clear(cards), cards.appendChild(failed(e))));

  const trend = ctx.api
    .trends({ clinicIds: ids, from: s.from, to: s.to, granularity: gran, groupBy: multi ? 'clinic' : 'none' })
    .then((t) => {
      if (!ctx.current()) return;
      clear(trendP.body);
      if (!t.series.some((x) => x.points.some((p) => p.value !== null))) return void trendP.body.appendChild(message('info', 'No open hours in this period.'));
      trendChart(trendP.body, t, ctx.band, selectionName(ctx), (p, groupId) => {
        const clinic = groupId ?? s.clinic;
        if (t.granularity === 'day') ctx.go({ view: 'day', clinic, date: p.periodStart });
        else ctx.go({ view: 'period', clinic, pfrom: p.periodStart, pto: p.periodEnd > ctx.lastDay ? ctx.lastDay : p.periodEnd });
      });
      const rows = t.series.flatMap((x) => x.points.map((p) => ({ ...p, group: x.groupName ?? x.groupId ?? selectionName(ctx), groupId: x.groupId })));
      const dir = t.series
        .map((x) => (x.trend ? `${x.groupName ?? selectionName(ctx)}: ${x.trend.direction}${x.trend.significant ? '' : ' (not significant)'}` : null))
        .filter(Boolean);
      if (dir.length) trendP.body.appendChild(h('p', { class: 'muted small' }, `Trend direction — ${dir.join(' · ')}`));
      trendP.body.appendChild(
        h(
          'details',
          { class: 'numbers' },
          h('summary', {}, 'The numbers'),
          dataTable({
            id: 'trend',
            caption: `Utilization by ${t.granularity}`,
            filename: `utilization-by-${t.granularity}-${s.from}-${s.to}.csv`,
            rows,
            open: (r) =>
              t.granularity === 'day'
                ? ctx.go({ view: 'day', clinic: r.groupId ?? s.clinic, date: r.periodStart })
                : ctx.go({ view: 'period', clinic: r.groupId ?? s.clinic, pfrom: r.periodStart, pto: r.periodEnd > ctx.lastDay ? ctx.lastDay : r.periodEnd }),
            columns: [
              { label: 'Period', text: (r) => pointLabel(t.granularity, r.periodStart), csv: (r) => r.periodStart, csvLabel: 'Period start' },
              { label: 'Period end', text: (r) => longDate(r.periodEnd), csv: (r) => r.periodEnd },
              ...(multi ? [{ label: 'Clinic', text: (r: (typeof rows)[number]) => r.group }] : []),
              { label: 'Utilization', text: (r) => pct(r.value), csv: (r) => r.value, num: true },
              { label: 'Change', text: (r) => pp(r.change.absolute), csv: (r) => r.change.absolute, csvLabel: 'Change (absolute)', num: true },
              { label: 'Moving average', text: (r) => pct(r.movingAverage), csv: (r) => r.movingAverage, num: true },
            ],
          }),
        ),
      );
    })
    .catch((e) => ctx.current() && (clear(trendP.body), trendP.body.appendChild(failed(e))));

  const report = ctx.api
    .report(ids, s.from, s.to)
    .then((r) => {
      if (!ctx.current()) return;
      chairsPanel(ctx, chairsP.body, r, multi);
      downtimePanel(ctx, downP.body, r, multi);
      heatmapPanel(ctx, heatP.body, r);
      return providersPanel(ctx, provP.body, r).then(() => r);
    })
    .catch((e) => {
      if (!ctx.current()) return;
      for (const p of [chairsP, downP, heatP, provP]) {
        clear(p.body);
        p.body.appendChild(failed(e));
      }
      return null;
    });

  const capacity = capacityPanel(ctx, capP.body);

  const [rep, cap] = await Promise.all([report, capacity, headline, trend, goals]);
  if (!ctx.current()) return;
  suggestionsPanel(ctx, suggP.body, rep ?? null, cap ?? []);
}

function chairsPanel(ctx: Ctx, body: HTMLElement, r: Report, multi: boolean): void {
  clear(body);
  const rows = [...r.resources].sort((a, b) => (b.utilizationRate ?? -1) - (a.utilizationRate ?? -1) || a.resourceName.localeCompare(b.resourceName));
  const open = (row: ChairRow) => ctx.go({ view: 'resource', clinic: ctx.state.clinic, resource: row.resourceId });
  if (!rows.length) return void body.appendChild(message('info', 'No chairs or rooms with open hours in this period.'));
  chairsChart(body, rows, r.summary.band, open);
  body.appendChild(
    dataTable({
      id: 'chairs',
      caption: 'Chairs and rooms',
      filename: `chairs-${ctx.state.from}-${ctx.state.to}.csv`,
      rows,
      open,
      openLabel: (x) => `Open the days of ${x.resourceName}`,
      columns: [
        { label: 'Chair or room', text: (x) => x.resourceName },
        { label: 'Id', text: (x) => x.resourceId },
        ...(multi ? [{ label: 'Clinic', text: (x: ChairRow) => clinicName(ctx, x.clinicId), csv: (x: ChairRow) => x.clinicId, csvLabel: 'Clinic id' }] : []),
        { label: 'Kind', text: (x) => x.kind.toLowerCase() },
        { label: 'Utilization', text: (x) => pct(x.utilizationRate), csv: (x) => x.utilizationRate, num: true },
        { label: 'Status', text: (x) => statusLabel(x.status), csv: (x) => x.status },
        { label: 'Booked', text: (x) => pct(x.scheduledUtilizationRate), csv: (x) => x.scheduledUtilizationRate, num: true },
        { label: 'Used', text: (x) => hours(x.usedMinutes), csv: (x) => x.usedMinutes, csvLabel: 'Used (minutes)', num: true },
        { label: 'Open', text: (x) => hours(x.availableMinutes), csv: (x) => x.availableMinutes, csvLabel: 'Open (minutes)', num: true },
        {
          label: 'vs clinic median',
          text: (x) => pp(x.utilizationRate === null || x.clinicMedianUtilizationRate == null ? null : x.utilizationRate - x.clinicMedianUtilizationRate),
          csv: (x) => x.clinicMedianUtilizationRate,
          csvLabel: 'Clinic median utilization',
          num: true,
        },
      ],
    }),
  );
}

function downtimePanel(ctx: Ctx, body: HTMLElement, r: Report, multi: boolean): void {
  clear(body);
  const rows = [...r.resources].filter((x) => x.availableMinutes > 0).sort((a, b) => b.downtimeMinutes - a.downtimeMinutes);
  if (!rows.length) return void body.appendChild(message('info', 'No open hours in this period.'));
  downtimeChart(body, rows, (row) => ctx.go({ view: 'resource', resource: row.resourceId }));
  body.appendChild(
    dataTable({
      id: 'downtime',
      caption: 'Downtime by chair or room',
      filename: `downtime-${ctx.state.from}-${ctx.state.to}.csv`,
      rows,
      open: (row) => ctx.go({ view: 'resource', resource: row.resourceId }),
      columns: [
        { label: 'Chair or room', text: (x) => x.resourceName },
        ...(multi ? [{ label: 'Clinic', text: (x: ChairRow) => clinicName(ctx, x.clinicId), csv: (x: ChairRow) => x.clinicId, csvLabel: 'Clinic id' }] : []),
        { label: 'Maintenance', text: (x) => hours(x.maintenanceMinutes), csv: (x) => x.maintenanceMinutes, csvLabel: 'Maintenance (minutes)', num: true },
        { label: 'No-show', text: (x) => hours(x.noShowMinutes), csv: (x) => x.noShowMinutes, csvLabel: 'No-show (minutes)', num: true },
        { label: 'Unbooked gap', text: (x) => hours(x.gapMinutes), csv: (x) => x.gapMinutes, csvLabel: 'Gap (minutes)', num: true },
        { label: 'Downtime', text: (x) => hours(x.downtimeMinutes), csv: (x) => x.downtimeMinutes, csvLabel: 'Downtime (minutes)', num: true },
        {
          label: 'Share of open time',
          text: (x) => pct(x.availableMinutes ? x.downtimeMinutes / x.availableMinutes : null),
          csv: (x) => (x.availableMinutes ? Math.round((x.downtimeMinutes / x.availableMinutes) * 10000) / 10000 : null),
          num: true,
        },
      ],
    }),
  );
}

/** The latest date of the period that falls on an ISO weekday. */
function latestWeekday(from: string, to: string, weekday: number): string | null {
  for (let d = to; d >= from; d = addDays(d, -1)) if (isoWeekday(d) === weekday) return d;
  return null;
}

function heatmapPanel(ctx: Ctx, body: HTMLElement, r: Report): void {
  clear(body);
  if (!r.clinics.length) return void body.appendChild(message('info', 'No clinic in the selection.'));
  const draw = (clinicId: string) => {
    clear(body);
    const clinic = r.clinics.find((c) => c.clinicId === clinicId) ?? r.clinics[0];
    if (r.clinics.length > 1) {
      body.appendChild(
        toggle(
          'Clinic',
          r.clinics.map((c) => [c.clinicId, clinicName(ctx, c.clinicId)]),
          clinic.clinicId,
          draw,
        ),
      );
    }
    const grid = clinic.peakLow.grid;
    if (!grid.some((c) => c.availableChairHours > 0)) return void body.appendChild(message('info', 'No open hours in this period.'));
    heatmapChart(body, 'heatmap', grid, r.summary.band, (cell: HeatCell) => {
      const date = latestWeekday(ctx.state.from, ctx.state.to, cell.weekday);
      if (date) ctx.go({ view: 'day', clinic: clinic.clinicId, date, hour: cell.hour });
    });
    const spans = [...clinic.peakLow.peaks.map((x) => ({ ...x, mark: 'peak' })), ...clinic.peakLow.lows.map((x) => ({ ...x, mark: 'low' }))];
    body.appendChild(
      dataTable({
        id: 'peaks-lows',
        caption: `Peaks and lows · ${clinicName(ctx, clinic.clinicId)}`,
        filename: `peaks-lows-${clinic.clinicId}-${ctx.state.from}-${ctx.state.to}.csv`,
        rows: spans,
        empty: 'No hours stand out as peaks or lows.',
        columns: [
          { label: 'When', text: (x) => x.label },
          { label: 'Kind', text: (x) => x.mark },
          { label: 'Utilization', text: (x) => pct(x.utilizationRate), csv: (x) => x.utilizationRate, num: true },
          { label: 'Used chair-hours', text: (x) => num(x.usedChairHours, 1), csv: (x) => x.usedChairHours, num: true },
          { label: 'Open chair-hours', text: (x) => num(x.availableChairHours, 1), csv: (x) => x.availableChairHours, num: true },
        ],
      }),
    );
    const cells = grid.filter((c) => c.availableChairHours > 0);
    body.appendChild(
      h(
        'details',
        { class: 'numbers' },
        h('summary', {}, 'Every weekday and hour'),
        dataTable({
          id: 'heatmap-cells',
          caption: `Weekday × hour · ${clinicName(ctx, clinic.clinicId)}`,
          filename: `weekday-hour-${clinic.clinicId}-${ctx.state.from}-${ctx.state.to}.csv`,
          rows: cells,
          columns: [
            { label: 'Weekday', text: (x) => WEEKDAYS[x.weekday - 1] },
            { label: 'Hour', text: (x) => `${hourLabel(x.hour)}–${hourLabel(x.hour + 1)}`, csv: (x) => x.hour },
            { label: 'Utilization', text: (x) => pct(x.utilizationRate), csv: (x) => x.utilizationRate, num: true },
            { label: 'Used chair-hours', text: (x) => num(x.usedChairHours, 1), csv: (x) => x.usedChairHours, num: true },
            { label: 'Open chair-hours', text: (x) => num(x.availableChairHours, 1), csv: (x) => x.availableChairHours, num: true },
            { label: 'Mark', text: (x) => x.mark },
          ],
        }),
      ),
    );
  };
  draw(ctx.state.clinic !== 'all' ? ctx.state.clinic : r.clinics[0].clinicId);
}

function providersPanel(ctx: Ctx, body: HTMLElement, r: Report): Promise<void> {
  clear(body);
  const section = r.providers;
  let figure = 'patientsSeen';
  const chartBox = h('div', {});
  // money in the clinics' currency; a selection of clinics with different currencies has none to show (amounts are pooled)
  const cur = selectionCurrency(ctx);
  const draw = () => {
    clear(chartBox);
    providersChart(chartBox, section, figure, cur.one);
  };
  body.append(
    h('p', { class: 'note muted' }, section.privacy, ' Providers are compared with their team’s distribution, never with one another.'),
    ...(cur.one
      ? []
      : [
          h(
            'p',
            { class: 'note muted', 'data-currency': 'none' },
            cur.all.length > 1
              ? `Production amounts pool clinics in ${cur.all.join(', ')}: open one clinic to see them in its currency.`
              : 'Production amounts are shown without a currency: none is set for this selection (PUT /settings/{clinicId} with "currency").',
          ),
        ]),
    toggle(
      'Figure',
      Object.entries(PROVIDER_FIGURES).map(([k, f]) => [k, f.label]),
      figure,
      (v) => {
        figure = v;
        body.querySelectorAll<HTMLButtonElement>('.toggle button').forEach((b) => b.setAttribute('aria-pressed', b.dataset.value === v ? 'true' : 'false'));
        draw();
      },
    ),
    chartBox,
  );
  draw();
  const groups: { group: string; d: TeamDistribution }[] = [
    { group: 'All providers', d: section.team },
    ...Object.entries(section.byRole).map(([role, d]) => ({ group: role, d })),
  ];
  const teamRows = groups.flatMap((g) =>
    g.d.suppressed || !g.d.figures
      ? [{ group: g.group, providers: g.d.providers, figure: '', label: 'suppressed (fewer than 3 providers)', d: null }]
      : Object.keys(PROVIDER_FIGURES).map((k) => ({
          group: g.group,
          providers: g.d.providers,
          figure: k,
          label: PROVIDER_FIGURES[k].label,
          d: (g.d.figures as Record<string, Distribution | null>)[k] ?? null,
        })),
  );
  body.appendChild(
    dataTable({
      id: 'providers-team',
      caption: 'Team distributions',
      filename: `provider-team-${ctx.state.from}-${ctx.state.to}.csv`,
      rows: teamRows,
      columns: [
        { label: 'Team', text: (x) => x.group },
        { label: 'Providers', text: (x) => x.providers, num: true },
        { label: 'Figure', text: (x) => x.label, csv: (x) => x.figure || x.label },
        { label: '25th percentile', text: (x) => figureText(x.figure, x.d?.p25, cur.one), csv: (x) => x.d?.p25, num: true },
        { label: 'Median', text: (x) => figureText(x.figure, x.d?.median, cur.one), csv: (x) => x.d?.median, num: true },
        { label: '75th percentile', text: (x) => figureText(x.figure, x.d?.p75, cur.one), csv: (x) => x.d?.p75, num: true },
      ],
    }),
  );
  // individual figures only when the API gives them (ops:view_provider_detail): each provider against the middle half of
  // their role and against their own previous period; ordered by name, never ranked
  if (!section.individuals) {
    body.appendChild(
      h(
        'p',
        { class: 'msg info', 'data-providers': 'team-only' },
        'Individual providers are not shown: your token has no ops:view_provider_detail permission, so providers appear only as team distributions.',
      ),
    );
    return Promise.resolve();
  }
  const box = h('div', {}, message('loading', 'Loading the providers…'));
  body.appendChild(box);
  return ctx.api
    .providerSummaries(clinicIds(ctx), ctx.state.from, ctx.state.to)
    .then((items) => {
      if (!ctx.current()) return;
      clear(box);
      box.appendChild(
        individualsTable(
          ctx,
          cur.one,
          [...items].sort((a, b) => a.providerName.localeCompare(b.providerName) || a.providerId.localeCompare(b.providerId)),
        ),
      );
    })
    .catch((e) => void (ctx.current() && (clear(box), box.appendChild(failed(e)))));
}

const POSITION: Record<Position, string> = {
  'below-p25': 'below the middle half',
  'p25-median': 'lower middle',
  'median-p75': 'upper middle',
  'above-p75': 'above the middle half',
};
const position = (p: Position | null | undefined) => (p ? POSITION[p] : 'no comparison (role under 3)');

function individualsTable(ctx: Ctx, currency: string | null, items: ProviderSummary[]): HTMLElement {
  const f = (x: ProviderSummary, k: string) => (x.figures as Record<string, number | null>)[k] ?? null;
  const own = (x: ProviderSummary, k: string) => signedPct((x.change as Record<string, Change | undefined>)[k]?.relative ?? null);
  return dataTable({
    id: 'providers',
    caption: 'Providers (by name; against their role’s middle half and their own previous period)',
    filename: `providers-${ctx.state.from}-${ctx.state.to}.csv`,
    rows: items,
    columns: [
      { label: 'Provider', text: (x) => x.providerName },
      { label: 'Role', text: (x) => x.role },
      { label: 'Patients seen', text: (x) => num(f(x, 'patientsSeen')), csv: (x) => f(x, 'patientsSeen'), num: true },
      {
        label: 'vs own previous',
        text: (x) => own(x, 'patientsSeen'),
        csv: (x) => x.change?.patientsSeen?.relative ?? null,
        csvLabel: 'Patients seen change vs own previous period',
        num: true,
      },
      { label: 'Patients seen in role', text: (x) => position(x.rolePosition?.patientsSeen), csv: (x) => x.rolePosition?.patientsSeen ?? null },
      { label: 'No-show rate', text: (x) => pct(f(x, 'noShowRate')), csv: (x) => f(x, 'noShowRate'), num: true },
      { label: 'Procedures', text: (x) => num(f(x, 'proceduresCompleted')), csv: (x) => f(x, 'proceduresCompleted'), num: true },
      { label: 'Chair-hours', text: (x) => num((f(x, 'chairMinutes') ?? 0) / 60, 1), csv: (x) => f(x, 'chairMinutes'), csvLabel: 'Chair minutes', num: true },
      {
        label: 'Production / sched. hour',
        text: (x) => money(f(x, 'productionPerScheduledHour'), currency),
        csv: (x) => f(x, 'productionPerScheduledHour'),
        csvLabel: `Production per scheduled hour${currency ? ` (${currency})` : ''}`,
        num: true,
      },
      {
        label: 'Production / sched. hour in role',
        text: (x) => position(x.rolePosition?.productionPerScheduledHour),
        csv: (x) => x.rolePosition?.productionPerScheduledHour ?? null,
      },
    ],
  });
}

function suggestionsPanel(ctx: Ctx, body: HTMLElement, r: Report | null, capacity: Suggestion[]): void {
  clear(body);
  const items: Suggestion[] = [...(r?.risks ?? []).map((x) => ({ ...x, severity: x.severity ?? 'risk' })), ...capacity, ...(r?.suggestions ?? [])];
  const order = { risk: 0, warning: 1, info: 2 } as Record<string, number>;
  items.sort((a, b) => (order[a.severity ?? 'info'] ?? 3) - (order[b.severity ?? 'info'] ?? 3));
  if (!r && !capacity.length) return void body.appendChild(message('error', 'The report could not be loaded.'));
  // a weekday with its hours ("Wednesday 14:00–18:00"), or the (first) date the suggestion is about
  const when = (x: Suggestion) =>
    x.hours
      ? `${typeof x.weekday === 'number' ? WEEKDAYS[x.weekday - 1] : (x.weekday ?? '')} ${hoursSpan(x.hours)}`.trim()
      : x.date
        ? `from ${longDate(x.date)}`
        : typeof x.weekday === 'number'
          ? WEEKDAYS[x.weekday - 1]
          : (x.weekday ?? '');
  body.appendChild(
    items.length
      ? h(
          'ul',
          { class: 'suggestions' },
          items.map((x) =>
            h(
              'li',
              { class: `sev-${x.severity ?? 'info'}` },
              h('span', { class: 'pill' }, x.severity === 'risk' ? 'Risk' : x.severity === 'warning' ? 'Act' : 'Idea'),
              ' ',
              h('b', {}, clinicName(ctx, x.clinicId)),
              x.title ? [': ', h('b', {}, x.title), h('br', {})] : ': ',
              x.text,
            ),
          ),
        )
      : message('info', 'Nothing to suggest: every clinic runs within its target band.'),
  );
  body.appendChild(
    dataTable({
      id: 'suggestions',
      caption: 'Suggestions and risks',
      filename: `suggestions-${ctx.state.from}-${ctx.state.to}.csv`,
      rows: items,
      columns: [
        { label: 'Severity', text: (x) => x.severity ?? 'info' },
        { label: 'Clinic', text: (x) => clinicName(ctx, x.clinicId), csv: (x) => x.clinicId, csvLabel: 'Clinic id' },
        { label: 'Kind', text: (x) => x.kind },
        {
          label: 'When',
          text: (x) => when(x) || '–',
          csv: (x) => (typeof x.weekday === 'number' ? WEEKDAYS[x.weekday - 1] : x.weekday) ?? null,
          csvLabel: 'Weekday',
        },
        { label: 'From', text: () => null, csv: (x) => x.hours?.from ?? null, csvLabel: 'Hours from (local time)', csvOnly: true },
        { label: 'To', text: () => null, csv: (x) => x.hours?.to ?? null, csvLabel: 'Hours to (local time)', csvOnly: true },
        { label: 'Date', text: () => null, csv: (x) => x.date ?? null, csvOnly: true },
        { label: 'Chair-hours in all', text: (x) => num(x.chairHours, 1), csv: (x) => x.chairHours, num: true },
        { label: 'Chair-hours a week', text: (x) => num(x.chairHoursPerWeek, 1), csv: (x) => x.chairHoursPerWeek, num: true },
        { label: 'Suggestion', text: (x) => (x.title ? `${x.title}. ${x.text}` : x.text), wrap: true },
      ],
    }),
  );
}

/** The chosen period has no open hours: say up to which day the selection's data reaches and offer to go there. */
function emptyPeriodHint(ctx: Ctx, ids: string[]): HTMLElement {
  const last =
    ids
      .map((id) => ctx.lastRolled.get(id) ?? null)
      .filter((d): d is string => !!d)
      .sort()
      .pop() ?? null;
  const s = ctx.state;
  if (!last)
    return h(
      'div',
      { class: 'msg info', role: 'status', 'data-hint': 'no-data' },
      'No data has been rolled up for this selection yet: the figures appear once its first day is rolled up.',
    );
  const to = last;
  const from = addDays(to, -(daysBetween(s.from, s.to) - 1));
  const button = h('button', { type: 'button', 'data-jump': `${from}..${to}` }, `Show ${periodLabel(from, to)}`);
  button.addEventListener('click', () => ctx.go({ view: 'overview', from, to }));
  return h(
    'div',
    { class: 'msg info hint', role: 'status', 'data-hint': 'elsewhere' },
    h('p', {}, h('b', {}, `No data in ${periodLabel(s.from, s.to)}.`), ` The data of ${selectionName(ctx)} ends on ${longDate(to)} (the last day rolled up).`),
    button,
  );
}
