import type { SqlRunner } from '../database/sql.js';

/**
 * The demo's settings beyond the intake (issue 14): a hygiene band at every demo clinic (hygiene chairs run fuller than
 * the default 70–85 %) and two team goals at clinics that opted in. Idempotent: fixed ids, upserts.
 */
export const DEMO_HYGIENE_BAND = { lowThreshold: 0.75, targetLow: 0.8, targetHigh: 0.92, riskThreshold: 0.96 };

export const DEMO_GOALS = [
  { id: '00000000-0000-4000-8000-000000000a01', clinicId: 'clinic-a', kind: 'utilization-in-band-weeks', target: 26, label: 'Steady half-year: utilization in the band 26 weeks running' },
  { id: '00000000-0000-4000-8000-000000000a02', clinicId: 'clinic-a', kind: 'no-show-rate-below', target: 0.08, label: 'No-shows under 8 % this month' },
] as const;

export const DEMO_SETTER = 'demo-seed';

export async function applyDemoBenchmarksAndGoals(q: SqlRunner, clinicIds: string[]): Promise<{ categoryBands: number; goals: number }> {
  let categoryBands = 0;
  for (const clinicId of clinicIds) {
    const b = DEMO_HYGIENE_BAND;
    await q.query(
      `INSERT INTO category_band (clinic_id, category, low_threshold, target_low, target_high, risk_threshold, updated_by) VALUES ($1, 'hygiene', $2, $3, $4, $5, $6)
       ON CONFLICT (clinic_id, category) DO NOTHING`,
      [clinicId, b.lowThreshold, b.targetLow, b.targetHigh, b.riskThreshold, DEMO_SETTER],
    );
    categoryBands++;
  }
  let goals = 0;
  for (const g of DEMO_GOALS) {
    if (!clinicIds.includes(g.clinicId)) continue;
    await q.query('INSERT INTO team_goal_opt_in (clinic_id, enabled_by) VALUES ($1, $2) ON CONFLICT (clinic_id) DO NOTHING', [g.clinicId, DEMO_SETTER]);
    await q.query('INSERT INTO team_goal (id, clinic_id, kind, target, label, created_by) VALUES ($1::uuid, $2, $3, $4, $5, $6) ON CONFLICT (id) DO NOTHING', [
      g.id, g.clinicId, g.kind, g.target, g.label, DEMO_SETTER,
    ]);
    goals++;
  }
  return { categoryBands, goals };
}
