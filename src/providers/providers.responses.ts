import { ApiProperty } from '@nestjs/swagger';
import { Change, DatePeriod } from '../common/common.responses.js';
import { keyedClass, registerModels } from '../common/openapi.js';
import { FIGURE_DEFINITIONS, FIGURES } from './providers.service.js';

const POSITIONS = ['below-p25', 'p25-median', 'median-p75', 'above-p75'];

/** A team's (or role's) distribution of one figure; suppressed under the minimum group size. */
export class Distribution {
  @ApiProperty({ type: 'integer', description: 'Providers with a value' })
  count!: number;
  @ApiProperty({ type: Number, nullable: true, description: 'null when suppressed or without values' })
  median!: number | null;
  @ApiProperty({ type: Number, nullable: true })
  p25!: number | null;
  @ApiProperty({ type: Number, nullable: true })
  p75!: number | null;
  @ApiProperty({ type: Boolean, description: 'Fewer providers than minGroupSize: no figure is shown (privacy rule)' })
  suppressed!: boolean;
  @ApiProperty({ type: String, nullable: true, description: 'Why it is suppressed' })
  reason!: string | null;
}

export const FigureValues = keyedClass('ProviderFigureValues', FIGURES, (f) => ({
  type: Number,
  nullable: true,
  description: FIGURE_DEFINITIONS[f as keyof typeof FIGURE_DEFINITIONS],
}));
export const FigureChanges = keyedClass('ProviderFigureChanges', FIGURES, () => ({ type: () => Change }));
export const FigurePositions = keyedClass('ProviderFigurePositions', FIGURES, () => ({
  enum: POSITIONS,
  nullable: true,
  description: "Between which quartiles of the group the provider's figure lies; null when the group is suppressed or the figure missing",
}));
export const FigureDistributions = keyedClass('ProviderFigureDistributions', FIGURES, () => ({ type: () => Distribution }));
registerModels(FigureValues, FigureChanges, FigurePositions, FigureDistributions);

export class TeamGroup {
  @ApiProperty({ enum: ['team', 'role'], description: 'team: every provider; role: the providers of one role' })
  group!: 'team' | 'role';
  @ApiProperty({ type: String, nullable: true, description: 'The role (null for the team)', example: 'hygienist' })
  role!: string | null;
  @ApiProperty({ type: 'integer' })
  providerCount!: number;
  @ApiProperty({ type: Boolean, description: 'Fewer than minGroupSize providers: every figure suppressed' })
  suppressed!: boolean;
  @ApiProperty({ type: () => FigureDistributions })
  figures!: Record<string, Distribution>;
}

/** view=team: team distributions only (no provider named). */
export class ProviderTeamView {
  @ApiProperty({ enum: ['team'] })
  view!: 'team';
  @ApiProperty({ type: () => DatePeriod })
  period!: DatePeriod;
  @ApiProperty({ type: 'integer', description: 'Groups smaller than this are suppressed', example: 3 })
  minGroupSize!: number;
  @ApiProperty({ type: String, description: 'How the quartiles are computed' })
  quartileMethod!: string;
  @ApiProperty({ type: () => [TeamGroup] })
  groups!: TeamGroup[];
}

/** One provider over the period, against the previous period and the team's quartiles (never ranked). */
export class ProviderSummary {
  @ApiProperty({ type: String })
  providerId!: string;
  @ApiProperty({ type: String })
  providerName!: string;
  @ApiProperty({ type: String, example: 'hygienist' })
  role!: string;
  @ApiProperty({ type: [String] })
  clinicIds!: string[];
  @ApiProperty({ type: () => FigureValues, description: 'The figures over the period' })
  figures!: Record<string, number | null>;
  @ApiProperty({ type: () => FigureValues, description: 'The same over the previous period of equal length' })
  previous!: Record<string, number | null>;
  @ApiProperty({ type: () => FigureChanges })
  change!: Record<string, Change>;
  @ApiProperty({ type: () => FigurePositions, description: "Against the whole team's quartiles" })
  teamPosition!: Record<string, string | null>;
  @ApiProperty({ type: () => FigurePositions, description: "Against the quartiles of the provider's role" })
  rolePosition!: Record<string, string | null>;
}

/** view=summary (needs ops:view_provider_detail). */
export class ProviderSummaryView {
  @ApiProperty({ enum: ['summary'] })
  view!: 'summary';
  @ApiProperty({ type: () => DatePeriod })
  period!: DatePeriod;
  @ApiProperty({ type: () => DatePeriod })
  previousPeriod!: DatePeriod;
  @ApiProperty({ type: 'integer', example: 3 })
  minGroupSize!: number;
  @ApiProperty({ type: String })
  quartileMethod!: string;
  @ApiProperty({ type: () => [TeamGroup] })
  teams!: TeamGroup[];
  @ApiProperty({ type: () => [ProviderSummary] })
  items!: ProviderSummary[];
  @ApiProperty({ type: String, nullable: true })
  nextCursor!: string | null;
}

/** One provider, clinic and day (or week, month) with the figures of SPEC §3. */
export class ProviderRow {
  @ApiProperty({ type: String })
  clinicId!: string;
  @ApiProperty({ type: String })
  providerId!: string;
  @ApiProperty({ type: String })
  providerName!: string;
  @ApiProperty({ type: String })
  role!: string;
  @ApiProperty({ enum: ['day', 'week', 'month'] })
  granularity!: 'day' | 'week' | 'month';
  @ApiProperty({ type: String, format: 'date' })
  date!: string;
  @ApiProperty({ type: String, format: 'date' })
  periodEnd!: string;
  @ApiProperty({ type: 'integer' })
  days!: number;
  @ApiProperty({ type: 'integer' })
  patientsScheduled!: number;
  @ApiProperty({ type: 'integer' })
  patientsSeen!: number;
  @ApiProperty({ type: 'integer' })
  noShowCount!: number;
  @ApiProperty({ type: 'integer' })
  proceduresCompleted!: number;
  @ApiProperty({ type: Number, description: 'Chair minutes of completed sessions' })
  chairMinutes!: number;
  @ApiProperty({ type: Number })
  scheduledMinutes!: number;
  @ApiProperty({ type: Number, nullable: true, description: "Production value of completed sessions in the clinic's currency; null when none carries one" })
  productionValue!: number | null;
}

/** view=rows (the default with ops:view_provider_detail): a page of rows. */
export class ProviderRowPage {
  @ApiProperty({ type: () => [ProviderRow] })
  items!: ProviderRow[];
  @ApiProperty({ type: String, nullable: true })
  nextCursor!: string | null;
}

registerModels(ProviderTeamView, ProviderSummaryView, ProviderRowPage);
