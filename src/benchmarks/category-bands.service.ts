import { Injectable, NotFoundException } from '@nestjs/common';
import { bandOf, type Band } from '../domain/band.js';
import { PrismaService } from '../database/prisma.service.js';

/** A category's band at a clinic as the routes show it. */
export interface CategoryBandItem extends Band {
  clinicId: string;
  category: string;
  updatedBy: string;
  updatedAt: string;
}

/** Bands per category of chair at a clinic (category_band). */
@Injectable()
export class CategoryBandsService {
  constructor(private readonly prisma: PrismaService) {}

  /** The clinic's category bands, by category. */
  async list(clinicId: string): Promise<CategoryBandItem[]> {
    const rows = await this.prisma.categoryBand.findMany({ where: { clinicId }, orderBy: { category: 'asc' } });
    return rows.map((r) => ({
      clinicId: r.clinicId,
      category: r.category,
      ...bandOf(r),
      updatedBy: r.updatedBy,
      updatedAt: r.updatedAt.toISOString(),
    }));
  }

  /** The clinic's own band; 404 when there is no such clinic. */
  async clinicBand(clinicId: string): Promise<Band> {
    const row = await this.prisma.clinic.findUnique({
      where: { id: clinicId },
      select: { lowThreshold: true, targetLow: true, targetHigh: true, riskThreshold: true },
    });
    if (!row) throw new NotFoundException(`No clinic ${clinicId}`);
    return bandOf(row);
  }

  /** The categories the clinic's resources carry, in order. */
  async categoriesInUse(clinicId: string): Promise<string[]> {
    const rows = await this.prisma.resource.groupBy({ by: ['category'], where: { clinicId, category: { not: null } }, orderBy: { category: 'asc' } });
    return rows.flatMap((r) => (r.category === null ? [] : [r.category]));
  }

  /** Sets a category's band, recording who set it and when. */
  async upsert(clinicId: string, category: string, band: Band, by: string): Promise<void> {
    const data = { ...bandOf(band), updatedBy: by };
    await this.prisma.categoryBand.upsert({
      where: { clinicId_category: { clinicId, category } },
      create: { clinicId, category, ...data },
      update: { ...data, updatedAt: new Date() },
      select: { category: true },
    });
  }

  /** Removes a category's band; false when the clinic had none for it. */
  async remove(clinicId: string, category: string): Promise<boolean> {
    const { count } = await this.prisma.categoryBand.deleteMany({ where: { clinicId, category } });
    return count > 0;
  }
}
