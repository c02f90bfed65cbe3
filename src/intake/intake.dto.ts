import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Closed } from '../common/dto.js';
import { bool, instant, localDate, numberIn, oneOf, queryChoice, Rule, text, type Issue } from '../common/rules.js';
import { BODY_SHAPE, SHALLOW, type CrossChecked } from '../common/validation.js';
import { MAX_BLOCK_DAYS, MAX_ITEMS, MAX_SESSION_HOURS, MAX_TEXT } from './policy.js';
import { resourceCategory } from '../common/rules.js';
import { RESOURCE_CATEGORIES } from '../domain/resources.js';
import { money, role, timeZone, weeklyHours, windows } from './intake.rules.js';

/**
 * The intake items of SPEC §6 as DTO classes: their class-validator rules refuse what cannot be interpreted (the
 * intake policy, src/intake/policy.ts, accepts with a warning what a rule interprets), and their @ApiProperty
 * decorators document the same fields in the OpenAPI document. Validated values arrive as the service stores them:
 * text trimmed, instants in UTC with millisecond precision, hours with every weekday and sorted windows.
 */

const H = 3600_000;
const WINDOW_SCHEMA = { type: 'array', items: { type: 'string', pattern: '^([01]\\d|2[0-3]):[0-5]\\d$|^24:00$' }, minItems: 2, maxItems: 2 } as const;
const WINDOWS_SCHEMA = { type: 'array', items: WINDOW_SCHEMA, maxItems: 24 } as const;
const HOURS_DOC = {
  type: 'object',
  description: 'ISO weekday "1" (Monday) … "7" (Sunday) → local ["HH:MM","HH:MM"] windows ("24:00" may end one); a weekday left out is closed',
  additionalProperties: WINDOWS_SCHEMA,
  example: {
    '1': [
      ['08:00', '12:00'],
      ['13:00', '17:00'],
    ],
    '6': [],
  },
} as const;
const idDoc = (what: string) => ({ type: 'string', minLength: 1, maxLength: MAX_TEXT, description: what }) as const;
const INSTANT_DOC = { type: 'string', format: 'date-time', description: 'ISO-8601 instant with an offset' } as const;

type Hours = Record<string, [string, string][]>;

export const HOURS_EXAMPLE = {
  '1': [
    ['08:00', '12:00'],
    ['13:00', '17:00'],
  ],
  '2': [['08:00', '17:00']],
  '3': [['08:00', '17:00']],
  '4': [['08:00', '17:00']],
  '5': [['08:00', '14:00']],
  '6': [],
  '7': [],
};

@Closed()
export class ClinicItem {
  @ApiProperty(idDoc('Clinic id (the key)'))
  @Rule('text', text('clinic id'))
  id!: string;

  @ApiProperty(idDoc('Display name'))
  @Rule('text', text('display name'))
  name!: string;

  @ApiProperty({ type: 'string', description: 'IANA time zone', example: 'America/Chicago' })
  @Rule('timeZone', timeZone)
  timeZone!: string;

  @ApiProperty(HOURS_DOC)
  @Rule('hours', weeklyHours)
  hours!: Hours;

  @ApiPropertyOptional({ type: 'string', format: 'date', description: 'Local date from which these hours apply (a new version of the hours)' })
  @Rule('localDate', localDate, { optional: true })
  hoursEffectiveFrom?: string;

  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: 240, description: 'Shortest bookable slot in minutes' })
  @Rule('minSlotMinutes', numberIn(1, 240, 'must be a whole number of minutes from 1 to 240', true), { optional: true })
  minSlotMinutes?: number;
}

@Closed()
export class ResourceItem {
  @ApiProperty(idDoc('Resource id (the key)'))
  @Rule('text', text('resource id'))
  id!: string;

  @ApiProperty(idDoc('Clinic id'))
  @Rule('text', text('clinic id'))
  clinicId!: string;

  @ApiProperty({ type: 'string', enum: ['CHAIR', 'ROOM'] })
  @Rule('kind', oneOf(['CHAIR', 'ROOM'], 'must be "CHAIR" or "ROOM"'))
  kind!: 'CHAIR' | 'ROOM';

  @ApiProperty(idDoc('Display name'))
  @Rule('text', text('display name'))
  name!: string;

  @ApiPropertyOptional({ type: 'boolean', description: 'Default true' })
  @Rule('bool', bool, { optional: true })
  active?: boolean;

  @ApiPropertyOptional({
    type: 'string',
    nullable: true,
    pattern: '^[a-z][a-z0-9-]{0,39}$',
    description: `Kind of chair or room, e.g. ${RESOURCE_CATEGORIES.join(', ')}; omitted keeps the stored one, null removes it`,
    example: 'hygiene',
  })
  @Rule('category', resourceCategory, { optional: true, nullable: true })
  category?: string | null;

  @ApiPropertyOptional({ ...HOURS_DOC, nullable: true, description: "Hours of this resource (overriding the clinic's); null returns to the clinic's hours" })
  @Rule('hours', weeklyHours, { optional: true, nullable: true })
  hours?: Hours | null;

  @ApiPropertyOptional({ type: 'string', format: 'date', description: 'Local date from which these hours apply' })
  @Rule('localDate', localDate, { optional: true })
  hoursEffectiveFrom?: string;
}

@Closed()
export class ProviderItem {
  @ApiProperty(idDoc('Provider id (the key)'))
  @Rule('text', text('provider id'))
  id!: string;

  @ApiProperty(idDoc('Clinic id (a provider at several clinics is posted once per clinic)'))
  @Rule('text', text('clinic id'))
  clinicId!: string;

  @ApiProperty(idDoc('Display name'))
  @Rule('text', text('display name'))
  name!: string;

  @ApiProperty({
    type: 'string',
    minLength: 1,
    maxLength: 60,
    description: 'orthodontist, dentist, hygienist, assistant, … (stored lowercase)',
    example: 'hygienist',
  })
  @Rule('role', role)
  role!: string;
}

@Closed()
export class ExceptionItem {
  @ApiProperty(idDoc('Clinic id'))
  @Rule('text', text('clinic id'))
  clinicId!: string;

  @ApiPropertyOptional({ ...idDoc('Resource id: the exception is for this resource only'), nullable: true })
  @Rule('text', text('resource id'), { optional: true, nullable: true })
  resourceId?: string | null;

  @ApiProperty({ type: 'string', format: 'date', description: 'Local date' })
  @Rule('localDate', localDate)
  date!: string;

  @ApiProperty({ ...WINDOWS_SCHEMA, description: 'The windows open that day ([] = closed)' })
  @Rule('windows', windows)
  windows!: [string, string][];
}

export const SESSION_STATUSES = ['SCHEDULED', 'IN_PROGRESS', 'COMPLETED', 'NO_SHOW', 'CANCELLED'] as const;

@Closed()
export class SessionItem implements CrossChecked {
  @ApiProperty(idDoc('Idempotency key of the session'))
  @Rule('text', text('idempotency key of the session'))
  externalId!: string;

  @ApiProperty(idDoc('Resource id'))
  @Rule('text', text('resource id'))
  resourceId!: string;

  @ApiPropertyOptional({ ...idDoc('Provider id'), nullable: true })
  @Rule('text', text('provider id'), { optional: true, nullable: true })
  providerId?: string | null;

  @ApiProperty(idDoc('Opaque patient reference (never a name)'))
  @Rule('text', text('opaque patient reference (never a name)'))
  patientRef!: string;

  @ApiProperty(INSTANT_DOC)
  @Rule('instant', instant)
  scheduledStart!: string;

  @ApiProperty(INSTANT_DOC)
  @Rule('instant', instant)
  scheduledEnd!: string;

  @ApiPropertyOptional({ ...INSTANT_DOC, nullable: true, description: 'When the patient was seated' })
  @Rule('instant', instant, { optional: true, nullable: true })
  actualStart?: string | null;

  @ApiPropertyOptional({ ...INSTANT_DOC, nullable: true, description: 'When the chair was released' })
  @Rule('instant', instant, { optional: true, nullable: true })
  actualEnd?: string | null;

  @ApiProperty({ type: 'string', enum: SESSION_STATUSES })
  @Rule('status', oneOf(SESSION_STATUSES, `must be one of ${SESSION_STATUSES.join(', ')}`))
  status!: (typeof SESSION_STATUSES)[number];

  @ApiPropertyOptional({ ...INSTANT_DOC, nullable: true })
  @Rule('instant', instant, { optional: true, nullable: true })
  cancelledAt?: string | null;

  @ApiPropertyOptional({ ...INSTANT_DOC, nullable: true, description: 'When the appointment was made' })
  @Rule('instant', instant, { optional: true, nullable: true })
  bookedAt?: string | null;

  @ApiPropertyOptional({ type: 'integer', minimum: 0, maximum: 1000 })
  @Rule('procedures', numberIn(0, 1000, 'must be a whole number from 0 to 1000', true), { optional: true })
  procedures?: number;

  @ApiPropertyOptional({
    oneOf: [
      { type: 'number', minimum: 0 },
      { type: 'string', pattern: '^\\d+(\\.\\d+)?$' },
    ],
    nullable: true,
    description: 'Amount (number or decimal string)',
  })
  @Rule('money', money, { optional: true, nullable: true })
  productionValue?: string | null;

  /** Only what cannot be interpreted is refused here; what a rule interprets is warned about by interpretSession (policy.ts). */
  crossCheck(): Issue[] {
    const ss = Date.parse(this.scheduledStart);
    const se = Date.parse(this.scheduledEnd);
    if (se <= ss) return [{ path: ['scheduledEnd'], message: `must be after scheduledStart (${this.scheduledStart})` }];
    if (se - ss > MAX_SESSION_HOURS * H) return [{ path: ['scheduledEnd'], message: `a session may last at most ${MAX_SESSION_HOURS} hours` }];
    return [];
  }
}

export const BLOCK_REASONS = ['MAINTENANCE', 'MEETING', 'TRAINING', 'OTHER'] as const;

@Closed()
export class BlockItem implements CrossChecked {
  @ApiProperty(idDoc('Idempotency key of the block'))
  @Rule('text', text('idempotency key of the block'))
  externalId!: string;

  @ApiProperty(idDoc('Resource id'))
  @Rule('text', text('resource id'))
  resourceId!: string;

  @ApiProperty(INSTANT_DOC)
  @Rule('instant', instant)
  start!: string;

  @ApiProperty(INSTANT_DOC)
  @Rule('instant', instant)
  end!: string;

  @ApiProperty({ type: 'string', enum: BLOCK_REASONS, description: 'MAINTENANCE counts as downtime; the others as blocked time' })
  @Rule('reason', oneOf(BLOCK_REASONS, `must be one of ${BLOCK_REASONS.join(', ')}`))
  reason!: (typeof BLOCK_REASONS)[number];

  crossCheck(): Issue[] {
    const s = Date.parse(this.start);
    const e = Date.parse(this.end);
    if (e <= s) return [{ path: ['end'], message: `must be after start (${this.start})` }];
    if (e - s > MAX_BLOCK_DAYS * 24 * H)
      return [{ path: ['end'], message: `a block may last at most ${MAX_BLOCK_DAYS} days; send longer closures as exceptions` }];
    return [];
  }
}

// ------------------------------------------------------------------------------------------------ the bodies

/** The list of a batch: 1 to MAX_ITEMS items (each is checked by the intake against its item class, see schemas.ts). */
const itemsRule = (v: unknown) =>
  !Array.isArray(v)
    ? `is required: a list of 1 to ${MAX_ITEMS} items`
    : v.length === 0
      ? 'must hold at least one item'
      : v.length > MAX_ITEMS
        ? `holds ${v.length} items; at most ${MAX_ITEMS} per request, so split the batch`
        : undefined;

const batch = (item: new () => object) => {
  class Batch {
    static readonly [SHALLOW] = true;
    static readonly [BODY_SHAPE] = '{"items": [...]}';
    @ApiProperty({ type: [item], minItems: 1, maxItems: MAX_ITEMS, description: `1 to ${MAX_ITEMS} items` })
    @Rule('items', itemsRule)
    items!: unknown[];
  }
  return Batch;
};

@Closed({ example: { items: [{ id: 'clinic-chicago', name: 'Lakeview Orthodontics', timeZone: 'America/Chicago', hours: HOURS_EXAMPLE }] } })
export class ClinicBatch extends batch(ClinicItem) {}

@Closed({ example: { items: [{ id: 'chair-1', clinicId: 'clinic-chicago', kind: 'CHAIR', name: 'Chair 1', active: true, category: 'hygiene' }] } })
export class ResourceBatch extends batch(ResourceItem) {}

@Closed({ example: { items: [{ id: 'prov-ortho-1', clinicId: 'clinic-chicago', name: 'Dr. A. Rivera', role: 'orthodontist' }] } })
export class ProviderBatch extends batch(ProviderItem) {}

@Closed({ example: { items: [{ clinicId: 'clinic-chicago', date: '2026-12-24', windows: [['08:00', '12:00']] }] } })
export class ExceptionBatch extends batch(ExceptionItem) {}

@Closed({
  example: {
    items: [
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
    ],
  },
})
export class SessionBatch extends batch(SessionItem) {}

@Closed({
  example: {
    items: [
      { externalId: 'blk-2026-03-02-c1', resourceId: 'chair-1', start: '2026-03-02T12:00:00-06:00', end: '2026-03-02T13:00:00-06:00', reason: 'MAINTENANCE' },
    ],
  },
})
export class BlockBatch extends batch(BlockItem) {}

/** ?onInvalid= of every intake route. */
export class IntakeOptionsQuery {
  @ApiPropertyOptional({
    type: 'string',
    enum: ['reject', 'skip'],
    default: 'reject',
    description: 'reject (default): all-or-nothing; skip: write the valid items and list the others as rejected',
  })
  @Rule(
    'onInvalid',
    queryChoice(['reject', 'skip'], 'must be reject (all-or-nothing, the default) or skip (write the valid items, list the others as rejected)'),
    { optional: true },
  )
  onInvalid?: 'reject' | 'skip';
}
