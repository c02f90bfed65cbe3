import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Closed } from '../common/dto.js';
import { bool, instant, numberIn, oneOf, Rule, text, uuid, type Issue } from '../common/rules.js';
import type { CrossChecked } from '../common/validation.js';
import { MAX_TEXT } from '../common/text.js';
import { ClinicScopeQuery } from '../common/query.dto.js';
import { GOAL_KINDS, type GoalKind } from './goals.service.js';

const KINDS = Object.keys(GOAL_KINDS) as GoalKind[];

/** GET /api/v1/ops/utilization/goals */
export class GoalsQuery extends ClinicScopeQuery {
  @ApiPropertyOptional({ type: 'string', format: 'date-time', description: 'ISO-8601 instant with offset; default now', example: '2026-11-24T15:00:00Z' })
  @Rule('instant', (v, o) => (Array.isArray(v) ? 'must be given once (an instant)' : instant(v, o)), { optional: true })
  asOf?: string;
}

/** A goal is for the team as a whole: the body has no provider field, and an unknown field (e.g. providerId) is refused. */
@Closed({ example: { clinicId: 'clinic-a', kind: 'no-show-rate-below', target: 0.06, label: 'Fewer empty chairs' } })
export class GoalBody implements CrossChecked {
  @ApiProperty({ type: 'string', minLength: 1, maxLength: MAX_TEXT, example: 'clinic-a' })
  @Rule('text', text('clinic id'))
  clinicId!: string;

  @ApiProperty({ type: 'string', enum: KINDS })
  @Rule('kind', oneOf(KINDS, `must be one of ${KINDS.join(', ')}`))
  kind!: GoalKind;

  @ApiProperty({ type: 'number', description: "The goal's target, in the kind's unit and bounds", example: 0.06 })
  @Rule('target', numberIn(-Infinity, Infinity, 'must be a number'))
  target!: number;

  @ApiPropertyOptional({ type: 'string', minLength: 1, maxLength: 120, example: 'Fewer empty chairs' })
  @Rule('text', text('label', 120), { optional: true })
  label?: string;

  crossCheck(): Issue[] {
    const t = GOAL_KINDS[this.kind]?.target;
    if (!t) return [];
    if (this.target < t.min || this.target > t.max || (t.integer && !Number.isInteger(this.target))) {
      return [
        {
          path: ['target'],
          message: `for ${this.kind} must be ${t.integer ? 'a whole number' : 'a number'} from ${t.min} to ${t.max} (${GOAL_KINDS[this.kind].unit})`,
        },
      ];
    }
    return [];
  }
}

/** PUT /api/v1/ops/utilization/goals/{clinicId}/opt-in */
@Closed({ example: { enabled: true } })
export class OptInBody {
  @ApiProperty({ type: 'boolean', description: 'true turns team goals on, false off' })
  @Rule('bool', bool)
  enabled!: boolean;
}

/** DELETE /api/v1/ops/utilization/goals/{id} */
export class GoalIdParam {
  @ApiProperty({ type: 'string', format: 'uuid', description: 'The goal id (UUID)' })
  @Rule('uuid', uuid('the id of a team goal'))
  id!: string;
}
