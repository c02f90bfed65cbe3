import { BadRequestException, Body, Controller, HttpCode, Post, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiBody, ApiOkResponse, ApiOperation, ApiPayloadTooLargeResponse, ApiProperty, ApiPropertyOptional, ApiQuery, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { CurrentPrincipal, RequirePermissions, type Principal } from '../auth/auth.js';
import { ErrorBody, ErrorItem } from '../common/errors.js';
import { parseOrThrow } from '../common/validation.js';
import { recordIntake, type IntakeKind } from '../metrics/figures.js';
import { IntakeService, type IntakeOptions, type IntakeResult } from './intake.service.js';
import { policyTable } from './policy.js';
import { batchJsonSchema, blockItem, clinicItem, exceptionItem, providerItem, resourceItem, sessionItem } from './schemas.js';

export class IntakeResultDto {
  @ApiProperty({ example: 2, description: 'items in the request' })
  received!: number;
  @ApiProperty({ example: 1, description: 'items whose key was new' })
  created!: number;
  @ApiProperty({ example: 0, description: 'items whose key existed with different content' })
  updated!: number;
  @ApiProperty({ example: 1, description: 'items identical to what is stored (nothing written)' })
  unchanged!: number;
  @ApiProperty({
    type: [ErrorItem],
    description: 'items accepted under a documented rule of the intake policy (see the table in the description), as {index, field, message}',
    example: [{ index: 1, field: 'status', message: 'IN_PROGRESS with actualEnd: counted as seated→released (SPEC §2); send COMPLETED once the patient has left' }],
  })
  warnings!: ErrorItem[];
  @ApiPropertyOptional({ type: [ErrorItem], description: 'only with onInvalid=skip: the problems of the items that were not written, as {index, field, message}' })
  rejected?: ErrorItem[];
}

const optionsQuery = z.strictObject({
  onInvalid: z.enum(['reject', 'skip'], { error: 'must be reject (all-or-nothing, the default) or skip (write the valid items, list the others as rejected)' }).optional(),
});

const HOURS = { '1': [['08:00', '12:00'], ['13:00', '17:00']], '2': [['08:00', '17:00']], '3': [['08:00', '17:00']], '4': [['08:00', '17:00']], '5': [['08:00', '14:00']], '6': [], '7': [] };

const COMMON =
  'Idempotent upsert. Up to 5,000 items a request. By default (`onInvalid=reject`) all-or-nothing: either every item is written or none is, ' +
  'and a 400 lists every item that cannot be interpreted as {index, field, message}. With `onInvalid=skip` the valid items are written and the ' +
  'others are listed as `rejected` beside the counts. Items a documented rule interprets are accepted and listed in `warnings`. ' +
  'An item may change a record only if the token is granted every clinic that record belongs to (403 names the clinic).\n\n' +
  '**Intake policy**\n\n' +
  policyTable();

function IntakeRoute(summary: string, description: string, item: Parameters<typeof batchJsonSchema>[0], example: unknown) {
  return function (target: object, key: string | symbol, desc: PropertyDescriptor) {
    ApiOperation({ operationId: `post${String(key)[0].toUpperCase()}${String(key).slice(1)}`, summary, description: `${description}\n\n${COMMON}` })(target, key, desc);
    ApiBody({ schema: batchJsonSchema(item, example) })(target, key, desc);
    ApiQuery({ name: 'onInvalid', required: false, enum: ['reject', 'skip'], description: 'reject (default): all-or-nothing; skip: write the valid items and list the others as rejected' })(
      target,
      key,
      desc,
    );
    ApiOkResponse({ type: IntakeResultDto, description: 'What the batch did' })(target, key, desc);
    ApiBadRequestResponse({
      type: ErrorBody,
      description: 'Invalid items; nothing was written',
      example: {
        statusCode: 400,
        error: 'Bad Request',
        message: '1 of 2 items is invalid; nothing was written. Fix the items listed in errors and resend the batch',
        errors: [{ index: 1, field: 'scheduledEnd', message: 'must be after scheduledStart (2026-03-02T15:00:00.000Z)' }],
        requestId: '3f0c8a9e-0d43-4c1b-a2e4-0d4ac0b7b0a1',
      },
    })(target, key, desc);
    ApiPayloadTooLargeResponse({ type: ErrorBody, description: 'Body larger than the limit (20 MB)' })(target, key, desc);
    RequirePermissions('ops:ingest')(target, key, desc);
    HttpCode(200)(target, key, desc);
  };
}

@ApiTags('intake')
@Controller('api/v1/ops/intake')
export class IntakeController {
  constructor(private readonly intake: IntakeService) {}

  @Post('clinics')
  @IntakeRoute(
    'Upsert clinics and their weekly opening hours',
    'Keyed by `id`. `hours` maps ISO weekday "1" (Monday) … "7" to local ["HH:MM","HH:MM"] windows ("24:00" may end one). ' +
      '`hoursEffectiveFrom` (local date) starts a new version of the hours from that day on; without it the first version applies to all days ' +
      'and a changed one from the clinic\'s today. Earlier days keep the hours that were in force on them. Already computed days the change affects are recomputed.',
    clinicItem,
    { id: 'clinic-chicago', name: 'Lakeview Orthodontics', timeZone: 'America/Chicago', hours: HOURS },
  )
  clinics(@Body() body: unknown, @CurrentPrincipal() who: Principal, @Query() query: unknown) {
    return counted('clinics', body, () => this.intake.upsertClinics(body, who, options(query)));
  }

  @Post('resources')
  @IntakeRoute(
    'Upsert chairs and rooms',
    'Keyed by `id`. `hours` (same shape as a clinic\'s) overrides the clinic\'s hours for this resource, versioned like a clinic\'s; `hours: null` returns to the clinic\'s hours. A resource cannot move to another clinic. ' +
      '`category` (optional: hygiene, restorative, orthodontic, surgery, imaging, …) picks the category band the analytics use for it (`PUT …/settings/{clinicId}/categories/{category}`); omitted keeps the stored category, `null` removes it.',
    resourceItem,
    { id: 'chair-1', clinicId: 'clinic-chicago', kind: 'CHAIR', name: 'Chair 1', active: true, category: 'hygiene' },
  )
  resources(@Body() body: unknown, @CurrentPrincipal() who: Principal, @Query() query: unknown) {
    return counted('resources', body, () => this.intake.upsertResources(body, who, options(query)));
  }

  @Post('providers')
  @IntakeRoute(
    'Upsert providers',
    'Keyed by `id`. A provider who works at several clinics is posted once per clinic; each post adds the clinic.',
    providerItem,
    { id: 'prov-ortho-1', clinicId: 'clinic-chicago', name: 'Dr. A. Rivera', role: 'orthodontist' },
  )
  providers(@Body() body: unknown, @CurrentPrincipal() who: Principal, @Query() query: unknown) {
    return counted('providers', body, () => this.intake.upsertProviders(body, who, options(query)));
  }

  @Post('exceptions')
  @IntakeRoute(
    'Upsert dated exceptions to the opening hours',
    'Keyed by (clinicId, resourceId, date). `windows: []` means closed that day; other windows replace the weekly hours that day. A resource-level exception wins over the clinic-level one for that resource.',
    exceptionItem,
    { clinicId: 'clinic-chicago', date: '2026-12-24', windows: [['08:00', '12:00']] },
  )
  exceptions(@Body() body: unknown, @CurrentPrincipal() who: Principal, @Query() query: unknown) {
    return counted('exceptions', body, () => this.intake.upsertExceptions(body, who, options(query)));
  }

  @Post('sessions')
  @IntakeRoute(
    'Upsert chair sessions (occupancy)',
    'Keyed by `externalId`. Times are ISO-8601 instants with an offset. A correction to a day already rolled up makes that day, its week and its month be recomputed. ' +
      '`bookedAt` (optional) is when the appointment was made, as practice-management systems record it; without it, the booking time is when the service ' +
      'first saw the session. The capacity forecast learns its booking curve from it.',
    sessionItem,
    {
      externalId: 'appt-20260302-0001',
      resourceId: 'chair-1',
      providerId: 'prov-ortho-1',
      patientRef: 'p-7f3a9c',
      scheduledStart: '2026-03-02T09:00:00-06:00',
      scheduledEnd: '2026-03-02T09:45:00-06:00',
      actualStart: '2026-03-02T09:04:12-06:00',
      actualEnd: '2026-03-02T09:51:40-06:00',
      status: 'COMPLETED',
      bookedAt: '2026-02-11T14:20:00-06:00',
      procedures: 2,
      productionValue: 240.0,
    },
  )
  sessions(@Body() body: unknown, @CurrentPrincipal() who: Principal, @Query() query: unknown) {
    return counted('sessions', body, () => this.intake.upsertSessions(body, who, options(query)));
  }

  @Post('blocks')
  @IntakeRoute(
    'Upsert blocks (maintenance, meetings, training, other)',
    'Keyed by `externalId`. MAINTENANCE counts as downtime; the other reasons as blocked time.',
    blockItem,
    { externalId: 'blk-2026-03-02-c1', resourceId: 'chair-1', start: '2026-03-02T12:00:00-06:00', end: '2026-03-02T13:00:00-06:00', reason: 'MAINTENANCE' },
  )
  blocks(@Body() body: unknown, @CurrentPrincipal() who: Principal, @Query() query: unknown) {
    return counted('blocks', body, () => this.intake.upsertBlocks(body, who, options(query)));
  }
}

function options(query: unknown): IntakeOptions {
  return parseOrThrow(optionsQuery, query, 'query');
}

/**
 * Counts the items of one intake request in ut_intake_items_total: the outcome of each written item, the items
 * accepted with a warning, and the refused ones (every item of a batch refused with 400, the rejected items with onInvalid=skip).
 */
async function counted(kind: IntakeKind, body: unknown, write: () => Promise<IntakeResult>): Promise<IntakeResult> {
  let r: IntakeResult;
  try {
    r = await write();
  } catch (e) {
    const items = (body as { items?: unknown } | null)?.items;
    if (e instanceof BadRequestException && Array.isArray(items)) recordIntake(kind, { refused: items.length });
    throw e;
  }
  const distinct = (list: ErrorItem[] | undefined) => new Set((list ?? []).map((i) => i.index)).size;
  recordIntake(kind, { created: r.created, updated: r.updated, unchanged: r.unchanged, warning: distinct(r.warnings), refused: distinct(r.rejected) });
  return r;
}
