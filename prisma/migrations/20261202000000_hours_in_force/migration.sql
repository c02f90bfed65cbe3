-- The one home in SQL of "the hours in force on a day" (SPEC §1 availability, §2 A): a resource exception, else the
-- clinic's exception, else the resource's hours version in force that day (its weekday's windows), else the clinic's
-- hours version in force. The daily engine (src/rollup/engine-sql.ts), the timeline (src/utilization/timeline.sql.ts),
-- the capacity projection (src/capacity/capacity.sql.ts) and ut_clinic_close below all read the hours through it.
--
-- p_resource NULL: the clinic-level hours (what a chair without hours or exceptions of its own has).
-- windows: the local [start, end) windows (jsonb list of ["HH:MM","HH:MM"]), NULL when nothing is in force (closed).
-- source: which of the four the day's hours come from ('resource exception', 'clinic exception', 'resource hours',
--   'clinic hours'); 'resource hours' when the resource's hours version in force has hours (a version with none returns
--   the resource to the clinic's hours), also if it lists no windows for that weekday (then the clinic's are used).
--
-- Written as a set-returning LANGUAGE sql function (one row, not STRICT, STABLE) so that the planner inlines it where it
-- is called in FROM (CROSS JOIN LATERAL ut_hours_in_force(...)): no function call per row, and its joins join the
-- caller's (measured: scalar subqueries in place of the joins cost the engine's backfill about 30 %).
CREATE OR REPLACE FUNCTION ut_hours_in_force(p_clinic text, p_resource text, d date)
RETURNS TABLE (windows jsonb, source text)
LANGUAGE sql STABLE PARALLEL SAFE AS $$
  SELECT coalesce(re.windows, ce.windows, rh.hours -> x.dow, ch.hours -> x.dow) AS windows,
         CASE WHEN re.windows IS NOT NULL THEN 'resource exception' WHEN ce.windows IS NOT NULL THEN 'clinic exception'
              WHEN rh.hours IS NOT NULL THEN 'resource hours' ELSE 'clinic hours' END AS source
  FROM (SELECT extract(isodow FROM d)::int::text AS dow) x
  LEFT JOIN resource_exception re ON re.resource_id = p_resource AND re.date = d
  LEFT JOIN clinic_exception ce ON ce.clinic_id = p_clinic AND ce.date = d
  LEFT JOIN LATERAL (SELECT h.hours FROM resource_hours h WHERE h.resource_id = p_resource AND h.effective_from <= d ORDER BY h.effective_from DESC LIMIT 1) rh ON true
  LEFT JOIN LATERAL (SELECT h.hours FROM clinic_hours h WHERE h.clinic_id = p_clinic AND h.effective_from <= d ORDER BY h.effective_from DESC LIMIT 1) ch ON true
$$;

-- When a clinic's local day d is over: the end of its last clinic-level opening window that day (the clinic-level
-- hours in force, ut_hours_in_force with no resource), or the next local midnight when it is closed.
CREATE OR REPLACE FUNCTION ut_clinic_close(p_clinic text, d date) RETURNS timestamptz
LANGUAGE sql STABLE AS $$
  SELECT coalesce(upper(ut_windows(h.windows, d, c.time_zone)), (d + 1)::timestamp AT TIME ZONE c.time_zone)
  FROM clinic c CROSS JOIN LATERAL ut_hours_in_force(c.id, NULL, d) h
  WHERE c.id = p_clinic
$$;
