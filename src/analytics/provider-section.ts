import { Injectable } from '@nestjs/common';
import { MIN_TEAM_PROVIDERS, TEAM_SUPPRESSED_PROSE } from '../domain/rules.js';
import type { Principal } from '../auth/auth.js';
import { Prisma, PrismaService } from '../database/prisma.service.js';
import { quantile } from '../common/quantile.js';
import { round } from '../domain/numbers.js';

interface SectionRow {
  provider_id: string;
  name: string;
  role: string;
  seen: number;
  scheduled: number;
  no_show: number;
  procedures: number;
  chair_minutes: number;
  scheduled_minutes: number;
  production: string | null;
}

/**
 * The provider part of the report under the privacy rule (SPEC §3): per role, the team's distribution
 * (count, median, quartiles; suppressed below MIN_TEAM_PROVIDERS providers); individual figures only with ops:view_provider_detail,
 * ordered by name, never ranked.
 */
@Injectable()
export class ProviderReportSection {
  constructor(private readonly prisma: PrismaService) {}

  async section(clinicIds: string[], from: string, to: string, who: Principal) {
    const rows = await this.prisma.$queryRaw<SectionRow[]>(Prisma.sql`
      SELECT p.id AS provider_id, p.name, p.role, sum(t.patients_seen)::int AS seen, sum(t.patients_scheduled)::int AS scheduled, sum(t.no_show_count)::int AS no_show,
              sum(t.procedures_completed)::int AS procedures, sum(t.chair_minutes)::float8 AS chair_minutes, sum(t.scheduled_minutes)::float8 AS scheduled_minutes,
              sum(t.production_value)::text AS production
       FROM provider_productivity t JOIN provider p ON p.id = t.provider_id
       WHERE t.clinic_id = ANY(${clinicIds}::text[]) AND t.date BETWEEN ${from}::date AND ${to}::date
       GROUP BY p.id, p.name, p.role`);
    const figures = (r: (typeof rows)[number]) => ({
      patientsSeen: r.seen,
      patientsScheduled: r.scheduled,
      noShowRate: round(r.scheduled ? r.no_show / r.scheduled : null, 4),
      proceduresCompleted: r.procedures,
      chairHours: round(r.chair_minutes / 60, 1),
      productionValue: r.production === null ? null : Number(r.production),
      productionPerScheduledHour: r.production === null || !r.scheduled_minutes ? null : round(Number(r.production) / (r.scheduled_minutes / 60), 2),
    });
    const roles = [...new Set(rows.map((r) => r.role))].sort();
    const distribution = (group: typeof rows) => {
      if (group.length < MIN_TEAM_PROVIDERS) return { providers: group.length, suppressed: true, reason: `${TEAM_SUPPRESSED_PROSE}: a distribution would reveal individuals` };
      const keys = Object.keys(figures(group[0])) as (keyof ReturnType<typeof figures>)[];
      return {
        providers: group.length,
        suppressed: false,
        figures: Object.fromEntries(
          keys.map((k) => {
            const v = group.map((r) => figures(r)[k]).filter((x): x is number => x !== null).sort((a, b) => a - b);
            return [k, v.length >= MIN_TEAM_PROVIDERS ? { count: v.length, p25: round(quantile(v, 0.25), 2), median: round(quantile(v, 0.5), 2), p75: round(quantile(v, 0.75), 2) } : null];
          }),
        ),
      };
    };
    return {
      privacy: `Providers are never ranked; individual figures need ops:view_provider_detail; distributions over ${TEAM_SUPPRESSED_PROSE} are suppressed.`,
      team: distribution(rows),
      byRole: Object.fromEntries(roles.map((role) => [role, distribution(rows.filter((r) => r.role === role))])),
      individuals: who.permissions.has('ops:view_provider_detail')
        ? rows
            .sort((a, b) => a.name.localeCompare(b.name) || a.provider_id.localeCompare(b.provider_id))
            .map((r) => ({ providerId: r.provider_id, name: r.name, role: r.role, ...figures(r) }))
        : undefined,
    };
  }
}
