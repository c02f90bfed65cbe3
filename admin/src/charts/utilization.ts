// Utilization charts: over time with the target band shaded, chairs side by side, downtime stacked by reason,
// the resources of one day, and one resource's days.
import { dayLabel, hours, monthShort, num, pct, shortDate, statusLabel } from '../format.js';
import type { Band, ChairRow, TrendPoint, Trends, TrendSeries } from '../types.js';
import {
  bottomAxisLabel,
  chart,
  colorLegend,
  COLORS,
  onCategoryClick,
  pctAxis,
  rateAxis,
  REASON_COLOR,
  shortLabels,
  statusColor,
  statusEntries,
  type ECharts,
  type Option,
} from './setup.js';

const SERIES_COLORS = [COLORS.blue, COLORS.orange, COLORS.green, COLORS.purple, COLORS.vermillion, COLORS.sky, COLORS.dark];

/** The band as a shaded area with the low and risk thresholds as lines, on the value axis (`y` or `x`). */
function bandMarks(band: Band, axis: 'x' | 'y') {
  const at = (v: number) => (axis === 'y' ? { yAxis: v } : { xAxis: v });
  return {
    markArea: {
      silent: true,
      itemStyle: { color: COLORS.band },
      // named on time charts; on the bar charts the legend line under the title says it (a label would cover bars)
      label: {
        show: axis === 'y',
        position: 'insideTopLeft' as const,
        color: '#2f6b55',
        fontSize: 11,
        formatter: `target ${pctAxis(band.targetLow)}–${pctAxis(band.targetHigh)}`,
      },
      data: [[at(band.targetLow), at(band.targetHigh)]] as never,
    },
    markLine: {
      silent: true,
      symbol: 'none',
      lineStyle: { type: 'dashed' as const, width: 1 },
      // on the bar charts the lines are named in the legend line under the title: a label at the end of a vertical line
      // would sit on the axis labels
      // inside the plot at its right end, above the line: never cut off by the chart's edge
      label: {
        show: axis === 'y',
        position: 'insideEndTop' as const,
        fontSize: 10,
        formatter: (p: { value: unknown; name?: string }) => `${p.name} ${pctAxis(Number(p.value))}`,
      },
      data: [
        { ...at(band.lowThreshold), name: 'low below', lineStyle: { color: COLORS.vermillion } },
        { ...at(band.riskThreshold), name: 'risk above', lineStyle: { color: '#8E1B1B' } },
      ] as never,
    },
  };
}

export function periodLabel(granularity: string, start: string): string {
  if (granularity === 'month') return monthShort(start);
  if (granularity === 'quarter') return `Q${Math.floor((Number(start.slice(5, 7)) - 1) / 3) + 1} ${start.slice(0, 4)}`;
  if (granularity === 'week') return `wk ${shortDate(start)}`;
  return dayLabel(start);
}

/**
 * Utilization over time: one line per series (per clinic when several), the moving average, the target band.
 * A click on a point opens that series' period; a click elsewhere in the column opens the period for the whole selection.
 */
export function trendChart(
  parent: HTMLElement,
  t: Trends,
  band: Band,
  selection: string,
  onPick: (point: TrendPoint, groupId: string | null) => void,
): ECharts {
  const starts = [...new Set(t.series.flatMap((s) => s.points.map((p) => p.periodStart)))].sort();
  const single = t.series.length === 1;
  const point = (s: TrendSeries, start: string) => s.points.find((p) => p.periodStart === start) ?? null;
  const all = t.series.flatMap((s) => s.points.map((p) => p.value));
  const series: Option['series'] = t.series.map((s, i) => ({
    type: 'line' as const,
    // one clinic: its name; several: each series is one clinic (groupBy=clinic)
    name: single ? selection : (s.groupName ?? s.groupId ?? selection),
    data: starts.map((d) => point(s, d)?.value ?? null),
    connectNulls: true, // closed days have no value
    symbolSize: 7,
    lineStyle: { width: 2 },
    itemStyle: { color: SERIES_COLORS[i % SERIES_COLORS.length] },
    ...(i === 0 ? bandMarks(band, 'y') : {}),
  }));
  if (single) {
    series.push({
      type: 'line',
      name: 'Moving average',
      data: starts.map((d) => point(t.series[0], d)?.movingAverage ?? null),
      symbol: 'none',
      connectNulls: true,
      lineStyle: { type: 'dashed', width: 1.5 },
      itemStyle: { color: COLORS.dark },
    });
  }
  const c = chart(
    parent,
    'utilization-trend',
    {
      grid: { left: 48, right: 24, top: 16, bottom: 48 },
      tooltip: { trigger: 'axis', valueFormatter: (v) => pct(v as number) },
      xAxis: { type: 'category', data: starts.map((d) => periodLabel(t.granularity, d)), axisLabel: bottomAxisLabel },
      yAxis: rateAxis(all, band),
      series,
    },
    {
      height: 300,
      points: t.series.reduce((n, s) => n + s.points.filter((p) => p.value !== null).length, 0),
      label: `Utilization by ${t.granularity} with the target band shaded`,
    },
  );
  // the legend in HTML: it wraps at any width instead of running into the plot
  colorLegend(parent, 'utilization-trend', [
    ...series.filter((x) => x.name !== 'Moving average').map((x) => ({ color: (x.itemStyle as { color: string }).color, label: String(x.name) })),
    ...(single ? [{ color: COLORS.dark, label: 'Moving average (dashed)' }] : []),
    { color: COLORS.band, label: `Target band ${pctAxis(band.targetLow)}–${pctAxis(band.targetHigh)}` },
  ]);
  let lastPointClick = 0;
  c.on('click', (e) => {
    const s = t.series[e.seriesIndex ?? -1];
    const p = s && point(s, starts[e.dataIndex]);
    if (!p) return;
    lastPointClick = Date.now();
    onPick(p, single ? null : s.groupId);
  });
  onCategoryClick(c, 'x', starts.length, (i) => {
    if (Date.now() - lastPointClick < 100) return;
    const s = t.series.find((x) => point(x, starts[i])) ?? t.series[0];
    const p = point(s, starts[i]);
    if (p) onPick(p, null);
  });
  return c;
}

const chairLabel = (r: ChairRow, multiClinic: boolean) => (multiClinic ? `${r.resourceName} (${r.clinicId})` : r.resourceName);
/** Label width of a horizontal bar chart's categories: about a third of the chart, 96–200 px. */
const labelWidth = (parent: HTMLElement) => Math.max(96, Math.min(200, Math.round((parent.clientWidth || 600) * 0.34)));
/** The category axis of a horizontal bar chart: labels cut to fit (never alike), the full name in the tooltip. */
function nameAxis(parent: HTMLElement, full: string[]) {
  const short = shortLabels(full, labelWidth(parent));
  // lineHeight: two-line labels (name over clinic) keep their lines apart
  return { type: 'category' as const, data: short, axisLabel: { hideOverlap: true, interval: 0, lineHeight: 15 }, axisTick: { alignWithLabel: true } };
}

/** Chairs and rooms side by side: utilization (actual) with the booked rate behind it, coloured by status. */
export function chairsChart(parent: HTMLElement, rows: ChairRow[], band: Band, onPick: (row: ChairRow) => void, id = 'chairs'): ECharts {
  const multi = new Set(rows.map((r) => r.clinicId)).size > 1;
  const shown = [...rows].reverse(); // first row at the top
  const c = chart(
    parent,
    id,
    {
      // the colours (status of the seated bar, booked behind it, the band) are named in the HTML legend below
      grid: { left: 8, right: 40, top: 8, bottom: 8, containLabel: true },
      tooltip: {
        trigger: 'axis',
        axisPointer: { type: 'shadow' },
        formatter: (ps: unknown) => {
          const r = shown[(ps as { dataIndex: number }[])[0].dataIndex];
          return `<b>${chairLabel(r, multi)}</b><br>Utilization ${pct(r.utilizationRate)} (${statusLabel(r.status)})<br>Booked ${pct(r.scheduledUtilizationRate)}<br>Used ${hours(r.usedMinutes)} of ${hours(r.availableMinutes)}<br>Clinic median ${pct(r.clinicMedianUtilizationRate)}`;
        },
      },
      yAxis: nameAxis(
        parent,
        shown.map((r) => chairLabel(r, multi)),
      ),
      xAxis: rateAxis(
        rows.flatMap((r) => [r.utilizationRate, r.scheduledUtilizationRate]),
        band,
      ),
      series: [
        {
          type: 'bar',
          name: 'Booked',
          data: shown.map((r) => r.scheduledUtilizationRate ?? null),
          barWidth: '70%',
          itemStyle: { color: '#dfe6ee' },
          z: 1,
          silent: true,
        },
        {
          type: 'bar',
          name: 'Utilization (seated)',
          barGap: '-100%',
          barWidth: '45%',
          data: shown.map((r) => ({ value: r.utilizationRate, itemStyle: { color: statusColor(r.status) } })),
          label: { show: true, position: 'right', fontSize: 10, formatter: (p) => pct(p.value as number, 0) },
          labelLayout: { hideOverlap: true },
          z: 2,
          ...bandMarks(band, 'x'),
        },
      ],
    },
    {
      height: Math.max(200, 80 + rows.length * (multi ? 36 : 22)),
      points: rows.filter((r) => r.utilizationRate !== null).length,
      label: 'Utilization of each chair and room, side by side; the green band is the target',
    },
  );
  colorLegend(parent, id, [
    ...statusEntries(
      rows.map((r) => r.status),
      (s) => `Seated: ${statusLabel(s).toLowerCase()}`,
    ),
    { color: '#dfe6ee', label: 'Booked' },
    { color: COLORS.band, label: `Target band ${pctAxis(band.targetLow)}–${pctAxis(band.targetHigh)}` },
    { color: COLORS.vermillion, label: `Low line ${pctAxis(band.lowThreshold)} (dashed)` },
    { color: '#8E1B1B', label: `Risk line ${pctAxis(band.riskThreshold)} (dashed)` },
  ]);
  onCategoryClick(c, 'y', shown.length, (i) => onPick(shown[i]));
  return c;
}

/** The tooltip of a stacked chart in hours: the resource named by `labelOf(index)`, then each series' hours. */
function hoursTooltip(labelOf: (index: number) => string) {
  return {
    trigger: 'axis' as const,
    axisPointer: { type: 'shadow' as const },
    formatter: (ps: unknown) => {
      const list = ps as { dataIndex: number; seriesName: string; value: number; marker: string }[];
      return `<b>${labelOf(list[0].dataIndex)}</b>` + list.map((p) => `<br>${p.marker}${p.seriesName} ${num(p.value, 1)} h`).join('');
    },
  };
}

/** Downtime of each chair and room stacked by reason (maintenance, no-shows, unbooked gaps), in hours. */
export function downtimeChart(parent: HTMLElement, rows: ChairRow[], onPick: (row: ChairRow) => void): ECharts {
  const multi = new Set(rows.map((r) => r.clinicId)).size > 1;
  const shown = [...rows].sort((a, b) => a.downtimeMinutes - b.downtimeMinutes);
  const part = (name: string, key: 'maintenanceMinutes' | 'noShowMinutes' | 'gapMinutes', color: string) => ({
    type: 'bar' as const,
    name,
    stack: 'downtime',
    data: shown.map((r) => Math.round((r[key] / 60) * 10) / 10),
    itemStyle: { color },
    emphasis: { focus: 'series' as const },
  });
  const c = chart(
    parent,
    'downtime',
    {
      grid: { left: 8, right: 24, top: 8, bottom: 8, containLabel: true },
      tooltip: hoursTooltip((i) => chairLabel(shown[i], multi)),
      yAxis: nameAxis(
        parent,
        shown.map((r) => chairLabel(r, multi)),
      ),
      xAxis: { type: 'value', min: 0, splitNumber: 4, axisLabel: { formatter: (v: number) => `${num(v)} h`, hideOverlap: true } },
      series: [
        part('Maintenance', 'maintenanceMinutes', REASON_COLOR.maintenance),
        part('No-show', 'noShowMinutes', REASON_COLOR.noShow),
        part('Unbooked gap', 'gapMinutes', '#E3C800'),
      ],
    },
    {
      height: Math.max(180, 60 + rows.length * (multi ? 36 : 22)),
      points: rows.filter((r) => r.downtimeMinutes > 0).length,
      label: 'Downtime of each chair and room, stacked by reason',
    },
  );
  colorLegend(parent, 'downtime', [
    { color: REASON_COLOR.maintenance, label: 'Maintenance' },
    { color: REASON_COLOR.noShow, label: 'No-show' },
    { color: '#E3C800', label: 'Unbooked gap' },
  ]);
  onCategoryClick(c, 'y', shown.length, (i) => onPick(shown[i]));
  return c;
}

/** The resources of one day (or one period): where each one's open minutes went, in hours. */
export function minutesChart(
  parent: HTMLElement,
  id: string,
  rows: ChairRow[],
  labelOf: (r: ChairRow) => string,
  onPick: (row: ChairRow) => void,
  horizontal = true,
): ECharts {
  const shown = horizontal ? [...rows].reverse() : rows;
  const part = (name: string, key: 'usedMinutes' | 'blockedMinutes' | 'maintenanceMinutes' | 'noShowMinutes' | 'gapMinutes', color: string) => ({
    type: 'bar' as const,
    name,
    stack: 'minutes',
    data: shown.map((r) => Math.round((r[key] / 60) * 100) / 100),
    itemStyle: { color },
  });
  const cat = horizontal ? nameAxis(parent, shown.map(labelOf)) : { type: 'category' as const, data: shown.map(labelOf), axisLabel: { hideOverlap: true } };
  const val = { type: 'value' as const, min: 0, splitNumber: 4, axisLabel: { formatter: (v: number) => `${num(v)} h`, hideOverlap: true } };
  const c = chart(
    parent,
    id,
    {
      grid: { left: 8, right: 24, top: 8, bottom: 8, containLabel: true },
      tooltip: hoursTooltip((i) => labelOf(shown[i])),
      ...(horizontal ? { yAxis: cat, xAxis: val } : { xAxis: cat, yAxis: val }),
      series: [
        part('Used', 'usedMinutes', REASON_COLOR.used),
        part('Blocked', 'blockedMinutes', REASON_COLOR.blocked),
        part('Maintenance', 'maintenanceMinutes', REASON_COLOR.maintenance),
        part('No-show', 'noShowMinutes', REASON_COLOR.noShow),
        part('Unbooked gap', 'gapMinutes', '#E3C800'),
      ],
    },
    {
      height: horizontal ? Math.max(180, 60 + rows.length * (shown.some((r) => / \(/.test(labelOf(r))) ? 36 : 24)) : 300,
      points: rows.filter((r) => r.availableMinutes > 0).length,
      label: 'Open hours of each resource split into used, blocked, maintenance, no-show and gap',
    },
  );
  colorLegend(parent, id, [
    { color: REASON_COLOR.used, label: 'Used' },
    { color: REASON_COLOR.blocked, label: 'Blocked' },
    { color: REASON_COLOR.maintenance, label: 'Maintenance' },
    { color: REASON_COLOR.noShow, label: 'No-show' },
    { color: '#E3C800', label: 'Unbooked gap' },
  ]);
  onCategoryClick(c, horizontal ? 'y' : 'x', shown.length, (i) => onPick(shown[i]));
  return c;
}

/** Utilization day by day (a resource's days, or the clinic's days of a period), the band shaded. */
export function daysChart(
  parent: HTMLElement,
  id: string,
  days: { date: string; rate: number | null; status?: string | null }[],
  band: Band,
  onPick: (date: string) => void,
): ECharts {
  const c = chart(
    parent,
    id,
    {
      grid: { left: 48, right: 24, top: 24, bottom: 48 },
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, valueFormatter: (v) => pct(v as number) },
      xAxis: { type: 'category', data: days.map((d) => periodLabel('day', d.date)), axisLabel: bottomAxisLabel },
      yAxis: rateAxis(
        days.map((d) => d.rate),
        band,
      ),
      series: [
        {
          type: 'bar',
          name: 'Utilization',
          data: days.map((d) => ({ value: d.rate, itemStyle: { color: statusColor((d.status as never) ?? null) } })),
          ...bandMarks(band, 'y'),
        },
      ],
    },
    { height: 280, points: days.filter((d) => d.rate !== null).length, label: 'Utilization by day with the target band shaded' },
  );
  colorLegend(parent, id, [
    ...statusEntries(
      days.map((d) => (d.status as never) ?? null),
      (s) => statusLabel(s),
    ),
    { color: COLORS.band, label: 'Target band' },
  ]);
  onCategoryClick(c, 'x', days.length, (i) => onPick(days[i].date));
  return c;
}
