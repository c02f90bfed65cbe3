// Types of the API answers the dashboard reads (the live OpenAPI document at /api/docs-json is the source of truth).

export type Status = 'low' | 'below-target' | 'on-target' | 'high' | 'overbooking-risk';

export interface Period {
  from: string;
  to: string;
  days: number;
}

export interface Band {
  lowThreshold: number;
  targetLow: number;
  targetHigh: number;
  riskThreshold: number;
  mixedClinicBands?: boolean;
}

export interface DowntimePart {
  minutes: number;
  share: number | null;
}

export interface DowntimeByReason {
  maintenance: DowntimePart;
  noShow: DowntimePart;
  gap: DowntimePart & { lateCancelMinutes?: number; shortGapMinutes?: number };
}

export interface Figures {
  days: number;
  chairDays: number;
  availableMinutes: number;
  availableChairHours: number;
  usedMinutes: number;
  blockedMinutes: number;
  downtimeMinutes: number;
  overtimeMinutes: number;
  bookedMinutes: number;
  utilizationRate: number | null;
  scheduledUtilizationRate: number | null;
  status: Status | null;
  downtimeByReason: DowntimeByReason;
  turnover: { count: number; avgMinutes: number | null };
  appointments: number;
  noShowCount: number;
  noShowRate: number | null;
  utilizationRateInterval95?: { low: number; high: number } | null;
}

export interface Change {
  absolute: number | null;
  relative: number | null;
}

export interface Headline {
  clinicIds: string[];
  period: Period;
  previousPeriod: Period;
  band: Band;
  definitions: Record<string, string>;
  current: Figures;
  previous: Figures;
  change: {
    utilizationRate?: Change;
    scheduledUtilizationRate?: Change;
    downtimeMinutes?: Change;
    noShowRate?: Change;
    appointments?: Change;
    utilizationRateChangeSignificant?: boolean;
  };
  confidence: { lowVolume: boolean; basis?: string; note?: string };
  dataQuality: { rating: 'good' | 'fair' | 'poor'; notes: string[] };
  perClinic?: (Figures & { clinicId: string })[];
}

/** One item of /chairs (and of the report's resources): a resource over a day, week, month or the whole period. */
export interface ChairRow {
  clinicId: string;
  resourceId: string;
  resourceName: string;
  kind: 'CHAIR' | 'ROOM';
  granularity?: string;
  date: string;
  periodEnd?: string;
  availableMinutes: number;
  usedMinutes: number;
  blockedMinutes: number;
  downtimeMinutes: number;
  maintenanceMinutes: number;
  noShowMinutes: number;
  gapMinutes: number;
  overtimeMinutes?: number;
  bookedMinutes?: number;
  utilizationRate: number | null;
  scheduledUtilizationRate?: number | null;
  appointmentCount?: number;
  noShowCount?: number;
  turnoverCount?: number;
  status: Status | null;
  clinicMedianUtilizationRate?: number | null;
  target?: { low: number; high: number };
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export type SegmentKind = 'used' | 'maintenance' | 'blocked' | 'noShow' | 'gap' | 'overtime';

export interface Timeline {
  resource: { resourceId: string; clinicId: string; name: string; kind: string; timeZone: string; date: string; windows: [string, string][]; hoursSource: string };
  available: { start: string; end: string }[];
  segments: { kind: SegmentKind; start: string; end: string; minutes: number }[];
  sessions: {
    externalId: string;
    providerId: string | null;
    patientRef: string;
    status: string;
    scheduledStart: string;
    scheduledEnd: string;
    actualStart: string | null;
    actualEnd: string | null;
    cancelledAt: string | null;
    procedures: number | null;
  }[];
  blocks: { externalId: string; start: string; end: string; reason: string }[];
  segmentMinutes?: Record<string, number>;
  metrics?: Record<string, unknown> | null;
}

export interface TrendPoint {
  periodStart: string;
  periodEnd: string;
  value: number | null;
  change: Change;
  movingAverage: number | null;
  suppressed: boolean;
}

export interface TrendSeries {
  groupId: string | null;
  groupName: string | null;
  points: TrendPoint[];
  trend?: { direction: 'up' | 'down' | 'flat'; significant: boolean; slope: number | null } | null;
}

export interface Trends {
  metric: string;
  unit: string;
  granularity: string;
  series: TrendSeries[];
}

export interface Distribution {
  count: number;
  p25: number;
  median: number;
  p75: number;
}

export interface TeamDistribution {
  providers: number;
  suppressed: boolean;
  reason?: string;
  figures?: Record<string, Distribution | null>;
}

export interface ProviderFigures {
  patientsSeen: number;
  patientsScheduled: number;
  noShowRate: number | null;
  proceduresCompleted: number;
  chairHours: number;
  productionValue: number | null;
  productionPerScheduledHour: number | null;
}

export interface ProviderSection {
  privacy: string;
  team: TeamDistribution;
  byRole: Record<string, TeamDistribution>;
  /** only with ops:view_provider_detail; ordered by name, never ranked */
  individuals?: ({ providerId: string; name: string; role: string } & ProviderFigures)[];
}

export interface HeatCell {
  weekday: number;
  hour: number;
  availableChairHours: number;
  usedChairHours: number;
  bookedChairHours?: number;
  utilizationRate: number | null;
  mark: 'peak' | 'low' | 'normal';
  weeks?: number;
}

export interface Span {
  weekday: number;
  fromHour: number;
  toHour: number;
  utilizationRate: number | null;
  availableChairHours: number;
  usedChairHours: number;
  label: string;
}

export interface Suggestion {
  clinicId: string;
  kind: string;
  severity?: 'info' | 'warning' | 'risk';
  /** a short heading (capacity suggestions have one); `text` is then the explanation */
  title?: string;
  text: string;
  chairs?: string[];
  weekday?: string | number;
  /** local clock hours, `to` exclusive: the same shape in /report and /capacity */
  hours?: { from: string; to: string };
  /** chair-hours over the period (report) or over the days named (capacity) */
  chairHours?: number;
  chairHoursPerWeek?: number;
  date?: string;
}

export interface Report {
  period: Period;
  clinicIds: string[];
  summary: { band: Band; current: Figures };
  resources: ChairRow[];
  providers: ProviderSection;
  clinics: { clinicId: string; status: Status | null; utilizationRate: number | null; peakLow: { grid: HeatCell[]; peaks: Span[]; lows: Span[] } }[];
  suggestions: Suggestion[];
  risks: Suggestion[];
}

export interface ApiError {
  statusCode: number;
  error: string;
  message: string;
  requestId?: string;
}

export type Position = 'below-p25' | 'p25-median' | 'median-p75' | 'above-p75';

/** One item of /providers?view=summary (needs ops:view_provider_detail): the period, the provider's own previous one, team positions. */
export interface ProviderSummary {
  providerId: string;
  providerName: string;
  role: string;
  clinicIds: string[];
  figures: Record<string, number | null>;
  previous: Record<string, number | null> | null;
  change: Record<string, Change> | null;
  teamPosition: Record<string, Position | null> | null;
  rolePosition: Record<string, Position | null> | null;
}

/** GET /api/v1/ops/sources: one data source (an Open Dental database) and its last sync. */
export interface DataSource {
  id: string;
  kind: string;
  configured: boolean;
  every: number | null;
  lastSuccessAt: string | null;
  lastFinishedAt: string | null;
  lagSeconds: number | null;
  lastError: string | null;
  watermarks: Record<string, string>;
  lastSync: { mode: string | null; seconds: number | null; counts: Record<string, { read: number; created: number; updated: number; unchanged: number; warnings: number }>; warnings: string[] } | null;
}
