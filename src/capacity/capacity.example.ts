/**
 * OpenAPI examples of the capacity route. The answer example is data, kept as JSON in capacity.example.json: a real
 * answer on the demo data (clinic-c, with the what-if removeResourceId=c-chair-9), trimmed: heatmap cells, days,
 * weeks, risk days and suggestions shortened. tsc copies the JSON file beside the compiled module (it is imported).
 */
import capacityExample from './capacity.example.json' with { type: 'json' };

export const CAPACITY_EXAMPLE: Record<string, unknown> = capacityExample;

export const CAPACITY_BAD_REQUEST_EXAMPLE = {
  statusCode: 400,
  error: 'Bad Request',
  message: 'Invalid query: 2 problems; see errors',
  errors: [
    { field: 'horizon', message: 'must be 30, 60 or 90 (days)' },
    {
      field: 'extendHours.0',
      message:
        'each item must be "weekday:minutes", e.g. "4:60" (Thursdays 60 minutes longer) or "3:-120" (Wednesdays 2 hours shorter): ISO weekday 1 (Monday) … 7 (Sunday), minutes from -720 to 720, not 0',
    },
  ],
  requestId: 'b4c1d0d2-7f55-4f5e-8d3e-1f1f6b6a2c10',
};
