import { Injectable } from '@nestjs/common';
import { Database } from '../database/database.module.js';
import { decodeCursor, encodeCursor, round, type ChairsQuery, type ProvidersQuery } from './query.js';

const MINUTE_FIELDS = [
  ['availableMinutes', 'available_minutes'],
  ['usedMinutes', 'used_minutes'],
  ['blockedMinutes', 'blocked_minutes'],
  ['downtimeMinutes', 'downtime_minutes'],
  ['maintenanceMinutes', 'maintenance_minutes'],
  ['noShowMinutes', 'no_show_minutes'],
  ['gapMinutes', 'gap_minutes'],
  ['overtimeMinutes', 'overtime_minutes'],
  ['bookedMinutes', 'booked_minutes'],
  ['lateCancelMinutes', 'late_cancel_minutes'],
  ['shortGapMinutes', 'short_gap_minutes'],
  ['avgTurnoverMinutes', 'avg_turnover_minutes'],
  ['turnoverMinutesTotal', 'turnover_minutes_total'],
  ['overlapMinutes', 'overlap_minutes'],
] as const;
const RATE_FIELDS = [
  ['utilizationRate', 'utilization_rate'],
  ['scheduledUtilizationRate', 'scheduled_utilization_rate'],
] as const;
const COUNT_FIELDS = [
  ['appointmentCount', 'appointment_count'],
  ['noShowCount', 'no_show_count'],
  ['turnoverCount', 'turnover_count'],
  ['turnoverSamples', 'turnover_samples'],
  ['missingActualCount', 'missing_actual_count'],
] as const;

/** Column order of the chair rows (JSON keys and CSV headers). */
export const CHAIR_COLUMNS = ['clinicId', 'resourceId', 'resourceName', 'kind', 'granularity', 'date', 'periodEnd', 'days',
  ...MINUTE_FIELDS.map(([k]) => k), ...RATE_FIELDS.map(([k]) => k), ...COUNT_FIELDS.map(([k]) => k)];

const PERIOD_END: Record<string, string> = {
  day: 't.date',
  week: "(t.period_start + 6)",
  month: "(t.period_start + interval '1 month - 1 day')::date",
};

/** Reads the daily rows and the weekly/monthly rollups (SPEC §6 "Daily rows"), keyset-paged. */
@Injectable()
export class RowsService {
  constructor(private readonly db: Database) {}

  async chairs(q: ChairsQuery, clinics: string[] | null) {
    const day = q.granularity === 'day';
    const table = day ? 'resource_utilization' : 'resource_rollup';
    const dateCol = day ? 't.date' : 't.period_start';
    const after = decodeCursor(q.cursor, 3);
    const params: unknown[] = [q.from, q.to, clinics, q.resourceId ?? null, q.kind ?? null, q.limit + 1];
    let where = `${dateCol} BETWEEN ${day ? '$1::date' : q.granularity === 'week' ? "date_trunc('week', $1::date)::date" : "date_trunc('month', $1::date)::date"} AND $2::date
      AND ($3::text[] IS NULL OR t.clinic_id = ANY($3::text[]))
      AND ($4::text[] IS NULL OR t.resource_id = ANY($4::text[]))
      AND ($5::text IS NULL OR r.kind::text = $5::text)`;
    if (!day) where += ` AND t.period = '${q.granularity}'`;
    if (after) {
      params.push(after[0], after[1], after[2]);
      where += ` AND (${dateCol}, t.clinic_id, t.resource_id) > ($7::date, $8::text, $9::text)`;
    }
    const rows = await this.db.sql.query<Record<string, unknown>>(
      `SELECT t.clinic_id, t.resource_id, r.name AS resource_name, r.kind::text AS kind, ${dateCol}::text AS date, ${PERIOD_END[q.granularity]}::text AS period_end,
              ${day ? '1' : 't.days'} AS days,
              ${[...MINUTE_FIELDS, ...RATE_FIELDS].map(([, c]) => `t.${c}::float8 AS ${c}`).join(', ')},
              ${COUNT_FIELDS.map(([, c]) => `t.${c}::int AS ${c}`).join(', ')}
       FROM ${table} t JOIN resource r ON r.id = t.resource_id
       WHERE ${where}
       ORDER BY ${dateCol}, t.clinic_id, t.resource_id
       LIMIT $6`,
      params,
    );
    const more = rows.length > q.limit;
    const page = rows.slice(0, q.limit);
    const items = page.map((r) => ({
      clinicId: r.clinic_id as string,
      resourceId: r.resource_id as string,
      resourceName: r.resource_name as string,
      kind: r.kind as string,
      granularity: q.granularity,
      date: r.date as string,
      periodEnd: r.period_end as string,
      days: Number(r.days),
      ...Object.fromEntries(MINUTE_FIELDS.map(([k, c]) => [k, round(r[c] as number | null, 2)])),
      ...Object.fromEntries(RATE_FIELDS.map(([k, c]) => [k, round(r[c] as number | null, 4)])),
      ...Object.fromEntries(COUNT_FIELDS.map(([k, c]) => [k, r[c] as number])),
    }));
    const last = page[page.length - 1];
    return { items, nextCursor: more && last ? encodeCursor([last.date as string, last.clinic_id as string, last.resource_id as string]) : null };
  }

  async providers(q: ProvidersQuery, clinics: string[] | null) {
    const day = q.granularity === 'day';
    const table = day ? 'provider_productivity' : 'provider_rollup';
    const dateCol = day ? 't.date' : 't.period_start';
    const after = decodeCursor(q.cursor, 3);
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
              ${day ? '1' : 't.days'} AS days, t.patients_scheduled::int, t.patients_seen::int, t.no_show_count::int, t.procedures_completed::int,
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
}
