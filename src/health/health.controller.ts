import { Controller, Get, ServiceUnavailableException } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { Public } from '../auth/auth.js';
import { ErrorBody } from '../common/errors.js';
import { Database } from '../database/database.module.js';

@ApiTags('health')
@Public()
@Controller('health')
export class HealthController {
  constructor(private readonly db: Database) {}

  @Get()
  @ApiOperation({ summary: 'Liveness: the process is up (no auth)' })
  @ApiOkResponse({ schema: { example: { status: 'ok' } } })
  live() {
    return { status: 'ok' };
  }

  @Get('ready')
  @ApiOperation({ summary: 'Readiness: the database answers (no auth)' })
  @ApiOkResponse({ schema: { example: { status: 'ok', database: { kind: 'pglite', latencyMs: 0.4 } } } })
  @ApiServiceUnavailableResponse({ type: ErrorBody, description: 'The database does not answer' })
  async ready() {
    const t = performance.now();
    try {
      await this.db.sql.query('SELECT 1');
    } catch (e) {
      throw new ServiceUnavailableException(`The database does not answer: ${(e as Error).message}`);
    }
    return { status: 'ok', database: { kind: this.db.sql.kind, latencyMs: Math.round((performance.now() - t) * 100) / 100 } };
  }
}
