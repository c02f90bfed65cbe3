import { Prisma } from '../database/prisma.service.js';
import { hoursInForce, sessionTouches } from '../domain/day.sql.js';

/**
 * The set-based SQL of the capacity route: one statement per kind of input, each over the whole window
 * (never a query per day). Dates are local dates of the clinic; instants come from `AT TIME ZONE`. Each is a function of
 * its values (sent as parameters, never in the text).
 */

/** The clinic's name, time zone and band. */
export const clinicSql = (clinicId: string): Prisma.Sql => Prisma.sql`
  SELECT c.id, c.name, c.time_zone AS "timeZone", c.low_threshold AS "lowThreshold", c.target_low AS "targetLow",
         c.target_high AS "targetHigh", c.risk_threshold AS "riskThreshold"
  FROM clinic c WHERE c.id = ${clinicId}`;

/** The clinic's resources. */
export const resourcesSql = (clinicId: string): Prisma.Sql =>
  Prisma.sql`SELECT id, kind::text AS kind, name, active FROM resource WHERE clinic_id = ${clinicId} ORDER BY id`;

/** Daily sums per resource kind, clinic, from..to local dates (history, and the actuals of replayed projections). */
export const dailySql = (clinicId: string, from: string, to: string): Prisma.Sql => Prisma.sql`
  SELECT u.date::text AS date, r.kind::text AS kind,
         sum(u.available_minutes)::float8 AS available, sum(u.used_minutes)::float8 AS used, sum(u.booked_minutes)::float8 AS booked
  FROM resource_utilization u JOIN resource r ON r.id = u.resource_id
  WHERE u.clinic_id = ${clinicId} AND u.date BETWEEN ${from}::date AND ${to}::date
  GROUP BY u.date, r.kind`;

/** Per resource and ISO weekday over the history window (from..to). */
export const resourceDowSql = (clinicId: string, from: string, to: string): Prisma.Sql => Prisma.sql`
  SELECT u.resource_id AS "resourceId", extract(isodow FROM u.date)::int AS dow,
         count(*) FILTER (WHERE u.available_minutes > 0)::int AS days,
         sum(u.available_minutes)::float8 AS available, sum(u.used_minutes)::float8 AS used, sum(u.booked_minutes)::float8 AS booked
  FROM resource_utilization u
  WHERE u.clinic_id = ${clinicId} AND u.date BETWEEN ${from}::date AND ${to}::date
  GROUP BY u.resource_id, extract(isodow FROM u.date)`;

/**
 * The weekday × local hour grid of clinics over from..to (the hourly buckets of the engine, which holds only hours with
 * available time), optionally of one kind of resource: chair minutes, resource-days with the hour open (resourceDays)
 * and local dates with the hour open at any of them (days). The one grid of /capacity and /report (src/capacity/heatmap.ts).
 */
export const hourlySql = (clinicIds: string[], from: string, to: string, kind: string | null): Prisma.Sql => Prisma.sql`
  -- two levels: each local date's hour first (hashed), then the weekday's hour over those dates; days = the dates
  -- with the hour open, without a count(DISTINCT) that sorts every resource-hour of the range
  SELECT extract(isodow FROM d.date)::int AS weekday, d.hour::int AS hour,
         sum(d.available)::float8 AS available, sum(d.used)::float8 AS used, sum(d.booked)::float8 AS booked,
         sum(d.n)::int AS "resourceDays", count(*)::int AS days
  FROM (
    SELECT h.date, h.hour, sum(h.available_minutes) AS available, sum(h.used_minutes) AS used, sum(h.booked_minutes) AS booked, count(*) AS n
    FROM resource_hourly h JOIN resource r ON r.id = h.resource_id
    WHERE h.clinic_id = ANY(${clinicIds}::text[]) AND h.date BETWEEN ${from}::date AND ${to}::date AND h.available_minutes > 0
      AND (${kind}::text IS NULL OR r.kind::text = ${kind}::text)
    GROUP BY h.date, h.hour) d
  GROUP BY 1, 2
  ORDER BY 1, 2`;

/** The day rules as constant SQL (src/domain/day.sql.ts), as the engine uses them. */
const CLINIC_HOURS = Prisma.raw(hoursInForce('cd.clinic_id', 'NULL::text', 'cd.date'));
const RESOURCE_HOURS = Prisma.raw(hoursInForce('ch.clinic_id', 'r.id', 'ch.date'));
const SESSION_ON_DAY = Prisma.raw(sessionTouches('s', 'rd.day_start', 'rd.day_end'));
const SESSION_IN_RANGE = Prisma.raw(sessionTouches('s', 'c.range_start', 'c.range_end'));

/**
 * Coming days (from..to): each active resource's available minutes by the engine's rules (the hours in force of
 * src/domain/day.sql.ts: resource exception > clinic exception > resource hours version > clinic hours version, turned
 * into instants by ut_windows, so DST days are right), and the minutes booked on it as known at `cutoff` (sessions the
 * service had seen by then and not cancelled by then; the union of their scheduled intervals within the
 * available time, as the engine's bookedMinutes). Rows with resource_id NULL carry the clinic-level hours
 * (the hours a chair added by a what-if would have).
 */
export const futureSql = (clinicId: string, from: string, to: string, cutoff: string): Prisma.Sql => Prisma.sql`
WITH cd AS MATERIALIZED (
  SELECT c.id AS clinic_id, g.d::date AS date, c.time_zone AS tz,
         (g.d::date::timestamp AT TIME ZONE c.time_zone) AS day_start, ((g.d::date + 1)::timestamp AT TIME ZONE c.time_zone) AS day_end
  FROM clinic c CROSS JOIN generate_series(${from}::date, ${to}::date, interval '1 day') AS g(d)
  WHERE c.id = ${clinicId}
),
ch AS MATERIALIZED (
  -- the clinic-level hours in force each day (what a chair without hours of its own has)
  SELECT cd.*, coalesce(h.windows, '[]'::jsonb) AS clinic_w
  FROM cd CROSS JOIN LATERAL ${CLINIC_HOURS} h
),
rw AS MATERIALIZED (
  -- the local windows of each resource-day (the jsonb only; most resources share the clinic's)
  SELECT ch.date, ch.tz, ch.day_start, ch.day_end, r.id AS resource_id, r.kind::text AS kind, coalesce(h.windows, '[]'::jsonb) AS w
  FROM ch
  JOIN resource r ON r.clinic_id = ch.clinic_id AND r.active
  CROSS JOIN LATERAL ${RESOURCE_HOURS} h
),
wd AS MATERIALIZED (
  -- each distinct (date, windows) turned into instants once
  SELECT u.date, u.w, u.a, ut_minutes(u.a) AS minutes
  FROM (SELECT d.date, d.w, ut_windows(d.w, d.date, d.tz) AS a FROM (SELECT DISTINCT date, w, tz FROM rw UNION SELECT date, clinic_w, tz FROM ch) d) u
),
rd AS MATERIALIZED (
  SELECT rw.date, rw.day_start, rw.day_end, rw.resource_id, rw.kind, wd.a, wd.minutes
  FROM rw JOIN wd ON wd.date = rw.date AND wd.w = rw.w
),
bk AS MATERIALIZED (
  SELECT rd.resource_id, rd.date,
         ut_minutes(range_agg(tstzrange(greatest(s.scheduled_start, rd.day_start), least(s.scheduled_end, rd.day_end))) * rd.a) AS booked
  FROM rd
  JOIN chair_session s ON s.resource_id = rd.resource_id AND ${SESSION_ON_DAY}
   AND s.scheduled_start < rd.day_end AND s.scheduled_end > rd.day_start
   AND s.booked_time <= ${cutoff}::timestamptz
   AND (s.status <> 'CANCELLED' OR s.cancelled_at > ${cutoff}::timestamptz)
  WHERE rd.minutes > 0
  GROUP BY rd.resource_id, rd.date, rd.a
)
SELECT rd.date::text AS date, rd.resource_id AS "resourceId", rd.kind, rd.minutes AS available, coalesce(bk.booked, 0)::float8 AS booked
FROM rd LEFT JOIN bk USING (resource_id, date)
UNION ALL
SELECT ch.date::text, NULL, NULL, wd.minutes, 0
FROM ch JOIN wd ON wd.date = ch.date AND wd.w = ch.clinic_w`;

/**
 * Booking lead times of the sessions of past days (from..to, local dates of their scheduled start), grouped:
 * days between the booking (booked_time: bookedAt as sent, else when the service first saw it) and the day, and between its cancellation
 * and the day. A cancelled session without a cancellation time counts as cancelled when it was first seen.
 */
export const leadsSql = (clinicId: string, from: string, to: string): Prisma.Sql => Prisma.sql`
WITH c AS (
  SELECT time_zone AS tz, (${from}::date::timestamp AT TIME ZONE time_zone) AS range_start, ((${to}::date + 1)::timestamp AT TIME ZONE time_zone) AS range_end
  FROM clinic WHERE id = ${clinicId}
),
s AS (
  SELECT (s.scheduled_start AT TIME ZONE c.tz)::date AS d, r.kind::text AS kind, s.status, s.booked_time, s.created_at, s.cancelled_at,
         extract(epoch FROM s.scheduled_end - s.scheduled_start)::float8 / 60 AS minutes, c.tz
  FROM chair_session s CROSS JOIN c JOIN resource r ON r.id = s.resource_id
  WHERE s.clinic_id = ${clinicId} AND ${SESSION_IN_RANGE}
    AND s.scheduled_start >= c.range_start AND s.scheduled_start < c.range_end
)
SELECT d::text AS date, kind,
       (d - (booked_time AT TIME ZONE tz)::date)::int AS "leadCreated",
       CASE WHEN status = 'CANCELLED' THEN (d - (coalesce(cancelled_at, created_at) AT TIME ZONE tz)::date)::int END AS "leadCancelled",
       sum(minutes)::float8 AS minutes
FROM s GROUP BY 1, 2, 3, 4`;

/**
 * The first local date from which bookings of the clinic are known being made: the earliest booking time (bookedAt as sent,
 * else when the service first saw a session). History loaded with bookedAt teaches the booking curve from its first day.
 */
export const watchStartSql = (clinicId: string): Prisma.Sql => Prisma.sql`
  SELECT ((SELECT min(s.booked_time) FROM chair_session s WHERE s.clinic_id = c.id) AT TIME ZONE c.time_zone)::date::text AS date
  FROM clinic c WHERE c.id = ${clinicId}`;

/** Median booked minutes of one provider-day over the history window (role: or null for any). */
export const providerDaySql = (clinicId: string, from: string, to: string, role: string | null): Prisma.Sql => Prisma.sql`
  SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY pp.scheduled_minutes)::float8 AS minutes, count(*)::int AS days
  FROM provider_productivity pp JOIN provider p ON p.id = pp.provider_id
  WHERE pp.clinic_id = ${clinicId} AND pp.date BETWEEN ${from}::date AND ${to}::date AND pp.scheduled_minutes > 0
    AND (${role}::text IS NULL OR lower(p.role) = lower(${role}::text))`;
