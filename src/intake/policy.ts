/**
 * The intake policy (SPEC §1, §6): the one home of what the intake refuses, what it accepts under a documented
 * rule (with a warning), and how an accepted item is counted. The schemas (`schemas.ts`) refuse what cannot be
 * interpreted; `interpretSession` applies the rules below to what can. `INTAKE_POLICY` is the table that the
 * OpenAPI description of every intake route and the README show (test/intake-policy.e2e.spec.ts keeps the README's
 * copy equal to it).
 */

import { MAX_TEXT } from '../common/text.js';
import { MAX_YEAR, MIN_YEAR } from '../domain/calendar.js';
export { isStorableText } from '../common/text.js';

/** Upper bound of one intake request (SPEC §6). */
export const MAX_ITEMS = 5000;
/** Longest id, name or reference (MAX_TEXT), and the years a date or instant may fall in: every input shares them. */
export { MAX_TEXT } from '../common/text.js';
export { MAX_YEAR, MIN_YEAR, yearInRange } from '../domain/calendar.js';
/** A session's scheduled interval may last at most this long (refused beyond). */
export const MAX_SESSION_HOURS = 24;
/** Actual times further than this from the schedule, or an actual stay longer than this, are implausible (ignored). */
export const PLAUSIBLE_ACTUAL_HOURS = 24;
/** A block may last at most this long (refused beyond; longer closures are exceptions). */
export const MAX_BLOCK_DAYS = 31;

const H = 3600_000;

export type SessionStatus = 'SCHEDULED' | 'IN_PROGRESS' | 'COMPLETED' | 'NO_SHOW' | 'CANCELLED';
/** The statuses whose chair time is used time (SPEC §2: U is the union of COMPLETED and IN_PROGRESS sessions). */
export const USED_STATUSES: readonly SessionStatus[] = ['COMPLETED', 'IN_PROGRESS'];

export interface PolicyRule {
  /** what the item holds */
  when: string;
  /** refused (400, or listed in `rejected` with ?onInvalid=skip) or accepted with a warning */
  outcome: 'refused' | 'accepted with a warning';
  /** how the item is stored and counted */
  counted: string;
}

/** Every rule of the intake policy, in the order the README and the OpenAPI document show them. */
export const INTAKE_POLICY: readonly PolicyRule[] = [
  { when: 'a body that is not `{"items": [...]}`, no items, or more than 5,000 items', outcome: 'refused', counted: 'nothing is written' },
  { when: 'a field of the wrong type or shape, an unknown field, a missing required field', outcome: 'refused', counted: 'the item is not written' },
  {
    when: `text (ids, names, references, roles) that is empty, longer than ${MAX_TEXT} characters, holds a NUL character or is not valid Unicode (a lone surrogate)`,
    outcome: 'refused',
    counted: 'the item is not written',
  },
  {
    when: `a date or instant that is not a real calendar date, lacks an offset, or falls outside the years ${MIN_YEAR}–${MAX_YEAR}`,
    outcome: 'refused',
    counted: 'the item is not written',
  },
  { when: 'an unknown status, block reason, resource kind or time zone', outcome: 'refused', counted: 'the item is not written' },
  {
    when: "a reference to a clinic, resource or provider the service does not know (post it first), or a provider not registered at the session's clinic",
    outcome: 'refused',
    counted: 'the item is not written',
  },
  { when: 'the same key twice in one batch', outcome: 'refused', counted: 'the later item is not written' },
  {
    when: `a scheduled end not after the scheduled start, or a session scheduled for more than ${MAX_SESSION_HOURS} hours; a block end not after its start, or a block of more than ${MAX_BLOCK_DAYS} days`,
    outcome: 'refused',
    counted: 'the item is not written',
  },
  {
    when: "a resource posted under another clinic than its own; a clinic's time zone changed after it has sessions",
    outcome: 'refused',
    counted: 'the item is not written',
  },
  {
    when: '`IN_PROGRESS` with `actualEnd` (the status was not flipped to `COMPLETED` yet)',
    outcome: 'accepted with a warning',
    counted: 'stored as sent; counted as used time from actual seated to released (SPEC §2)',
  },
  {
    when: 'actual times on a `SCHEDULED`, `NO_SHOW` or `CANCELLED` session',
    outcome: 'accepted with a warning',
    counted: 'stored as sent; the actual times are not used (not used time, and the day and turnover follow the scheduled start)',
  },
  {
    when: '`actualEnd` not after `actualStart`',
    outcome: 'accepted with a warning',
    counted: 'stored as sent; the actual pair is ignored and the scheduled times are used',
  },
  {
    when: `actual times implausibly far from the schedule: \`actualStart\` more than ${PLAUSIBLE_ACTUAL_HOURS} hours from \`scheduledStart\`, an actual stay longer than ${PLAUSIBLE_ACTUAL_HOURS} hours, or \`actualEnd\` alone more than ${PLAUSIBLE_ACTUAL_HOURS} hours after \`scheduledStart\``,
    outcome: 'accepted with a warning',
    counted: 'stored as sent; the actual pair is ignored and the scheduled times are used',
  },
  {
    when: '`actualStart` at or after `scheduledEnd` without `actualEnd` (seated late, release not recorded)',
    outcome: 'accepted with a warning',
    counted: 'stored as sent; the actual start is ignored and the scheduled times are used',
  },
  {
    when: '`actualEnd` without `actualStart`',
    outcome: 'accepted with a warning',
    counted:
      'stored as sent; used time runs from the scheduled start to the actual end (SPEC §2: scheduled times where an actual is missing), unless the end is not after the scheduled start (then the scheduled times are used)',
  },
  { when: '`cancelledAt` on a session that is not `CANCELLED`', outcome: 'accepted with a warning', counted: 'stored as sent; ignored (no late cancellation)' },
  {
    when: "`bookedAt` after the session's scheduled end",
    outcome: 'accepted with a warning',
    counted: 'stored as sent; treated as unknown: the booking time is when the service first saw the session',
  },
];

/** The policy as a Markdown table (OpenAPI descriptions, README). */
export function policyTable(): string {
  const rows = INTAKE_POLICY.map((r) => `| ${r.when} | ${r.outcome} | ${r.counted} |`);
  return ['| the item holds | outcome | stored and counted |', '|---|---|---|', ...rows].join('\n');
}

/** Is the instant's (or date's) year within the sane limits? `iso` starts with the year ("2026-…"). */
export interface Warning {
  field: string;
  message: string;
}

/** What the policy makes of one session: the actual times the engine uses, whether bookedAt is usable, the warnings. */
export interface SessionReading {
  /** the actual seated time used for SPEC §2 (null: the scheduled start) */
  usedStart: string | null;
  /** the actual released time used for SPEC §2 (null: the scheduled end) */
  usedEnd: string | null;
  /** bookedAt is given and usable as the booking time */
  bookedKnown: boolean;
  warnings: Warning[];
}

export interface SessionInput {
  scheduledStart: string;
  scheduledEnd: string;
  actualStart?: string | null;
  actualEnd?: string | null;
  status: SessionStatus;
  cancelledAt?: string | null;
  bookedAt?: string | null;
}

/** Applies the accepted-with-a-warning rules of `INTAKE_POLICY` to a session that passed the schema. */
export function interpretSession(s: SessionInput): SessionReading {
  const warnings: Warning[] = [];
  const ss = Date.parse(s.scheduledStart);
  const se = Date.parse(s.scheduledEnd);
  const as = s.actualStart != null ? Date.parse(s.actualStart) : null;
  const ae = s.actualEnd != null ? Date.parse(s.actualEnd) : null;
  let usedStart: string | null = null;
  let usedEnd: string | null = null;
  const ignored = (field: string, why: string) => warnings.push({ field, message: `${why}; the actual times are ignored and the scheduled times are used` });

  if (as !== null || ae !== null) {
    if (!USED_STATUSES.includes(s.status)) {
      warnings.push({
        field: as !== null ? 'actualStart' : 'actualEnd',
        message: `a ${s.status} session has actual times; they are kept but not used (send IN_PROGRESS or COMPLETED if the patient was seated)`,
      });
    } else if (as === null) {
      if (ae! <= ss) ignored('actualEnd', `actualEnd without actualStart is not after scheduledStart (${s.scheduledStart})`);
      else if (ae! - ss > PLAUSIBLE_ACTUAL_HOURS * H) ignored('actualEnd', `actualEnd is more than ${PLAUSIBLE_ACTUAL_HOURS} hours after scheduledStart`);
      else {
        usedEnd = s.actualEnd!;
        warnings.push({ field: 'actualStart', message: 'is missing while actualEnd is given; used time runs from scheduledStart to actualEnd (SPEC §2)' });
      }
    } else if (Math.abs(as - ss) > PLAUSIBLE_ACTUAL_HOURS * H) {
      ignored('actualStart', `actualStart is more than ${PLAUSIBLE_ACTUAL_HOURS} hours from scheduledStart (check the offset)`);
    } else if (ae === null) {
      if (as >= se) ignored('actualStart', `actualStart is at or after scheduledEnd (${s.scheduledEnd}) and there is no actualEnd`);
      else usedStart = s.actualStart!;
    } else if (ae <= as) {
      ignored('actualEnd', `actualEnd is not after actualStart (${s.actualStart})`);
    } else if (ae - as > PLAUSIBLE_ACTUAL_HOURS * H) {
      ignored('actualEnd', `the actual stay is longer than ${PLAUSIBLE_ACTUAL_HOURS} hours`);
    } else {
      usedStart = s.actualStart!;
      usedEnd = s.actualEnd!;
      if (s.status === 'IN_PROGRESS') {
        warnings.push({
          field: 'status',
          message: 'IN_PROGRESS with actualEnd: counted as seated→released (SPEC §2); send COMPLETED once the patient has left',
        });
      }
    }
  }
  if (s.cancelledAt != null && s.status !== 'CANCELLED') {
    warnings.push({ field: 'cancelledAt', message: `is ignored: the session is ${s.status}, not CANCELLED` });
  }
  let bookedKnown = s.bookedAt != null;
  if (s.bookedAt != null && Date.parse(s.bookedAt) > se) {
    bookedKnown = false;
    warnings.push({
      field: 'bookedAt',
      message: `is after the scheduled end (${s.scheduledEnd}); treated as unknown (the time the service first saw the session is used)`,
    });
  }
  return { usedStart, usedEnd, bookedKnown, warnings };
}
