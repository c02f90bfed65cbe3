/**
 * The suggestion engine (src/capacity/suggestions.ts): the consolidate-chair rule shared by /capacity and /report, and
 * the review-chair fallback of the report. Pure functions: no database.
 */
import { consolidateIdleResources, reviewLowChairs, type ResourceStat } from '../src/capacity/suggestions.js';

const band = { lowThreshold: 0.65, targetLow: 0.7, targetHigh: 0.85, riskThreshold: 0.9 };
const NO_GROWTH = { of: () => 1, all: 1 };
/** a chair open 10 h on each of 20 Mondays…Fridays (4 weeks), used (and booked) at `rate` */
function chair(id: string, rate: number): ResourceStat {
  const day = { days: 4, available: 4 * 600, used: 4 * 600 * rate, booked: 4 * 600 * rate };
  const byDow = new Map([1, 2, 3, 4, 5].map((d) => [d, { ...day }]));
  return {
    id,
    name: `Chair ${id}`,
    kind: 'CHAIR',
    active: true,
    total: { days: 20, available: 20 * 600, used: 20 * 600 * rate, booked: 20 * 600 * rate },
    byDow,
  };
}

describe('consolidate-chair and review-chair', () => {
  it('consolidates an idle chair whose bookings fit in the others within the band, freeing all of its open time', () => {
    const { proposals, removed } = consolidateIdleResources([chair('a', 0.1), chair('b', 0.5)], 4, band, NO_GROWTH);
    expect([...removed]).toEqual(['a']);
    expect(proposals).toEqual([
      expect.objectContaining({ kind: 'consolidate-chair', resourceIds: ['a'], chairHours: 200, chairHoursPerWeek: 50, whatIf: 'removeResourceId=a' }),
    ]);
    // b (50 %) is low too, but the last chair left: it is to be reviewed, not consolidated
    expect(reviewLowChairs([chair('a', 0.1), chair('b', 0.5)], removed, band)).toEqual([expect.objectContaining({ kind: 'review-chair', resourceIds: ['b'] })]);
  });

  it('does not push the others above the top of the band: the chair is to be reviewed instead', () => {
    // 0.1 + 0.8 of one chair's time would book the remaining chair to 90 % > 85 %
    const resources = [chair('a', 0.1), chair('b', 0.8)];
    const { proposals, removed } = consolidateIdleResources(resources, 4, band, NO_GROWTH);
    expect(proposals).toEqual([]);
    expect(reviewLowChairs(resources, removed, band)).toEqual([expect.objectContaining({ kind: 'review-chair', resourceIds: ['a'] })]);
  });

  it('keeps a chair used at the low threshold: not low, nothing to suggest', () => {
    const resources = [chair('a', 0.65), chair('b', 0.1)];
    const { removed } = consolidateIdleResources(resources, 4, band, NO_GROWTH);
    expect([...removed]).toEqual(['b']);
    expect(reviewLowChairs(resources, removed, band)).toEqual([]);
  });
});
