/**
 * The domain kernel on its own: the metric registry against the Prisma schema (every figure of a daily row is in the
 * registry, and every registry column exists in the daily table and both rollup tables), and the calendar's one
 * addDays / daysBetween against the calendar of the JavaScript Date, and the one format of percentages in prose.
 */
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { addDays, dateRange, dateText, daysBetween, isLocalDate, monthText, periodStart } from '../src/domain/calendar.js';
import { percentRangeText, percentText } from '../src/domain/numbers.js';
import { PROVIDER_COUNTS, PROVIDER_SUMMED, RATIO_FIELDS, RESOURCE_METRICS, ROW_FIELDS, ROW_SORT_KEYS, SUMMED_FIELDS } from '../src/domain/metrics.js';

const schema = readFileSync(new URL('../prisma/schema.prisma', import.meta.url), 'utf8');

/** The mapped columns of a model: name → Prisma type. */
function columns(model: string): Map<string, string> {
  const body = new RegExp(`model ${model} \\{([\\s\\S]*?)\\n\\}`).exec(schema)?.[1];
  if (!body) throw new Error(`model ${model} not in schema.prisma`);
  const out = new Map<string, string>();
  for (const m of body.matchAll(/^\s+\w+\s+(\w+)\??[^\n]*@map\("(\w+)"\)/gm)) out.set(m[2], m[1]);
  return out;
}

const NOT_FIGURES = new Set(['clinic_id', 'resource_id', 'provider_id', 'period_start', 'resource_days', 'computed_at']);

describe('metric registry', () => {
  it('holds every figure of resource_utilization, and nothing else', () => {
    const daily = [...columns('ResourceUtilization').keys()].filter((c) => !NOT_FIGURES.has(c));
    expect(ROW_FIELDS.map((f) => f.column).sort()).toEqual(daily.sort());
  });

  it('every column exists with its unit in the daily table and both rollup tables', () => {
    for (const model of ['ResourceUtilization', 'ResourceRollup', 'ClinicRollup']) {
      const cols = columns(model);
      for (const f of ROW_FIELDS) {
        expect([model, f.column, cols.get(f.column)]).toEqual([model, f.column, f.unit === 'count' ? 'Int' : 'Float']);
      }
    }
  });

  it('ratios are of summed columns; keys are unique; decimals follow the unit', () => {
    const summed = new Set(SUMMED_FIELDS.map((f) => f.column));
    for (const f of RATIO_FIELDS) expect([f.key, summed.has(f.ratio!.num), summed.has(f.ratio!.den)]).toEqual([f.key, true, true]);
    expect(new Set(ROW_FIELDS.map((f) => f.key)).size).toBe(ROW_FIELDS.length);
    for (const f of ROW_FIELDS) expect([f.key, f.decimals]).toEqual([f.key, f.unit === 'count' ? 0 : f.unit === 'fraction' ? 4 : 2]);
    expect(ROW_SORT_KEYS).not.toContain('turnoverSamples');
    expect(ROW_SORT_KEYS).toContain('warningCount');
  });

  it('trend metrics and provider sums read columns that exist', () => {
    const resource = columns('ClinicRollup');
    for (const [name, m] of Object.entries(RESOURCE_METRICS)) {
      expect([name, resource.has(m.num), m.den === undefined || resource.has(m.den)]).toEqual([name, true, true]);
    }
    const provider = columns('ProviderRollup');
    for (const c of PROVIDER_SUMMED) expect([c, provider.get(c)]).toEqual([c, PROVIDER_COUNTS.has(c) ? 'Int' : 'Float']);
  });
});

describe('calendar', () => {
  const date = fc.integer({ min: Date.UTC(1900, 0, 1), max: Date.UTC(2200, 11, 31) }).map((t) => new Date(t).toISOString().slice(0, 10));

  it('addDays and daysBetween agree with Date across DST-free UTC days', () => {
    fc.assert(
      fc.property(date, fc.integer({ min: -5000, max: 5000 }), (d, n) => {
        const expected = new Date(Date.parse(`${d}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
        expect(addDays(d, n)).toBe(expected);
        expect(daysBetween(d, expected)).toBe(n);
      }),
    );
  });

  it('local dates, ranges and ISO weeks', () => {
    expect(isLocalDate('2026-02-28')).toBe(true);
    expect(isLocalDate('2026-02-29')).toBe(false);
    expect(isLocalDate('1899-12-31')).toBe(false);
    expect(isLocalDate('2026-2-28')).toBe(false);
    expect(dateRange('2026-02-27', '2026-03-02')).toEqual(['2026-02-27', '2026-02-28', '2026-03-01', '2026-03-02']);
    expect(dateRange('2026-03-02', '2026-03-01')).toEqual([]);
    expect(periodStart('2026-03-01', 'week')).toBe('2026-02-23'); // a Sunday belongs to the week of the Monday before
    expect(periodStart('2026-03-02', 'week')).toBe('2026-03-02');
    expect(periodStart('2026-11-17', 'quarter')).toBe('2026-10-01');
  });
});

describe('percentages in prose', () => {
  it('one format: a space before %, rounded half up, trailing zeros dropped, ranges with one % sign', () => {
    expect([0.1234, 0.12, 0.074, 1 / 22, 0.875, 0, -0.00001, 1.5].map((f) => percentText(f))).toEqual([
      '12.3 %',
      '12 %',
      '7.4 %',
      '4.5 %',
      '87.5 %',
      '0 %',
      '0 %',
      '150 %',
    ]);
    expect([percentText(0.125, 0), percentText(0.3149, 0), percentText(null)]).toEqual(['13 %', '31 %', 'n/a']);
    expect([percentRangeText(0.77, 0.88), percentRangeText(0.05, 0.05), percentRangeText(0.571, 0.574, 0)]).toEqual(['77–88 %', '5 %', '57 %']);
  });
});

describe('dates in prose', () => {
  it('one format, the same in every locale: day, month, year', () => {
    expect([dateText('2026-11-16'), dateText('2026-09-07', 'short'), dateText('2027-01-01'), monthText('2026-03-15')]).toEqual([
      '16 November 2026',
      '7 Sep',
      '1 January 2027',
      'March 2026',
    ]);
  });
});
