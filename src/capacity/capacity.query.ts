import type { DataOf } from '../common/dto.js';
import type { CapacityQueryDto } from './capacity.dto.js';

export { HISTORY_DAYS, HORIZONS, MAX_EXTEND_MINUTES, MAX_PROVIDER_DAYS, MAX_WHAT_IF_CHAIRS } from './capacity.dto.js';

/** The query of /capacity as the service takes it (validated by CapacityQueryDto). */
export type CapacityQuery = DataOf<CapacityQueryDto>;

export interface WhatIf {
  addChairs: number;
  removeChairs: number;
  removeResourceIds: string[];
  extendHours: { weekday: number; minutes: number }[];
  addProviderDays: number[];
  providerRole: string | null;
}

export function whatIfOf(q: CapacityQuery): WhatIf | null {
  const w: WhatIf = {
    addChairs: q.addChairs,
    removeChairs: q.removeChairs,
    removeResourceIds: q.removeResourceId ?? [],
    extendHours: q.extendHours ?? [],
    addProviderDays: q.addProviderDays ?? [],
    providerRole: q.providerRole ?? null,
  };
  const any = w.addChairs || w.removeChairs || w.removeResourceIds.length || w.extendHours.length || w.addProviderDays.length;
  return any ? w : null;
}
