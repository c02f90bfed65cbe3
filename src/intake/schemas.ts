import { BlockItem, ClinicItem, ExceptionItem, ProviderItem, ResourceItem, SessionItem } from './intake.dto.js';
import { MAX_BLOCK_DAYS, MAX_ITEMS, MAX_SESSION_HOURS } from './policy.js';

export { MAX_BLOCK_DAYS, MAX_ITEMS, MAX_SESSION_HOURS };
export { resourceCategory } from '../common/rules.js';
export { RESOURCE_CATEGORIES } from '../domain/resources.js';
export { toMinutes } from './intake.rules.js';
export { BlockItem, ClinicItem, ExceptionItem, ProviderItem, ResourceItem, SessionItem };

/**
 * The item classes (src/intake/intake.dto.ts) the intake checks every item of a batch against (`checkItem` in
 * src/common/validation.ts): the ValidationPipe checks the `{"items": [...]}` envelope of an HTTP request, the intake
 * each item, so that `onInvalid=skip` can write the valid items and one 400 names every bad item (shape and reference
 * problems together); the demo loader and the Open Dental connector call the intake directly with the same checks.
 */
export const clinicItem = ClinicItem;
export const resourceItem = ResourceItem;
export const providerItem = ProviderItem;
export const exceptionItem = ExceptionItem;
export const sessionItem = SessionItem;
export const blockItem = BlockItem;

/** The fields of an item class as sent (what upstream systems post; the demo generator builds these). */
type Fields<T> = { [K in keyof T as T[K] extends (...a: never[]) => unknown ? never : K]: T[K] };
type Hours = Record<string, [string, string][]>;
export type ClinicIn = Omit<Fields<ClinicItem>, 'hours'> & { hours: Partial<Hours> };
export type ResourceIn = Omit<Fields<ResourceItem>, 'hours'> & { hours?: Partial<Hours> | null };
export type ProviderIn = Fields<ProviderItem>;
export type ExceptionIn = Fields<ExceptionItem>;
export type SessionIn = Omit<Fields<SessionItem>, 'productionValue'> & { productionValue?: number | string | null };
export type BlockIn = Fields<BlockItem>;
