import { MIN_TEAM_PROVIDERS } from '../domain/rules.js';
import { Controller, ForbiddenException, Get, Query, Req, Res } from '@nestjs/common';
import { ApiBadRequestResponse, ApiOkResponse, ApiOperation, ApiTags, getSchemaPath } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { CurrentPrincipal, RequirePermissions, type Principal } from '../auth/auth.js';
import { ErrorBody } from '../common/errors.js';
import { allPages, sendCsv, sendCsvBatches, wantsCsv } from '../common/http.js';
import { ClinicScope } from '../auth/clinic-scope.js';
import { ProvidersQueryDto } from './providers.dto.js';
import { FIGURE_DEFINITIONS, FIGURES, ProvidersService, QUARTILE_METHOD } from './providers.service.js';
import { ProviderRowPage, ProviderSummaryView, ProviderTeamView } from './providers.responses.js';

export const ROW_COLUMNS = [
  'clinicId',
  'providerId',
  'providerName',
  'role',
  'granularity',
  'date',
  'periodEnd',
  'days',
  'patientsScheduled',
  'patientsSeen',
  'noShowCount',
  'proceduresCompleted',
  'chairMinutes',
  'scheduledMinutes',
  'productionValue',
];
export const TEAM_COLUMNS = ['group', 'role', 'providerCount', 'figure', 'count', 'median', 'p25', 'p75', 'suppressed', 'reason'];
export const SUMMARY_COLUMNS = [
  'providerId',
  'providerName',
  'role',
  'clinicIds',
  ...FIGURES.flatMap((f) => [f, `${f}.previous`, `${f}.changeAbsolute`, `${f}.changeRelative`, `${f}.teamPosition`, `${f}.rolePosition`]),
];

const dist = (count: number, median: number, p25: number, p75: number) => ({ count, median, p25, p75, suppressed: false, reason: null });
const SUPPRESSED = {
  median: null,
  p25: null,
  p75: null,
  suppressed: true,
  reason: `fewer than ${MIN_TEAM_PROVIDERS} providers have this figure; a distribution over fewer would reveal individuals`,
};
const TEAM_EXAMPLE = {
  view: 'team',
  period: { from: '2026-03-01', to: '2026-03-31', days: 31 },
  minGroupSize: MIN_TEAM_PROVIDERS,
  quartileMethod: QUARTILE_METHOD,
  groups: [
    {
      group: 'team',
      role: null,
      providerCount: 9,
      suppressed: false,
      figures: {
        patientsScheduled: dist(9, 212, 180, 251),
        patientsSeen: dist(9, 198, 166, 240),
        noShowCount: dist(9, 9, 6, 13),
        noShowRate: dist(9, 0.0451, 0.0312, 0.0587),
        proceduresCompleted: dist(9, 305, 240, 388),
        chairMinutes: dist(9, 7410.5, 6120, 9050.25),
        scheduledMinutes: dist(9, 8100, 7020, 9600),
        productionValue: dist(7, 48210.5, 39800, 61250),
        productionPerScheduledHour: dist(7, 352.4, 301.9, 398.75),
        productionPerChairHour: dist(7, 388.1, 330.2, 431.6),
      },
    },
    {
      group: 'role',
      role: 'orthodontist',
      providerCount: 2,
      suppressed: true,
      figures: Object.fromEntries(FIGURES.map((f) => [f, { count: 2, ...SUPPRESSED }])),
    },
  ],
};
const SUMMARY_FIGURES = {
  patientsScheduled: 220,
  patientsSeen: 205,
  noShowCount: 8,
  noShowRate: 0.0364,
  proceduresCompleted: 318,
  chairMinutes: 7630.5,
  scheduledMinutes: 8280,
  productionValue: 51200,
  productionPerScheduledHour: 371.01,
  productionPerChairHour: 402.6,
};
const SUMMARY_PREVIOUS = {
  patientsScheduled: 204,
  patientsSeen: 190,
  noShowCount: 10,
  noShowRate: 0.049,
  proceduresCompleted: 290,
  chairMinutes: 7105,
  scheduledMinutes: 7800,
  productionValue: 47350,
  productionPerScheduledHour: 364.23,
  productionPerChairHour: 399.86,
};
const TEAM_POSITIONS = [
  'median-p75',
  'median-p75',
  'p25-median',
  'p25-median',
  'median-p75',
  'median-p75',
  'median-p75',
  'above-p75',
  'median-p75',
  'median-p75',
];
const SUMMARY_EXAMPLE = {
  view: 'summary',
  period: { from: '2026-03-01', to: '2026-03-31', days: 31 },
  previousPeriod: { from: '2026-01-29', to: '2026-02-28', days: 31 },
  minGroupSize: MIN_TEAM_PROVIDERS,
  quartileMethod: QUARTILE_METHOD,
  teams: TEAM_EXAMPLE.groups,
  items: [
    {
      providerId: 'prov-dent-1',
      providerName: 'Dr. B. Chen',
      role: 'dentist',
      clinicIds: ['clinic-chicago'],
      figures: SUMMARY_FIGURES,
      previous: SUMMARY_PREVIOUS,
      change: Object.fromEntries(
        FIGURES.map((f) => [
          f,
          {
            absolute: Math.round((SUMMARY_FIGURES[f] - SUMMARY_PREVIOUS[f]) * 10000) / 10000,
            relative: Math.round(((SUMMARY_FIGURES[f] - SUMMARY_PREVIOUS[f]) / SUMMARY_PREVIOUS[f]) * 10000) / 10000,
          },
        ]),
      ),
      teamPosition: Object.fromEntries(FIGURES.map((f, i) => [f, TEAM_POSITIONS[i]])),
      // the role has fewer than 3 providers in this example: no quartiles to stand against
      rolePosition: Object.fromEntries(FIGURES.map((f) => [f, null])),
    },
  ],
  nextCursor: null,
};

const ROWS_EXAMPLE = {
  items: [
    {
      clinicId: 'clinic-chicago',
      providerId: 'prov-ortho-1',
      providerName: 'Dr. A. Rivera',
      role: 'orthodontist',
      granularity: 'day',
      date: '2026-03-02',
      periodEnd: '2026-03-02',
      days: 1,
      patientsScheduled: 14,
      patientsSeen: 12,
      noShowCount: 1,
      proceduresCompleted: 19,
      chairMinutes: 610.5,
      scheduledMinutes: 630,
      productionValue: 2480.5,
    },
  ],
  nextCursor: null,
};

/** GET /api/v1/ops/utilization/providers — SPEC §3 productivity under the privacy rule. */
@ApiTags('utilization')
@Controller('api/v1/ops/utilization')
export class ProvidersController {
  constructor(
    private readonly service: ProvidersService,
    private readonly scope: ClinicScope,
  ) {}

  @Get('providers')
  @RequirePermissions('ops:view_analytics')
  @ApiOperation({
    operationId: 'getProviders',
    summary: 'Provider productivity under the privacy rule: team distributions, individual rows, per-provider summaries',
    description:
      '**Privacy rule (SPEC §3).** The service never ranks providers against each other: no answer is ordered by a figure, none has a rank field ' +
      'or a "top/bottom" list. Individual figures are shown only to callers with `ops:view_provider_detail`; everyone else gets team distributions. ' +
      "Comparisons are against the team's distribution (median and quartiles) or the provider's own previous period. " +
      `A distribution over fewer than ${MIN_TEAM_PROVIDERS} providers is suppressed (median/p25/p75 null, \`suppressed: true\`, a \`reason\`), because it would ` +
      'reveal individuals; minimum and maximum are never given for the same reason.\n\n' +
      '**Views** (`view`; default `rows` with `ops:view_provider_detail` or when `granularity` is given (the SPEC §6 row listing), otherwise `team`):\n' +
      '- `team` (any caller): for the whole team and for each role, the count, median and quartiles (p25, p75) of each figure over the period ' +
      `[from, to], over the providers with a value. No provider id or name appears. Quartiles: ${QUARTILE_METHOD}.\n` +
      '- `rows` (needs `ops:view_provider_detail`; SPEC §6 contract): the daily rows (`granularity=day`) or the weekly/monthly rollups, ' +
      'ordered by date, clinic and provider id, keyset-paged `{items, nextCursor}`.\n' +
      '- `summary` (needs `ops:view_provider_detail`): one item per provider over [from, to], ordered by provider name then id: its figures, the same ' +
      'figures for the previous period of equal length and the change, and where each figure stands against the quartiles of the whole team ' +
      '(`teamPosition`) and of its role (`rolePosition`): `below-p25` (v < p25), `p25-median` (p25 ≤ v < median), `median-p75` (median ≤ v ≤ p75), ' +
      `\`above-p75\` (v > p75); null when that group has fewer than ${MIN_TEAM_PROVIDERS} providers with the figure. Paged with limit/cursor.\n\n` +
      `**Figures** (sums over the clinics of the request; rates are ratios of sums): ${FIGURES.map((f) => `\`${f}\` = ${FIGURE_DEFINITIONS[f]}`).join('; ')}. ` +
      'The team is every provider with at least one daily row in the period in the clinics of the request.\n\n' +
      'CSV (`format=csv` or `Accept: text/csv`) for every view: rows with the JSON item fields; team: one line per group and figure ' +
      `(${TEAM_COLUMNS.join(', ')}); summary: one line per provider (figure columns \`<figure>\`, \`<figure>.previous\`, \`.changeAbsolute\`, \`.changeRelative\`, \`.teamPosition\`, \`.rolePosition\`).`,
  })
  @ApiOkResponse({
    description:
      'view=team: {view, period, minGroupSize, quartileMethod, groups}; view=rows: {items, nextCursor}; view=summary: {view, period, previousPeriod, minGroupSize, quartileMethod, teams, items, nextCursor}',
    content: {
      'application/json': {
        schema: { oneOf: [ProviderTeamView, ProviderRowPage, ProviderSummaryView].map((t) => ({ $ref: getSchemaPath(t) })) },
        examples: {
          team: { summary: 'view=team (any caller)', value: TEAM_EXAMPLE },
          rows: { summary: 'view=rows (ops:view_provider_detail)', value: ROWS_EXAMPLE },
          summary: { summary: 'view=summary (ops:view_provider_detail)', value: SUMMARY_EXAMPLE },
        },
      },
      'text/csv': {
        schema: { type: 'string', description: 'The same view as CSV: one line per group and figure (team), per row (rows) or per provider (summary)' },
      },
    },
  })
  @ApiBadRequestResponse({ type: ErrorBody, description: 'Bad, unknown or conflicting parameter; the message says which and what to change' })
  async providers(@Query() q: ProvidersQueryDto, @CurrentPrincipal() who: Principal, @Req() req: FastifyRequest, @Res() reply: FastifyReply) {
    const detail = who.permissions.has('ops:view_provider_detail');
    // an explicit granularity asks for the SPEC §6 row listing, which needs the permission; otherwise a caller
    // without it gets the team distributions
    const view = q.view ?? (detail || (req.query as Record<string, unknown>).granularity !== undefined ? 'rows' : 'team');
    if (!detail && (view !== 'team' || q.providerId)) {
      throw new ForbiddenException(
        `Individual provider figures (${view !== 'team' ? `view=${view}` : 'providerId'}) need the permission ops:view_provider_detail; ` +
          'without it ask for view=team (team distributions; the default when neither view nor granularity is given) and leave providerId out',
      );
    }
    const scope = this.scope.resolve(who, q.clinicId);
    await this.scope.assertProvidersVisible(who, q.providerId);
    const csv = wantsCsv(req, q.format);
    const name = `providers_${view}${view === 'rows' ? `_${q.granularity}` : ''}_${q.from}_${q.to}.csv`;

    if (view === 'team') {
      const team = await this.service.team(q, scope);
      if (!csv) return reply.send(team);
      const lines = team.groups.flatMap((g) =>
        FIGURES.map((f) => ({ group: g.group, role: g.role, providerCount: g.providerCount, figure: f, ...g.figures[f] })),
      );
      return sendCsv(
        reply,
        name,
        TEAM_COLUMNS.map((k) => ({ header: k, value: (r: Record<string, unknown>) => r[k] })),
        lines as Record<string, unknown>[],
      );
    }
    if (view === 'summary') {
      if (!csv) return reply.send(await this.service.summary(q, scope));
      const all = await this.service.summary({ ...q, limit: Number.MAX_SAFE_INTEGER, cursor: undefined }, scope);
      const lines = all.items.map((i) => {
        const line: Record<string, unknown> = { providerId: i.providerId, providerName: i.providerName, role: i.role, clinicIds: i.clinicIds.join(' ') };
        for (const f of FIGURES) {
          const change = i.change[f] as { absolute: number | null; relative: number | null };
          Object.assign(line, {
            [f]: i.figures[f],
            [`${f}.previous`]: i.previous[f],
            [`${f}.changeAbsolute`]: change.absolute,
            [`${f}.changeRelative`]: change.relative,
            [`${f}.teamPosition`]: i.teamPosition[f],
            [`${f}.rolePosition`]: i.rolePosition[f],
          });
        }
        return line;
      });
      return sendCsv(
        reply,
        name,
        SUMMARY_COLUMNS.map((k) => ({ header: k, value: (r: Record<string, unknown>) => r[k] })),
        lines,
      );
    }
    if (!csv) return reply.send(await this.service.rows(q, scope));
    const pages = allPages((cursor) => this.service.rows({ ...q, limit: 1000, cursor: cursor ?? undefined }, scope));
    return sendCsvBatches(
      reply,
      name,
      ROW_COLUMNS.map((k) => ({ header: k, value: (r: Record<string, unknown>) => r[k] })),
      pages as AsyncIterable<Record<string, unknown>[]>,
    );
  }
}
