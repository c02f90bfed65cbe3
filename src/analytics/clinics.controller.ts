import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, RequirePermissions, type Principal } from '../auth/auth.js';
import { Database } from '../database/database.module.js';
import { ClinicList } from './analytics.responses.js';

/** GET /api/v1/ops/utilization/clinics — the clinics a token may see, for pickers and scripts. */
@ApiTags('settings')
@Controller('api/v1/ops/utilization/clinics')
export class ClinicsController {
  constructor(private readonly db: Database) {}

  @Get()
  @RequirePermissions('ops:view_analytics')
  @ApiOperation({
    operationId: 'getClinics',
    summary: 'The clinics this token is granted',
    description: 'Id, name, time zone, local today, chairs and rooms, band, minimum slot, currency (ISO 4217, null until set), and the last local date rolled up — for clinic pickers and scripts.',
  })
  @ApiOkResponse({
    type: ClinicList,
    description: 'The clinics, by name',
    example: {
      items: [
        {
          id: 'clinic-a', name: 'Lakeview Orthodontics', timeZone: 'America/Chicago', today: '2026-11-24', chairs: 10, rooms: 1,
          band: { lowThreshold: 0.65, targetLow: 0.7, targetHigh: 0.85, riskThreshold: 0.9 }, minSlotMinutes: 15, currency: 'USD', lastRolledDate: '2026-11-23',
        },
      ],
    },
  })
  async list(@CurrentPrincipal() who: Principal) {
    const rows = await this.db.sql.query<Record<string, unknown>>(
      `SELECT c.id, c.name, c.time_zone AS "timeZone", (now() AT TIME ZONE c.time_zone)::date::text AS today,
              (SELECT count(*) FROM resource r WHERE r.clinic_id = c.id AND r.active AND r.kind = 'CHAIR')::int AS chairs,
              (SELECT count(*) FROM resource r WHERE r.clinic_id = c.id AND r.active AND r.kind = 'ROOM')::int AS rooms,
              json_build_object('lowThreshold', c.low_threshold, 'targetLow', c.target_low, 'targetHigh', c.target_high, 'riskThreshold', c.risk_threshold) AS band,
              c.min_slot_minutes AS "minSlotMinutes", c.currency, s.last_rolled_date::text AS "lastRolledDate"
       FROM clinic c LEFT JOIN clinic_rollup_state s ON s.clinic_id = c.id
       WHERE $1::text[] IS NULL OR c.id = ANY($1::text[])
       ORDER BY c.name, c.id`,
      [who.clinicIds === null ? null : [...who.clinicIds]],
    );
    return { items: rows };
  }
}
