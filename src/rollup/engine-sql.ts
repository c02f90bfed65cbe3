import type { Prisma } from '../generated/prisma/client.js';
import { sqlText } from '../database/bind.js';
import { blockTouches, hoursInForce, sessionTouches } from '../domain/day.sql.js';
import { LATE_CANCEL_INTERVAL_SQL, TURNOVER_MAX_PAUSE_SQL } from '../domain/rules.js';

/**
 * The daily utilization engine of SPEC §2–3 as set-based PostgreSQL (runs unchanged on PGlite).
 *
 * One statement computes a batch of clinic-days (computeDaysSql): $1 text[] clinic ids and $2 date[] local dates
 * (parallel arrays). It writes resource_utilization, resource_hourly and provider_productivity with
 * INSERT … ON CONFLICT DO UPDATE … WHERE … IS DISTINCT FROM (a re-run writes nothing), and deletes rows
 * of those clinic-days that no longer have a source (a chair deactivated, a provider's sessions moved).
 *
 * Definitions (SPEC §2), per resource and local day [day_start, day_end):
 *   A = opening windows in force (resource exception > clinic exception > resource hours version > clinic hours version:
 *       the SQL function ut_hours_in_force, src/domain/day.sql.ts)
 *   U = union of COMPLETED/IN_PROGRESS intervals (the actual times the intake policy keeps — used_start/used_end, see
 *       src/intake/policy.ts — and the scheduled times where an actual is missing or ignored), clipped to the day
 *   M = MAINTENANCE blocks, B = other blocks, N = NO_SHOW scheduled intervals, S = scheduled intervals of non-cancelled sessions
 *   used = |U∩A|, maintenance = |M∩A−U|, blocked = |B∩A−U−M|, noShow = |N∩A−U−M−B|, gap = |A−U−M−B−N|,
 *   overtime = |U−A|, booked = |S∩A|, lateCancel = |LC ∩ gap|, shortGap = gap runs shorter than the clinic's minimum slot.
 *   The rule constants (late-cancel window, turnover pause) come from src/domain/rules.ts.
 * Session and block intervals are split at local midnight; counts go to the day a session starts.
 *
 * Index use: sessions are found by (resource_id, span_start) with span_start ≥ day_start − 2 days
 * (a session lasts ≤ 24 h and its actual start is within 24 h of its scheduled start, so its span is ≤ 48 h);
 * blocks by (resource_id, start_at) with start_at ≥ day_start − 32 days (blocks last ≤ 31 days).
 */
/**
 * Real elapsed minutes covered by a multirange, inlined (a SQL function call per value costs twice as much,
 * and summing intervals is cheaper than extracting epochs per range).
 */
const M = (mr: string) => `(extract(epoch FROM (SELECT coalesce(sum(upper(r) - lower(r)), interval '0') FROM unnest(${mr}) AS r))::float8 / 60)`;
/** Minutes in the ranges of a multirange shorter than `minMinutes` (idle runs too short to sell). */
const SHORT = (mr: string, minMinutes: string) =>
  `(extract(epoch FROM (SELECT coalesce(sum(upper(r) - lower(r)) FILTER (WHERE upper(r) - lower(r) < make_interval(secs => ${minMinutes} * 60)), interval '0') FROM unnest(${mr}) AS r))::float8 / 60)`;

const COMPUTE_DAYS_SQL = `
WITH cd AS MATERIALIZED (
  SELECT c.id AS clinic_id, x.d AS date, c.time_zone AS tz, c.min_slot_minutes::float8 AS min_slot,
         (x.d::timestamp AT TIME ZONE c.time_zone) AS day_start,
         ((x.d + 1)::timestamp AT TIME ZONE c.time_zone) AS day_end
  FROM unnest($1::text[], $2::date[]) AS x(clinic_id, d)
  JOIN clinic c ON c.id = x.clinic_id
),
rd AS MATERIALIZED (
  SELECT cd.*, r.id AS resource_id,
    ut_windows(h.windows, cd.date, cd.tz) AS a
  FROM cd
  JOIN resource r ON r.clinic_id = cd.clinic_id
  CROSS JOIN LATERAL ${hoursInForce('cd.clinic_id', 'r.id', 'cd.date')} h
  WHERE r.active
     OR EXISTS (SELECT 1 FROM chair_session s WHERE s.resource_id = r.id AND ${sessionTouches('s', 'cd.day_start', 'cd.day_end')})
     OR EXISTS (SELECT 1 FROM block b WHERE b.resource_id = r.id AND ${blockTouches('b', 'cd.day_start', 'cd.day_end')})
),
sx AS MATERIALIZED (
  -- every session touching a resource-day, with its intervals clipped to the day
  SELECT rd.clinic_id, rd.resource_id, rd.date, s.external_id, s.provider_id, s.patient_ref, s.status::text AS status,
         s.procedures, s.production_value, s.scheduled_start, s.scheduled_end, s.used_start, cardinality(s.warnings) > 0 AS warned,
         coalesce(s.used_start, s.scheduled_start) AS eff_start,
         coalesce(s.used_end, s.scheduled_end) AS eff_end,
         greatest(coalesce(s.used_start, s.scheduled_start), rd.day_start) AS us,
         least(coalesce(s.used_end, s.scheduled_end), rd.day_end) AS ue,
         greatest(s.scheduled_start, rd.day_start) AS ss,
         least(s.scheduled_end, rd.day_end) AS se,
         (coalesce(s.used_start, s.scheduled_start) >= rd.day_start AND coalesce(s.used_start, s.scheduled_start) < rd.day_end) AS starts_today,
         (s.status = 'CANCELLED' AND s.cancelled_at IS NOT NULL AND s.cancelled_at > s.scheduled_start - ${LATE_CANCEL_INTERVAL_SQL}) AS late_cancel
  FROM rd
  -- LATERAL: one index range scan per resource-day, never a hash join over the whole table
  CROSS JOIN LATERAL (
    SELECT * FROM chair_session s0 WHERE s0.resource_id = rd.resource_id
      AND ${sessionTouches('s0', 'rd.day_start', 'rd.day_end')}
    OFFSET 0) s
),
sagg AS (
  SELECT clinic_id, resource_id, date,
    range_agg(tstzrange(us, ue)) FILTER (WHERE status IN ('COMPLETED', 'IN_PROGRESS') AND us < ue) AS u,
    sum(extract(epoch FROM ue - us)) FILTER (WHERE status IN ('COMPLETED', 'IN_PROGRESS') AND us < ue) / 60 AS u_raw,
    range_agg(tstzrange(ss, se)) FILTER (WHERE status = 'NO_SHOW' AND ss < se) AS n,
    range_agg(tstzrange(ss, se)) FILTER (WHERE status <> 'CANCELLED' AND ss < se) AS s,
    range_agg(tstzrange(ss, se)) FILTER (WHERE late_cancel AND ss < se) AS lc,
    count(*) FILTER (WHERE starts_today AND status <> 'CANCELLED')::int AS appointment_count,
    count(*) FILTER (WHERE starts_today AND status = 'NO_SHOW')::int AS no_show_count,
    count(*) FILTER (WHERE starts_today AND status IN ('COMPLETED', 'IN_PROGRESS') AND used_start IS NULL)::int AS missing_actual_count,
    count(*) FILTER (WHERE starts_today AND warned)::int AS warning_count
  FROM sx GROUP BY clinic_id, resource_id, date
),
turn AS (
  SELECT clinic_id, resource_id, date,
    count(*) FILTER (WHERE changed)::int AS turnover_count,
    coalesce(sum(pause) FILTER (WHERE changed AND pause <= ${TURNOVER_MAX_PAUSE_SQL}), 0)::float8 AS turnover_minutes_total,
    count(*) FILTER (WHERE changed AND pause <= ${TURNOVER_MAX_PAUSE_SQL})::int AS turnover_samples
  FROM (
    SELECT clinic_id, resource_id, date,
      (lag(patient_ref) OVER w IS NOT NULL AND lag(patient_ref) OVER w <> patient_ref) AS changed,
      greatest(extract(epoch FROM eff_start - lag(eff_end) OVER w) / 60, 0) AS pause
    FROM sx WHERE status = 'COMPLETED' AND starts_today
    WINDOW w AS (PARTITION BY clinic_id, resource_id, date ORDER BY eff_start, external_id)
  ) t
  GROUP BY clinic_id, resource_id, date
),
bagg AS (
  SELECT rd.clinic_id, rd.resource_id, rd.date,
    range_agg(tstzrange(greatest(b.start_at, rd.day_start), least(b.end_at, rd.day_end))) FILTER (WHERE b.reason = 'MAINTENANCE') AS m,
    range_agg(tstzrange(greatest(b.start_at, rd.day_start), least(b.end_at, rd.day_end))) FILTER (WHERE b.reason <> 'MAINTENANCE') AS b
  FROM rd
  CROSS JOIN LATERAL (
    SELECT * FROM block b0 WHERE b0.resource_id = rd.resource_id
      AND ${blockTouches('b0', 'rd.day_start', 'rd.day_end')}
    OFFSET 0) b
  GROUP BY rd.clinic_id, rd.resource_id, rd.date
),
sets AS MATERIALIZED (
  SELECT rd.clinic_id, rd.resource_id, rd.date, rd.tz, rd.min_slot, rd.a,
    coalesce(sg.u, '{}') AS u, coalesce(bg.m, '{}') AS m, coalesce(bg.b, '{}') AS b, coalesce(sg.n, '{}') AS n,
    coalesce(sg.s, '{}') AS s, coalesce(sg.lc, '{}') AS lc, coalesce(sg.u_raw, 0) AS u_raw,
    coalesce(sg.appointment_count, 0) AS appointment_count, coalesce(sg.no_show_count, 0) AS no_show_count,
    coalesce(sg.missing_actual_count, 0) AS missing_actual_count, coalesce(sg.warning_count, 0) AS warning_count,
    coalesce(t.turnover_count, 0) AS turnover_count, coalesce(t.turnover_minutes_total, 0) AS turnover_minutes_total,
    coalesce(t.turnover_samples, 0) AS turnover_samples
  FROM rd
  LEFT JOIN sagg sg USING (clinic_id, resource_id, date)
  LEFT JOIN bagg bg USING (clinic_id, resource_id, date)
  LEFT JOIN turn t USING (clinic_id, resource_id, date)
),
parts AS (
  SELECT s.*, s.u * s.a AS used_mr, s.s * s.a AS sa, s.u + s.m AS um, s.u + s.m + s.b AS umb,
         s.a - (s.u + s.m + s.b + s.n) AS gap_mr
  FROM sets s
),
metrics AS MATERIALIZED (
  SELECT clinic_id, resource_id, date,
    ${M(`a`)} AS available_minutes,
    ${M(`used_mr`)} AS used_minutes,
    ${M(`(m * a) - u`)} AS maintenance_minutes,
    ${M(`(b * a) - um`)} AS blocked_minutes,
    ${M(`(n * a) - umb`)} AS no_show_minutes,
    ${M(`gap_mr`)} AS gap_minutes,
    ${M(`u - a`)} AS overtime_minutes,
    ${M(`sa`)} AS booked_minutes,
    ${M(`lc * gap_mr`)} AS late_cancel_minutes,
    ${SHORT(`gap_mr`, `min_slot`)} AS short_gap_minutes,
    appointment_count, no_show_count, turnover_count, turnover_minutes_total, turnover_samples, missing_actual_count, warning_count,
    greatest(u_raw - ${M(`u`)}, 0) AS overlap_minutes
  FROM parts
),
final AS MATERIALIZED (
  SELECT m.*,
    m.maintenance_minutes + m.no_show_minutes + m.gap_minutes AS downtime_minutes,
    CASE WHEN m.available_minutes > 0 THEN m.used_minutes / m.available_minutes END AS utilization_rate,
    CASE WHEN m.available_minutes > 0 THEN m.booked_minutes / m.available_minutes END AS scheduled_utilization_rate,
    CASE WHEN m.turnover_samples > 0 THEN m.turnover_minutes_total / m.turnover_samples END AS avg_turnover_minutes
  FROM metrics m
),
ins_ru AS (
  INSERT INTO resource_utilization AS t (clinic_id, resource_id, date, available_minutes, used_minutes, blocked_minutes, downtime_minutes,
    maintenance_minutes, no_show_minutes, gap_minutes, overtime_minutes, booked_minutes, late_cancel_minutes, short_gap_minutes,
    utilization_rate, scheduled_utilization_rate, appointment_count, no_show_count, turnover_count, turnover_minutes_total,
    turnover_samples, avg_turnover_minutes, missing_actual_count, warning_count, overlap_minutes, computed_at)
  SELECT clinic_id, resource_id, date, available_minutes, used_minutes, blocked_minutes, downtime_minutes,
    maintenance_minutes, no_show_minutes, gap_minutes, overtime_minutes, booked_minutes, late_cancel_minutes, short_gap_minutes,
    utilization_rate, scheduled_utilization_rate, appointment_count, no_show_count, turnover_count, turnover_minutes_total,
    turnover_samples, avg_turnover_minutes, missing_actual_count, warning_count, overlap_minutes, now()
  FROM final
  ON CONFLICT (clinic_id, resource_id, date) DO UPDATE SET
    available_minutes = EXCLUDED.available_minutes, used_minutes = EXCLUDED.used_minutes, blocked_minutes = EXCLUDED.blocked_minutes,
    downtime_minutes = EXCLUDED.downtime_minutes, maintenance_minutes = EXCLUDED.maintenance_minutes, no_show_minutes = EXCLUDED.no_show_minutes,
    gap_minutes = EXCLUDED.gap_minutes, overtime_minutes = EXCLUDED.overtime_minutes, booked_minutes = EXCLUDED.booked_minutes,
    late_cancel_minutes = EXCLUDED.late_cancel_minutes, short_gap_minutes = EXCLUDED.short_gap_minutes,
    utilization_rate = EXCLUDED.utilization_rate, scheduled_utilization_rate = EXCLUDED.scheduled_utilization_rate,
    appointment_count = EXCLUDED.appointment_count, no_show_count = EXCLUDED.no_show_count, turnover_count = EXCLUDED.turnover_count,
    turnover_minutes_total = EXCLUDED.turnover_minutes_total, turnover_samples = EXCLUDED.turnover_samples,
    avg_turnover_minutes = EXCLUDED.avg_turnover_minutes, missing_actual_count = EXCLUDED.missing_actual_count,
    warning_count = EXCLUDED.warning_count, overlap_minutes = EXCLUDED.overlap_minutes, computed_at = EXCLUDED.computed_at
  WHERE (t.available_minutes, t.used_minutes, t.blocked_minutes, t.downtime_minutes, t.maintenance_minutes, t.no_show_minutes, t.gap_minutes,
         t.overtime_minutes, t.booked_minutes, t.late_cancel_minutes, t.short_gap_minutes, t.utilization_rate, t.scheduled_utilization_rate,
         t.appointment_count, t.no_show_count, t.turnover_count, t.turnover_minutes_total, t.turnover_samples, t.avg_turnover_minutes,
         t.missing_actual_count, t.warning_count, t.overlap_minutes)
    IS DISTINCT FROM
        (EXCLUDED.available_minutes, EXCLUDED.used_minutes, EXCLUDED.blocked_minutes, EXCLUDED.downtime_minutes, EXCLUDED.maintenance_minutes,
         EXCLUDED.no_show_minutes, EXCLUDED.gap_minutes, EXCLUDED.overtime_minutes, EXCLUDED.booked_minutes, EXCLUDED.late_cancel_minutes,
         EXCLUDED.short_gap_minutes, EXCLUDED.utilization_rate, EXCLUDED.scheduled_utilization_rate, EXCLUDED.appointment_count,
         EXCLUDED.no_show_count, EXCLUDED.turnover_count, EXCLUDED.turnover_minutes_total, EXCLUDED.turnover_samples,
         EXCLUDED.avg_turnover_minutes, EXCLUDED.missing_actual_count, EXCLUDED.warning_count, EXCLUDED.overlap_minutes)
  RETURNING 1
),
del_ru AS (
  -- rows of these clinic-days that lost their source (EXCEPT hashes; NOT EXISTS over a CTE can go quadratic)
  DELETE FROM resource_utilization t USING (
    SELECT x.clinic_id, x.resource_id, x.date FROM resource_utilization x JOIN cd ON cd.clinic_id = x.clinic_id AND cd.date = x.date
    EXCEPT SELECT clinic_id, resource_id, date FROM final
  ) gone
  WHERE t.clinic_id = gone.clinic_id AND t.resource_id = gone.resource_id AND t.date = gone.date
  RETURNING 1
),
hours AS (
  SELECT p.clinic_id, p.resource_id, p.date, h.hour, h.hr
  FROM parts p
  CROSS JOIN LATERAL (
    SELECT g.hour, tstzrange((p.date + make_interval(hours => g.hour)) AT TIME ZONE p.tz,
                             (p.date + make_interval(hours => g.hour + 1)) AT TIME ZONE p.tz) AS hr
    FROM generate_series(
      CASE WHEN isempty(p.a) THEN 0 ELSE extract(hour FROM lower(p.a) AT TIME ZONE p.tz)::int END,
      CASE WHEN isempty(p.a) THEN -1 ELSE least(23, extract(hour FROM (upper(p.a) - interval '1 microsecond') AT TIME ZONE p.tz)::int) END) AS g(hour)
  ) h
),
hourly AS (
  SELECT h.clinic_id, h.resource_id, h.date, h.hour::smallint AS hour,
    ${M(`p.a * h.hr::tstzmultirange`)} AS available_minutes,
    ${M(`p.used_mr * h.hr::tstzmultirange`)} AS used_minutes,
    ${M(`p.sa * h.hr::tstzmultirange`)} AS booked_minutes
  FROM hours h JOIN parts p USING (clinic_id, resource_id, date)
),
hourly_nz AS MATERIALIZED (
  -- an hour of local time can repeat (autumn DST change): sum its two parts into one bucket
  SELECT clinic_id, resource_id, date, hour, sum(available_minutes) AS available_minutes, sum(used_minutes) AS used_minutes, sum(booked_minutes) AS booked_minutes
  FROM hourly WHERE available_minutes > 0 GROUP BY clinic_id, resource_id, date, hour
),
ins_rh AS (
  INSERT INTO resource_hourly AS t (clinic_id, resource_id, date, hour, available_minutes, used_minutes, booked_minutes)
  SELECT clinic_id, resource_id, date, hour, available_minutes, used_minutes, booked_minutes FROM hourly_nz
  ON CONFLICT (clinic_id, resource_id, date, hour) DO UPDATE SET
    available_minutes = EXCLUDED.available_minutes, used_minutes = EXCLUDED.used_minutes, booked_minutes = EXCLUDED.booked_minutes
  WHERE (t.available_minutes, t.used_minutes, t.booked_minutes) IS DISTINCT FROM (EXCLUDED.available_minutes, EXCLUDED.used_minutes, EXCLUDED.booked_minutes)
  RETURNING 1
),
del_rh AS (
  DELETE FROM resource_hourly t USING (
    SELECT x.clinic_id, x.resource_id, x.date, x.hour FROM resource_hourly x JOIN cd ON cd.clinic_id = x.clinic_id AND cd.date = x.date
    EXCEPT SELECT clinic_id, resource_id, date, hour FROM hourly_nz
  ) gone
  WHERE t.clinic_id = gone.clinic_id AND t.resource_id = gone.resource_id AND t.date = gone.date AND t.hour = gone.hour
  RETURNING 1
),
pres AS (
  SELECT clinic_id, provider_id, date, resource_id,
    ${M(`range_agg(tstzrange(us, ue)) FILTER (WHERE status = 'COMPLETED' AND us < ue)`)} AS chair_minutes
  FROM sx WHERE provider_id IS NOT NULL
  GROUP BY clinic_id, provider_id, date, resource_id
),
pcount AS (
  SELECT clinic_id, provider_id, date,
    count(DISTINCT patient_ref) FILTER (WHERE starts_today AND status <> 'CANCELLED')::int AS patients_scheduled,
    count(DISTINCT patient_ref) FILTER (WHERE starts_today AND status = 'COMPLETED')::int AS patients_seen,
    count(*) FILTER (WHERE starts_today AND status = 'NO_SHOW')::int AS no_show_count,
    coalesce(sum(procedures) FILTER (WHERE starts_today AND status = 'COMPLETED'), 0)::int AS procedures_completed,
    coalesce(sum(extract(epoch FROM scheduled_end - scheduled_start)) FILTER (WHERE starts_today AND status <> 'CANCELLED'), 0)::float8 / 60 AS scheduled_minutes,
    sum(production_value) FILTER (WHERE starts_today AND status = 'COMPLETED') AS production_value
  FROM sx WHERE provider_id IS NOT NULL
  GROUP BY clinic_id, provider_id, date
),
pchair AS (
  SELECT clinic_id, provider_id, date, coalesce(sum(chair_minutes), 0)::float8 AS chair_minutes FROM pres GROUP BY clinic_id, provider_id, date
),
pfinal AS MATERIALIZED (
  SELECT c.clinic_id, c.provider_id, c.date, c.patients_scheduled, c.patients_seen, c.no_show_count, c.procedures_completed,
    coalesce(pc.chair_minutes, 0)::float8 AS chair_minutes, c.scheduled_minutes, c.production_value
  FROM pcount c LEFT JOIN pchair pc USING (clinic_id, provider_id, date)
),
ins_pp AS (
  INSERT INTO provider_productivity AS t (clinic_id, provider_id, date, patients_scheduled, patients_seen, no_show_count, procedures_completed,
    chair_minutes, scheduled_minutes, production_value, computed_at)
  SELECT clinic_id, provider_id, date, patients_scheduled, patients_seen, no_show_count, procedures_completed, chair_minutes, scheduled_minutes, production_value, now()
  FROM pfinal
  ON CONFLICT (clinic_id, provider_id, date) DO UPDATE SET
    patients_scheduled = EXCLUDED.patients_scheduled, patients_seen = EXCLUDED.patients_seen, no_show_count = EXCLUDED.no_show_count,
    procedures_completed = EXCLUDED.procedures_completed, chair_minutes = EXCLUDED.chair_minutes, scheduled_minutes = EXCLUDED.scheduled_minutes,
    production_value = EXCLUDED.production_value, computed_at = EXCLUDED.computed_at
  WHERE (t.patients_scheduled, t.patients_seen, t.no_show_count, t.procedures_completed, t.chair_minutes, t.scheduled_minutes, t.production_value)
    IS DISTINCT FROM (EXCLUDED.patients_scheduled, EXCLUDED.patients_seen, EXCLUDED.no_show_count, EXCLUDED.procedures_completed,
                      EXCLUDED.chair_minutes, EXCLUDED.scheduled_minutes, EXCLUDED.production_value)
  RETURNING 1
),
del_pp AS (
  DELETE FROM provider_productivity t USING (
    SELECT x.clinic_id, x.provider_id, x.date FROM provider_productivity x JOIN cd ON cd.clinic_id = x.clinic_id AND cd.date = x.date
    EXCEPT SELECT clinic_id, provider_id, date FROM pfinal
  ) gone
  WHERE t.clinic_id = gone.clinic_id AND t.provider_id = gone.provider_id AND t.date = gone.date
  RETURNING 1
)
SELECT (SELECT count(*) FROM final)::int AS resource_days,
       (SELECT count(*) FROM ins_ru)::int AS resource_rows_written,
       (SELECT count(*) FROM del_ru)::int AS resource_rows_deleted,
       (SELECT count(*) FROM ins_rh)::int AS hourly_rows_written,
       (SELECT count(*) FROM del_rh)::int AS hourly_rows_deleted,
       (SELECT count(*) FROM pfinal)::int AS provider_days,
       (SELECT count(*) FROM ins_pp)::int AS provider_rows_written,
       (SELECT count(*) FROM del_pp)::int AS provider_rows_deleted,
       (SELECT count(*) FROM sx)::int AS session_days`;

const COMPUTE_DAYS = sqlText(COMPUTE_DAYS_SQL);

/** The statement for the clinic-days (clinicIds[i], dates[i]) (parallel arrays; dates are local YYYY-MM-DD). */
export function computeDaysSql(clinicIds: string[], dates: string[]): Prisma.Sql {
  return COMPUTE_DAYS(clinicIds, dates);
}
