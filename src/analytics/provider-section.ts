import { Injectable } from '@nestjs/common';
import { MIN_TEAM_PROVIDERS, TEAM_SUPPRESSED_PROSE } from '../domain/rules.js';
import type { Principal } from '../auth/auth.js';
import { ProvidersService, type ProviderTotals } from '../providers/providers.service.js';
import { round } from '../domain/numbers.js';

/** The report's figures of one provider over the period, from the providers feature's totals. */
const figures = (p: ProviderTotals) => {
  const f = p.figures;
  return {
    patientsSeen: f.patientsSeen!,
    patientsScheduled: f.patientsScheduled!,
    noShowRate: round(f.noShowRate, 4),
    proceduresCompleted: f.proceduresCompleted!,
    chairHours: round(f.chairMinutes! / 60, 1),
    productionValue: f.productionValue,
    productionPerScheduledHour: round(f.productionPerScheduledHour, 2),
  };
};
type ReportFigure = keyof ReturnType<typeof figures>;
/** The unrounded value behind each report figure (distributions are of these; the answer rounds them). */
const RAW: Record<ReportFigure, (p: ProviderTotals) => number | null> = {
  patientsSeen: (p) => p.figures.patientsSeen,
  patientsScheduled: (p) => p.figures.patientsScheduled,
  noShowRate: (p) => p.figures.noShowRate,
  proceduresCompleted: (p) => p.figures.proceduresCompleted,
  chairHours: (p) => (p.figures.chairMinutes === null ? null : p.figures.chairMinutes / 60),
  productionValue: (p) => p.figures.productionValue,
  productionPerScheduledHour: (p) => p.figures.productionPerScheduledHour,
};

/**
 * The provider part of the report under the privacy rule (SPEC §3): per role, the team's distribution (count, median,
 * quartiles; suppressed below MIN_TEAM_PROVIDERS providers), computed by the providers feature (ProvidersService: its totals and its one
 * distribution); individual figures only with ops:view_provider_detail, ordered by name, never ranked.
 */
@Injectable()
export class ProviderReportSection {
  constructor(private readonly providers: ProvidersService) {}

  async section(clinicIds: string[], from: string, to: string, who: Principal) {
    const rows = await this.providers.totals(from, to, clinicIds); // in name/id order
    const roles = [...new Set(rows.map((r) => r.role))].sort();
    const distribution = (group: ProviderTotals[]) => {
      if (group.length < MIN_TEAM_PROVIDERS)
        return { providers: group.length, suppressed: true, reason: `${TEAM_SUPPRESSED_PROSE}: a distribution would reveal individuals` };
      return {
        providers: group.length,
        suppressed: false,
        figures: Object.fromEntries(
          (Object.keys(RAW) as ReportFigure[]).map((k) => {
            const d = this.providers.distribution(group.map(RAW[k]));
            return [k, d.suppressed ? null : { count: d.count, p25: round(d.p25, 2), median: round(d.median, 2), p75: round(d.p75, 2) }];
          }),
        ),
      };
    };
    return {
      privacy: `Providers are never ranked; individual figures need ops:view_provider_detail; distributions over ${TEAM_SUPPRESSED_PROSE} are suppressed.`,
      team: distribution(rows),
      byRole: Object.fromEntries(roles.map((role) => [role, distribution(rows.filter((r) => r.role === role))])),
      individuals: who.permissions.has('ops:view_provider_detail')
        ? rows.map((r) => ({ providerId: r.id, name: r.name, role: r.role, ...figures(r) }))
        : undefined,
    };
  }
}
