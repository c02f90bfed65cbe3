/** OPENDENTAL_SOURCES and the one-shot command's arguments: parsed, defaulted, and refused with messages naming the problem. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseSyncArgs } from '../src/connectors/opendental/cli.js';
import { parseSources } from '../src/connectors/opendental/config.js';
import { blockReason } from '../src/connectors/opendental/mapping.js';
import { ianaOfWindows } from '../src/connectors/opendental/time.js';

describe('Open Dental connector: configuration', () => {
  it('reads OPENDENTAL_SOURCES as JSON or from a file, with defaults', () => {
    expect(parseSources(undefined)).toEqual([]);
    const one = { id: 'od1', url: 'mysql://u:p@h:3306/od' };
    expect(parseSources(JSON.stringify([one]))).toEqual([{ ...one, every: 10, blockoutReasons: {}, brokenWithoutHistory: 'auto' }]);
    const dir = mkdtempSync(join(tmpdir(), 'od-cfg-'));
    const file = join(dir, 'sources.json');
    writeFileSync(file, JSON.stringify({ ...one, every: 5, defaultTimeZone: 'Europe/Berlin', blockoutReasons: { '27': 'MAINTENANCE' } }));
    expect(parseSources(file)).toMatchObject([{ id: 'od1', every: 5, defaultTimeZone: 'Europe/Berlin', blockoutReasons: { '27': 'MAINTENANCE' } }]);
  });

  it('refuses bad sources with a message naming the variable and the field', () => {
    expect(() => parseSources('[{"id": "od-1", "url": "postgres://x"}]')).toThrow(/OPENDENTAL_SOURCES: 0\.id: .*; 0\.url: must be mysql:/);
    expect(() => parseSources('[{"id": "a", "url": "mysql://x/y", "defaultTimeZone": "Eastern Standard Time"}]')).toThrow(/defaultTimeZone: must be an IANA/);
    expect(() => parseSources('{not json')).toThrow(/OPENDENTAL_SOURCES: not valid JSON/);
    expect(() => parseSources('/nowhere/sources.json')).toThrow(/neither JSON nor the path of an existing file/);
    expect(() => parseSources('[{"id": "a", "url": "mysql://x/y"}, {"id": "a", "url": "mysql://x/z"}]')).toThrow(/listed twice/);
  });

  it('parses the one-shot arguments; a source listed in OPENDENTAL_SOURCES keeps its reason map', () => {
    const env = {
      OPENDENTAL_SOURCES: JSON.stringify([{ id: 'od1', url: 'mysql://other/db', blockoutReasons: { Lunch: 'OTHER' }, brokenWithoutHistory: 'NO_SHOW' }]),
    };
    expect(parseSyncArgs(['--url', 'mysql://r@h:3306/od', '--source', 'od1', '--default-time-zone', 'America/Chicago', '--full'], env)).toEqual({
      full: true,
      source: {
        id: 'od1',
        url: 'mysql://r@h:3306/od',
        defaultTimeZone: 'America/Chicago',
        every: 10,
        blockoutReasons: { Lunch: 'OTHER' },
        brokenWithoutHistory: 'NO_SHOW',
      },
    });
    expect(() => parseSyncArgs(['--source', 'x'], {})).toThrow(/--url and --source are required/);
    expect(() => parseSyncArgs(['--url', 'mysql://h/d', '--source', 'x', '--default-time-zone', 'Mars/Base'], {})).toThrow(/IANA/);
  });

  it('maps Windows zones through CLDR and blockout names by the rule', () => {
    expect(ianaOfWindows('Eastern Standard Time')).toBe('America/New_York');
    expect(ianaOfWindows('AUS Eastern Standard Time')).toBe('Australia/Sydney');
    expect(ianaOfWindows('W. Europe Standard Time')).toBe('Europe/Berlin');
    expect(ianaOfWindows('America/Denver')).toBe('America/Denver');
    expect(ianaOfWindows('')).toBeUndefined();
    expect(ianaOfWindows('Atlantis Time')).toBeUndefined();
    const def = (ItemName: string) => ({ DefNum: 9, Category: 25, ItemName });
    expect(blockReason(def('Autoclave MAINTENANCE'), 9, {})).toBe('MAINTENANCE');
    expect(blockReason(def('Weekly meeting'), 9, {})).toBe('MEETING');
    expect(blockReason(def('CE training'), 9, {})).toBe('TRAINING');
    expect(blockReason(def('High Production'), 9, {})).toBe('OTHER');
    expect(blockReason(def('High Production'), 9, { '9': 'MEETING' })).toBe('MEETING');
    expect(blockReason(def('Maint window'), 9, { 'maint window': 'OTHER' })).toBe('OTHER');
  });
});
