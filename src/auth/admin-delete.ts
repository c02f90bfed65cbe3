import { applyDecorators, Delete, HttpCode } from '@nestjs/common';
import { ApiBadRequestResponse, ApiNoContentResponse, ApiNotFoundResponse, ApiOperation } from '@nestjs/swagger';
import { ErrorBody } from '../common/errors.js';
import { RequirePermissions } from './auth.js';

/**
 * DELETE of one item a clinic owns (a group benchmark, a team goal): `ops:admin`, 204 when removed, 404 for an item of a
 * clinic the token is not granted as for one that does not exist. `what` names the item ("a goal").
 */
export function AdminDelete(path: string, operationId: string, summary: string, what: string): MethodDecorator {
  // applied in the order decorators stacked above a method are (the lowest first), so the document keeps its order
  return applyDecorators(
    ApiBadRequestResponse({ type: ErrorBody }),
    ApiNotFoundResponse({ type: ErrorBody }),
    ApiNoContentResponse({ description: 'Removed' }),
    ApiOperation({ operationId, summary, description: `Only ${what} of a clinic the token is granted; others answer 404 as if they did not exist.` }),
    RequirePermissions('ops:admin'),
    HttpCode(204),
    Delete(path),
  );
}
