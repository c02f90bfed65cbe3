import { Injectable } from '@nestjs/common';
import { MIN_TEAM_PROVIDERS } from '../domain/rules.js';
import { Prisma, PrismaService } from '../database/prisma.service.js';
import { quantile } from '../common/quantile.js';
import { addDays, daysBetween, splitByMonths } from '../domain/calendar.js';
import { decodeCursor, encodeCursor } from '../common/cursor.js';
import { round } from '../domain/numbers.js';
import type { ProvidersQuery } from './providers.query.js';

/** A team distribution over fewer providers than this is suppressed: it would reveal individuals (SPEC §3, src/domain/rules.ts). */
export const QUARTILE_METHOD = 'linear interpolation between order statistics (Hyndman & Fan type 7, as numpy.percentile and Excel PERCENTILE.INC)';
const SUPPRESSED_REASON = `fewer than ${MIN_TEAM_PROVIDERS} providers have this figure; a distribution over fewer would reveal individuals`;

/** The figures of one provider (or the distributions of the team) over a period, in this order. */
export const FIGURES = [
  'patientsScheduled',
  'patientsSeen',
  'noShowCount',
  'noShowRate',
  'proceduresCompleted',
  'chairMinutes',
  'scheduledMinutes',
  'productionValue',
  'productionPerScheduledHour',
  'productionPerChairHour',
] as const;
export type Figure = (typeof FIGURES)[number];
export type Figures = Record<Figure, number | null>;

const DECIMALS: Record<Figure, number> = {
  patientsScheduled: 2,
  patientsSeen: 2,
  noShowCount: 2,
  noShowRate: 4,
  proceduresCompleted: 2,
  chairMinutes: 2,
  scheduledMinutes: 2,
  productionValue: 2,
  productionPerScheduledHour: 2,
  productionPerChairHour: 2,
};

export const FIGURE_DEFINITIONS: Record<Figure, string> = {
  patientsScheduled: 'Σ distinct patients with a non-cancelled session, per provider-day',
  patientsSeen: 'Σ distinct patients with a completed session, per provider-day',
  noShowCount: 'Σ no-show sessions',
  noShowRate: 'Σ no-show sessions / Σ patients scheduled (null when none scheduled)',
  proceduresCompleted: 'Σ procedures on completed sessions',
  chairMinutes: 'Σ chair minutes (union of completed sessions per chair, summed over chairs)',
  scheduledMinutes: 'Σ scheduled minutes of non-cancelled sessions',
  productionValue: 'Σ production value of completed sessions (null when none carries one)',
  productionPerScheduledHour: 'Σ production value / Σ scheduled hours (null without production values or scheduled time)',
  productionPerChairHour: 'Σ production value / Σ chair hours (null without production values or chair time)',
};

export type Position = 'below-p25' | 'p25-median' | 'median-p75' | 'above-p75';

export interface Distribution {
  count: number;
  median: number | null;
  p25: number | null;
  p75: number | null;
  suppressed: boolean;
  reason: string | null;
}

export interface TeamGroup {
  group: 'team' | 'role';
  role: string | null;
  providerCount: number;
  suppressed: boolean;
  figures: Record<Figure, Distribution>;
}

export interface ProviderTotals {
  id: string;
  name: string;
  role: string;
  clinicIds: string[];
  figures: Figures;
}

/** Per granularity (a validated enum): the last day of a period, the first period start of a range, the period_kind literal. Constants for the SQL text. */
const ROWS_SQL = {
  day: { end: Prisma.raw('t.date'), date: Prisma.raw('t.date'), table: Prisma.raw('provider_productivity'), days: Prisma.raw('1'), period: Prisma.empty },
  week: {
    end: Prisma.raw('(t.period_start + 6)'),
    date: Prisma.raw('t.period_start'),
    table: Prisma.raw('provider_rollup'),
    days: Prisma.raw('t.days'),
    period: Prisma.raw(` AND t.period = 'week'`),
  },
  month: {
    end: Prisma.raw("(t.period_start + interval '1 month - 1 day')::date"),
    date: Prisma.raw('t.period_start'),
    table: Prisma.raw('provider_rollup'),
    days: Prisma.raw('t.days'),
    period: Prisma.raw(` AND t.period = 'month'`),
  },
};

/** One row of the provider listing. */
interface ProviderRow {
  clinic_id: string;
  provider_id: string;
  provider_name: string;
  role: string;
  date: string;
  period_end: string;
  days: number;
  patients_scheduled: number;
  patients_seen: number;
  no_show_count: number;
  procedures_completed: number;
  chair_minutes: number;
  scheduled_minutes: number;
  production_value: string | null;
}

/** One provider's sums over a range (unrounded). */
interface TotalsRow {
  id: string;
  name: string;
  role: string;
  clinics: string[];
  patients_scheduled: number | null;
  patients_seen: number | null;
  no_show_count: number | null;
  procedures_completed: number | null;
  chair_minutes: number | null;
  scheduled_minutes: number | null;
  production_value: string | null;
}

/** Where v stands against a distribution: below p25, p25 ≤ v < median, median ≤ v ≤ p75, above p75. */
export function position(v: number | null, d: Distribution | undefined): Position | null {
  if (v === null || !d || d.suppressed || d.p25 === null || d.median === null || d.p75 === null) return null;
  if (v < d.p25) return 'below-p25';
  if (v < d.median) return 'p25-median';
  if (v <= d.p75) return 'median-p75';
  return 'above-p75';
}

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
/** The only order of individual providers: name, then id (never a figure). */
const byName = (a: { name: string; id: string }, b: { name: string; id: string }) => cmp(a.name, b.name) || cmp(a.id, b.id);

/**
 * Provider productivity under the privacy rule (SPEC §3): individual rows and per-provider summaries for callers
 * with ops:view_provider_detail, team distributions (median and quartiles, suppressed below MIN_TEAM_PROVIDERS providers) for everyone.
 * Nothing here orders providers by a figure or ranks them.
 */
@Injectable()
export class ProvidersService {
  constructor(private readonly prisma: PrismaService) {}

  /** SPEC §6 daily rows / weekly, monthly rollups, keyset-paged by (date, clinic, provider id). */
  async rows(q: ProvidersQuery, clinics: string[] | null) {
    const day = q.granularity === 'day';
    const x = ROWS_SQL[q.granularity];
    const after = decodeCursor(q.cursor, ['date', 'text', 'text']);
    const from = day
      ? Prisma.sql`${q.from}::date`
      : q.granularity === 'week'
        ? Prisma.sql`date_trunc('week', ${q.from}::date)::date`
        : Prisma.sql`date_trunc('month', ${q.from}::date)::date`;
    const providerIds = q.providerId ?? null;
    const keyset = after ? Prisma.sql` AND (${x.date}, t.clinic_id, t.provider_id) > (${after[0]}::date, ${after[1]}::text, ${after[2]}::text)` : Prisma.empty;
    const rows = await this.prisma.$queryRaw<ProviderRow[]>(Prisma.sql`
      SELECT t.clinic_id, t.provider_id, p.name AS provider_name, p.role, ${x.date}::text AS date, ${x.end}::text AS period_end,
              ${x.days}::int AS days, t.patients_scheduled::int, t.patients_seen::int, t.no_show_count::int, t.procedures_completed::int,
              t.chair_minutes::float8, t.scheduled_minutes::float8, t.production_value::text AS production_value
       FROM ${x.table} t JOIN provider p ON p.id = t.provider_id
       WHERE ${x.date} BETWEEN ${from} AND ${q.to}::date
      AND (${clinics}::text[] IS NULL OR t.clinic_id = ANY(${clinics}::text[]))
      AND (${providerIds}::text[] IS NULL OR t.provider_id = ANY(${providerIds}::text[]))${x.period}${keyset}
       ORDER BY ${x.date}, t.clinic_id, t.provider_id
       LIMIT ${q.limit + 1}`);
    const more = rows.length > q.limit;
    const page = rows.slice(0, q.limit);
    const items = page.map((r) => ({
      clinicId: r.clinic_id,
      providerId: r.provider_id,
      providerName: r.provider_name,
      role: r.role,
      granularity: q.granularity,
      date: r.date,
      periodEnd: r.period_end,
      days: Number(r.days),
      patientsScheduled: r.patients_scheduled,
      patientsSeen: r.patients_seen,
      noShowCount: r.no_show_count,
      proceduresCompleted: r.procedures_completed,
      chairMinutes: round(r.chair_minutes, 2),
      scheduledMinutes: round(r.scheduled_minutes, 2),
      productionValue: r.production_value === null ? null : Number(r.production_value),
    }));
    const last = page[page.length - 1];
    return { items, nextCursor: more && last ? encodeCursor([last.date, last.clinic_id, last.provider_id]) : null };
  }

  /**
   * Each provider's sums over [from, to] in the clinics of the scope: whole calendar months from the monthly
   * rollup, the loose days at the edges from the daily rows. Unrounded.
   */
  async totals(from: string, to: string, clinics: string[] | null): Promise<ProviderTotals[]> {
    const { days, months } = splitByMonths(from, to);
    const clinicFilter = clinics ? Prisma.sql` AND t.clinic_id = ANY(${clinics}::text[])` : Prisma.empty;
    // the column list is a constant
    const cols = Prisma.raw(
      't.provider_id, t.clinic_id, t.patients_scheduled, t.patients_seen, t.no_show_count, t.procedures_completed, t.chair_minutes, t.scheduled_minutes, t.production_value',
    );
    const parts: Prisma.Sql[] = [];
    if (days.length) {
      const ranges = Prisma.join(
        days.map(([a, b]) => Prisma.sql`t.date BETWEEN ${a}::date AND ${b}::date`),
        ' OR ',
      );
      parts.push(Prisma.sql`SELECT ${cols} FROM provider_productivity t WHERE (${ranges})${clinicFilter}`);
    }
    if (months) {
      parts.push(
        Prisma.sql`SELECT ${cols} FROM provider_rollup t WHERE t.period = 'month' AND t.period_start BETWEEN ${months[0]}::date AND ${months[1]}::date${clinicFilter}`,
      );
    }
    const rows = await this.prisma.$queryRaw<TotalsRow[]>(Prisma.sql`
      WITH src AS (${Prisma.join(parts, ' UNION ALL ')})
       SELECT s.provider_id AS id, pr.name, pr.role, json_agg(DISTINCT s.clinic_id) AS clinics,
              sum(s.patients_scheduled)::float8 AS patients_scheduled, sum(s.patients_seen)::float8 AS patients_seen,
              sum(s.no_show_count)::float8 AS no_show_count, sum(s.procedures_completed)::float8 AS procedures_completed,
              sum(s.chair_minutes)::float8 AS chair_minutes, sum(s.scheduled_minutes)::float8 AS scheduled_minutes,
              sum(s.production_value)::text AS production_value
       FROM src s JOIN provider pr ON pr.id = s.provider_id
       GROUP BY s.provider_id, pr.name, pr.role`);
    return rows
      .map((r) => {
        const n = (k: Exclude<keyof TotalsRow, 'id' | 'name' | 'role' | 'clinics' | 'production_value'>) => Number(r[k] ?? 0);
        const production = r.production_value === null ? null : Number(r.production_value);
        const ratio = (num: number | null, den: number) => (num === null || den <= 0 ? null : num / den);
        return {
          id: r.id,
          name: r.name,
          role: r.role,
          clinicIds: r.clinics.sort(cmp),
          figures: {
            patientsScheduled: n('patients_scheduled'),
            patientsSeen: n('patients_seen'),
            noShowCount: n('no_show_count'),
            noShowRate: ratio(n('no_show_count'), n('patients_scheduled')),
            proceduresCompleted: n('procedures_completed'),
            chairMinutes: n('chair_minutes'),
            scheduledMinutes: n('scheduled_minutes'),
            productionValue: production,
            productionPerScheduledHour: ratio(production, n('scheduled_minutes') / 60),
            productionPerChairHour: ratio(production, n('chair_minutes') / 60),
          },
        };
      })
      .sort(byName);
  }

  /**
   * The one team distribution of a figure (SPEC §3): median and quartiles (QUARTILE_METHOD) over the providers that have
   * a value, suppressed below MIN_TEAM_PROVIDERS of them. Unrounded (positions compare against it; the answers round it).
   */
  distribution(values: (number | null)[]): Distribution {
    const v = values.filter((x): x is number => x !== null).sort((a, b) => a - b);
    if (v.length < MIN_TEAM_PROVIDERS) return { count: v.length, median: null, p25: null, p75: null, suppressed: true, reason: SUPPRESSED_REASON };
    return { count: v.length, median: quantile(v, 0.5), p25: quantile(v, 0.25), p75: quantile(v, 0.75), suppressed: false, reason: null };
  }

  /** The distribution of each figure over the providers; the group is suppressed below MIN_TEAM_PROVIDERS providers. */
  distributions(providers: ProviderTotals[], group: 'team' | 'role', role: string | null): TeamGroup {
    const figures = {} as Record<Figure, Distribution>;
    for (const f of FIGURES) figures[f] = this.distribution(providers.map((p) => p.figures[f]));
    return { group, role, providerCount: providers.length, suppressed: providers.length < MIN_TEAM_PROVIDERS, figures };
  }

  /** The whole team, then each role (in name order). */
  teams(providers: ProviderTotals[]): TeamGroup[] {
    const roles = [...new Set(providers.map((p) => p.role))].sort(cmp);
    return [
      this.distributions(providers, 'team', null),
      ...roles.map((r) =>
        this.distributions(
          providers.filter((p) => p.role === r),
          'role',
          r,
        ),
      ),
    ];
  }

  /** Team distributions only: no provider id, name or individual figure. */
  async team(q: ProvidersQuery, clinics: string[] | null) {
    const providers = await this.totals(q.from, q.to, clinics);
    return {
      view: 'team' as const,
      period: { from: q.from, to: q.to, days: daysBetween(q.from, q.to) + 1 },
      minGroupSize: MIN_TEAM_PROVIDERS,
      quartileMethod: QUARTILE_METHOD,
      groups: this.teams(providers).map(presentGroup),
    };
  }

  /**
   * One item per provider over the period (in name/id order): figures, the same for the previous period of equal
   * length and the change, and where each figure stands against the team's and the role's quartiles.
   */
  async summary(q: ProvidersQuery, clinics: string[] | null) {
    const len = daysBetween(q.from, q.to) + 1;
    const prevFrom = addDays(q.from, -len);
    const prevTo = addDays(q.from, -1);
    const [current, previous] = await Promise.all([this.totals(q.from, q.to, clinics), this.totals(prevFrom, prevTo, clinics)]);
    const teams = this.teams(current);
    const team = teams[0];
    const byRole = new Map(teams.slice(1).map((g) => [g.role!, g]));
    const prev = new Map(previous.map((p) => [p.id, p]));
    const after = decodeCursor(q.cursor, ['text', 'text']) as [string, string] | null;
    const wanted = q.providerId ? new Set(q.providerId) : null;
    const selected = current.filter((p) => (!wanted || wanted.has(p.id)) && (!after || byName(p, { name: after[0], id: after[1] }) > 0));
    const page = selected.slice(0, q.limit);
    const items = page.map((p) => {
      const before = prev.get(p.id)?.figures ?? null;
      const roleGroup = byRole.get(p.role);
      const pick = (fn: (f: Figure) => unknown) => Object.fromEntries(FIGURES.map((f) => [f, fn(f)]));
      return {
        providerId: p.id,
        providerName: p.name,
        role: p.role,
        clinicIds: p.clinicIds,
        figures: pick((f) => round(p.figures[f], DECIMALS[f])),
        previous: pick((f) => (before ? round(before[f], DECIMALS[f]) : null)),
        change: pick((f) => {
          const a = p.figures[f];
          const b = before?.[f] ?? null;
          if (a === null || b === null) return { absolute: null, relative: null };
          return { absolute: round(a - b, DECIMALS[f]), relative: b !== 0 ? round((a - b) / Math.abs(b), 4) : null };
        }),
        teamPosition: pick((f) => position(p.figures[f], team.figures[f])),
        rolePosition: pick((f) => position(p.figures[f], roleGroup?.figures[f])),
      };
    });
    const last = page[page.length - 1];
    return {
      view: 'summary' as const,
      period: { from: q.from, to: q.to, days: len },
      previousPeriod: { from: prevFrom, to: prevTo, days: len },
      minGroupSize: MIN_TEAM_PROVIDERS,
      quartileMethod: QUARTILE_METHOD,
      teams: teams.map(presentGroup),
      items,
      nextCursor: selected.length > q.limit && last ? encodeCursor([last.name, last.id]) : null,
    };
  }
}

function presentGroup(g: TeamGroup) {
  return {
    ...g,
    figures: Object.fromEntries(
      FIGURES.map((f) => {
        const d = g.figures[f];
        return [f, { ...d, median: round(d.median, DECIMALS[f]), p25: round(d.p25, DECIMALS[f]), p75: round(d.p75, DECIMALS[f]) }];
      }),
    ) as Record<Figure, Distribution>,
  };
}
