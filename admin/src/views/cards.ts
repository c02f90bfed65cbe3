// The headline cards: utilization against the band, downtime by reason, turnover, no-show rate, change against
// the previous period, and the data-quality note.
import { card, dataTable } from '../components.js';
import { h } from '../dom.js';
import { cssPercent, hours, minutes, num, pct, periodLabel, pp, signedMinutes, signedPct, statusLabel } from '../format.js';
import type { Band, Change, Headline } from '../types.js';

const changeText = (c: Change | undefined, kind: 'pp' | 'rel') => (c ? (kind === 'pp' ? pp(c.absolute) : signedPct(c.relative)) : '–');
const delta = (label: string, text: string, cls = '') => h('p', { class: `delta ${cls}` }, h('span', { class: 'muted' }, label), ' ', text);

/** Where the rate sits on 0–100 % with the band drawn in. */
function bandGauge(rate: number | null, band: Band): HTMLElement {
  return h(
    'div',
    { class: 'gauge', 'aria-hidden': 'true' },
    h('span', { class: 'gauge-low', style: `width:${cssPercent(band.lowThreshold)}` }),
    h('span', { class: 'gauge-band', style: `left:${cssPercent(band.targetLow)};width:${cssPercent(band.targetHigh - band.targetLow)}` }),
    h('span', { class: 'gauge-risk', style: `left:${cssPercent(band.riskThreshold)};width:${cssPercent(1 - band.riskThreshold)}` }),
    rate === null ? null : h('span', { class: 'gauge-mark', style: `left:${cssPercent(rate)}` }),
  );
}

export function headlineCards(hl: Headline): HTMLElement {
  const c = hl.current;
  const p = hl.previous;
  const band = hl.band;
  const d = c.downtimeByReason;
  const reason = (label: string, key: 'maintenance' | 'noShow' | 'gap', cls: string) =>
    h(
      'li',
      {},
      h('span', { class: `swatch ${cls}` }),
      `${label} `,
      h('b', {}, hours(d[key].minutes)),
      h('span', { class: 'muted' }, ` ${pct(d[key].share, 0)}`),
    );
  const share = (k: 'maintenance' | 'noShow' | 'gap') => cssPercent(d[k].share);
  const avgChange = c.turnover.avgMinutes !== null && p.turnover.avgMinutes !== null ? c.turnover.avgMinutes - p.turnover.avgMinutes : null;
  const compare: { label: string; now: string; before: string; change: string; nowRaw: number | null; beforeRaw: number | null }[] = [
    {
      label: 'Utilization (seated)',
      now: pct(c.utilizationRate),
      before: pct(p.utilizationRate),
      change: changeText(hl.change.utilizationRate, 'pp'),
      nowRaw: c.utilizationRate,
      beforeRaw: p.utilizationRate,
    },
    {
      label: 'Booked (scheduled)',
      now: pct(c.scheduledUtilizationRate),
      before: pct(p.scheduledUtilizationRate),
      change: changeText(hl.change.scheduledUtilizationRate, 'pp'),
      nowRaw: c.scheduledUtilizationRate,
      beforeRaw: p.scheduledUtilizationRate,
    },
    {
      label: 'Open chair-hours',
      now: num(c.availableChairHours),
      before: num(p.availableChairHours),
      change: signedPct(p.availableMinutes ? c.availableMinutes / p.availableMinutes - 1 : null),
      nowRaw: c.availableChairHours,
      beforeRaw: p.availableChairHours,
    },
    {
      label: 'Downtime',
      now: hours(c.downtimeMinutes),
      before: hours(p.downtimeMinutes),
      change: changeText(hl.change.downtimeMinutes, 'rel'),
      nowRaw: c.downtimeMinutes / 60,
      beforeRaw: p.downtimeMinutes / 60,
    },
    {
      label: 'Appointments',
      now: num(c.appointments),
      before: num(p.appointments),
      change: changeText(hl.change.appointments, 'rel'),
      nowRaw: c.appointments,
      beforeRaw: p.appointments,
    },
    {
      label: 'No-show rate',
      now: pct(c.noShowRate),
      before: pct(p.noShowRate),
      change: changeText(hl.change.noShowRate, 'pp'),
      nowRaw: c.noShowRate,
      beforeRaw: p.noShowRate,
    },
    {
      label: 'Turnovers',
      now: num(c.turnover.count),
      before: num(p.turnover.count),
      change: signedPct(p.turnover.count ? c.turnover.count / p.turnover.count - 1 : null),
      nowRaw: c.turnover.count,
      beforeRaw: p.turnover.count,
    },
  ];
  const significant = hl.change.utilizationRateChangeSignificant;
  return h(
    'div',
    { class: 'cards-wrap' },
    h(
      'div',
      { class: 'cards', 'data-cards': '' },
      card(
        'utilization',
        'Utilization',
        pct(c.utilizationRate),
        // the interval belongs to the seated rate, the big number: it sits right under it, the booked rate on a line of its own
        c.utilizationRateInterval95
          ? h(
              'p',
              { class: 'muted small', 'data-interval': '' },
              `seated; 95% interval ${pct(c.utilizationRateInterval95.low)} to ${pct(c.utilizationRateInterval95.high)}`,
            )
          : h('p', { class: 'muted small' }, 'seated'),
        h(
          'p',
          {},
          h('span', { class: `pill status-${c.status ?? 'none'}` }, statusLabel(c.status)),
          h('span', { class: 'muted' }, ` target ${pct(band.targetLow, 0)}–${pct(band.targetHigh, 0)}`),
        ),
        bandGauge(c.utilizationRate, band),
        h('p', { class: 'small' }, h('span', { class: 'muted' }, 'Booked (scheduled) '), pct(c.scheduledUtilizationRate)),
        delta(
          'vs previous period',
          `${changeText(hl.change.utilizationRate, 'pp')}${significant === false ? ' (within normal variation)' : significant ? ' (significant)' : ''}`,
        ),
        hl.confidence.lowVolume ? h('p', { class: 'warn small' }, 'Low volume: read with care.') : null,
      ),
      card(
        'downtime',
        'Downtime',
        hours(c.downtimeMinutes),
        h(
          'p',
          { class: 'muted small' },
          `${pct(c.availableMinutes ? c.downtimeMinutes / c.availableMinutes : null)} of ${num(c.availableChairHours)} open chair-hours`,
        ),
        h(
          'div',
          { class: 'stackbar', 'aria-hidden': 'true' },
          h('span', { class: 'maintenance', style: `width:${share('maintenance')}` }),
          h('span', { class: 'noShow', style: `width:${share('noShow')}` }),
          h('span', { class: 'gap', style: `width:${share('gap')}` }),
        ),
        h(
          'ul',
          { class: 'reasons' },
          reason('Maintenance', 'maintenance', 'maintenance'),
          reason('No-shows', 'noShow', 'noShow'),
          reason('Unbooked gaps', 'gap', 'gap'),
        ),
        delta('vs previous period', changeText(hl.change.downtimeMinutes, 'rel')),
      ),
      card(
        'turnover',
        'Turnover',
        num(c.turnover.count),
        h('p', { class: 'muted small' }, `changes of patient · ${minutes(c.turnover.avgMinutes)} between patients on average`),
        delta(
          'vs previous period',
          `${signedPct(p.turnover.count ? c.turnover.count / p.turnover.count - 1 : null)} turnovers, ${signedMinutes(avgChange)} each`,
        ),
      ),
      card(
        'no-show',
        'No-show rate',
        pct(c.noShowRate),
        h('p', { class: 'muted small' }, `${num(c.noShowCount)} of ${num(c.appointments)} appointments`),
        delta('vs previous period', changeText(hl.change.noShowRate, 'pp')),
      ),
      card(
        'change',
        'Against the previous period',
        changeText(hl.change.utilizationRate, 'pp'),
        h(
          'p',
          { class: 'muted small' },
          `utilization, ${periodLabel(hl.period.from, hl.period.to)} against ${periodLabel(hl.previousPeriod.from, hl.previousPeriod.to)}`,
        ),
        dataTable({
          id: 'compare',
          caption: 'This period and the previous one',
          filename: `comparison-${hl.period.from}-${hl.period.to}.csv`,
          rows: compare,
          columns: [
            { label: 'Figure', text: (r) => r.label },
            { label: 'Now', text: (r) => r.now, csv: (r) => r.nowRaw, num: true },
            { label: 'Before', text: (r) => r.before, csv: (r) => r.beforeRaw, num: true },
            { label: 'Change', text: (r) => r.change, num: true },
          ],
        }),
      ),
    ),
    h(
      'p',
      { class: `quality quality-${hl.dataQuality.rating}`, 'data-quality': hl.dataQuality.rating },
      h('b', {}, `Data quality: ${hl.dataQuality.rating}.`),
      ' ',
      hl.dataQuality.notes.length ? hl.dataQuality.notes.join(' ') : 'Nothing to note.',
      // the basis in the page's own number format (the API's sentence writes 7584 where the cards write 7,584)
      c.days
        ? h('span', { class: 'muted' }, ` Basis: ${num(c.days)} open day${c.days === 1 ? '' : 's'}, ${num(c.availableChairHours)} open chair-hours.`)
        : null,
    ),
  );
}
