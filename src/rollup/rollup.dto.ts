import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Closed } from '../common/dto.js';
import { localDate, normalized, rangeIssue, Rule, text, uuid, type Check, type Issue } from '../common/rules.js';
import type { CrossChecked } from '../common/validation.js';

const clinicId = text('clinic id');
const MAX_CLINICS = 10_000;
/** A list of clinic ids (text), 1 to MAX_CLINICS. */
const clinicIds: Check = (v, o) => {
  if (!Array.isArray(v)) return 'must be a list of clinic ids';
  if (!v.length) return 'must name at least one clinic; omit it for every clinic the token is granted';
  if (v.length > MAX_CLINICS) return `must name at most ${MAX_CLINICS} clinics`;
  const issues: Issue[] = [];
  const out = (v as unknown[]).map((id, i): unknown => {
    const r = clinicId(id, o);
    if (typeof r === 'string') issues.push({ path: [i], message: r });
    return r && typeof r === 'object' && 'value' in r ? r.value : id;
  });
  return issues.length ? issues : normalized(out);
};

/** POST /api/v1/ops/utilization/rollups */
@Closed({ example: { clinicIds: ['clinic-chicago'], from: '2026-01-01', to: '2026-03-31' } })
export class RunBody implements CrossChecked {
  @ApiPropertyOptional({
    type: [String],
    minItems: 1,
    maxItems: MAX_CLINICS,
    description: 'The clinics to recompute (default: every clinic the token is granted)',
  })
  @Rule('clinicIds', clinicIds, { optional: true })
  clinicIds?: string[];

  @ApiProperty({ type: 'string', format: 'date', description: 'First local date', example: '2026-01-01' })
  @Rule('localDate', localDate)
  from!: string;

  @ApiProperty({ type: 'string', format: 'date', description: 'Last local date (at most 3 years after from)', example: '2026-03-31' })
  @Rule('localDate', localDate)
  to!: string;

  crossCheck(): Issue[] {
    const i = rangeIssue(this);
    return i ? [i] : [];
  }
}

/** GET /api/v1/ops/utilization/rollups/{id} */
export class RunIdParam {
  @ApiProperty({ type: 'string', format: 'uuid', description: 'Run id returned by POST /api/v1/ops/utilization/rollups' })
  @Rule('uuid', uuid('a run id as returned by POST /api/v1/ops/utilization/rollups'))
  id!: string;
}
