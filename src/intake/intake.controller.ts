import { BadRequestException, Body, Controller, HttpCode, Post, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiOkResponse, ApiOperation, ApiPayloadTooLargeResponse, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, RequirePermissions, type Principal } from '../auth/auth.js';
import { ErrorBody, ErrorItem } from '../common/errors.js';
import { recordIntake, type IntakeKind } from '../metrics/figures.js';
import { IntakeService, type IntakeResult } from './intake.service.js';
import { policyTable } from './policy.js';
import { BlockBatch, ClinicBatch, ExceptionBatch, IntakeOptionsQuery, ProviderBatch, ResourceBatch, SessionBatch } from './intake.dto.js';

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
    example: [
      { index: 1, field: 'status', message: 'IN_PROGRESS with actualEnd: counted as seated→released (SPEC §2); send COMPLETED once the patient has left' },
    ],
  })
  warnings!: ErrorItem[];
  @ApiPropertyOptional({
    type: [ErrorItem],
    description: 'only with onInvalid=skip: the problems of the items that were not written, as {index, field, message}',
  })
  rejected?: ErrorItem[];
}

const COMMON =
  'Idempotent upsert. Up to 5,000 items a request. By default (`onInvalid=reject`) all-or-nothing: either every item is written or none is, ' +
  'and a 400 lists every item that cannot be interpreted as {index, field, message}. With `onInvalid=skip` the valid items are written and the ' +
  'others are listed as `rejected` beside the counts. Items a documented rule interprets are accepted and listed in `warnings`. ' +
  'An item may change a record only if the token is granted every clinic that record belongs to (403 names the clinic).\n\n' +
  '**Intake policy**\n\n' +
  policyTable();

/**
 * One intake route: POST /api/v1/ops/intake/{the method's name}, answering 200 with what the batch did, counted in
 * ut_intake_items_total under that name (`counted`). The body ({"items": [...]}) and ?onInvalid are documented from
 * their DTO classes (intake.dto.ts).
 */
function IntakeRoute(summary: string, description: string) {
  return function (target: object, kind: IntakeKind, desc: PropertyDescriptor) {
    const write = desc.value as (this: IntakeController, body: unknown, ...rest: unknown[]) => Promise<IntakeResult>;
    // the counting wrapper is what Nest calls: the route's metadata below goes on it, and it keeps the method's name
    // (the parameters' metadata is found by that name)
    desc.value = {
      [kind](this: IntakeController, body: unknown, ...rest: unknown[]) {
        return counted(kind, body, () => write.call(this, body, ...rest));
      },
    }[kind];
    Post(kind)(target, kind, desc);
    ApiOperation({ operationId: `post${kind[0].toUpperCase()}${kind.slice(1)}`, summary, description: `${description}\n\n${COMMON}` })(target, kind, desc);
    ApiOkResponse({ type: IntakeResultDto, description: 'What the batch did' })(target, kind, desc);
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
    })(target, kind, desc);
    ApiPayloadTooLargeResponse({ type: ErrorBody, description: 'Body larger than the limit (20 MB)' })(target, kind, desc);
    RequirePermissions('ops:ingest')(target, kind, desc);
    HttpCode(200)(target, kind, desc);
  };
}

@ApiTags('intake')
@Controller('api/v1/ops/intake')
export class IntakeController {
  constructor(private readonly intake: IntakeService) {}

  @IntakeRoute(
    'Upsert clinics and their weekly opening hours',
    'Keyed by `id`. `hours` maps ISO weekday "1" (Monday) … "7" to local ["HH:MM","HH:MM"] windows ("24:00" may end one). ' +
      '`hoursEffectiveFrom` (local date) starts a new version of the hours from that day on; without it the first version applies to all days ' +
      "and a changed one from the clinic's today. Earlier days keep the hours that were in force on them. Already computed days the change affects are recomputed.",
  )
  clinics(@Body() body: ClinicBatch, @CurrentPrincipal() who: Principal, @Query() query: IntakeOptionsQuery) {
    return this.intake.upsertClinics(body, who, query);
  }

  @IntakeRoute(
    'Upsert chairs and rooms',
    "Keyed by `id`. `hours` (same shape as a clinic's) overrides the clinic's hours for this resource, versioned like a clinic's; `hours: null` returns to the clinic's hours. A resource cannot move to another clinic. " +
      '`category` (optional: hygiene, restorative, orthodontic, surgery, imaging, …) picks the category band the analytics use for it (`PUT …/settings/{clinicId}/categories/{category}`); omitted keeps the stored category, `null` removes it.',
  )
  resources(@Body() body: ResourceBatch, @CurrentPrincipal() who: Principal, @Query() query: IntakeOptionsQuery) {
    return this.intake.upsertResources(body, who, query);
  }

  @IntakeRoute('Upsert providers', 'Keyed by `id`. A provider who works at several clinics is posted once per clinic; each post adds the clinic.')
  providers(@Body() body: ProviderBatch, @CurrentPrincipal() who: Principal, @Query() query: IntakeOptionsQuery) {
    return this.intake.upsertProviders(body, who, query);
  }

  @IntakeRoute(
    'Upsert dated exceptions to the opening hours',
    'Keyed by (clinicId, resourceId, date). `windows: []` means closed that day; other windows replace the weekly hours that day. A resource-level exception wins over the clinic-level one for that resource.',
  )
  exceptions(@Body() body: ExceptionBatch, @CurrentPrincipal() who: Principal, @Query() query: IntakeOptionsQuery) {
    return this.intake.upsertExceptions(body, who, query);
  }

  @IntakeRoute(
    'Upsert chair sessions (occupancy)',
    'Keyed by `externalId`. Times are ISO-8601 instants with an offset. A correction to a day already rolled up makes that day, its week and its month be recomputed. ' +
      '`bookedAt` (optional) is when the appointment was made, as practice-management systems record it; without it, the booking time is when the service ' +
      'first saw the session. The capacity forecast learns its booking curve from it.',
  )
  sessions(@Body() body: SessionBatch, @CurrentPrincipal() who: Principal, @Query() query: IntakeOptionsQuery) {
    return this.intake.upsertSessions(body, who, query);
  }

  @IntakeRoute(
    'Upsert blocks (maintenance, meetings, training, other)',
    'Keyed by `externalId`. MAINTENANCE counts as downtime; the other reasons as blocked time.',
  )
  blocks(@Body() body: BlockBatch, @CurrentPrincipal() who: Principal, @Query() query: IntakeOptionsQuery) {
    return this.intake.upsertBlocks(body, who, query);
  }
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
