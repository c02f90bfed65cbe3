// Provider productivity under the privacy rule: the team's distribution (quartiles and median) per role.
// Individuals are never drawn against each other; they appear only in the table, each compared with the team.
import { money, num, pct } from '../format.js';
import type { Distribution, ProviderSection } from '../types.js';
import { chart, colorLegend, COLORS, type ECharts } from './setup.js';

export const PROVIDER_FIGURES: Record<string, { label: string; digits: number; percent?: boolean; money?: boolean }> = {
  patientsSeen: { label: 'Patients seen', digits: 0 },
  patientsScheduled: { label: 'Patients scheduled', digits: 0 },
  proceduresCompleted: { label: 'Procedures completed', digits: 0 },
  chairHours: { label: 'Chair-hours', digits: 1 },
  noShowRate: { label: 'No-show rate', digits: 1, percent: true },
  productionValue: { label: 'Production', digits: 0, money: true },
  productionPerScheduledHour: { label: 'Production per scheduled hour', digits: 0, money: true },
};

/** A provider figure as text: percents, money in the clinic's currency (when the selection has one), counts. */
export const figureText = (key: string, v: number | null | undefined, currency: string | null = null) => {
  const f = PROVIDER_FIGURES[key];
  if (v === null || v === undefined) return '–';
  return f?.percent ? pct(v, f.digits) : f?.money ? money(v, currency, f.digits) : num(v, f?.digits ?? 0);
};

export function providersChart(parent: HTMLElement, section: ProviderSection, figure: string, currency: string | null = null): ECharts {
  const groups = [
    { name: `All providers (${section.team.providers})`, d: section.team },
    ...Object.entries(section.byRole).map(([role, d]) => ({ name: `${role} (${d.providers})`, d })),
  ].reverse();
  const dist = groups.map((g) => (g.d.suppressed ? null : ((g.d.figures as Record<string, Distribution | null> | undefined)?.[figure] ?? null)));
  const scale = PROVIDER_FIGURES[figure]?.percent ? 100 : 1;
  const v = (x: number | undefined) => (x === undefined ? null : Math.round(x * scale * 100) / 100);
  const c = chart(
    parent,
    'providers',
    {
      grid: { left: 8, right: 40, top: 28, bottom: 28, containLabel: true },

      tooltip: {
        trigger: 'axis',
        axisPointer: { type: 'shadow' },
        formatter: (ps: unknown) => {
          const i = (ps as { dataIndex: number }[])[0].dataIndex;
          const g = groups[i];
          const d = dist[i];
          if (g.d.suppressed) return `<b>${g.name}</b><br>Suppressed: ${g.d.reason ?? 'fewer than 3 providers'}`;
          if (!d) return `<b>${g.name}</b><br>No data`;
          return `<b>${g.name}</b><br>25th percentile ${figureText(figure, d.p25, currency)}<br>Median ${figureText(figure, d.median, currency)}<br>75th percentile ${figureText(figure, d.p75, currency)}`;
        },
      },
      yAxis: { type: 'category', data: groups.map((g) => (g.d.suppressed ? `${g.name} – suppressed` : g.name)) },
      xAxis: {
        type: 'value',
        min: 0,
        splitNumber: 4,
        axisLabel: {
          hideOverlap: true,
          formatter: (v: number) => (PROVIDER_FIGURES[figure]?.percent ? pct(v / 100, 0) : PROVIDER_FIGURES[figure]?.money ? money(v, currency) : num(v)),
        },
      },
      series: [
        {
          type: 'bar',
          name: 'base',
          stack: 'iqr',
          data: dist.map((d) => v(d?.p25)),
          itemStyle: { color: 'transparent' },
          silent: true,
          tooltip: { show: false },
        },
        {
          type: 'bar',
          name: 'Middle half (25th–75th percentile)',
          stack: 'iqr',
          data: dist.map((d) => (d ? Math.round((d.p75 - d.p25) * scale * 100) / 100 : null)),
          itemStyle: { color: 'rgba(0, 114, 178, 0.35)', borderColor: COLORS.blue, borderWidth: 1 },
          barWidth: '50%',
        },
        {
          type: 'scatter',
          name: 'Median',
          data: dist.map((d, i) => [v(d?.median), i]) as never,
          symbol: 'rect',
          symbolSize: [4, 22],
          itemStyle: { color: COLORS.dark },
          label: {
            show: true,
            position: 'right',
            fontSize: 10,
            formatter: (p) => figureText(figure, dist[(p as { dataIndex: number }).dataIndex]?.median, currency),
          },
          labelLayout: { hideOverlap: true },
        },
      ],
    },
    {
      height: Math.max(160, 70 + groups.length * 36),
      points: dist.filter((d) => d !== null).length,
      label: `Team distribution of ${PROVIDER_FIGURES[figure]?.label ?? figure} by role: quartiles and median`,
    },
  );
  colorLegend(parent, 'providers', [
    { color: 'rgba(0, 114, 178, 0.35)', label: 'Middle half (25th–75th percentile)' },
    { color: COLORS.dark, label: 'Median' },
  ]);
  return c;
}
