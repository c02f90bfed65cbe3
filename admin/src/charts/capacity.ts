// The capacity projection: booked so far, the projected utilization of each coming day with its 80% and 95 %
// intervals, the target band, the 30/60/90-day marks and the days at risk of overbooking.
import type { LineSeriesOption } from 'echarts/charts';
import { dayLabel, pct } from '../format.js';
import type { Band } from '../types.js';
import { bottomAxisLabel, chart, colorLegend, COLORS, pctAxis, rateAxis, type ECharts, type Option } from './setup.js';

export interface Interval {
  low: number | null;
  high: number | null;
}

export interface CapacityDay {
  date: string;
  closed?: boolean;
  availableChairHours?: number;
  bookedChairHours?: number;
  bookedUtilization: number | null;
  projectedChairHours?: number;
  projectedUtilization: number | null;
  interval80: Interval | null;
  interval95: Interval | null;
  status?: string | null;
  overbookingRisk?: 'likely' | 'possible' | null;
  overbookingProbability?: number | null;
  chairHoursToAdd?: number;
  chairHoursToRelease?: number;
}

const label = dayLabel;

export function capacityChart(parent: HTMLElement, days: CapacityDay[], band: Band, windows: { horizonDays: number; to: string }[]): ECharts {
  const open = (d: CapacityDay) => !d.closed && d.projectedUtilization !== null;
  const v = (x: number | null | undefined) => (x === null || x === undefined ? null : x);
  const lo = (d: CapacityDay, i: Interval | null) => (open(d) && i && i.low !== null ? i.low : null);
  const span = (d: CapacityDay, i: Interval | null) => (open(d) && i && i.low !== null && i.high !== null ? i.high - i.low : null);
  const values = days.flatMap((d) => [d.projectedUtilization, d.interval95?.high ?? null, d.bookedUtilization]).filter((x): x is number => x !== null);
  const risk = days.map((d) => (open(d) && d.overbookingRisk ? d.projectedUtilization : null));
  const band95 = 'rgba(0, 114, 178, 0.12)';
  const band80 = 'rgba(0, 114, 178, 0.24)';
  /** One interval as two stacked lines, never shown or hovered themselves: its low end (invisible) and its width (the area). */
  const intervalSeries = (level: string, stack: string, color: string, of: (d: CapacityDay) => Interval | null): LineSeriesOption[] => {
    const hidden = { type: 'line' as const, stack, lineStyle: { opacity: 0 }, symbol: 'none', silent: true, tooltip: { show: false }, connectNulls: false };
    return [
      { ...hidden, name: `${level} base`, data: days.map((d) => lo(d, of(d))) },
      { ...hidden, name: `${level} interval`, data: days.map((d) => span(d, of(d))), areaStyle: { color }, itemStyle: { color } },
    ];
  };
  const series: Option['series'] = [
    // the intervals as stacked areas: an invisible base at the low end, the width of the interval on top
    ...intervalSeries('95%', 'i95', band95, (d) => d.interval95),
    ...intervalSeries('80%', 'i80', band80, (d) => d.interval80),
    {
      type: 'bar',
      name: 'Booked so far',
      data: days.map((d) => (d.closed ? null : v(d.bookedUtilization))),
      itemStyle: { color: '#cfd8e3' },
      barWidth: '60%',
      markArea: {
        silent: true,
        itemStyle: { color: COLORS.band },
        label: {
          show: true,
          position: 'insideTopLeft',
          color: '#2f6b55',
          fontSize: 11,
          formatter: `target ${pctAxis(band.targetLow)}–${pctAxis(band.targetHigh)}`,
        },
        data: [[{ yAxis: band.targetLow }, { yAxis: band.targetHigh }]] as never,
      },
      markLine: {
        silent: true,
        symbol: 'none',
        label: { fontSize: 10, formatter: (p: { name?: string }) => p.name ?? '' },
        data: [
          {
            yAxis: band.riskThreshold,
            name: `risk above ${pctAxis(band.riskThreshold)}`,
            lineStyle: { color: '#8E1B1B', type: 'dashed' },
            label: { position: 'insideEndTop' },
          },
          ...windows
            .filter((w) => days.some((d) => d.date === w.to))
            .map((w) => ({ xAxis: label(w.to), name: `${w.horizonDays} days`, lineStyle: { color: COLORS.dark, type: 'dotted' as const } })),
        ] as never,
      },
    },
    {
      type: 'line',
      name: 'Projected',
      data: days.map((d) => (open(d) ? d.projectedUtilization : null)),
      connectNulls: true,
      symbolSize: 4,
      lineStyle: { width: 2 },
      itemStyle: { color: COLORS.blue },
    },
    { type: 'scatter', name: 'Overbooking risk', data: risk, symbol: 'triangle', symbolSize: 11, itemStyle: { color: '#8E1B1B' } },
  ];
  const c = chart(
    parent,
    'capacity',
    {
      grid: { left: 48, right: 24, top: 36, bottom: 48 },

      tooltip: {
        trigger: 'axis',
        formatter: (ps: unknown) => {
          const d = days[(ps as { dataIndex: number }[])[0]?.dataIndex ?? 0];
          if (!d) return '';
          if (d.closed) return `<b>${label(d.date)}</b><br>Closed`;
          return (
            `<b>${label(d.date)}</b><br>Booked so far ${pct(d.bookedUtilization)}<br>Projected ${pct(d.projectedUtilization)}` +
            (d.interval80 ? `<br>80% interval: ${pct(d.interval80.low)}–${pct(d.interval80.high)}` : '') +
            (d.interval95 ? `<br>95% interval: ${pct(d.interval95.low)}–${pct(d.interval95.high)}` : '') +
            (d.overbookingRisk
              ? `<br><b>Overbooking ${d.overbookingRisk}</b>${d.overbookingProbability != null ? ` (${pct(d.overbookingProbability, 0)})` : ''}`
              : '')
          );
        },
      },
      xAxis: { type: 'category', data: days.map((d) => label(d.date)), axisLabel: bottomAxisLabel },
      yAxis: rateAxis(values, band),
      series,
    },
    {
      height: 320,
      points: days.filter(open).length,
      label: 'Projected utilization of the coming days with 80% and 95% intervals, bookings so far, the target band and overbooking-risk days',
    },
  );
  colorLegend(parent, 'capacity', [
    { color: '#cfd8e3', label: 'Booked so far' },
    { color: COLORS.blue, label: 'Projected' },
    { color: band80, label: '80% interval' },
    { color: band95, label: '95% interval' },
    { color: '#8E1B1B', label: 'Overbooking risk (triangle)' },
    { color: COLORS.band, label: `Target band ${pctAxis(band.targetLow)}–${pctAxis(band.targetHigh)}` },
  ]);
  return c;
}
