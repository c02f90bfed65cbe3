import { randomUUID } from 'node:crypto';
import { MIN_TEAM_PROVIDERS } from '../domain/rules.js';
import { Injectable } from '@nestjs/common';
import { DateTime } from 'luxon';
import { classify, DEFAULT_BAND, type Band } from '../domain/band.js';
import { Prisma, PrismaService } from '../database/prisma.service.js';
import { addDays, addMonths, dateText, monthText, periodStart } from '../domain/calendar.js';
import { percentRangeText, percentText, round } from '../domain/numbers.js';

/**
 * Team goals (issue 14): goals for a clinic's team as a whole, opt-in per clinic. Progress, streaks and milestones are
 * computed from the rolled-up clinic rows (clinic_rollup), in the clinic's local calendar: a week is an ISO week of local
 * dates, a month a local calendar month, and "this week/month" is the one holding the clinic's local today.
 *
 * Privacy (SPEC §3): nothing here is per provider. Goals have no provider field, the figures are the clinic's, and a goal
 * whose period was worked by fewer than MIN_TEAM providers is not shown (its figure would describe one or two people).
 */
export const MIN_TEAM = MIN_TEAM_PROVIDERS;

export const GOAL_KINDS = {
  'utilization-in-band-weeks': {
    unit: 'weeks',
    target: { min: 1, max: 52, integer: true },
    describe: "Utilization within the clinic's target band for N complete weeks running (e.g. 8).",
  },
  'no-show-rate-below': {
    unit: 'fraction',
    target: { min: 0.001, max: 0.5, integer: false },
    describe: 'No-shows under X of appointments this month (e.g. 0.06 = 6 %); the streak counts complete months under X.',
  },
  'gap-hours-recovered': {
    unit: 'chair-hours',
    target: { min: 1, max: 100000, integer: false },
    describe:
      "Recover N chair-hours of gaps this month: the gap share of the three months before, applied to this month's open hours, minus this month's gap hours. The streak counts complete months that reached N.",
  },
} as const;
export type GoalKind = keyof typeof GOAL_KINDS;

interface GoalRow {
  id: string;
  clinicId: string;
  kind: GoalKind;
  target: number;
  label: string | null;
  createdBy: string;
  createdAt: string;
}

interface Period {
  start: string;
  used: number;
  available: number;
  gap: number;
  noShows: number;
  appointments: number;
}

const hours = (x: number) => `${Number(x.toFixed(1))}`;
const WEEK_MILESTONES = [1, 2, 4, 8, 12, 26, 52];

const isGoalKind = (k: string): k is GoalKind => Object.hasOwn(GOAL_KINDS, k);

/** A team_goal row as the answers show it (createdAt as an ISO instant with milliseconds, UTC). */
function goalRowOf(r: { id: string; clinicId: string; kind: string; target: number; label: string | null; createdBy: string; createdAt: Date }): GoalRow {
  if (!isGoalKind(r.kind)) throw new Error(`team goal ${r.id} has an unknown kind "${r.kind}"`);
  return { id: r.id, clinicId: r.clinicId, kind: r.kind, target: r.target, label: r.label, createdBy: r.createdBy, createdAt: r.createdAt.toISOString() };
}

/** The local date of an instant in a time zone. */
export function localToday(now: Date, timeZone: string): string {
  return DateTime.fromJSDate(now).setZone(timeZone).toISODate()!;
}

@Injectable()
export class GoalsService {
  constructor(private readonly prisma: PrismaService) {}

  async goalsOf(clinicIds: string[]): Promise<GoalRow[]> {
    const rows = await this.prisma.teamGoal.findMany({
      where: { clinicId: { in: clinicIds } },
      orderBy: [{ clinicId: 'asc' }, { createdAt: 'asc' }, { id: 'asc' }],
    });
    return rows.map(goalRowOf);
  }

  /** Whether the clinic exists. */
  async clinicExists(clinicId: string): Promise<boolean> {
    return (await this.prisma.clinic.findUnique({ where: { id: clinicId }, select: { id: true } })) !== null;
  }

  /** Turns team goals on (kept as first enabled) or off for a clinic; its opt-in as it stands after, null when off. */
  async setOptIn(clinicId: string, enabled: boolean, by: string): Promise<{ enabledBy: string; enabledAt: string } | null> {
    if (enabled) await this.prisma.teamGoalOptIn.createMany({ data: [{ clinicId, enabledBy: by }], skipDuplicates: true });
    else await this.prisma.teamGoalOptIn.deleteMany({ where: { clinicId } });
    const row = await this.prisma.teamGoalOptIn.findUnique({ where: { clinicId }, select: { enabledBy: true, enabledAt: true } });
    return row && { enabledBy: row.enabledBy, enabledAt: row.enabledAt.toISOString() };
  }

  /** Whether the clinic opted in to team goals; undefined when there is no such clinic. */
  async optedIn(clinicId: string): Promise<boolean | undefined> {
    const [clinic] = await this.prisma.$queryRaw<{ opted: boolean }[]>(
      Prisma.sql`SELECT EXISTS (SELECT 1 FROM team_goal_opt_in o WHERE o.clinic_id = c.id) AS opted FROM clinic c WHERE c.id = ${clinicId}`,
    );
    return clinic?.opted;
  }

  /** Adds a goal for the team of a clinic; the goal as listed. */
  async createGoal(goal: { clinicId: string; kind: GoalKind; target: number; label?: string }, by: string): Promise<GoalRow> {
    const row = await this.prisma.teamGoal.create({
      data: { id: randomUUID(), clinicId: goal.clinicId, kind: goal.kind, target: goal.target, label: goal.label ?? null, createdBy: by },
    });
    return goalRowOf(row);
  }

  /** The clinic of a goal, null when there is no such goal. */
  async clinicOfGoal(id: string): Promise<string | null> {
    return (await this.prisma.teamGoal.findUnique({ where: { id }, select: { clinicId: true } }))?.clinicId ?? null;
  }

  async deleteGoal(id: string): Promise<void> {
    await this.prisma.teamGoal.deleteMany({ where: { id } });
  }

  /** Every clinic asked: whether it opted in, and (if so) its goals with progress, streak and milestones as of `now`. */
  async progress(clinicIds: string[], now: Date) {
    const clinics = await this.prisma.$queryRaw<
      ({ id: string; name: string; tz: string; optedIn: boolean; enabledBy: string | null; enabledAt: string | null } & Band)[]
    >(Prisma.sql`
      SELECT c.id, c.name, c.time_zone AS tz, o.clinic_id IS NOT NULL AS "optedIn", o.enabled_by AS "enabledBy",
              to_char(o.enabled_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "enabledAt",
              c.low_threshold AS "lowThreshold", c.target_low AS "targetLow", c.target_high AS "targetHigh", c.risk_threshold AS "riskThreshold"
       FROM clinic c LEFT JOIN team_goal_opt_in o ON o.clinic_id = c.id WHERE c.id = ANY(${clinicIds}::text[]) ORDER BY c.id`);
    const goals = await this.goalsOf(clinics.filter((c) => c.optedIn).map((c) => c.id));
    const out = [];
    for (const c of clinics) {
      const today = localToday(now, c.tz);
      const band: Band = { lowThreshold: c.lowThreshold, targetLow: c.targetLow, targetHigh: c.targetHigh, riskThreshold: c.riskThreshold };
      if (!c.optedIn) {
        out.push({
          clinicId: c.id,
          clinicName: c.name,
          timeZone: c.tz,
          today,
          optedIn: false,
          goals: [],
          note: 'Team goals are off for this clinic (opt-in: PUT …/goals/{clinicId}/opt-in).',
        });
        continue;
      }
      const mine = goals.filter((g) => g.clinicId === c.id);
      const evaluated = [];
      for (const g of mine) evaluated.push(await this.evaluate(g, c.id, today, band));
      out.push({ clinicId: c.id, clinicName: c.name, timeZone: c.tz, today, optedIn: true, optedInBy: c.enabledBy, optedInAt: c.enabledAt, goals: evaluated });
    }
    return out;
  }

  private async periods(clinicId: string, kind: 'week' | 'month', from: string, before: string): Promise<Period[]> {
    return this.prisma.$queryRaw<Period[]>(Prisma.sql`
      SELECT period_start::text AS start, used_minutes::float8 AS used, available_minutes::float8 AS available, gap_minutes::float8 AS gap,
              no_show_count::int AS "noShows", appointment_count::int AS appointments
       FROM clinic_rollup WHERE clinic_id = ${clinicId} AND period = ${kind}::"PeriodKind" AND period_start >= ${from}::date AND period_start < ${before}::date ORDER BY period_start`);
  }

  /** Sums of the clinic's daily rows for [from, before). */
  private async daySums(clinicId: string, from: string, before: string): Promise<Period & { days: number }> {
    const [r] = await this.prisma.$queryRaw<(Period & { days: number })[]>(Prisma.sql`
      SELECT ${from}::text AS start, coalesce(sum(used_minutes), 0)::float8 AS used, coalesce(sum(available_minutes), 0)::float8 AS available,
              coalesce(sum(gap_minutes), 0)::float8 AS gap, coalesce(sum(no_show_count), 0)::int AS "noShows",
              coalesce(sum(appointment_count), 0)::int AS appointments, count(*)::int AS days
       FROM clinic_rollup WHERE clinic_id = ${clinicId} AND period = 'day' AND period_start >= ${from}::date AND period_start < ${before}::date`);
    return r;
  }

  /** Providers who worked at the clinic in [from, before): the size of the team a goal's figure is about. */
  private async teamSize(clinicId: string, from: string, before: string): Promise<number> {
    const [r] = await this.prisma.$queryRaw<{ n: number }[]>(Prisma.sql`
      SELECT count(DISTINCT provider_id)::int AS n FROM provider_productivity
       WHERE clinic_id = ${clinicId} AND date >= ${from}::date AND date < ${before}::date AND (patients_scheduled > 0 OR chair_minutes > 0)`);
    return r.n;
  }

  private hidden(g: GoalRow) {
    return {
      id: g.id,
      kind: g.kind,
      label: g.label,
      shown: false as const,
      reason: `Not shown: fewer than ${MIN_TEAM} providers worked in this goal's period, so a team figure would describe individuals (SPEC §3).`,
    };
  }

  async evaluate(g: GoalRow, clinicId: string, today: string, band: Band = DEFAULT_BAND) {
    const base = { id: g.id, kind: g.kind, label: g.label, target: g.target, unit: GOAL_KINDS[g.kind].unit, createdBy: g.createdBy, createdAt: g.createdAt };
    if (g.kind === 'utilization-in-band-weeks') {
      const thisWeek = periodStart(today, 'week');
      const weeks = (await this.periods(clinicId, 'week', addDays(thisWeek, -7 * 104), thisWeek)).filter((w) => w.available > 0);
      const window = addDays(thisWeek, -7 * Math.max(4, g.target));
      if ((await this.teamSize(clinicId, window, today)) < MIN_TEAM) return this.hidden(g);
      const inBand = (w: Period) => classify(w.used / w.available, band) === 'on-target';
      // weeks without open time neither count nor break a streak; a missing week (nothing rolled up) is one without open time
      let streak = 0;
      for (let i = weeks.length - 1; i >= 0 && inBand(weeks[i]); i--) streak++;
      let longest = 0;
      let run = 0;
      for (const w of weeks) longest = Math.max(longest, (run = inBand(w) ? run + 1 : 0));
      const streakWeeks = weeks.slice(weeks.length - streak);
      const last = weeks[weeks.length - 1];
      const lastRate = last ? last.used / last.available : null;
      const bandText = percentRangeText(band.targetLow, band.targetHigh);
      const milestones = [...new Set([...WEEK_MILESTONES.filter((m) => m < g.target), g.target])].map((m) => ({
        label: `${m} week${m === 1 ? '' : 's'} in the band`,
        weeks: m,
        reached: streak >= m,
        reachedOn: streak >= m ? addDays(streakWeeks[m - 1].start, 6) : null,
      }));
      const text = !last
        ? `No complete week with open hours yet. Goal: utilization within ${bandText} for ${g.target} weeks running.`
        : streak > 0
          ? `Utilization has been within the target band (${bandText}) for ${streak} week${streak === 1 ? '' : 's'} running, up to the week of ${dateText(last.start)}. Goal: ${g.target} weeks.` +
            (streak >= g.target ? ' Goal reached.' : '')
          : `In the week of ${dateText(last.start)} utilization was ${percentText(lastRate)}, outside the target band (${bandText}); a new run starts with the next week within it. Goal: ${g.target} weeks running.`;
      return {
        ...base,
        shown: true as const,
        period: { kind: 'week', lastCompleteWeek: last ? { from: last.start, to: addDays(last.start, 6), utilizationRate: round(lastRate, 4) } : null },
        band: { targetLow: band.targetLow, targetHigh: band.targetHigh },
        progress: { value: streak, target: g.target, fraction: round(Math.min(1, streak / g.target), 4), achieved: streak >= g.target },
        streak: { current: streak, longest, unit: 'weeks', since: streakWeeks[0]?.start ?? null },
        milestones,
        text,
      };
    }

    const monthStart = periodStart(today, 'month');
    const mtd = await this.daySums(clinicId, monthStart, today);
    // the month the goal speaks of: this month once it has a day rolled up, else (on its first day) nothing yet
    const window = mtd.days > 0 ? monthStart : addMonths(monthStart, -1);
    if ((await this.teamSize(clinicId, window, today)) < MIN_TEAM) return this.hidden(g);
    const months = await this.periods(clinicId, 'month', addMonths(monthStart, -27), monthStart);
    const currentSpan = { from: monthStart, to: addDays(today, -1) < monthStart ? null : addDays(today, -1), days: mtd.days };

    if (g.kind === 'no-show-rate-below') {
      const rate = mtd.appointments > 0 ? mtd.noShows / mtd.appointments : null;
      const counted = months.filter((m) => m.appointments > 0);
      const under = (m: Period) => m.noShows / m.appointments < g.target;
      let streak = 0;
      for (let i = counted.length - 1; i >= 0 && under(counted[i]); i--) streak++;
      let longest = 0;
      let run = 0;
      for (const m of counted) longest = Math.max(longest, (run = under(m) ? run + 1 : 0));
      const onTrack = rate === null ? null : rate < g.target;
      const prev = counted[counted.length - 1];
      const prevText =
        prev && prev.start === addMonths(monthStart, -1)
          ? ` ${monthText(prev.start)} ended at ${percentText(prev.noShows / prev.appointments)} of ${prev.appointments} appointments.`
          : '';
      const text =
        rate === null
          ? `No appointments rolled up yet in ${monthText(monthStart)}.${prevText} Goal: no-shows under ${percentText(g.target)} this month.`
          : `No-shows so far in ${monthText(monthStart)}: ${percentText(rate)} of ${mtd.appointments} appointments. Goal: under ${percentText(g.target)}.` +
            (streak > 0 ? ` The ${streak} month${streak === 1 ? '' : 's'} before ${streak === 1 ? 'was' : 'were'} under it.` : '');
      return {
        ...base,
        shown: true as const,
        period: { kind: 'month', current: currentSpan },
        progress: { value: round(rate, 4), target: g.target, noShows: mtd.noShows, appointments: mtd.appointments, onTrack },
        streak: { current: streak, longest, unit: 'months', since: counted[counted.length - streak]?.start ?? null },
        milestones: [1, 3, 6, 12].map((m) => ({ label: `${m} month${m === 1 ? '' : 's'} under ${percentText(g.target)}`, months: m, reached: streak >= m })),
        text,
      };
    }

    // gap-hours-recovered: against the gap share of the three months before
    const recoveredIn = (available: number, gap: number, before: Period[]) => {
      const b = before.filter((m) => m.available > 0).slice(-3);
      if (!b.length) return null;
      const share = b.reduce((t, m) => t + m.gap, 0) / b.reduce((t, m) => t + m.available, 0);
      return { share, recovered: (share * available - gap) / 60 };
    };
    // nothing to say about this month before a day of it is rolled up
    const now = mtd.days > 0 ? recoveredIn(mtd.available, mtd.gap, months) : null;
    const reached: boolean[] = months.map((m, i) => {
      const r = recoveredIn(m.available, m.gap, months.slice(0, i));
      return m.available > 0 && r !== null && r.recovered >= g.target;
    });
    let streak = 0;
    for (let i = reached.length - 1; i >= 0 && reached[i]; i--) streak++;
    let longest = 0;
    let run = 0;
    for (const r of reached) longest = Math.max(longest, (run = r ? run + 1 : 0));
    const value = now ? now.recovered : null;
    const text =
      mtd.days === 0
        ? `No day of ${monthText(monthStart)} rolled up yet. Goal: recover ${hours(g.target)} chair-hours of gaps this month.` +
          (streak > 0 ? ` The ${streak} month${streak === 1 ? '' : 's'} before reached it.` : '')
        : value === null
          ? `Not enough history yet to compare gaps with (three months before ${monthText(monthStart)} are needed, one at least). Goal: recover ${hours(g.target)} chair-hours this month.`
          : value >= 0
            ? `So far in ${monthText(monthStart)}, gaps took ${hours(value)} chair-hours less than the share of the months before (${percentText(now!.share)} of open time). Goal: ${hours(g.target)} chair-hours.` +
              (value >= g.target ? ' Goal reached.' : '')
            : `So far in ${monthText(monthStart)}, gaps took ${hours(-value)} chair-hours more than the share of the months before (${percentText(now!.share)} of open time). Goal: ${hours(g.target)} chair-hours recovered.`;
    return {
      ...base,
      shown: true as const,
      period: { kind: 'month', current: currentSpan },
      progress: {
        value: value === null ? null : round(value, 1),
        target: g.target,
        fraction: value === null ? null : round(Math.max(0, Math.min(1, value / g.target)), 4),
        achieved: value !== null && value >= g.target,
        baselineGapShare: now ? round(now.share, 4) : null,
        gapChairHours: round(mtd.gap / 60, 1),
        openChairHours: round(mtd.available / 60, 1),
      },
      streak: { current: streak, longest, unit: 'months', since: streak ? months[months.length - streak].start : null },
      milestones: [0.25, 0.5, 0.75, 1].map((f) => ({
        label: `${hours(g.target * f)} chair-hours`,
        fraction: f,
        reached: value !== null && value >= g.target * f,
      })),
      text,
    };
  }
}
