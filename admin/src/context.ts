import type { Api } from './api.js';
import type { Claims } from './auth.js';
import type { State } from './state.js';
import type { Band } from './types.js';

export interface Crumb {
  label: string;
  next?: Partial<State>;
}

/** What every view gets: the API client, who is signed in, the clinics the token covers, navigation. */
export interface Ctx {
  api: Api;
  claims: Claims | null;
  clinics: { id: string; name: string }[];
  /** the last day with data (the headline's default period ends there) */
  lastDay: string;
  /** the last local date rolled up of each clinic (GET /clinics), null when none yet */
  lastRolled: Map<string, string | null>;
  /** each clinic's currency (ISO 4217, GET /clinics), null when not set */
  currencies: Map<string, string | null>;
  band: Band;
  state: State;
  go(next: Partial<State>, opts?: { replace?: boolean }): void;
  /** false once another view has replaced this one: stop drawing */
  current(): boolean;
  setCrumbs(list: Crumb[]): void;
}

export const clinicIds = (ctx: Ctx): string[] => (ctx.state.clinic === 'all' ? ctx.clinics.map((c) => c.id) : [ctx.state.clinic]);
export const clinicName = (ctx: Ctx, id: string) => ctx.clinics.find((c) => c.id === id)?.name ?? id;
export const selectionName = (ctx: Ctx) =>
  ctx.state.clinic === 'all'
    ? ctx.clinics.length === 1
      ? clinicName(ctx, ctx.clinics[0].id)
      : `All ${ctx.clinics.length} clinics`
    : clinicName(ctx, ctx.state.clinic);

/** The currencies of the selected clinics; `one` is set when they all share one (money can then be shown in it). */
export function selectionCurrency(ctx: Ctx): { one: string | null; all: string[] } {
  const all = [
    ...new Set(
      clinicIds(ctx)
        .map((id) => ctx.currencies.get(id) ?? null)
        .filter((c): c is string => !!c),
    ),
  ].sort();
  const unset = clinicIds(ctx).some((id) => !ctx.currencies.get(id));
  return { one: all.length === 1 && !unset ? all[0] : null, all };
}
