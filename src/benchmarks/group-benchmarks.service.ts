import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { PrismaService } from '../database/prisma.service.js';
import { groupBenchmarkOf, loadGroupBenchmarks, type GroupBenchmark } from './compare.js';

/** The benchmarks a group set for its clinics (group_benchmark). */
@Injectable()
export class GroupBenchmarksService {
  constructor(private readonly prisma: PrismaService) {}

  /** The group benchmarks of the clinics, by clinic, metric and age. */
  list(clinicIds: string[]): Promise<GroupBenchmark[]> {
    return loadGroupBenchmarks(this.prisma, clinicIds);
  }

  /** Whether the clinic exists. */
  async clinicExists(clinicId: string): Promise<boolean> {
    return (await this.prisma.clinic.findUnique({ where: { id: clinicId }, select: { id: true } })) !== null;
  }

  /** Adds one (a single value when high is not given); the benchmark as listed. */
  async create(
    b: { clinicId: string; metric: string; category?: string | null; low: number; high?: number; label: string; note?: string },
    by: string,
  ): Promise<GroupBenchmark> {
    const row = await this.prisma.groupBenchmark.create({
      data: {
        id: randomUUID(),
        clinicId: b.clinicId,
        metric: b.metric,
        category: b.category ?? null,
        low: b.low,
        high: b.high ?? b.low,
        label: b.label,
        note: b.note ?? null,
        createdBy: by,
      },
    });
    return groupBenchmarkOf(row);
  }

  /** The clinic of a group benchmark, null when there is no such benchmark. */
  async clinicOf(id: string): Promise<string | null> {
    return (await this.prisma.groupBenchmark.findUnique({ where: { id }, select: { clinicId: true } }))?.clinicId ?? null;
  }

  async remove(id: string): Promise<void> {
    await this.prisma.groupBenchmark.deleteMany({ where: { id } });
  }
}
