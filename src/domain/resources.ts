/** What a clinic's chairs and rooms are: their kinds and the categories the service knows by name. */

/** A resource is a chair or a room (X-ray, consultation). */
export const RESOURCE_KINDS = ['CHAIR', 'ROOM'] as const;
export type ResourceKind = (typeof RESOURCE_KINDS)[number];

/** Categories of chair or room the service knows by name; others may be sent (a lowercase word, hyphens allowed). */
export const RESOURCE_CATEGORIES = [
  'hygiene',
  'restorative',
  'orthodontic',
  'surgery',
  'imaging',
  'consultation',
  'pediatric',
  'endodontic',
  'periodontic',
  'prosthodontic',
] as const;

/** A category as stored: a lowercase word of letters, digits and hyphens, at most 40 characters. */
export const CATEGORY_PATTERN = /^[a-z][a-z0-9-]{0,39}$/;
