// ECharts, tree-shaken to the charts and components the dashboard uses, drawn as SVG (sharp on screen and in print).
import { BarChart, CustomChart, HeatmapChart, LineChart, ScatterChart } from 'echarts/charts';
import type { BarSeriesOption, CustomSeriesOption, HeatmapSeriesOption, LineSeriesOption, ScatterSeriesOption } from 'echarts/charts';
import { AriaComponent, GridComponent, LegendComponent, MarkAreaComponent, MarkLineComponent, TooltipComponent, VisualMapComponent } from 'echarts/components';
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

echarts.use([
  BarChart,
  LineChart,
  HeatmapChart,
  ScatterChart,
  CustomChart,
  GridComponent,
  TooltipComponent,
  LegendComponent,
  MarkAreaComponent,
  MarkLineComponent,
  VisualMapComponent,
  AriaComponent,
  SVGRenderer,
]);

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
  const el = h('div', {
    class: 'chart',
    'data-chart': id,
    'data-points': opts.points,
    role: 'img',
    'aria-label': opts.label,
    style: `height:${opts.height}px`,
  });
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

/** An HTML legend of the colours a chart draws that its own legend does not name (e.g. bars coloured by status). */
export function colorLegend(parent: HTMLElement, id: string, entries: { color: string; label: string }[]): HTMLElement {
  const seen = new Set<string>();
  const ul = h(
    'ul',
    { class: 'legend', 'data-legend': id, 'aria-label': 'What the colours mean' },
    entries
      .filter((e) => !seen.has(e.color) && seen.add(e.color))
      .map((e) => h('li', { 'data-color': e.color }, h('span', { class: 'swatch', style: `background:${e.color}` }), e.label)),
  );
  parent.appendChild(ul);
  return ul;
}

const STATUS_ORDER: Status[] = ['low', 'below-target', 'on-target', 'high', 'overbooking-risk'];
/** The status colours among `statuses`, in band order, with their names. */
export const statusEntries = (statuses: (Status | null | undefined)[], label: (s: Status | null) => string) =>
  [...STATUS_ORDER.filter((s) => statuses.includes(s)), ...(statuses.some((s) => !s) ? [null] : [])].map((s) => ({ color: statusColor(s), label: label(s) }));

/**
 * A value axis for rates: always from 0 (a bar's length is its rate), up to a whole step of 20 % above the data and
 * the band's risk line, with labels every 20 % only — so the top label never sits a few pixels from the one below it.
 */
export function rateAxis(values: (number | null | undefined)[], band: { riskThreshold: number }) {
  const top = Math.max(band.riskThreshold, ...values.filter((v): v is number => typeof v === 'number' && Number.isFinite(v)));
  const max = Math.max(1, Math.ceil((top + 0.02) / 0.2) * 0.2);
  return { type: 'value' as const, min: 0, max: Math.round(max * 10) / 10, interval: 0.2, axisLabel: { formatter: pctAxis, hideOverlap: true } };
}

/** A category axis along the bottom: the first and last labels align inward, so neither runs into the value axis's labels. */
export const bottomAxisLabel = { hideOverlap: true, alignMinLabel: 'left' as const, alignMaxLabel: 'right' as const };

let ctx2d: CanvasRenderingContext2D | null = null;
/** The width of a label as ECharts draws it (12 px in the page's font), measured by the browser. */
export function textWidth(s: string, size = 12): number {
  ctx2d ??= document.createElement('canvas').getContext('2d');
  if (!ctx2d) return s.length * size * 0.6;
  ctx2d.font = `${size}px ${FONT}`;
  return ctx2d.measureText(s).width;
}

/**
 * Category labels that never collide and never read alike: each is cut in the middle to fit `px` pixels (keeping its
 * end, where "chair 7" and the clinic are), measured with the browser's own text metrics, and labels that would still
 * be equal get a number. The full name is in the tooltip. (ECharts' own truncation cuts the end: two chairs then both
 * read "Hygiene chair 7 (clinic…".)
 */
export function shortLabels(full: string[], px: number): string[] {
  const cutLine = (s: string) => {
    if (textWidth(s) <= px) return s;
    // keep the last word whole ("Operatory 12" → "Opera… 12"): it is what tells chairs apart
    const m = /^(.*\S)\s+(\S{1,6})$/.exec(s);
    if (m) {
      for (let keep = m[1].length - 1; keep >= 3; keep--) {
        const x = `${m[1].slice(0, keep).trimEnd()}… ${m[2]}`;
        if (textWidth(x) <= px) return x;
      }
    }
    for (let keep = s.length - 1; keep > 4; keep--) {
      const head = Math.ceil(keep * 0.55);
      const x = `${s.slice(0, head).trimEnd()}…${s.slice(s.length - (keep - head)).trimStart()}`;
      if (textWidth(x) <= px) return x;
    }
    return `${s.slice(0, 3)}…`;
  };
  // "Name (clinic)" becomes two lines, the name over its clinic, each cut to fit
  const cut = (s: string) => {
    const two = /^(.*) \(([^()]*)\)$/.exec(s);
    return two ? `${cutLine(two[1])}\n${cutLine(two[2])}` : cutLine(s);
  };
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
