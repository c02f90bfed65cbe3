// One resource's day: open hours, where each minute went (used, maintenance, blocked, no-show, gap, overtime),
// the booked and the seated sessions and the blocks, on a time axis in the clinic's time zone.
import { graphic } from 'echarts/core';
import type { CustomSeriesRenderItemAPI, CustomSeriesRenderItemParams, CustomSeriesRenderItemReturn } from 'echarts';
import { clock, longDate, minutes } from '../format.js';
import type { Timeline } from '../types.js';
import { chart, COLORS, REASON_COLOR, type ECharts } from './setup.js';

export const SEGMENT_LABEL: Record<string, string> = {
  used: 'Used',
  maintenance: 'Maintenance',
  blocked: 'Blocked',
  noShow: 'No-show',
  gap: 'Gap',
  overtime: 'Overtime (outside open hours)',
};

export const SESSION_LABEL: Record<string, string> = {
  COMPLETED: 'Completed session',
  IN_PROGRESS: 'Session in progress',
  SCHEDULED: 'Scheduled session',
  NO_SHOW: 'No-show session',
  CANCELLED: 'Cancelled booking',
};
const BLOCK_LABEL: Record<string, string> = { MAINTENANCE: 'Maintenance block', MEETING: 'Meeting block', TRAINING: 'Training block', OTHER: 'Other block' };

const SESSION_COLOR: Record<string, string> = {
  COMPLETED: COLORS.blue,
  IN_PROGRESS: COLORS.sky,
  SCHEDULED: '#7fa7c9',
  NO_SHOW: COLORS.vermillion,
  CANCELLED: '#c8c8c8',
};

const BLOCK_COLOR: Record<string, string> = { MAINTENANCE: COLORS.purple, MEETING: COLORS.grey, TRAINING: COLORS.grey, OTHER: COLORS.grey };

interface Bar {
  row: number;
  start: number;
  end: number;
  lane: number;
  lanes: number;
  color: string;
  /** what the colour means, for the legend */
  label: string;
  text: string;
}

export interface LegendEntry {
  color: string;
  label: string;
}

/** Greedy lanes for overlapping intervals (double bookings are drawn one above the other). */
function lanes<T extends { start: number; end: number }>(items: T[]): (T & { lane: number; lanes: number })[] {
  const sorted = [...items].sort((a, b) => a.start - b.start || a.end - b.end);
  const ends: number[] = [];
  const out = sorted.map((it) => {
    let lane = ends.findIndex((e) => e <= it.start);
    if (lane < 0) lane = ends.push(it.end) - 1;
    else ends[lane] = it.end;
    return { ...it, lane, lanes: 0 };
  });
  return out.map((o) => ({ ...o, lanes: Math.max(1, ends.length) }));
}

/**
 * The day's timeline; returns the chart and its legend: one entry per colour actually drawn (built from the bars
 * themselves, so a colour on the chart cannot be missing from the legend). `provider` names a provider id (or null
 * when the viewer may not see individual providers).
 */
export function timelineChart(
  parent: HTMLElement,
  t: Timeline,
  hour: number | undefined,
  provider: (id: string) => string | null,
): { chart: ECharts; legend: LegendEntry[] } {
  const tz = t.resource.timeZone;
  const ms = (iso: string) => Date.parse(iso);
  const span = (a: string, b: string) => `${clock(a, tz)}–${clock(b, tz)}`;
  const rows = ['Open hours', 'Chair time', 'Booked', 'Seated', 'Blocks'];
  const bars: Bar[] = [];
  for (const a of t.available)
    bars.push({ row: 0, start: ms(a.start), end: ms(a.end), lane: 0, lanes: 1, color: '#cfe3d8', label: 'Open hours', text: `Open ${span(a.start, a.end)}` });
  for (const s of t.segments)
    bars.push({
      row: 1,
      start: ms(s.start),
      end: ms(s.end),
      lane: 0,
      lanes: 1,
      color: REASON_COLOR[s.kind] ?? COLORS.grey,
      label: SEGMENT_LABEL[s.kind] ?? s.kind,
      text: `${SEGMENT_LABEL[s.kind] ?? s.kind} ${span(s.start, s.end)} (${minutes(s.minutes)})`,
    });
  const who = (id: string | null) => (id ? provider(id) : null);
  const booked = lanes(t.sessions.map((s) => ({ start: ms(s.scheduledStart), end: ms(s.scheduledEnd), s })));
  for (const b of booked)
    bars.push({
      row: 2,
      start: b.start,
      end: b.end,
      lane: b.lane,
      lanes: b.lanes,
      color: SESSION_COLOR[b.s.status] ?? COLORS.grey,
      label: SESSION_LABEL[b.s.status] ?? b.s.status,
      text: `${SESSION_LABEL[b.s.status] ?? b.s.status} · booked ${span(b.s.scheduledStart, b.s.scheduledEnd)} · patient ${b.s.patientRef}${who(b.s.providerId) ? ` · ${who(b.s.providerId)}` : ''}`,
    });
  const seated = lanes(t.sessions.filter((s) => s.actualStart && s.actualEnd).map((s) => ({ start: ms(s.actualStart!), end: ms(s.actualEnd!), s })));
  for (const b of seated)
    bars.push({
      row: 3,
      start: b.start,
      end: b.end,
      lane: b.lane,
      lanes: b.lanes,
      color: SESSION_COLOR[b.s.status] ?? COLORS.grey,
      label: SESSION_LABEL[b.s.status] ?? b.s.status,
      text: `seated ${span(b.s.actualStart!, b.s.actualEnd!)} · patient ${b.s.patientRef}${who(b.s.providerId) ? ` · ${who(b.s.providerId)}` : ''}`,
    });
  const blocks = lanes(t.blocks.map((b) => ({ start: ms(b.start), end: ms(b.end), b })));
  for (const b of blocks)
    bars.push({
      row: 4,
      start: b.start,
      end: b.end,
      lane: b.lane,
      lanes: b.lanes,
      color: BLOCK_COLOR[b.b.reason] ?? COLORS.grey,
      label: BLOCK_LABEL[b.b.reason] ?? `${b.b.reason.toLowerCase()} block`,
      text: `${BLOCK_LABEL[b.b.reason] ?? b.b.reason} ${span(b.b.start, b.b.end)}`,
    });

  // one legend entry per colour drawn; a colour that means two things (grey: blocked time, meeting blocks) lists both
  const byColor = new Map<string, Set<string>>();
  for (const b of bars) byColor.set(b.color, (byColor.get(b.color) ?? new Set()).add(b.label));
  const legend = [...byColor].map(([color, labels]) => ({ color, label: [...labels].join(' / ') }));

  const times = bars.flatMap((b) => [b.start, b.end]);
  const hourMs = 3_600_000;
  const min = times.length ? Math.floor((Math.min(...times) - 15 * 60_000) / hourMs) * hourMs : Date.parse(`${t.resource.date}T00:00:00Z`);
  const max = times.length ? Math.ceil((Math.max(...times) + 15 * 60_000) / hourMs) * hourMs : min + 24 * hourMs;

  // the hour opened from the heatmap, found on the axis by its local clock time (DST-safe)
  let marked: [number, number] | null = null;
  if (hour !== undefined) {
    const label = `${String(hour).padStart(2, '0')}:00`;
    for (let x = min; x <= max; x += 15 * 60_000)
      if (clock(x, tz) === label) {
        marked = [x, x + hourMs];
        break;
      }
  }

  const renderItem = (params: CustomSeriesRenderItemParams, api: CustomSeriesRenderItemAPI): CustomSeriesRenderItemReturn => {
    const b = bars[params.dataIndex];
    const from = api.coord([b.start, b.row]);
    const to = api.coord([b.end, b.row]);
    const band = (api.size!([0, 1]) as number[])[1] * 0.72;
    const h = band / b.lanes;
    const cs = params.coordSys as unknown as { x: number; y: number; width: number; height: number };
    const shape = graphic.clipRectByRect(
      { x: from[0], y: from[1] - band / 2 + b.lane * h, width: Math.max(1, to[0] - from[0]), height: Math.max(2, h - 1) },
      { x: cs.x, y: cs.y, width: cs.width, height: cs.height },
    );
    return shape ? { type: 'rect', shape, style: { fill: b.color, stroke: b.row === 1 && b.color === REASON_COLOR.gap ? '#c9b300' : undefined } } : null;
  };

  const c = chart(
    parent,
    'timeline',
    {
      grid: { left: 8, right: 24, top: 16, bottom: 40, containLabel: true },
      tooltip: { formatter: (p: unknown) => bars[(p as { dataIndex: number }).dataIndex]?.text ?? '' },
      xAxis: {
        type: 'time',
        min,
        max,
        axisLabel: { formatter: (v: number) => clock(v, tz), hideOverlap: true },
        splitLine: { show: true, lineStyle: { color: '#eef1f4' } },
      },
      yAxis: { type: 'category', data: rows, inverse: true, axisTick: { show: false } },
      series: [
        {
          type: 'custom',
          name: 'Timeline',
          renderItem,
          encode: { x: [1, 2], y: 0 },
          data: bars.map((b) => [b.row, b.start, b.end]),
          markArea: marked
            ? {
                silent: true,
                itemStyle: { color: 'rgba(29, 39, 51, 0.08)', borderColor: COLORS.dark, borderType: 'dashed', borderWidth: 1 },
                data: [[{ xAxis: marked[0] }, { xAxis: marked[1] }]] as never,
              }
            : undefined,
        },
      ],
    },
    {
      height: 300,
      points: t.segments.length,
      label: `Timeline of ${t.resource.name} on ${longDate(t.resource.date)} (${tz}): open hours, used time and gaps, sessions and blocks`,
    },
  );
  return { chart: c, legend };
}
