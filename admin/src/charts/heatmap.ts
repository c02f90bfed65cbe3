// The weekday × hour heatmap of peak and low times, coloured by the clinic's band.
import { hourLabel, num, pct, WEEKDAYS, WEEKDAYS_SHORT } from '../format.js';
import type { Band, HeatCell } from '../types.js';
import { chart, pctAxis, STATUS_COLOR, type ECharts } from './setup.js';

/**
 * The one rule for a cell's number and its colour: the rate rounded to a whole percent. A cell reads "65" and is
 * coloured by 0.65 (below target), never "65" coloured as low (< 65 %) because the unrounded rate was 0.646.
 */
export const cellRate = (r: number | null) => (r === null ? null : Math.round(r * 100) / 100);

export function heatmapChart(parent: HTMLElement, id: string, grid: HeatCell[], band: Band, onPick: (cell: HeatCell) => void): ECharts {
  const cells = grid.filter((c) => c.availableChairHours > 0);
  const hoursOpen = cells.map((c) => c.hour);
  const first = hoursOpen.length ? Math.min(...hoursOpen) : 8;
  const last = hoursOpen.length ? Math.max(...hoursOpen) : 17;
  const hourList = Array.from({ length: last - first + 1 }, (_, i) => first + i);
  const byKey = new Map(cells.map((c) => [`${c.weekday}:${c.hour}`, c]));
  const data = cells.map((c) => ({
    value: [c.hour - first, c.weekday - 1, cellRate(c.utilizationRate)],
    itemStyle: c.mark === 'normal' ? { borderColor: '#fff', borderWidth: 1 } : { borderColor: c.mark === 'peak' ? '#8E1B1B' : '#1d2733', borderWidth: 2.5 },
  }));
  const pieces = [
    { lt: band.lowThreshold, color: STATUS_COLOR.low, label: `low < ${pctAxis(band.lowThreshold)}` },
    { gte: band.lowThreshold, lt: band.targetLow, color: STATUS_COLOR['below-target'], label: 'below target' },
    { gte: band.targetLow, lte: band.targetHigh, color: STATUS_COLOR['on-target'], label: `target ${pctAxis(band.targetLow)}–${pctAxis(band.targetHigh)}` },
    { gt: band.targetHigh, lte: band.riskThreshold, color: STATUS_COLOR.high, label: 'high' },
    { gt: band.riskThreshold, color: STATUS_COLOR['overbooking-risk'], label: `risk > ${pctAxis(band.riskThreshold)}` },
  ];
  // a cell's number only where the cell is wide enough for it (at 390 px twelve hours leave ~20 px a cell)
  const cellWidth = ((parent.clientWidth || 600) - 60) / Math.max(1, hourList.length);
  const c = chart(
    parent,
    id,
    {
      grid: { left: 8, right: 16, top: 8, bottom: (parent.clientWidth || 600) < 560 ? 96 : 64, containLabel: true },
      tooltip: {
        formatter: (p: unknown) => {
          const [x, y] = (p as { value: number[] }).value;
          const cell = byKey.get(`${y + 1}:${x + first}`);
          if (!cell) return '';
          return `<b>${WEEKDAYS[y]} ${hourLabel(x + first)}–${hourLabel(x + first + 1)}</b><br>Utilization ${pct(cellRate(cell.utilizationRate), 0)}${cell.mark !== 'normal' ? ` (${cell.mark})` : ''}<br>${num(cell.usedChairHours, 1)} of ${num(cell.availableChairHours, 1)} chair-hours used`;
        },
      },
      xAxis: { type: 'category', data: hourList.map(hourLabel), splitArea: { show: false }, axisLabel: { hideOverlap: true } },
      // the colour key of the cells, wrapped below the grid (bottom leaves it room at any width)
      yAxis: { type: 'category', data: WEEKDAYS_SHORT, inverse: true, splitArea: { show: false } },
      visualMap: {
        type: 'piecewise',
        dimension: 2,
        pieces,
        orient: 'horizontal',
        left: 'center',
        bottom: 0,
        itemWidth: 14,
        itemHeight: 10,
        textStyle: { fontSize: 10 },
      },
      series: [
        {
          type: 'heatmap',
          name: 'Utilization',
          data: data,
          label: {
            show: cellWidth >= 26,
            fontSize: 9,
            color: '#fff',
            formatter: (p) => (((p.value as number[])[2] ?? null) === null ? '' : num((p.value as number[])[2] * 100)),
          },
          emphasis: { itemStyle: { borderColor: '#000', borderWidth: 2 } },
        },
      ],
    },
    { height: 300, points: cells.length, label: 'Utilization by weekday and hour of day; framed cells are peaks (dark red) and lows (black)' },
  );
  c.on('click', (p) => {
    const [x, y] = (p as { value: number[] }).value;
    const cell = byKey.get(`${y + 1}:${x + first}`);
    if (cell) onPick(cell);
  });
  return c;
}
