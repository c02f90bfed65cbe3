// ECharts, tree-shaken to the charts and components the dashboard uses, drawn as SVG (sharp on screen and in print).
import { BarChart, CustomChart, HeatmapChart, LineChart, ScatterChart } from 'echarts/charts';
import type { BarSeriesOption, CustomSeriesOption, HeatmapSeriesOption, LineSeriesOption, ScatterSeriesOption } from 'echarts/charts';
import {
  AriaComponent,
  GridComponent,
  LegendComponent,
  MarkAreaComponent,
  MarkLineComponent,
  TooltipComponent,
  VisualMapComponent,
} from 'echarts/components';
import type {
  AriaComponentOption,
  GridComponentOption,
  LegendComponentOption,
  MarkAreaComponentOption,
  MarkLineComponentOption,
  TooltipComponentOption,
  VisualMapComponentOption,
} from 'echarts/components';
import * as echarts from 'echarts/core';
import type { ComposeOption, ECharts } from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';
import { h } from '../dom.js';
import { pct } from '../format.js';
import type { Status } from '../types.js';

echarts.use([BarChart, LineChart, HeatmapChart, ScatterChart, CustomChart, GridComponent, TooltipComponent, LegendComponent, MarkAreaComponent, MarkLineComponent, VisualMapComponent, AriaComponent, SVGRenderer]);

export type Option = ComposeOption<
  | BarSeriesOption
  | LineSeriesOption
  | HeatmapSeriesOption
  | ScatterSeriesOption
  | CustomSeriesOption
  | GridComponentOption
  | TooltipComponentOption
  | LegendComponentOption
  | MarkAreaComponentOption
  | MarkLineComponentOption
  | VisualMapComponentOption
  | AriaComponentOption
>;

export type { ECharts };

/** The page's font stack (ECharts measures text with it, so labels and legends do not overlap). */
export const FONT = 'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif';

/** Okabe–Ito colours: told apart by colour-blind readers, and each series also carries a label or a legend. */
export const COLORS = {
  blue: '#0072B2',
  sky: '#56B4E9',
  green: '#009E73',
  yellow: '#F0E442',
  orange: '#E69F00',
  vermillion: '#D55E00',
  purple: '#CC79A7',
  grey: '#999999',
  dark: '#1d2733',
  band: 'rgba(0, 158, 115, 0.12)',
};

export const STATUS_COLOR: Record<Status, string> = {
  low: COLORS.vermillion,
  'below-target': COLORS.orange,
  'on-target': COLORS.green,
  high: COLORS.blue,
  'overbooking-risk': '#8E1B1B',
};
export const statusColor = (s: Status | null | undefined) => (s ? STATUS_COLOR[s] : COLORS.grey);

export const REASON_COLOR = {
  used: COLORS.blue,
  maintenance: COLORS.purple,
  blocked: COLORS.grey,
  noShow: COLORS.vermillion,
  gap: COLORS.yellow,
  overtime: COLORS.sky,
} as const;

declare global {
  interface Window {
    /** The charts on screen by id, for the browser tests (and the curious): convertToPixel, getOption. */
    adminCharts?: Record<string, ECharts>;
  }
}

const live = new Map<string, { chart: ECharts; el: HTMLElement }>();
const observer = typeof ResizeObserver === 'function' ? new ResizeObserver((entries) => entries.forEach((e) => byElement(e.target)?.resize())) : null;
const byElement = (el: Element) => [...live.values()].find((c) => c.el === el)?.chart;

/**
 * Draws a chart into a new element appended to `parent` (which must be in the document, so the chart gets its real
 * width): `data-chart` names it, `data-points` counts the data it was given. It follows its container's size.
 */
export function chart(parent: HTMLElement, id: string, option: Option, opts: { height: number; points: number; label: string }): ECharts {
  dispose(id);
  const el = h('div', { class: 'chart', 'data-chart': id, 'data-points': opts.points, role: 'img', 'aria-label': opts.label, style: `height:${opts.height}px` });
  parent.appendChild(el);
  const instance = echarts.init(el, null, { renderer: 'svg' });
  instance.setOption({ aria: { enabled: true, label: { description: opts.label } }, animation: false, textStyle: { fontFamily: FONT }, ...option });
  live.set(id, { chart: instance, el });
  (window.adminCharts ??= {})[id] = instance;
  observer?.observe(el);
  el.dataset.state = 'ready';
  return instance;
}

export function dispose(id: string): void {
  const c = live.get(id);
  if (c) {
    observer?.unobserve(c.el);
    c.chart.dispose();
    live.delete(id);
    if (window.adminCharts) delete window.adminCharts[id];
  }
}

export function disposeAll(): void {
  for (const id of [...live.keys()]) dispose(id);
}

export function resizeAll(): void {
  for (const [id, { chart: c, el }] of live) {
    if (!el.isConnected) dispose(id);
    else c.resize();
  }
}

// print: redraw at the paper's width (A4 or Letter portrait less the margins; panels are full width in print), then
// back at the screen's
const PRINT_WIDTH = 680;
function toPaper(): void {
  for (const { chart: c } of live.values()) c.resize({ width: PRINT_WIDTH });
}
window.addEventListener('beforeprint', toPaper);
window.addEventListener('afterprint', resizeAll);
window.matchMedia?.('print').addEventListener?.('change', (e) => (e.matches ? toPaper() : resizeAll()));

/** Axis labels of rates: whole percents in the viewer's locale. */
export const pctAxis = (v: number) => pct(v, 0);

/**
 * A value axis for rates: always from 0 (a bar's length is its rate), up to a whole step of 20 % above the data and
 * the band's risk line, with labels every 20 % only — so the top label never sits a few pixels from the one below it.
 */
export function rateAxis(values: (number | null | undefined)[], band: { riskThreshold: number }) {
  const top = Math.max(band.riskThreshold, ...values.filter((v): v is number => typeof v === 'number' && Number.isFinite(v)));
  const max = Math.max(1, Math.ceil((top + 0.02) / 0.2) * 0.2);
  return { type: 'value' as const, min: 0, max: Math.round(max * 10) / 10, interval: 0.2, axisLabel: { formatter: pctAxis, hideOverlap: true } };
}

/** A legend on one line that scrolls instead of wrapping into the plot (at 390 px a wrapped legend covered the first bar). */
export const LEGEND = { top: 0, type: 'scroll' as const, itemGap: 12, textStyle: { fontSize: 11 } };

/**
 * Category labels that never collide and never read alike: each is cut in the middle to at most `max` characters
 * (keeping its end, where "chair 7" and the clinic are), and labels that would still be equal get a number.
 * The full name is in the tooltip.
 */
export function shortLabels(full: string[], max: number): string[] {
  const cut = (s: string) => (s.length <= max ? s : `${s.slice(0, Math.ceil((max - 1) * 0.55)).trimEnd()}…${s.slice(s.length - Math.floor((max - 1) * 0.45)).trimStart()}`);
  const out = full.map(cut);
  const seen = new Map<string, number>();
  return out.map((s, i) => {
    const dup = out.filter((x, j) => x === s && full[j] !== full[i]).length > 0;
    if (!dup) return s;
    const k = (seen.get(s) ?? 0) + 1;
    seen.set(s, k);
    return `${s} #${k}`;
  });
}

/** How many characters of a category label fit in `px` pixels at 12 px (a conservative average glyph width). */
export const charsIn = (px: number) => Math.max(8, Math.floor(px / 7));

/** Index of the category under a click anywhere in the grid (not only on the bar or the point). */
export function onCategoryClick(c: ECharts, axis: 'x' | 'y', count: number, handler: (index: number) => void): void {
  c.getZr().on('click', (e: { offsetX: number; offsetY: number }) => {
    const pt = [e.offsetX, e.offsetY];
    if (!c.containPixel({ gridIndex: 0 }, pt)) return;
    const v = c.convertFromPixel({ gridIndex: 0 }, pt) as number[] | number;
    const raw = Array.isArray(v) ? v[axis === 'x' ? 0 : 1] : v;
    const i = Math.round(Number(raw));
    if (Number.isInteger(i) && i >= 0 && i < count) handler(i);
  });
  c.getZr().setCursorStyle?.('pointer');
}
