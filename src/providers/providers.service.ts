import { Injectable } from '@nestjs/common';
import { Database } from '../database/database.module.js';
import { quantile } from '../common/quantile.js';
import { addDays, daysBetween, splitByMonths } from '../trends/periods.js';
import { decodeCursor, encodeCursor, round } from '../utilization/query.js';
import type { ProvidersQuery } from './providers.query.js';

/** A team distribution over fewer providers than this is suppressed: it would reveal individuals (SPEC §3). */
export const MIN_GROUP = 3;
export const QUARTILE_METHOD = 'linear interpolation between order statistics (Hyndman & Fan type 7, as numpy.percentile and Excel PERCENTILE.INC)';
const SUPPRESSED_REASON = `fewer than ${MIN_GROUP} providers have this figure; a distribution over fewer would reveal individuals`;

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

interface ProviderTotals {
  id: string;
  name: string;
  role: string;
  clinicIds: string[];
  figures: Figures;
}

const PERIOD_END: Record<string, string> = {
  day: 't.date',
  week: '(t.period_start + 6)',
  month: "(t.period_start + interval '1 month - 1 day')::date",
};


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
 * with ops:view_provider_detail, team distributions (median and quartiles, suppressed below 3 providers) for everyone.
 * Nothing here orders providers by a figure or ranks them.
 */
@Injectable()
export class ProvidersService {
  constructor(private readonly db: Database) {}

  /** SPEC §6 daily rows / weekly, monthly rollups, keyset-paged by (date, clinic, provider id). */
  async rows(q: ProvidersQuery, clinics: string[] | null) {
    const day = q.granularity === 'day';
    const table = day ? 'provider_productivity' : 'provider_rollup';
    const dateCol = day ? 't.date' : 't.period_start';
    const after = decodeCursor(q.cursor, ['date', 'text', 'text']);
    const params: unknown[] = [q.from, q.to, clinics, q.providerId ?? null, q.limit + 1];
    let where = `${dateCol} BETWEEN ${day ? '$1::date' : q.granularity === 'week' ? "date_trunc('week', $1::date)::date" : "date_trunc('month', $1::date)::date"} AND $2::date
      AND ($3::text[] IS NULL OR t.clinic_id = ANY($3::text[]))
      AND ($4::text[] IS NULL OR t.provider_id = ANY($4::text[]))`;
    if (!day) where += ` AND t.period = '${q.granularity}'`;
    if (after) {
      params.push(after[0], after[1], after[2]);
      where += ` AND (${dateCol}, t.clinic_id, t.provider_id) > ($6::date, $7::text, $8::text)`;
    }
    const rows = await this.db.sql.query<Record<string, unknown>>(
      `SELECT t.clinic_id, t.provider_id, p.name AS provider_name, p.role, ${dateCol}::text AS date, ${PERIOD_END[q.granularity]}::text AS period_end,
              ${day ? '1' : 't.days'}::int AS days, t.patients_scheduled::int, t.patients_seen::int, t.no_show_count::int, t.procedures_completed::int,
              t.chair_minutes::float8, t.scheduled_minutes::float8, t.production_value::text AS production_value
       FROM ${table} t JOIN provider p ON p.id = t.provider_id
       WHERE ${where}
       ORDER BY ${dateCol}, t.clinic_id, t.provider_id
       LIMIT $5`,
      params,
    );
    const more = rows.length > q.limit;
    const page = rows.slice(0, q.limit);
    const items = page.map((r) => ({
      clinicId: r.clinic_id as string,
      providerId: r.provider_id as string,
      providerName: r.provider_name as string,
      role: r.role as string,
      granularity: q.granularity,
      date: r.date as string,
      periodEnd: r.period_end as string,
      days: Number(r.days),
      patientsScheduled: r.patients_scheduled as number,
      patientsSeen: r.patients_seen as number,
      noShowCount: r.no_show_count as number,
      proceduresCompleted: r.procedures_completed as number,
      chairMinutes: round(r.chair_minutes as number, 2),
      scheduledMinutes: round(r.scheduled_minutes as number, 2),
      productionValue: r.production_value === null ? null : Number(r.production_value),
    }));
    const last = page[page.length - 1];
    return { items, nextCursor: more && last ? encodeCursor([last.date as string, last.clinic_id as string, last.provider_id as string]) : null };
  }

  /**
   * Each provider's sums over [from, to] in the clinics of the scope: whole calendar months from the monthly
   * rollup, the loose days at the edges from the daily rows. Unrounded.
   */
  async totals(from: string, to: string, clinics: string[] | null): Promise<ProviderTotals[]> {
    const { days, months } = splitByMonths(from, to);
    const params: unknown[] = [];
    const p = (v: unknown) => {
      params.push(v);
      return `$${params.length}`;
    };
    const clinicFilter = clinics ? ` AND t.clinic_id = ANY(${p(clinics)}::text[])` : '';
    const cols = 't.provider_id, t.clinic_id, t.patients_scheduled, t.patients_seen, t.no_show_count, t.procedures_completed, t.chair_minutes, t.scheduled_minutes, t.production_value';
    const parts: string[] = [];
    if (days.length) {
      const ranges = days.map(([a, b]) => `t.date BETWEEN ${p(a)}::date AND ${p(b)}::date`).join(' OR ');
      parts.push(`SELECT ${cols} FROM provider_productivity t WHERE (${ranges})${clinicFilter}`);
    }
    if (months) {
      parts.push(`SELECT ${cols} FROM provider_rollup t WHERE t.period = 'month' AND t.period_start BETWEEN ${p(months[0])}::date AND ${p(months[1])}::date${clinicFilter}`);
    }
    const rows = await this.db.sql.query<Record<string, string | number | null>>(
      `WITH src AS (${parts.join(' UNION ALL ')})
       SELECT s.provider_id AS id, pr.name, pr.role, json_agg(DISTINCT s.clinic_id)::text AS clinics,
              sum(s.patients_scheduled)::float8 AS patients_scheduled, sum(s.patients_seen)::float8 AS patients_seen,
              sum(s.no_show_count)::float8 AS no_show_count, sum(s.procedures_completed)::float8 AS procedures_completed,
              sum(s.chair_minutes)::float8 AS chair_minutes, sum(s.scheduled_minutes)::float8 AS scheduled_minutes,
              sum(s.production_value)::text AS production_value
       FROM src s JOIN provider pr ON pr.id = s.provider_id
       GROUP BY s.provider_id, pr.name, pr.role`,
      params,
    );
    return rows
      .map((r) => {
        const n = (k: string) => Number(r[k] ?? 0);
        const production = r.production_value === null ? null : Number(r.production_value);
        const ratio = (num: number | null, den: number) => (num === null || den <= 0 ? null : num / den);
        return {
          id: r.id as string,
          name: r.name as string,
          role: r.role as string,
          clinicIds: (JSON.parse(r.clinics as string) as string[]).sort(cmp),
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

  /** Median and quartiles of each figure over the providers (those with a value), suppressed below MIN_GROUP. */
  distributions(providers: ProviderTotals[], group: 'team' | 'role', role: string | null): TeamGroup {
    const figures = {} as Record<Figure, Distribution>;
    for (const f of FIGURES) {
      const values = providers.map((p) => p.figures[f]).filter((v): v is number => v !== null).sort((a, b) => a - b);
      if (values.length < MIN_GROUP) {
        figures[f] = { count: values.length, median: null, p25: null, p75: null, suppressed: true, reason: SUPPRESSED_REASON };
      } else {
        // unrounded here (positions compare against these); presentGroup rounds them for the answer
        figures[f] = { count: values.length, median: quantile(values, 0.5), p25: quantile(values, 0.25), p75: quantile(values, 0.75), suppressed: false, reason: null };
      }
    }
    return { group, role, providerCount: providers.length, suppressed: providers.length < MIN_GROUP, figures };
  }

  /** The whole team, then each role (in name order). */
  teams(providers: ProviderTotals[]): TeamGroup[] {
    const roles = [...new Set(providers.map((p) => p.role))].sort(cmp);
    return [this.distributions(providers, 'team', null), ...roles.map((r) => this.distributions(providers.filter((p) => p.role === r), 'role', r))];
  }

  /** Team distributions only: no provider id, name or individual figure. */
  async team(q: ProvidersQuery, clinics: string[] | null) {
    const providers = await this.totals(q.from, q.to, clinics);
    return {
      view: 'team' as const,
      period: { from: q.from, to: q.to, days: daysBetween(q.from, q.to) + 1 },
      minGroupSize: MIN_GROUP,
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
      minGroupSize: MIN_GROUP,
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
