import { Prisma } from '../database/prisma.service.js';
import { blockTouches, hoursInForce, sessionTouches } from '../domain/day.sql.js';

/** The day rules as constant SQL (src/domain/day.sql.ts): the hours in force, and which sessions and blocks touch the day. */
const HOURS = Prisma.raw(hoursInForce('d.clinic_id', 'd.resource_id', 'd.date'));
const SESSION_ON_DAY = Prisma.raw(sessionTouches('x', 'w.day_start', 'w.day_end'));
const BLOCK_ON_DAY = Prisma.raw(blockTouches('x', 'w.day_start', 'w.day_end'));

/**
 * One resource-day as a timeline (drill-down, SPEC §5): the opening windows, every session and block, and the
 * day cut into labelled segments by the same rules and precedence as the engine (src/rollup/engine-sql.ts):
 * used > maintenance > blocked > no-show > gap inside the available time, and overtime outside it; the hours in force
 * and which sessions and blocks touch the day come from the same fragments (src/domain/day.sql.ts).
 * The statement for one resource id and local date (both sent as values).
 */
export const timelineSql = (resourceId: string, date: string): Prisma.Sql => Prisma.sql`
WITH d AS (
  SELECT r.id AS resource_id, r.clinic_id, r.name, r.kind::text AS kind, c.time_zone AS tz, ${date}::date AS date,
         (${date}::date::timestamp AT TIME ZONE c.time_zone) AS day_start, ((${date}::date + 1)::timestamp AT TIME ZONE c.time_zone) AS day_end
  FROM resource r JOIN clinic c ON c.id = r.clinic_id WHERE r.id = ${resourceId}
),
w AS (
  SELECT d.*, coalesce(h.windows, '[]'::jsonb) AS windows, h.source AS hours_source
  FROM d CROSS JOIN LATERAL ${HOURS} h
),
s AS (
  SELECT x.*, greatest(coalesce(x.used_start, x.scheduled_start), w.day_start) AS us, least(coalesce(x.used_end, x.scheduled_end), w.day_end) AS ue,
         greatest(x.scheduled_start, w.day_start) AS ss, least(x.scheduled_end, w.day_end) AS se
  FROM w JOIN chair_session x ON x.resource_id = w.resource_id AND ${SESSION_ON_DAY}
),
b AS (
  SELECT x.*, greatest(x.start_at, w.day_start) AS bs, least(x.end_at, w.day_end) AS be
  FROM w JOIN block x ON x.resource_id = w.resource_id AND ${BLOCK_ON_DAY}
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
