import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, RequirePermissions, type Principal } from '../auth/auth.js';
import { ClinicList } from './analytics.responses.js';
import { SettingsService } from './settings.service.js';
import { DEFAULT_BAND } from '../domain/band.js';

/** GET /api/v1/ops/utilization/clinics — the clinics a token may see, for pickers and scripts. */
@ApiTags('settings')
@Controller('api/v1/ops/utilization/clinics')
export class ClinicsController {
  constructor(private readonly settings: SettingsService) {}

  @Get()
  @RequirePermissions('ops:view_analytics')
  @ApiOperation({
    operationId: 'getClinics',
    summary: 'The clinics this token is granted',
    description:
      'Id, name, time zone, local today, chairs and rooms, band, minimum slot, currency (ISO 4217, null until set), and the last local date rolled up — for clinic pickers and scripts.',
  })
  @ApiOkResponse({
    type: ClinicList,
    description: 'The clinics, by name',
    example: {
      items: [
        {
          id: 'clinic-a',
          name: 'Lakeview Orthodontics',
          timeZone: 'America/Chicago',
          today: '2026-11-24',
          chairs: 10,
          rooms: 1,
          band: DEFAULT_BAND,
          minSlotMinutes: 15,
          currency: 'USD',
          lastRolledDate: '2026-11-23',
        },
      ],
    },
  })
  async list(@CurrentPrincipal() who: Principal) {
    const rows = await this.settings.clinics(who.clinicIds === null ? null : [...who.clinicIds]);
    return { items: rows };
  }
}
