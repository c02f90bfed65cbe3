import { Injectable } from '@nestjs/common';
import type { Principal } from '../auth/auth.js';
import { whatIfOf, type CapacityQuery } from './capacity.query.js';
import { CapacityRepository, type Kind } from './capacity.load.js';
import { openDays, openResources, resourceStats, scenario, scenarioInputs, series } from './capacity.model.js';
import { presentAnalysis } from './capacity.present.js';
import { project } from './projection.js';
import { SuggestionEngine } from './suggestions.js';

/**
 * /capacity for one clinic as of a date: load (capacity.load.ts) → model (capacity.model.ts, forecast.ts, projection.ts,
 * the heatmap and the suggestion engine) → present (capacity.present.ts).
 */
@Injectable()
export class CapacityService {
  constructor(
    private readonly repository: CapacityRepository,
    private readonly engine: SuggestionEngine,
  ) {}

  async analyse(q: CapacityQuery, who: Principal, now: Date = new Date()) {
    const L = await this.repository.load(q, who, now);
    const kinds: Kind[] = q.kind ? [q.kind] : ['CHAIR', 'ROOM'];
    const w = whatIfOf(q);
    const providerDay = w?.addProviderDays.length ? await this.repository.providerDay(L, w.providerRole) : undefined;
    const input = w ? scenarioInputs(L, w, kinds, providerDay) : null;

    const main = series(L, kinds);
    const { occurrences, weeks } = openDays(L, kinds);
    const whatIf =
      w && input ? { w, input, projection: project(main.days, main.forecasts, main.fit, L.band, scenario(L, main.days, kinds, w, input), null) } : null;
    const byKind =
      q.kind || new Set(L.resources.filter((r) => r.active).map((r) => r.kind)).size < 2
        ? undefined
        : (['CHAIR', 'ROOM'] as Kind[]).map((kind) => ({ kind, series: series(L, [kind]) }));
    const suggestions = this.engine.forCapacity({
      band: L.band,
      cells: L.cells,
      occurrences,
      weeks,
      resources: resourceStats(L.resources, L.resourceDow, kinds),
      projection: main.fit ? main.projection : null,
      openResources: openResources(L, kinds),
      horizon: L.horizon,
    });
    return presentAnalysis({ L, q, main, occurrences, whatIf, byKind, suggestions });
  }
}
