import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { RequirePermissions } from '../../auth/auth.js';
import { PrismaService } from '../../database/prisma.service.js';
import { DataSourceList } from './opendental.responses.js';
import { OpenDentalRunner } from './runner.js';

const EXAMPLE = {
  items: [
    {
      id: 'od1',
      kind: 'opendental',
      configured: true,
      every: 10,
      lastStartedAt: '2026-12-01T09:10:00.000Z',
      lastFinishedAt: '2026-12-01T09:10:01.250Z',
      lastSuccessAt: '2026-12-01T09:10:01.250Z',
      lagSeconds: 312,
      lastError: null,
      watermarks: {
        appointment: '2026-12-01 10:10:00',
        histappointment: '2026-12-01 10:10:00',
        procedurelog: '2026-12-01 10:10:00',
        schedule: '2026-12-01 10:10:00',
        operatory: '2026-12-01 10:10:00',
        provider: '2026-12-01 10:10:00',
      },
      lastSync: {
        mode: 'incremental',
        seconds: 1.25,
        counts: { sessions: { read: 42, created: 3, updated: 9, unchanged: 30, warnings: 0 } },
        warnings: [],
      },
    },
  ],
};

@ApiTags('sources')
@Controller('api/v1/ops/sources')
export class SourcesController {
  constructor(
    private readonly prisma: PrismaService,
    private readonly runner: OpenDentalRunner,
  ) {}

  @Get()
  @RequirePermissions('ops:admin')
  @ApiOperation({
    operationId: 'getSources',
    summary: 'Data sources read by the service itself (Open Dental databases) and how their syncs are doing',
    description:
      'Every source configured in OPENDENTAL_SOURCES and every source synced before (e.g. by `npm run sync:opendental`): its last sync (start, end, success), ' +
      "the DateTStamp watermarks per Open Dental table (the source's own clock, naive local time), `lagSeconds` (seconds since the last successful sync finished: " +
      'how old our copy may be), the per-kind counts of the last sync (read, created, updated, unchanged, warnings) and its last error.',
  })
  @ApiOkResponse({ type: DataSourceList, description: 'The sources', example: EXAMPLE })
  async list() {
    const states = await this.prisma.opendentalSyncState.findMany({ orderBy: { sourceId: 'asc' } });
    const marks = await this.prisma.opendentalWatermark.findMany({ orderBy: [{ sourceId: 'asc' }, { tableName: 'asc' }] });
    const configured = new Map(this.runner.sources.map((s) => [s.id, s]));
    const ids = [...new Set([...configured.keys(), ...states.map((s) => s.sourceId)])].sort();
    const iso = (d: Date | string | null | undefined) => (d ? new Date(d).toISOString() : null);
    return {
      items: ids.map((id) => {
        const st = states.find((s) => s.sourceId === id);
        const sum = st?.lastSummary as { mode?: string; seconds?: number; kinds?: unknown; warnings?: string[] } | null | undefined;
        return {
          id,
          kind: 'opendental',
          configured: configured.has(id),
          every: configured.get(id)?.every ?? null,
          lastStartedAt: iso(st?.lastStartedAt),
          lastFinishedAt: iso(st?.lastFinishedAt),
          lastSuccessAt: iso(st?.lastSuccessAt),
          lagSeconds: st?.lastSuccessAt ? Math.round((Date.now() - st.lastSuccessAt.getTime()) / 1000) : null,
          lastError: st?.lastError ?? null,
          watermarks: Object.fromEntries(marks.filter((m) => m.sourceId === id).map((m) => [m.tableName, m.stamp])),
          lastSync: sum ? { mode: sum.mode ?? null, seconds: sum.seconds ?? null, counts: sum.kinds ?? {}, warnings: (sum.warnings ?? []).slice(0, 20) } : null,
        };
      }),
    };
  }
}
