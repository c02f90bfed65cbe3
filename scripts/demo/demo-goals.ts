import type { PrismaService } from '../../src/database/prisma.service.js';

/**
 * The demo's settings beyond the intake (issue 14): a hygiene band at every demo clinic (hygiene chairs run fuller than
 * the default 70–85 %) and two team goals at clinics that opted in. Idempotent: fixed ids, upserts.
 */
export const DEMO_HYGIENE_BAND = { lowThreshold: 0.75, targetLow: 0.8, targetHigh: 0.92, riskThreshold: 0.96 };

export const DEMO_GOALS = [
  {
    id: '00000000-0000-4000-8000-000000000a01',
    clinicId: 'clinic-a',
    kind: 'utilization-in-band-weeks',
    target: 26,
    label: 'Steady half-year: utilization in the band 26 weeks running',
  },
  { id: '00000000-0000-4000-8000-000000000a02', clinicId: 'clinic-a', kind: 'no-show-rate-below', target: 0.08, label: 'No-shows under 8 % this month' },
] as const;

export const DEMO_SETTER = 'demo-seed';

export async function applyDemoBenchmarksAndGoals(prisma: PrismaService, clinicIds: string[]): Promise<{ categoryBands: number; goals: number }> {
  let categoryBands = 0;
  for (const clinicId of clinicIds) {
    // createMany … skipDuplicates: INSERT … ON CONFLICT DO NOTHING (a band set meanwhile is kept)
    await prisma.categoryBand.createMany({ data: [{ clinicId, category: 'hygiene', ...DEMO_HYGIENE_BAND, updatedBy: DEMO_SETTER }], skipDuplicates: true });
    categoryBands++;
  }
  let goals = 0;
  for (const g of DEMO_GOALS) {
    if (!clinicIds.includes(g.clinicId)) continue;
    await prisma.teamGoalOptIn.createMany({ data: [{ clinicId: g.clinicId, enabledBy: DEMO_SETTER }], skipDuplicates: true });
    await prisma.teamGoal.createMany({
      data: [{ id: g.id, clinicId: g.clinicId, kind: g.kind, target: g.target, label: g.label, createdBy: DEMO_SETTER }],
      skipDuplicates: true,
    });
    goals++;
  }
  return { categoryBands, goals };
}
