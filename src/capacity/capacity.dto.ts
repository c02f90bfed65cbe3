import { applyDecorators } from '@nestjs/common';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { normalized, queryChoice, queryDate, queryInt, queryText, Rule, splitIds, type Check, type Issue } from '../common/rules.js';
import { MAX_TEXT } from '../common/text.js';
import { KindField } from '../common/query.dto.js';

export const HISTORY_DAYS = { min: 14, max: 730, default: 112 } as const;
export const HORIZONS = [30, 60, 90] as const;
export const MAX_WHAT_IF_CHAIRS = 20;
export const MAX_EXTEND_MINUTES = 720;
export const MAX_PROVIDER_DAYS = 14;

const EXTEND_MESSAGE =
  `each item must be "weekday:minutes", e.g. "4:60" (Thursdays 60 minutes longer) or "3:-120" (Wednesdays 2 hours shorter): ` +
  `ISO weekday 1 (Monday) … 7 (Sunday), minutes from -${MAX_EXTEND_MINUTES} to ${MAX_EXTEND_MINUTES}, not 0`;

/** A comma-separated or repeated list whose items each pass `item` (problems at `name.<index>`), then `whole`. */
const list =
  (item: (s: string) => Verdictish, max: number, tooMany: string, whole?: (items: unknown[]) => string | undefined): Check =>
  (v) => {
    if (!Array.isArray(v)) return 'must be a comma-separated list';
    if (v.length > max) return tooMany;
    const issues: Issue[] = [];
    const out = (v as unknown[]).map((s, i): unknown => {
      const r = typeof s === 'string' ? item(s) : { problem: 'must be text' };
      if ('problem' in r) issues.push({ path: [i], message: r.problem });
      return 'value' in r ? r.value : s;
    });
    if (issues.length) return issues;
    const problem = whole?.(out);
    return problem ?? normalized(out);
  };
type Verdictish = { value: unknown } | { problem: string };

const extendItem = (s: string): Verdictish => {
  if (!/^[1-7]:[+-]?\d{1,3}$/.test(s)) return { problem: EXTEND_MESSAGE };
  const [weekday, minutes] = s.split(':').map(Number);
  return minutes !== 0 && Math.abs(minutes) <= MAX_EXTEND_MINUTES ? { value: { weekday, minutes } } : { problem: EXTEND_MESSAGE };
};
const oncePerWeekday = (items: unknown[]) => {
  const seen = new Set<number>();
  for (const { weekday } of items as { weekday: number }[]) {
    if (seen.has(weekday)) return `weekday ${weekday} is given twice; give one change per weekday`;
    seen.add(weekday);
  }
  return undefined;
};
const weekdayItem = (s: string): Verdictish =>
  /^[1-7]$/.test(s)
    ? { value: Number(s) }
    : { problem: 'each item must be an ISO weekday 1 (Monday) … 7 (Sunday); repeat a weekday to add two providers that day' };
const resourceIdItem = (s: string): Verdictish => (s.length <= MAX_TEXT ? { value: s } : { problem: `must be at most ${MAX_TEXT} characters` });

/** A list parameter (comma-separated or repeated) checked item by item. */
const ListField = (name: string, check: Check, doc: { description: string; example: string }) =>
  applyDecorators(
    ApiPropertyOptional({ type: [String], description: doc.description, example: [doc.example] }),
    Transform(({ value }) => splitIds(value)),
    Rule(name, check, { optional: true }),
  );

/** GET /api/v1/ops/utilization/capacity: every parameter bounded; unknown ones are refused. */
export class CapacityQueryDto {
  @ApiPropertyOptional({
    type: 'string',
    description: 'The clinic to analyse (one). Optional only when the token is granted exactly one clinic.',
    example: 'clinic-a',
  })
  @Rule('clinicId', queryText('one clinic id', MAX_TEXT), { optional: true })
  clinicId?: string;

  @ApiPropertyOptional({
    type: 'string',
    format: 'date',
    description:
      "The date the analysis is made on (local date, default: today in the clinic's time zone). History is the days before it, bookings are those known at the end of that day " +
      '(for today: now), projections start the day after. A past asOf replays the analysis and scores it against what really happened. At most 3 years back; not after today.',
    example: '2026-10-26',
  })
  @Rule('asOf', queryDate, { optional: true })
  asOf?: string;

  @ApiPropertyOptional({
    type: 'integer',
    minimum: HISTORY_DAYS.min,
    maximum: HISTORY_DAYS.max,
    default: HISTORY_DAYS.default,
    description: `Days of history before asOf used for the heatmap, the model and the backtest: ${HISTORY_DAYS.min}–${HISTORY_DAYS.max} (default ${HISTORY_DAYS.default}).`,
    example: 112,
  })
  @Rule('historyDays', queryInt(HISTORY_DAYS.min, HISTORY_DAYS.max), { optional: true })
  historyDays: number = HISTORY_DAYS.default;

  @ApiPropertyOptional({
    type: 'integer',
    enum: HORIZONS,
    default: 90,
    description: 'Days to project after asOf: 30, 60 or 90 (default 90). Windows of 30/60/90 days up to it are summarized.',
  })
  @Rule(
    'horizon',
    (v, o) => (HORIZONS.includes(v as 30) ? undefined : (queryChoice(['30', '60', '90'], 'must be 30, 60 or 90 (days)')(v, o) ?? normalized(Number(v)))),
    {
      optional: true,
    },
  )
  horizon = 90;

  @KindField('Analyse only chairs or only rooms (default: all resources, with a per-kind summary in byKind).')
  kind?: 'CHAIR' | 'ROOM';

  @ApiPropertyOptional({
    type: 'integer',
    minimum: 0,
    maximum: MAX_WHAT_IF_CHAIRS,
    default: 0,
    description: `What-if: add 0–${MAX_WHAT_IF_CHAIRS} chairs with the clinic's opening hours.`,
    example: 1,
  })
  @Rule('addChairs', queryInt(0, MAX_WHAT_IF_CHAIRS), { optional: true })
  addChairs = 0;

  @ApiPropertyOptional({
    type: 'integer',
    minimum: 0,
    maximum: MAX_WHAT_IF_CHAIRS,
    default: 0,
    description: `What-if: remove 0–${MAX_WHAT_IF_CHAIRS} chairs, the least used over the history window (the answer names them).`,
    example: 0,
  })
  @Rule('removeChairs', queryInt(0, MAX_WHAT_IF_CHAIRS), { optional: true })
  removeChairs = 0;

  @ListField('removeResourceId', list(resourceIdItem, MAX_WHAT_IF_CHAIRS, `at most ${MAX_WHAT_IF_CHAIRS} resources`), {
    description: `What-if: remove these active chairs/rooms (comma-separated or repeated ids, at most ${MAX_WHAT_IF_CHAIRS}).`,
    example: 'c-chair-9',
  })
  removeResourceId?: string[];

  @ListField('extendHours', list(extendItem, 7, 'at most one change per weekday (7 items)', oncePerWeekday), {
    description:
      `What-if: change the hours on weekdays, "weekday:minutes" items (comma-separated, one per weekday): ISO weekday 1 (Monday) … 7 (Sunday), minutes −${MAX_EXTEND_MINUTES}…${MAX_EXTEND_MINUTES}, not 0. ` +
      'Every chair/room open that day gets that many minutes more (or fewer); closed days stay closed.',
    example: '4:60,3:-120',
  })
  extendHours?: { weekday: number; minutes: number }[];

  @ListField('addProviderDays', list(weekdayItem, MAX_PROVIDER_DAYS, `at most ${MAX_PROVIDER_DAYS} provider days a week`), {
    description: `What-if: add a provider on these ISO weekdays (comma-separated, repeat a weekday for two, at most ${MAX_PROVIDER_DAYS}); each adds the median booked chair minutes of a provider-day of the clinic's history.`,
    example: '3',
  })
  addProviderDays?: number[];

  @ApiPropertyOptional({
    type: 'string',
    maxLength: 50,
    description: 'With addProviderDays: size the provider day from providers of this role (e.g. hygienist).',
    example: 'hygienist',
  })
  @Rule('providerRole', queryText('one role', 50), { optional: true })
  providerRole?: string;

  crossCheck(): Issue[] {
    const issues: Issue[] = [];
    if (this.providerRole && !this.addProviderDays?.length)
      issues.push({ path: ['providerRole'], message: 'only applies with addProviderDays; add addProviderDays or remove providerRole' });
    if (this.kind === 'ROOM' && this.addChairs)
      issues.push({ path: ['addChairs'], message: 'adds chairs, but kind=ROOM analyses rooms only; drop kind or addChairs' });
    if (this.kind === 'ROOM' && this.removeChairs)
      issues.push({ path: ['removeChairs'], message: 'removes chairs, but kind=ROOM analyses rooms only; use removeResourceId for rooms' });
    return issues;
  }
}
