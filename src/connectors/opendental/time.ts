import { IANAZone } from 'luxon';
import { findIana } from 'windows-iana';

const MIN = 60_000;
const H14 = 14 * 3600_000;

/**
 * A clinic's `TimeZone` (a Windows zone id such as "Eastern Standard Time", CLDR's table through windows-iana)
 * → IANA name; an IANA name is taken as it is; '' or an unknown id → undefined (the caller falls back).
 */
export function ianaOfWindows(windowsId: string): string | undefined {
  const id = windowsId.trim();
  if (!id) return undefined;
  if (id.includes('/') && IANAZone.isValidZone(id)) return id;
  const found = findIana(id);
  return found && found.length ? found[0] : undefined;
}

export type LocalNote = 'nonexistent' | 'ambiguous';

/**
 * Open Dental stores naive local wall-clock times. This turns one into an instant in the clinic's zone with one
 * rule, the one PostgreSQL's `AT TIME ZONE` (and so our engine, for opening windows) uses:
 * - a time that does not exist (spring forward, e.g. 02:30 in New York) moves forward by the gap (03:30 EDT);
 * - an ambiguous time (fall back, e.g. 01:30 twice) is the later instant (standard time).
 * Both are reported to `onNote` so the sync counts them as warnings.
 * Offsets are cached per zone and local date: only the few transition days take the slow path.
 */
export class LocalClock {
  private readonly zones = new Map<string, IANAZone>();
  private readonly days = new Map<string, number | null>();

  private zone(tz: string): IANAZone {
    let z = this.zones.get(tz);
    if (!z) this.zones.set(tz, (z = IANAZone.create(tz)));
    return z;
  }

  /** `YYYY-MM-DD HH:MM[:SS]` (or `YYYY-MM-DDTHH:MM…`) in `tz` → epoch ms. */
  toEpoch(naive: string, tz: string, onNote?: (note: LocalNote) => void): number {
    const y = Number(naive.slice(0, 4));
    const mo = Number(naive.slice(5, 7));
    const d = Number(naive.slice(8, 10));
    const h = Number(naive.slice(11, 13)) || 0;
    const mi = Number(naive.slice(14, 16)) || 0;
    const s = Number(naive.slice(17, 19)) || 0;
    const wall = Date.UTC(y, mo - 1, d, h, mi, s);
    const key = `${tz}|${naive.slice(0, 10)}`;
    let fixed = this.days.get(key);
    const zone = this.zone(tz);
    if (fixed === undefined) {
      const midnight = Date.UTC(y, mo - 1, d);
      const a = zone.offset(midnight - H14);
      const b = zone.offset(midnight + 24 * 3600_000 + H14);
      fixed = a === b ? a : null;
      this.days.set(key, fixed);
    }
    if (fixed !== null) return wall - fixed * MIN;
    const before = zone.offset(wall - H14) * MIN;
    const after = zone.offset(wall + H14) * MIN;
    const candidates = [...new Set([wall - before, wall - after])].filter((c) => c + zone.offset(c) * MIN === wall);
    if (candidates.length === 1) return candidates[0];
    if (candidates.length > 1) {
      onNote?.('ambiguous');
      return Math.max(...candidates);
    }
    onNote?.('nonexistent');
    return wall - before;
  }

  toIso(naive: string, tz: string, onNote?: (note: LocalNote) => void): string {
    return new Date(this.toEpoch(naive, tz, onNote)).toISOString();
  }
}

/** Open Dental's "no value" datetime. */
export const isUnset = (dt: string | null | undefined): boolean => !dt || dt.startsWith('0001-01-01') || dt.startsWith('0000-00-00');

/** 'YYYY-MM-DD' + minutes → 'YYYY-MM-DD HH:MM:SS' (minutes may exceed a day: rolls into the next date). */
export function addMinutesNaive(naive: string, minutes: number): string {
  const t = Date.UTC(
    Number(naive.slice(0, 4)),
    Number(naive.slice(5, 7)) - 1,
    Number(naive.slice(8, 10)),
    Number(naive.slice(11, 13)) || 0,
    Number(naive.slice(14, 16)) || 0,
    Number(naive.slice(17, 19)) || 0,
  );
  return new Date(t + minutes * MIN).toISOString().slice(0, 19).replace('T', ' ');
}
