import { Prisma } from '../database/prisma.service.js';

/**
 * One resource-day as a timeline (drill-down, SPEC §5): the opening windows, every session and block, and the
 * day cut into labelled segments by the same rules and precedence as the engine (src/rollup/engine-sql.ts):
 * used > maintenance > blocked > no-show > gap inside the available time, and overtime outside it.
 * The statement for one resource id and local date (both sent as values).
 */
export const timelineSql = (resourceId: string, date: string): Prisma.Sql => Prisma.sql`
WITH d AS (
  SELECT r.id AS resource_id, r.clinic_id, r.name, r.kind::text AS kind, c.time_zone AS tz, ${date}::date AS date,
         (${date}::date::timestamp AT TIME ZONE c.time_zone) AS day_start, ((${date}::date + 1)::timestamp AT TIME ZONE c.time_zone) AS day_end,
         extract(isodow FROM ${date}::date)::int::text AS dow
  FROM resource r JOIN clinic c ON c.id = r.clinic_id WHERE r.id = ${resourceId}
),
w AS (
  SELECT d.*, coalesce(re.windows, ce.windows, CASE WHEN rh.hours IS NOT NULL THEN rh.hours -> d.dow END, ch.hours -> d.dow, '[]'::jsonb) AS windows,
         CASE WHEN re.windows IS NOT NULL THEN 'resource exception' WHEN ce.windows IS NOT NULL THEN 'clinic exception'
              WHEN rh.hours IS NOT NULL THEN 'resource hours' ELSE 'clinic hours' END AS hours_source
  FROM d
  LEFT JOIN resource_exception re ON re.resource_id = d.resource_id AND re.date = d.date
  LEFT JOIN clinic_exception ce ON ce.clinic_id = d.clinic_id AND ce.date = d.date
  LEFT JOIN LATERAL (SELECT h.hours FROM resource_hours h WHERE h.resource_id = d.resource_id AND h.effective_from <= d.date ORDER BY h.effective_from DESC LIMIT 1) rh ON true
  LEFT JOIN LATERAL (SELECT h.hours FROM clinic_hours h WHERE h.clinic_id = d.clinic_id AND h.effective_from <= d.date ORDER BY h.effective_from DESC LIMIT 1) ch ON true
),
s AS (
  SELECT x.*, greatest(coalesce(x.used_start, x.scheduled_start), w.day_start) AS us, least(coalesce(x.used_end, x.scheduled_end), w.day_end) AS ue,
         greatest(x.scheduled_start, w.day_start) AS ss, least(x.scheduled_end, w.day_end) AS se
  FROM w JOIN chair_session x ON x.resource_id = w.resource_id
   AND x.span_start >= w.day_start - interval '2 days' AND x.span_start < w.day_end AND x.span_end > w.day_start
),
b AS (
  SELECT x.*, greatest(x.start_at, w.day_start) AS bs, least(x.end_at, w.day_end) AS be
  FROM w JOIN block x ON x.resource_id = w.resource_id
   AND x.start_at >= w.day_start - interval '32 days' AND x.start_at < w.day_end AND x.end_at > w.day_start
),
sets AS (
  SELECT ut_windows(w.windows, w.date, w.tz) AS a,
    coalesce((SELECT range_agg(tstzrange(us, ue)) FROM s WHERE status IN ('COMPLETED', 'IN_PROGRESS') AND us < ue), '{}') AS u,
    coalesce((SELECT range_agg(tstzrange(bs, be)) FROM b WHERE reason = 'MAINTENANCE'), '{}') AS m,
    coalesce((SELECT range_agg(tstzrange(bs, be)) FROM b WHERE reason <> 'MAINTENANCE'), '{}') AS bl,
    coalesce((SELECT range_agg(tstzrange(ss, se)) FROM s WHERE status = 'NO_SHOW' AND ss < se), '{}') AS n
  FROM w
),
seg AS (
  SELECT 'used' AS kind, r FROM sets, unnest(u * a) r
  UNION ALL SELECT 'maintenance', r FROM sets, unnest((m * a) - u) r
  UNION ALL SELECT 'blocked', r FROM sets, unnest((bl * a) - (u + m)) r
  UNION ALL SELECT 'noShow', r FROM sets, unnest((n * a) - (u + m + bl)) r
  UNION ALL SELECT 'gap', r FROM sets, unnest(a - (u + m + bl + n)) r
  UNION ALL SELECT 'overtime', r FROM sets, unnest(u - a) r
)
SELECT
  (SELECT row_to_json(x) FROM (SELECT resource_id AS "resourceId", clinic_id AS "clinicId", name, kind, tz AS "timeZone", date::text AS date,
      (SELECT coalesce(jsonb_agg(jsonb_build_object('from', p.pair ->> 0, 'to', p.pair ->> 1) ORDER BY p.i), '[]'::jsonb)
         FROM jsonb_array_elements(windows) WITH ORDINALITY AS p(pair, i)) AS windows,
      hours_source AS "hoursSource" FROM w) x) AS resource,
  (SELECT coalesce(json_agg(json_build_object('start', lower(r), 'end', upper(r)) ORDER BY lower(r)), '[]') FROM sets, unnest(a) r) AS available,
  (SELECT coalesce(json_agg(json_build_object('kind', kind, 'start', lower(r), 'end', upper(r),
      'minutes', round((extract(epoch FROM upper(r) - lower(r)) / 60)::numeric, 2)) ORDER BY lower(r), kind), '[]') FROM seg) AS segments,
  (SELECT coalesce(json_agg(json_build_object('externalId', external_id, 'providerId', provider_id, 'patientRef', patient_ref, 'status', status,
      'scheduledStart', scheduled_start, 'scheduledEnd', scheduled_end, 'actualStart', actual_start, 'actualEnd', actual_end,
      'cancelledAt', cancelled_at, 'bookedAt', booked_at, 'procedures', procedures, 'warnings', warnings)
      ORDER BY coalesce(used_start, scheduled_start), external_id), '[]') FROM s) AS sessions,
  (SELECT coalesce(json_agg(json_build_object('externalId', external_id, 'reason', reason, 'start', start_at, 'end', end_at) ORDER BY start_at), '[]') FROM b) AS blocks
FROM w`;
