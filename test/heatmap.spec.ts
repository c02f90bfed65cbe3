/**
 * The one peak/low rule of the weekday × hour heatmap (src/capacity/heatmap.ts), at its boundaries, and the spans
 * built from it. Pure functions: no database.
 */
import { DEFAULT_BAND, classify } from '../src/domain/band.js';
import { heatCells, markOf, spans, hoursOf, describeSpan, type HourlyRow } from '../src/capacity/heatmap.js';

const band = { lowThreshold: 0.65, targetLow: 0.7, targetHigh: 0.85, riskThreshold: 0.9 };
const row = (weekday: number, hour: number, used: number, available = 60): HourlyRow => ({
  weekday,
  hour,
  available,
  used,
  booked: used,
  resourceDays: 1,
  days: 1,
});

describe('the peak/low rule', () => {
  it('marks a peak only above the risk threshold (overbooking risk, SPEC §5), a low only below the low threshold', () => {
    expect(markOf(0.9, band)).toBe('normal'); // on the line: not above it
    expect(markOf(0.9001, band)).toBe('peak');
    expect(markOf(0.65, band)).toBe('normal'); // on the line: not below it
    expect(markOf(0.6499, band)).toBe('low');
    expect(markOf(0.8, band)).toBe('normal');
    expect(markOf(null, band)).toBeNull();
  });

  it('agrees with the band classification of a day or a clinic', () => {
    for (let r = 0; r <= 1.2; r += 0.005) {
      const status = classify(r, DEFAULT_BAND);
      expect({ r, mark: markOf(r, DEFAULT_BAND) }).toEqual({ r, mark: status === 'overbooking-risk' ? 'peak' : status === 'low' ? 'low' : 'normal' });
    }
  });

  it('follows a clinic band other than the default', () => {
    const strict = { lowThreshold: 0.5, targetLow: 0.6, targetHigh: 0.7, riskThreshold: 0.75 };
    expect(markOf(0.8, strict)).toBe('peak');
    expect(markOf(0.6, strict)).toBe('normal');
    expect(markOf(0.6, band)).toBe('low');
  });
});

describe('spans', () => {
  it('merges consecutive hours of one weekday with the same mark, never across a gap or a weekday', () => {
    const cells = heatCells([row(3, 14, 0), row(3, 15, 10), row(3, 16, 5), row(3, 18, 0), row(4, 8, 60), row(4, 9, 58), row(4, 10, 54), row(5, 8, 60)], band);
    const lows = spans(cells, 'low');
    expect(lows.map((s) => [s.weekday, s.fromHour, s.toHour])).toEqual([
      [3, 14, 17],
      [3, 18, 19],
    ]);
    expect(lows[0].rate).toBeCloseTo(15 / 180, 10); // a ratio of sums, not a mean of rates
    const peaks = spans(cells, 'peak');
    // 54/60 = 0.9 sits on the line: not a peak
    expect(peaks.map((s) => [s.weekday, s.fromHour, s.toHour])).toEqual([
      [4, 8, 10],
      [5, 8, 9],
    ]);
    expect(hoursOf(peaks[0])).toEqual({ from: '08:00', to: '10:00' });
    expect(describeSpan(lows[0])).toBe('Wednesday 14:00–17:00');
  });
});
