/**
 * Concrete proposals from the peak/low analysis (history) and the projection (coming days). Each names the
 * weekday / hours / chairs concerned, the chair-hours it frees or adds, and, where the route can simulate it,
 * the what-if parameters to try it (`whatIf`, appended to the same request).
 *
 * Capacity checks use booked minutes (what must still fit somewhere); the low/peak labels use the actual
 * utilization of the heatmap.
 */
import type { Band } from '../domain/band.js';
import { hh, WEEKDAY_NAMES, WEEKDAY_PLURAL } from '../domain/calendar.js';
import type { ProjectionOut } from './projection.js';

export interface Cell {
  dow: number;
  hour: number;
  available: number;
  used: number;
  booked: number;
  /** resource-days with this hour open */
  resourceDays: number;
}

export interface Totals {
  days: number;
  available: number;
  used: number;
  booked: number;
}

export interface ResourceStat {
  id: string;
  name: string;
  kind: string;
  active: boolean;
  total: Totals;
  byDow: Map<number, Totals>;
}

export interface Suggestion {
  type: 'add-hours' | 'add-chair' | 'rebalance-peak' | 'shorten-hours' | 'consolidate-chair' | 'consolidate-weekday' | 'release-capacity' | 'above-band';
  priority: 'high' | 'medium' | 'low';
  title: string;
  detail: string;
  weekday?: number;
  /** the local clock hours the suggestion is about, `to` exclusive (one span: a suggestion per span) */
  hours?: { from: string; to: string };
  dates?: string[];
  resourceIds?: string[];
  chairHoursPerWeek?: number;
  chairHours?: number;
  whatIf?: string;
}

export interface SuggestionInputs {
  band: Band;
  cells: Cell[];
  /** open days per weekday in the history window */
  occurrences: Map<number, number>;
  /** weeks in the history window that had data */
  weeks: number;
  resources: ResourceStat[];
  projection: ProjectionOut | null;
  /** open resources per coming date (for turning chair-hours into minutes per chair) */
  openResources: Map<string, { count: number; minutes: number }>;
  horizon: number;
}

const pct = (v: number) => `${Math.round(v * 100)}%`;
const hrs = (v: number) => (v >= 10 ? String(Math.round(v)) : String(Math.round(v * 10) / 10));
const r1 = (v: number) => Math.round(v * 10) / 10;
const rate = (num: number, den: number) => (den > 0 ? num / den : 0);
const ceil15 = (m: number) => Math.max(15, Math.ceil(m / 15) * 15);
const round15 = (m: number) => Math.round(m / 15) * 15;
const span = (cells: Cell[]) => ({ from: hh(cells[0].hour), to: hh(cells[cells.length - 1].hour + 1) });
const sum = (cells: Cell[], k: 'available' | 'used' | 'booked') => cells.reduce((s, c) => s + c[k], 0);
const shortDate = (d: string) => new Date(`${d}T00:00:00Z`).toLocaleDateString('en-US', { month: 'short', day: 'numeric', timeZone: 'UTC' });

export function suggest(inp: SuggestionInputs): Suggestion[] {
  const { band } = inp;
  const out: Suggestion[] = [];
  const byDow = new Map<number, Cell[]>();
  for (const c of inp.cells) {
    if (c.available <= 0) continue;
    const l = byDow.get(c.dow) ?? [];
    l.push(c);
    byDow.set(c.dow, l);
  }
  for (const l of byDow.values()) l.sort((a, b) => a.hour - b.hour);
  const isLow = (c: Cell) => rate(c.used, c.available) < band.lowThreshold;

  // demand growth by weekday: projected booked rate ÷ the history's, so that releasing capacity is checked
  // against the demand to come, not only the demand that was (1 without a projection)
  const growth = new Map<number, number>();
  let growthAll = 1;
  if (inp.projection) {
    const proj = new Map<number, { d: number; a: number }>();
    for (const d of inp.projection.days) {
      if (d.availableChairHours <= 0) continue;
      const t = proj.get(d.weekday) ?? { d: 0, a: 0 };
      t.d += d.projectedChairHours;
      t.a += d.availableChairHours;
      proj.set(d.weekday, t);
    }
    let pd = 0;
    let pa = 0;
    let hb = 0;
    let ha = 0;
    for (const [dow, cells] of byDow) {
      const p = proj.get(dow);
      const hist = rate(sum(cells, 'booked'), sum(cells, 'available'));
      if (p && p.a > 0 && hist > 0) growth.set(dow, Math.min(2, Math.max(0.5, p.d / p.a / hist)));
      if (p) ((pd += p.d), (pa += p.a));
      hb += sum(cells, 'booked');
      ha += sum(cells, 'available');
    }
    if (pa > 0 && ha > 0 && hb > 0) growthAll = Math.min(2, Math.max(0.5, pd / pa / (hb / ha)));
  }
  const g = (dow: number) => growth.get(dow) ?? growthAll;
  const isPeak = (c: Cell) => rate(c.used, c.available) >= band.riskThreshold;

  // ---------------------------------------------------------------- from the projection: risk days → add hours
  const p = inp.projection;
  if (p) {
    const risky = new Map<number, ProjectionOut['days']>();
    for (const d of p.days) if (d.overbookingRisk) risky.set(d.weekday, [...(risky.get(d.weekday) ?? []), d]);
    for (const [dow, days] of [...risky.entries()].sort((a, b) => a[0] - b[0])) {
      const need = days.map((d) => {
        if (d.chairHoursToAdd > 0) return d.chairHoursToAdd;
        const hi = d.interval80?.high ?? 0;
        return Math.max(0, (hi * d.availableChairHours) / band.targetHigh - d.availableChairHours);
      });
      const sortedNeed = [...need].sort((a, b) => a - b);
      const typicalNeed = sortedNeed[Math.floor((sortedNeed.length - 1) / 2)];
      const maxNeed = sortedNeed[sortedNeed.length - 1];
      if (!(maxNeed > 0)) continue;
      const planNeed = typicalNeed > 0 ? typicalNeed : maxNeed;
      const open = days.map((d) => inp.openResources.get(d.date)).filter((o): o is { count: number; minutes: number } => !!o && o.count > 0);
      const chairs = open.length ? Math.min(...open.map((o) => o.count)) : 0;
      const minutesPerChair = open.length ? Math.min(...open.map((o) => o.minutes / o.count)) : 0;
      const likelyCount = days.filter((d) => d.overbookingRisk === 'likely').length;
      const dates = days.map((d) => d.date);
      const when = dates.length === 1 ? `${WEEKDAY_NAMES[dow]} ${shortDate(dates[0])}` : `${dates.length} ${WEEKDAY_PLURAL[dow]} (${dates.slice(0, 4).map(shortDate).join(', ')}${dates.length > 4 ? ', …' : ''})`;
      const these = dates.length === 1 ? 'That day' : `These ${dates.length} days`;
      const rates = days.map((d) => d.projectedUtilization ?? 0);
      const range = pct(Math.min(...rates)) === pct(Math.max(...rates)) ? pct(rates[0]) : `${pct(Math.min(...rates))}–${pct(Math.max(...rates))}`;
      const chance = pct(Math.max(...days.map((d) => d.overbookingProbability ?? 0)));
      const how =
        likelyCount === days.length
          ? `${days.length > 1 ? 'are' : 'is'} projected above the ${pct(band.riskThreshold)} overbooking-risk line (projected ${range})`
          : likelyCount === 0
            ? `may go above the ${pct(band.riskThreshold)} overbooking-risk line (projected ${range}, up to a ${chance} chance of ending above it)`
            : `are at overbooking risk: ${likelyCount} projected above the ${pct(band.riskThreshold)} line, ${days.length - likelyCount} possibly (projected ${range})`;
      const needText = sortedNeed[0] === maxNeed || dates.length === 1 ? `about ${hrs(maxNeed)} chair-hours a day` : `about ${hrs(planNeed)} chair-hours a day (${hrs(sortedNeed[0])}–${hrs(maxNeed)})`;
      const perChair = chairs ? ceil15((planNeed * 60) / chairs) : 0;
      const priority = likelyCount > 0 ? 'high' : 'medium';
      const total = r1(need.reduce((s2, v) => s2 + v, 0));
      if (chairs && perChair <= 180) {
        out.push({
          type: 'add-hours',
          priority,
          title: `Add ${needText.replace(/ \(.*\)$/, '')} on ${when}`,
          detail:
            `${these} ${how}. To bring ${dates.length > 1 ? 'them' : 'it'} back to ${pct(band.targetHigh)} add ${needText} (${total} chair-hours in all): keep the ${chairs} open ${chairs > 1 ? 'chairs' : 'chair'} ${perChair} minutes longer, ` +
            `or staff an extra chair for ${hrs(planNeed)} hours.`,
          weekday: dow,
          dates,
          chairHours: total,
          whatIf: `extendHours=${dow}:${perChair}`,
        });
      } else {
        const extra = Math.max(1, Math.ceil((planNeed * 60) / Math.max(minutesPerChair, 60)));
        out.push({
          type: 'add-chair',
          priority,
          title: `Open ${extra} more chair${extra > 1 ? 's' : ''} on ${when}`,
          detail: `${these} ${how}; ${needText} (${total} chair-hours in all) are missing to stay at ${pct(band.targetHigh)}, more than longer hours can give.`,
          weekday: dow,
          dates,
          chairHours: total,
          whatIf: `addChairs=${extra}`,
        });
      }
    }
  }

  // ---------------------------------------------------------------- peaks: steer bookings to the weekday's low hours
  for (const [dow, cells] of byDow) {
    const occ = inp.occurrences.get(dow) ?? 0;
    if (!occ) continue;
    const runs = runsOf(cells, isPeak);
    for (const run of runs) {
      const excess = run.reduce((s, c) => s + Math.max(0, c.used - band.targetHigh * c.available), 0) / occ / 60;
      const targets = runsOf(cells, (c) => rate(c.used, c.available) < band.targetLow).sort((a, b) => spare(b, band) - spare(a, band));
      if (!targets.length || excess < 0.5) continue;
      const t = targets[0];
      const sp = spare(t, band) / occ / 60;
      out.push({
        type: 'rebalance-peak',
        priority: 'medium',
        title: `Steer ${WEEKDAY_NAMES[dow]} bookings from ${span(run).from}–${span(run).to} to ${span(t).from}–${span(t).to}`,
        detail:
          `${WEEKDAY_PLURAL[dow]} ${span(run).from}–${span(run).to} ran at ${pct(rate(sum(run, 'used'), sum(run, 'available')))} (peak ≥ ${pct(band.riskThreshold)}), ` +
          `while ${span(t).from}–${span(t).to} ran at ${pct(rate(sum(t, 'used'), sum(t, 'available')))}. Moving about ${hrs(Math.min(excess, sp))} chair-hours a week of ` +
          `new bookings (recalls, adjustments) to the quieter hours brings the peak to ${pct(band.targetHigh)} without adding chairs.`,
        weekday: dow,
        hours: span(run),
        chairHoursPerWeek: r1(Math.min(excess, sp)),
      });
    }
  }

  // ---------------------------------------------------------------- low hours at the start or end of a weekday: shorten them
  for (const [dow, cells] of [...byDow.entries()].sort((a, b) => a[0] - b[0])) {
    const occ = inp.occurrences.get(dow) ?? 0;
    if (!occ || cells.every(isLow)) continue;
    const availW = sum(cells, 'available');
    const bookedW = sum(cells, 'booked') * g(dow);
    const runs: { end: 'start' | 'end'; cells: Cell[]; minutes: number }[] = [];
    let cut = 0;
    for (const end of ['end', 'start'] as const) {
      const ordered = end === 'end' ? [...cells].reverse() : cells;
      const run: Cell[] = [];
      for (const c of ordered) {
        if (!isLow(c) || runs.some((r) => r.cells.includes(c))) break;
        run.push(c);
      }
      // keep the rest of the day within the band once the moved bookings land there
      while (run.length && rate(bookedW, availW - cut - sum(run, 'available')) > band.targetHigh) run.pop();
      const minutes = round15(run.reduce((s2, c) => s2 + (c.resourceDays ? c.available / c.resourceDays : 0), 0));
      if (!run.length || minutes < 30) continue;
      cut += sum(run, 'available');
      runs.push({ end, cells: end === 'end' ? [...run].reverse() : run, minutes });
    }
    // one suggestion per span (closing earlier, opening later), each with its own hours, chair-hours and what-if
    for (const r of runs) {
      const cut1 = sum(r.cells, 'available');
      const freed = cut1 / occ / 60;
      const moved = (sum(r.cells, 'booked') * g(dow)) / occ / 60;
      const after = rate(bookedW, availW - cut1);
      const { from, to } = span(r.cells);
      out.push({
        type: 'shorten-hours',
        priority: 'medium',
        title: `${WEEKDAY_PLURAL[dow]}: ${r.end === 'end' ? `close ${r.minutes} minutes earlier` : `open ${r.minutes} minutes later`} (${from}–${to})`,
        detail:
          `${from}–${to} ran at ${pct(rate(sum(r.cells, 'used'), sum(r.cells, 'available')))} (low < ${pct(band.lowThreshold)}) over the last ${occ} ${WEEKDAY_PLURAL[dow]}. ` +
          `Shortening frees about ${hrs(freed)} chair-hours a week; its ${hrs(moved)} booked chair-hours a week${Math.abs(g(dow) - 1) > 0.05 ? ' (at the projected demand)' : ''} ` +
          `would move into the rest of the day, booking ${WEEKDAY_NAMES[dow]} to ${pct(after)} (${pct(rate(bookedW, availW))} on today's hours).`,
        weekday: dow,
        hours: { from, to },
        chairHoursPerWeek: r1(freed),
        whatIf: `extendHours=${dow}:-${r.minutes}`,
      });
    }
  }

  // ---------------------------------------------------------------- idle chairs: consolidate them into the others (all week)
  const removed = new Set<string>();
  for (const kind of [...new Set(inp.resources.map((r) => r.kind))].sort()) {
    const list = inp.resources.filter((r) => r.kind === kind && r.active && r.total.available > 0);
    if (list.length < 2) continue;
    const availK = list.reduce((s, r) => s + r.total.available, 0);
    const bookedK = list.reduce((s, r) => s + r.total.booked, 0) * growthAll;
    let removedAvail = 0;
    const removedDow = new Map<number, number>();
    const sorted = [...list].sort((a, b) => rate(a.total.used, a.total.available) - rate(b.total.used, b.total.available) || a.id.localeCompare(b.id));
    let count = 0;
    for (const r of sorted) {
      if (count >= 3 || list.length - count < 2) break;
      const u = rate(r.total.used, r.total.available);
      if (u >= band.lowThreshold) break;
      const after = rate(bookedK, availK - removedAvail - r.total.available);
      if (after > band.targetHigh) break;
      // no weekday may be pushed past the overbooking-risk line
      let ok = true;
      for (let dow = 1; dow <= 7 && ok; dow++) {
        const a = list.reduce((s, x) => s + (x.byDow.get(dow)?.available ?? 0), 0);
        const b = list.reduce((s, x) => s + (x.byDow.get(dow)?.booked ?? 0), 0) * g(dow);
        const rem = a - (removedDow.get(dow) ?? 0) - (r.byDow.get(dow)?.available ?? 0);
        if (b > 0 && (rem <= 0 || b / rem > band.riskThreshold)) ok = false;
      }
      if (!ok) continue;
      removedAvail += r.total.available;
      for (const [dow, t] of r.byDow) removedDow.set(dow, (removedDow.get(dow) ?? 0) + t.available);
      removed.add(r.id);
      count++;
      const freed = r.total.available / Math.max(inp.weeks, 1) / 60;
      const moved = (r.total.booked * growthAll) / Math.max(inp.weeks, 1) / 60;
      out.push({
        type: 'consolidate-chair',
        priority: u < band.lowThreshold / 2 ? 'high' : 'medium',
        title: `Consolidate ${r.name} (${r.id}) into the other ${kind === 'ROOM' ? 'rooms' : 'chairs'}`,
        detail:
          `${r.name} was used ${pct(u)} of its open time (booked ${pct(rate(r.total.booked, r.total.available))}) over the last ${Math.round(inp.weeks)} weeks. ` +
          `Its ${hrs(moved)} booked chair-hours a week fit in the other ${list.length - count} ${kind === 'ROOM' ? 'rooms' : 'chairs'}, booking them to ${pct(after)} ` +
          `(now ${pct(rate(bookedK, availK))}) with no weekday above ${pct(band.riskThreshold)}. Frees about ${hrs(freed)} chair-hours a week (staff, or a chair for another use).`,
        resourceIds: [r.id],
        chairHoursPerWeek: r1(freed),
        whatIf: `removeResourceId=${encodeURIComponent(r.id)}`,
      });
    }
  }

  // ---------------------------------------------------------------- low weekdays: fewer chairs that day
  for (const kind of [...new Set(inp.resources.map((r) => r.kind))].sort()) {
    const list = inp.resources.filter((r) => r.kind === kind && r.active && !removed.has(r.id));
    for (let dow = 1; dow <= 7; dow++) {
      const occ = inp.occurrences.get(dow) ?? 0;
      const open = list.filter((r) => (r.byDow.get(dow)?.days ?? 0) > 0 && (r.byDow.get(dow)?.available ?? 0) > 0);
      if (!occ || open.length < 2) continue;
      const t = open.reduce((s, r) => ({ days: s.days + r.byDow.get(dow)!.days, available: s.available + r.byDow.get(dow)!.available, used: s.used + r.byDow.get(dow)!.used, booked: s.booked + r.byDow.get(dow)!.booked }), { days: 0, available: 0, used: 0, booked: 0 });
      if (rate(t.used, t.available) >= band.lowThreshold) continue;
      const chairs = t.days / occ;
      const perChair = t.available / t.days;
      const bookedPerDay = (t.booked * g(dow)) / occ;
      const need = Math.max(1, Math.ceil(bookedPerDay / (perChair * band.targetHigh)));
      const m = Math.floor(chairs - need + 1e-9);
      if (m < 1) continue;
      const pick = [...open].sort((a, b) => rate(a.byDow.get(dow)!.used, a.byDow.get(dow)!.available) - rate(b.byDow.get(dow)!.used, b.byDow.get(dow)!.available) || a.id.localeCompare(b.id)).slice(0, m);
      const freed = (m * perChair) / 60;
      out.push({
        type: 'consolidate-weekday',
        priority: 'low',
        title: `Run ${WEEKDAY_PLURAL[dow]} with ${m} ${kind === 'ROOM' ? 'room' : 'chair'}${m > 1 ? 's' : ''} fewer (${pick.map((r) => r.name).join(', ')})`,
        detail:
          `${WEEKDAY_PLURAL[dow]} ran at ${pct(rate(t.used, t.available))} used / ${pct(rate(t.booked, t.available))} booked on ${r1(chairs)} open ${kind === 'ROOM' ? 'rooms' : 'chairs'} on average. ` +
          `${hrs(bookedPerDay / 60)} booked chair-hours a day fit in ${need} at ${pct(band.targetHigh)} or less; closing the least-used ${m} (${pick.map((r) => r.id).join(', ')}) ` +
          `frees about ${hrs(freed)} chair-hours a week and books the rest to ${pct(rate(bookedPerDay, (chairs - m) * perChair))}.`,
        weekday: dow,
        resourceIds: pick.map((r) => r.id),
        chairHoursPerWeek: r1(freed),
      });
    }
  }

  // ---------------------------------------------------------------- the projection as a whole
  if (p && p.summary.projectedUtilization !== null) {
    const s = p.summary;
    const iv = s.interval80 ? ` (80% interval ${pct(s.interval80.low ?? 0)}–${pct(s.interval80.high ?? 0)})` : '';
    if (s.projectedUtilization! < band.lowThreshold && s.chairHoursToRelease > 0) {
      out.push({
        type: 'release-capacity',
        priority: 'medium',
        title: `About ${hrs(s.chairHoursToRelease)} chair-hours could be released in the next ${inp.horizon} days`,
        detail:
          `The next ${inp.horizon} days are projected at ${pct(s.projectedUtilization!)} booked${iv}, below the ${pct(band.lowThreshold)} low line. ` +
          `Releasing about ${hrs(s.chairHoursToRelease)} chair-hours (${hrs((s.chairHoursToRelease / inp.horizon) * 7)} a week) keeps it at ${pct(band.targetLow)}; ` +
          `the shorten-hours and consolidate suggestions say where.`,
        chairHours: s.chairHoursToRelease,
      });
    } else if (s.projectedUtilization! > band.targetHigh && s.chairHoursToAdd > 0) {
      out.push({
        type: 'above-band',
        priority: s.projectedUtilization! > band.riskThreshold ? 'high' : 'medium',
        title: `About ${hrs(s.chairHoursToAdd)} chair-hours are missing in the next ${inp.horizon} days`,
        detail:
          `The next ${inp.horizon} days are projected at ${pct(s.projectedUtilization!)} booked${iv}, above the ${pct(band.targetHigh)} top of the band. ` +
          `About ${hrs(s.chairHoursToAdd)} more chair-hours (${hrs((s.chairHoursToAdd / inp.horizon) * 7)} a week) bring it to ${pct(band.targetHigh)}: longer hours on the busiest weekdays, or another chair (try addChairs=1).`,
        chairHours: s.chairHoursToAdd,
        whatIf: 'addChairs=1',
      });
    }
  }

  const rank = { high: 0, medium: 1, low: 2 };
  return out.sort((a, b) => rank[a.priority] - rank[b.priority] || (b.chairHoursPerWeek ?? (b.chairHours ?? 0) / 4) - (a.chairHoursPerWeek ?? (a.chairHours ?? 0) / 4));
}

/** Maximal runs of consecutive hours (no gap) whose cells satisfy `pred`. */
function runsOf(cells: Cell[], pred: (c: Cell) => boolean): Cell[][] {
  const runs: Cell[][] = [];
  let cur: Cell[] = [];
  for (const c of cells) {
    if (pred(c) && (!cur.length || cur[cur.length - 1].hour === c.hour - 1)) cur.push(c);
    else {
      if (cur.length) runs.push(cur);
      cur = pred(c) ? [c] : [];
    }
  }
  if (cur.length) runs.push(cur);
  return runs;
}

const spare = (cells: Cell[], band: Band) => cells.reduce((s, c) => s + Math.max(0, band.targetHigh * c.available - c.booked), 0);
