import { WEEKDAY_NAMES } from '../domain/calendar.js';
import { describeSpan, spans, type HeatCell, type Mark } from '../capacity/heatmap.js';
import { round } from '../domain/numbers.js';

/**
 * The report's view of the one weekday × hour heatmap (src/capacity/heatmap.ts: the grid and its peak/low rule): the
 * cells in chair-hours, the peak and low spans, and the busiest and quietest hours.
 */
export interface HourCell {
  weekday: number;
  hour: number;
  availableChairHours: number;
  usedChairHours: number;
  bookedChairHours: number;
  utilizationRate: number | null;
  mark: Mark;
  weeks: number;
}

const hourCell = (c: HeatCell): HourCell => ({
  weekday: c.weekday,
  hour: c.hour,
  availableChairHours: round(c.available / 60, 2)!,
  usedChairHours: round(c.used / 60, 2)!,
  bookedChairHours: round(c.booked / 60, 2)!,
  utilizationRate: round(c.rate, 4),
  mark: c.mark ?? 'normal',
  weeks: c.days,
});

const spanOut = (cells: HeatCell[], mark: 'peak' | 'low') =>
  spans(cells, mark).map((s) => ({
    weekday: s.weekday,
    fromHour: s.fromHour,
    toHour: s.toHour,
    utilizationRate: round(s.rate, 4)!,
    availableChairHours: round(s.available / 60, 2)!,
    usedChairHours: round(s.used / 60, 2)!,
    weeks: s.days,
    weekdayName: WEEKDAY_NAMES[s.weekday],
    label: describeSpan(s),
  }));

export function presentPeakLow(cells: HeatCell[]) {
  const grid = cells.map(hourCell);
  const rated = grid.filter((c) => c.utilizationRate !== null);
  return {
    grid,
    peaks: spanOut(cells, 'peak'),
    lows: spanOut(cells, 'low'),
    busiestHours: [...rated].sort((a, b) => b.utilizationRate! - a.utilizationRate!).slice(0, 5),
    quietestHours: [...rated].sort((a, b) => a.utilizationRate! - b.utilizationRate!).slice(0, 5),
  };
}
