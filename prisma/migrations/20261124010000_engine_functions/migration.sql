-- Helpers of the daily utilization engine (src/rollup/engine-sql.ts).

-- Real elapsed minutes covered by a multirange (fractional).
CREATE OR REPLACE FUNCTION ut_minutes(m tstzmultirange) RETURNS double precision
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT coalesce(sum(extract(epoch FROM upper(r) - lower(r))), 0)::double precision / 60 FROM unnest(m) AS r
$$;

-- Minutes in the ranges of a multirange that are shorter than min_minutes (idle runs too short to sell).
CREATE OR REPLACE FUNCTION ut_short_minutes(m tstzmultirange, min_minutes double precision) RETURNS double precision
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT coalesce(sum(extract(epoch FROM upper(r) - lower(r))) FILTER (WHERE extract(epoch FROM upper(r) - lower(r)) < min_minutes * 60), 0)::double precision / 60
  FROM unnest(m) AS r
$$;

-- The local [start, end) windows (jsonb list of ["HH:MM","HH:MM"]) of a list, as instants of a local date in a time zone.
CREATE OR REPLACE FUNCTION ut_windows(w jsonb, d date, tz text) RETURNS tstzmultirange
LANGUAGE sql STABLE PARALLEL SAFE AS $$
  SELECT coalesce(range_agg(tstzrange(s, e)) FILTER (WHERE s < e), '{}'::tstzmultirange)
  FROM (
    SELECT (d + (x ->> 0)::interval) AT TIME ZONE tz AS s, (d + (x ->> 1)::interval) AT TIME ZONE tz AS e
    FROM jsonb_array_elements(coalesce(w, '[]'::jsonb)) AS x
  ) v
$$;

-- When a clinic's local day d is over: the end of its last clinic-level opening window that day
-- (exception, else the hours version in force), or the next local midnight when it is closed.
CREATE OR REPLACE FUNCTION ut_clinic_close(p_clinic text, d date) RETURNS timestamptz
LANGUAGE sql STABLE AS $$
  SELECT coalesce(
    upper(ut_windows(coalesce(ce.windows, ch.hours -> extract(isodow FROM d)::int::text), d, c.time_zone)),
    (d + 1)::timestamp AT TIME ZONE c.time_zone)
  FROM clinic c
  LEFT JOIN clinic_exception ce ON ce.clinic_id = c.id AND ce.date = d
  LEFT JOIN LATERAL (SELECT h.hours FROM clinic_hours h WHERE h.clinic_id = c.id AND h.effective_from <= d ORDER BY h.effective_from DESC LIMIT 1) ch ON true
  WHERE c.id = p_clinic
$$;
