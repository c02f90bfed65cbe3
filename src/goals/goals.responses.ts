import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { TEAM_SUPPRESSED_PROSE } from '../domain/rules.js';
import { GOAL_KINDS } from './goals.service.js';

const KINDS = Object.keys(GOAL_KINDS);

/** A team goal as stored. */
export class TeamGoal {
  @ApiProperty({ type: String, format: 'uuid', example: '5c3f0a8e-2b1d-4d6e-9f0a-7e2b4c1d9a33' })
  id!: string;
  @ApiProperty({ type: String, example: 'clinic-a' })
  clinicId!: string;
  @ApiProperty({ enum: KINDS, example: 'no-show-rate-below' })
  kind!: string;
  @ApiProperty({
    type: Number,
    description: 'Weeks (utilization-in-band-weeks), a fraction (no-show-rate-below) or chair-hours (gap-hours-recovered)',
    example: 0.06,
  })
  target!: number;
  @ApiProperty({ type: String, nullable: true, description: 'As given when the goal was set; null when none was', example: 'Fewer empty chairs' })
  label!: string | null;
  @ApiProperty({ type: String, description: 'Token subject that set it', example: 'ops-admin@group' })
  createdBy!: string;
  @ApiProperty({ type: String, format: 'date-time' })
  createdAt!: string;
}

/** PUT /goals/{clinicId}/opt-in. */
export class GoalOptIn {
  @ApiProperty({ type: String, example: 'clinic-a' })
  clinicId!: string;
  @ApiProperty({ type: Boolean })
  optedIn!: boolean;
  @ApiProperty({ type: String, nullable: true, description: 'Who turned goals on (null when off)', example: 'ops-admin@group' })
  enabledBy!: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  enabledAt!: string | null;
}

class GoalWeek {
  @ApiProperty({ type: String, format: 'date' })
  from!: string;
  @ApiProperty({ type: String, format: 'date' })
  to!: string;
  @ApiProperty({ type: Number, description: 'Utilization of the week, a fraction of 1' })
  utilizationRate!: number;
}

class GoalMonth {
  @ApiProperty({ type: String, format: 'date' })
  from!: string;
  @ApiProperty({ type: String, format: 'date', nullable: true, description: 'The last day with data so far; null before the first' })
  to!: string | null;
  @ApiProperty({ type: 'integer', description: 'Days of the month with data so far' })
  days!: number;
}

class GoalPeriod {
  @ApiProperty({ enum: ['week', 'month'] })
  kind!: 'week' | 'month';
  @ApiPropertyOptional({ type: () => GoalWeek, description: 'Weekly goals: the last complete week' })
  lastCompleteWeek?: GoalWeek;
  @ApiPropertyOptional({ type: () => GoalMonth, description: 'Monthly goals: the current month' })
  current?: GoalMonth;
}

class GoalBand {
  @ApiProperty({ type: Number })
  targetLow!: number;
  @ApiProperty({ type: Number })
  targetHigh!: number;
}

class GoalProgress {
  @ApiProperty({ type: Number, nullable: true, description: 'Where the team stands, in the unit of the goal; null without data' })
  value!: number | null;
  @ApiProperty({ type: Number })
  target!: number;
  @ApiPropertyOptional({ type: Number, nullable: true, description: 'value ÷ target (0–1)' })
  fraction?: number | null;
  @ApiPropertyOptional({ type: Boolean })
  achieved?: boolean;
  @ApiPropertyOptional({ type: 'integer' })
  noShows?: number;
  @ApiPropertyOptional({ type: 'integer' })
  appointments?: number;
  @ApiPropertyOptional({ type: Boolean, nullable: true, description: 'Whether the month so far is on track; null too early to say' })
  onTrack?: boolean | null;
  @ApiPropertyOptional({ type: Number, nullable: true, description: 'Gap share of the months before, a fraction' })
  baselineGapShare?: number | null;
  @ApiPropertyOptional({ type: Number, description: 'Gap chair-hours this month' })
  gapChairHours?: number;
  @ApiPropertyOptional({ type: Number, description: 'Open chair-hours this month' })
  openChairHours?: number;
}

class GoalStreak {
  @ApiProperty({ type: 'integer' })
  current!: number;
  @ApiProperty({ type: 'integer' })
  longest!: number;
  @ApiProperty({ enum: ['weeks', 'months'] })
  unit!: 'weeks' | 'months';
  @ApiProperty({ type: String, format: 'date', nullable: true, description: 'Start of the current streak' })
  since!: string | null;
}

class GoalMilestone {
  @ApiProperty({ type: String, example: '4 weeks in the band' })
  label!: string;
  @ApiPropertyOptional({ type: 'integer' })
  weeks?: number;
  @ApiPropertyOptional({ type: 'integer' })
  months?: number;
  @ApiPropertyOptional({ type: Number })
  fraction?: number;
  @ApiProperty({ type: Boolean })
  reached!: boolean;
  @ApiPropertyOptional({ type: String, format: 'date', nullable: true })
  reachedOn?: string | null;
}

/** A goal with its progress, or (shown: false) the reason it is not shown. */
export class GoalProgressView {
  @ApiProperty({ type: String, format: 'uuid' })
  id!: string;
  @ApiProperty({ enum: KINDS })
  kind!: string;
  @ApiProperty({ type: String, nullable: true, description: 'As given when the goal was set; null when none was' })
  label!: string | null;
  @ApiProperty({ type: Boolean, description: `false: ${TEAM_SUPPRESSED_PROSE} worked in the period (privacy rule); only id, kind, label and reason are sent` })
  shown!: boolean;
  @ApiPropertyOptional({ type: String, description: 'Why it is not shown' })
  reason?: string;
  @ApiPropertyOptional({ type: Number })
  target?: number;
  @ApiPropertyOptional({ enum: ['weeks', 'fraction', 'chair-hours'] })
  unit?: string;
  @ApiPropertyOptional({ type: String })
  createdBy?: string;
  @ApiPropertyOptional({ type: String, format: 'date-time' })
  createdAt?: string;
  @ApiPropertyOptional({ type: () => GoalPeriod })
  period?: GoalPeriod;
  @ApiPropertyOptional({ type: () => GoalBand })
  band?: GoalBand;
  @ApiPropertyOptional({ type: () => GoalProgress })
  progress?: GoalProgress;
  @ApiPropertyOptional({ type: () => GoalStreak })
  streak?: GoalStreak;
  @ApiPropertyOptional({ type: () => [GoalMilestone] })
  milestones?: GoalMilestone[];
  @ApiPropertyOptional({ type: String, description: 'Where the team stands, in plain words' })
  text?: string;
}

class ClinicGoals {
  @ApiProperty({ type: String })
  clinicId!: string;
  @ApiProperty({ type: String })
  clinicName!: string;
  @ApiProperty({ type: String })
  timeZone!: string;
  @ApiProperty({ type: String, format: 'date' })
  today!: string;
  @ApiProperty({ type: Boolean })
  optedIn!: boolean;
  @ApiPropertyOptional({ type: String })
  optedInBy?: string;
  @ApiPropertyOptional({ type: String, format: 'date-time' })
  optedInAt?: string;
  @ApiPropertyOptional({ type: String, description: 'When goals are off' })
  note?: string;
  @ApiProperty({ type: () => [GoalProgressView] })
  goals!: GoalProgressView[];
}

/** GET /goals. */
export class GoalsResponse {
  @ApiProperty({ type: String, format: 'date-time' })
  asOf!: string;
  @ApiProperty({ type: () => [ClinicGoals] })
  clinics!: ClinicGoals[];
}
