// Types of the API answers the dashboard reads: names for the schemas of the live OpenAPI document, whose types
// openapi-typescript generates into api-types.ts (`npm run openapi:types`; a test fails when that file is stale).
import type { components } from './api-types.js';

type S = components['schemas'];

export type Status = NonNullable<S['ClinicFigures']['status']>;
export type Period = S['DatePeriod'];
/** A band as the clinic settings, the headline (`mixedClinicBands`) and a category (`source`) give it. */
export type Band = S['ClinicBand'] & { mixedClinicBands?: boolean; source?: S['CategoryFiguresBand']['source'] };
export type DowntimePart = S['DowntimeShare'];
export type DowntimeByReason = S['DowntimeByReason'];
/** The headline figures of a period (the current and previous one carry the interval; a clinic's do not). */
export type Figures = Omit<S['ClinicFigures'], 'clinicId'> & Partial<Pick<S['HeadlinePeriodFigures'], 'utilizationRateInterval95'>>;
export type Change = S['Change'];
export type Headline = S['Headline'];
export type ChairRow = S['ChairRow'];
export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}
export type SegmentKind = S['TimelineSegment']['kind'];
export type Timeline = S['Timeline'];
export type TrendPoint = S['TrendPoint'];
export type TrendSeries = S['TrendSeries'];
export type Trends = S['Trends'];
export type Distribution = S['ProviderFigureDistribution'];
export type TeamDistribution = S['ReportProviderGroup'];
export type ProviderFigures = Omit<S['ReportProvider'], 'providerId' | 'name' | 'role'>;
export type ProviderSection = S['ReportProviders'];
export type HeatCell = S['HourCell'];
export type Span = S['HourSpan'];
export type Report = S['Report'];
export type ApiError = S['ErrorBody'];
export type Position = NonNullable<S['ProviderSummary']['teamPosition']['patientsSeen']>;
export type ProviderSummary = S['ProviderSummary'];
export type DataSource = S['DataSource'];

/**
 * A suggestion or risk as the dashboard lists it: the report's (`kind`, `severity`, `text`, weekday name) and the
 * capacity analysis's (`type`, `priority`, `title`, `detail`, ISO weekday) brought to one shape by the dashboard.
 */
export interface Suggestion {
  clinicId: string;
  kind: string;
  severity?: S['ReportSuggestion']['severity'];
  /** a short heading (capacity suggestions have one); `text` is then the explanation */
  title?: string;
  text: string;
  chairs?: string[];
  weekday?: string | number;
  /** local clock hours, `to` exclusive: the same shape in /report and /capacity */
  hours?: S['HoursRange'];
  /** chair-hours over the period (report) or over the days named (capacity) */
  chairHours?: number;
  chairHoursPerWeek?: number;
  date?: string;
}
