import { Injectable, NotFoundException } from '@nestjs/common';
import { Prisma, PrismaService } from '../database/prisma.service.js';

/** A clinic's settings as the settings routes show them. */
export interface ClinicSettings {
  clinicId: string;
  lowThreshold: number;
  targetLow: number;
  targetHigh: number;
  riskThreshold: number;
  minSlotMinutes: number;
  currency: string | null;
}

/** One clinic of GET /clinics. */
export interface ClinicListItem {
  id: string;
  name: string;
  timeZone: string;
  today: string;
  chairs: number;
  rooms: number;
  band: { lowThreshold: number; targetLow: number; targetHigh: number; riskThreshold: number };
  minSlotMinutes: number;
  currency: string | null;
  lastRolledDate: string | null;
}

/** The clinic settings (band, minimum slot, currency) and the list of clinics a token is granted. */
@Injectable()
export class SettingsService {
  constructor(private readonly prisma: PrismaService) {}

  /** A clinic's settings; 404 when there is no such clinic. */
  async read(clinicId: string): Promise<ClinicSettings> {
    const row = await this.prisma.clinic.findUnique({
      where: { id: clinicId },
      select: { id: true, lowThreshold: true, targetLow: true, targetHigh: true, riskThreshold: true, minSlotMinutes: true, currency: true },
    });
    if (!row) throw new NotFoundException(`No clinic ${clinicId}`);
    return {
      clinicId: row.id,
      lowThreshold: row.lowThreshold,
      targetLow: row.targetLow,
      targetHigh: row.targetHigh,
      riskThreshold: row.riskThreshold,
      minSlotMinutes: row.minSlotMinutes,
      currency: row.currency,
    };
  }

  /**
   * Writes the settings in one transaction; a new minimum slot marks every computed day of the clinic dirty, so the
   * rollup recomputes their short-gap view.
   */
  async write(clinicId: string, next: ClinicSettings, minSlotChanged: boolean): Promise<void> {
    await this.prisma.tx(async (tx) => {
      // updatedAt is set by Prisma (@updatedAt)
      await tx.clinic.updateMany({
        where: { id: clinicId },
        data: {
          lowThreshold: next.lowThreshold,
          targetLow: next.targetLow,
          targetHigh: next.targetHigh,
          riskThreshold: next.riskThreshold,
          minSlotMinutes: next.minSlotMinutes,
          currency: next.currency ?? null,
        },
      });
      if (minSlotChanged) {
        // one row per computed day (DISTINCT before clock_timestamp(), which differs per row: a day with several
        // resources would otherwise be proposed twice, and ON CONFLICT DO UPDATE refuses to touch a row twice)
        await tx.$executeRaw(Prisma.sql`
          INSERT INTO dirty_day (clinic_id, date, marked_at)
          SELECT d.clinic_id, d.date, clock_timestamp() FROM (SELECT DISTINCT clinic_id, date FROM resource_utilization WHERE clinic_id = ${clinicId}) d
           ON CONFLICT (clinic_id, date) DO UPDATE SET marked_at = greatest(clock_timestamp(), dirty_day.marked_at + interval '1 millisecond')`);
      }
    });
  }

  /** The clinics granted (null: every clinic), by name. */
  clinics(clinicIds: string[] | null): Promise<ClinicListItem[]> {
    return this.prisma.$queryRaw<ClinicListItem[]>(Prisma.sql`
      SELECT c.id, c.name, c.time_zone AS "timeZone", (now() AT TIME ZONE c.time_zone)::date::text AS today,
              (SELECT count(*) FROM resource r WHERE r.clinic_id = c.id AND r.active AND r.kind = 'CHAIR')::int AS chairs,
              (SELECT count(*) FROM resource r WHERE r.clinic_id = c.id AND r.active AND r.kind = 'ROOM')::int AS rooms,
              json_build_object('lowThreshold', c.low_threshold, 'targetLow', c.target_low, 'targetHigh', c.target_high, 'riskThreshold', c.risk_threshold) AS band,
              c.min_slot_minutes AS "minSlotMinutes", c.currency, s.last_rolled_date::text AS "lastRolledDate"
       FROM clinic c LEFT JOIN clinic_rollup_state s ON s.clinic_id = c.id
       WHERE ${clinicIds}::text[] IS NULL OR c.id = ANY(${clinicIds}::text[])
       ORDER BY c.name, c.id`);
  }
}
