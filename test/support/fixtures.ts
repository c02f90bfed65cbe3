/**
 * Fixtures created through the app's own services (IntakeService validates them like a real upstream
 * batch) and read back from the tables the API serves.
 */
import type { Principal } from '../../src/auth/auth.js';
import { IntakeService } from '../../src/intake/intake.service.js';
import { RetentionService } from '../../src/rollup/retention.service.js';
import { RollupRunsService } from '../../src/rollup/rollup-runs.service.js';
import { RollupService } from '../../src/rollup/rollup.service.js';
import type { TestApp } from './app.js';
import type { Hours, RefBlock, RefSession, Windows } from './reference.js';

export const ROOT: Principal = { sub: 'fixtures', permissions: new Set(['ops:ingest', 'ops:admin']), clinicIds: null };

export class Fixtures {
  readonly intake: IntakeService;
  readonly rollups: RollupService;
  readonly runs: RollupRunsService;
  readonly retention: RetentionService;
  constructor(readonly t: TestApp) {
    this.intake = t.app.get(IntakeService);
    this.rollups = t.app.get(RollupService);
    this.runs = t.app.get(RollupRunsService);
    this.retention = t.app.get(RetentionService);
  }

  clinic(id: string, timeZone: string, hours: Hours, extra: { hoursEffectiveFrom?: string; minSlotMinutes?: number; name?: string } = {}) {
    return this.intake.upsertClinics({ items: [{ id, name: extra.name ?? id, timeZone, hours, ...extra }] }, ROOT);
  }
  resource(id: string, clinicId: string, extra: { kind?: 'CHAIR' | 'ROOM'; hours?: Hours | null; hoursEffectiveFrom?: string; active?: boolean } = {}) {
    return this.intake.upsertResources({ items: [{ id, clinicId, kind: extra.kind ?? 'CHAIR', name: id, ...extra }] }, ROOT);
  }
  provider(id: string, clinicId: string, role = 'dentist') {
    return this.intake.upsertProviders({ items: [{ id, clinicId, name: id, role }] }, ROOT);
  }
  exception(clinicId: string, date: string, windows: Windows, resourceId?: string) {
    return this.intake.upsertExceptions({ items: [{ clinicId, date, windows, ...(resourceId ? { resourceId } : {}) }] }, ROOT);
  }
  sessions(items: RefSession[]) {
    return this.intake.upsertSessions({ items }, ROOT);
  }
  blocks(items: RefBlock[]) {
    return this.intake.upsertBlocks({ items }, ROOT);
  }
  backfill(from: string, to: string, clinicIds?: string[]) {
    return this.rollups.backfill({ from, to, clinicIds });
  }

  async resourceRow(clinicId: string, resourceId: string, date: string) {
    const [r] = await this.t.sql<Record<string, number | null>>(
      `SELECT available_minutes AS "availableMinutes", used_minutes AS "usedMinutes", maintenance_minutes AS "maintenanceMinutes",
              blocked_minutes AS "blockedMinutes", no_show_minutes AS "noShowMinutes", gap_minutes AS "gapMinutes", downtime_minutes AS "downtimeMinutes",
              overtime_minutes AS "overtimeMinutes", booked_minutes AS "bookedMinutes", late_cancel_minutes AS "lateCancelMinutes",
              short_gap_minutes AS "shortGapMinutes", utilization_rate AS "utilizationRate", scheduled_utilization_rate AS "scheduledUtilizationRate",
              appointment_count AS "appointmentCount", no_show_count AS "noShowCount", turnover_count AS "turnoverCount",
              avg_turnover_minutes AS "avgTurnoverMinutes", overlap_minutes AS "overlapMinutes"
       FROM resource_utilization WHERE clinic_id = $1 AND resource_id = $2 AND date = $3::date`,
      [clinicId, resourceId, date],
    );
    return r;
  }

  async providerRow(clinicId: string, providerId: string, date: string) {
    const [r] = await this.t.sql<Record<string, number | null>>(
      `SELECT patients_scheduled AS "patientsScheduled", patients_seen AS "patientsSeen", no_show_count AS "noShowCount",
              procedures_completed AS "proceduresCompleted", chair_minutes AS "chairMinutes", production_value::float8 AS "productionValue"
       FROM provider_productivity WHERE clinic_id = $1 AND provider_id = $2 AND date = $3::date`,
      [clinicId, providerId, date],
    );
    return r;
  }

  /** Every output row of a clinic, for comparing two computations. */
  async snapshot(clinicId: string) {
    const q = (sql: string) => this.t.sql(sql, [clinicId]);
    const strip = (rows: Record<string, unknown>[]) => rows.map(({ computed_at: _c, ...rest }) => rest);
    return {
      daily: strip(await q('SELECT * FROM resource_utilization WHERE clinic_id = $1 ORDER BY resource_id, date')),
      hourly: await q('SELECT * FROM resource_hourly WHERE clinic_id = $1 ORDER BY resource_id, date, hour'),
      providers: strip(await q('SELECT * FROM provider_productivity WHERE clinic_id = $1 ORDER BY provider_id, date')),
      resourceRollups: strip(await q('SELECT * FROM resource_rollup WHERE clinic_id = $1 ORDER BY resource_id, period, period_start')),
      clinicRollups: strip(await q('SELECT * FROM clinic_rollup WHERE clinic_id = $1 ORDER BY period, period_start')),
      providerRollups: strip(await q('SELECT * FROM provider_rollup WHERE clinic_id = $1 ORDER BY provider_id, period, period_start')),
    };
  }
}

/** 'YYYY-MM-DDTHH:MM' local wall time in a fixed offset → ISO instant string. */
export const at = (local: string, offset: string) => `${local}:00${offset}`;

export const WEEKDAYS = (windows: Windows): Hours => ({ '1': windows, '2': windows, '3': windows, '4': windows, '5': windows, '6': windows, '7': windows });

/** Local dates from..to inclusive. */
export const days = (from: string, to: string): string[] => {
  const out: string[] = [];
  for (let d = new Date(`${from}T00:00:00Z`); d <= new Date(`${to}T00:00:00Z`); d = new Date(d.getTime() + 86_400_000)) out.push(d.toISOString().slice(0, 10));
  return out;
};
/** Minutes after midnight → "HH:MM". */
export const hm = (min: number): string => `${String(Math.floor(min / 60)).padStart(2, '0')}:${String(min % 60).padStart(2, '0')}`;
/** The demo generator's seeded PRNG, so test data is reproducible. */
export { mulberry32 } from '../../scripts/demo/demo-data.js';
