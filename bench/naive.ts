/**
 * The "straightforward" implementation the benchmark compares against: per resource-day, load the
 * sessions and blocks with Prisma, compute SPEC §2 in JavaScript, upsert one row with Prisma.
 * (Correct for the benchmark's data; it is a yardstick, not used by the service.)
 */
import { IANAZone } from 'luxon';
import type { PrismaClient } from '../src/generated/prisma/client.js';

type Iv = [number, number];
const norm = (ivs: Iv[]) => {
  const s = ivs.filter(([a, b]) => b > a).sort((x, y) => x[0] - y[0]);
  const out: Iv[] = [];
  for (const [a, b] of s) {
    const l = out[out.length - 1];
    if (l && a <= l[1]) l[1] = Math.max(l[1], b);
    else out.push([a, b]);
  }
  return out;
};
const inter = (a: Iv[], b: Iv[]) => norm(a.flatMap(([a0, a1]) => b.map(([b0, b1]) => [Math.max(a0, b0), Math.min(a1, b1)] as Iv)));
const sub = (a: Iv[], b: Iv[]) => {
  let cur = norm(a);
  for (const [b0, b1] of norm(b))
    cur = cur.flatMap(([a0, a1]) => (b1 <= a0 || b0 >= a1 ? [[a0, a1] as Iv] : [...(b0 > a0 ? [[a0, b0] as Iv] : []), ...(b1 < a1 ? [[b1, a1] as Iv] : [])]));
  return cur;
};
const len = (a: Iv[]) => norm(a).reduce((t, [x, y]) => t + y - x, 0) / 60_000;
const local = (date: string, min: number, tz: string) => {
  const wall = Date.parse(`${date}T00:00:00Z`) + min * 60_000;
  return wall - IANAZone.create(tz).offset(wall) * 60_000;
};

export async function naiveComputeDay(prisma: PrismaClient, resourceId: string, date: string): Promise<void> {
  const resource = await prisma.resource.findUniqueOrThrow({
    where: { id: resourceId },
    include: { clinic: { include: { hours: { orderBy: { effectiveFrom: 'desc' } } } } },
  });
  const tz = resource.clinic.timeZone;
  const dayStart = local(date, 0, tz);
  const dayEnd = local(date, 1440, tz);
  const version = resource.clinic.hours.find((h) => h.effectiveFrom.toISOString().slice(0, 10) <= date);
  const dow = String(((new Date(`${date}T00:00:00Z`).getUTCDay() + 6) % 7) + 1);
  const windows = ((version?.hours as Record<string, [string, string][]>) ?? {})[dow] ?? [];
  const A = norm(windows.map(([s, e]) => [local(date, +s.slice(0, 2) * 60 + +s.slice(3), tz), local(date, +e.slice(0, 2) * 60 + +e.slice(3), tz)]));
  const sessions = await prisma.chairSession.findMany({
    where: { resourceId, spanStart: { lt: new Date(dayEnd), gte: new Date(dayStart - 2 * 86_400_000) }, spanEnd: { gt: new Date(dayStart) } },
  });
  const blocks = await prisma.block.findMany({ where: { resourceId, startAt: { lt: new Date(dayEnd) }, endAt: { gt: new Date(dayStart) } } });
  const clip = (a: number, b: number): Iv[] => inter([[a, b]], [[dayStart, dayEnd]]);
  const eff = (s: (typeof sessions)[number]): Iv => [(s.actualStart ?? s.scheduledStart).getTime(), (s.actualEnd ?? s.scheduledEnd).getTime()];
  const U = norm(sessions.filter((s) => s.status === 'COMPLETED' || s.status === 'IN_PROGRESS').flatMap((s) => clip(...eff(s))));
  const N = norm(sessions.filter((s) => s.status === 'NO_SHOW').flatMap((s) => clip(s.scheduledStart.getTime(), s.scheduledEnd.getTime())));
  const S = norm(sessions.filter((s) => s.status !== 'CANCELLED').flatMap((s) => clip(s.scheduledStart.getTime(), s.scheduledEnd.getTime())));
  const M = norm(blocks.filter((b) => b.reason === 'MAINTENANCE').flatMap((b) => clip(b.startAt.getTime(), b.endAt.getTime())));
  const B = norm(blocks.filter((b) => b.reason !== 'MAINTENANCE').flatMap((b) => clip(b.startAt.getTime(), b.endAt.getTime())));
  const used = len(inter(U, A));
  const maintenance = len(sub(inter(M, A), U));
  const blocked = len(sub(inter(B, A), [...U, ...M]));
  const noShow = len(sub(inter(N, A), [...U, ...M, ...B]));
  const available = len(A);
  const gap = available - used - maintenance - blocked - noShow;
  const starts = sessions.filter((s) => (s.actualStart ?? s.scheduledStart).getTime() >= dayStart && (s.actualStart ?? s.scheduledStart).getTime() < dayEnd);
  const data = {
    availableMinutes: available,
    usedMinutes: used,
    blockedMinutes: blocked,
    downtimeMinutes: maintenance + noShow + gap,
    maintenanceMinutes: maintenance,
    noShowMinutes: noShow,
    gapMinutes: gap,
    overtimeMinutes: len(sub(U, A)),
    bookedMinutes: len(inter(S, A)),
    utilizationRate: available ? used / available : null,
    scheduledUtilizationRate: available ? len(inter(S, A)) / available : null,
    appointmentCount: starts.filter((s) => s.status !== 'CANCELLED').length,
    noShowCount: starts.filter((s) => s.status === 'NO_SHOW').length,
    turnoverCount: 0,
  };
  await prisma.resourceUtilization.upsert({
    where: { clinicId_resourceId_date: { clinicId: resource.clinicId, resourceId, date: new Date(`${date}T00:00:00Z`) } },
    create: { clinicId: resource.clinicId, resourceId, date: new Date(`${date}T00:00:00Z`), ...data },
    update: data,
  });
}
