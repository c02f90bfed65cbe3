// Benchmarks beside the clinic's figures (with their sources one click away) and the team goals (issue 14).
// Goals are about the team as a whole: the panel shows the clinic's figures only, never a provider.
import { dataTable, message } from '../components.js';
import { clinicName, type Ctx } from '../context.js';
import { clear, h } from '../dom.js';
import { pct } from '../format.js';

export interface BenchmarkRef {
  id: string;
  origin: 'industry' | 'group';
  label: string;
  display: string;
  position: 'below' | 'within' | 'above' | null;
  year?: number;
  population?: string;
  source?: { name: string; shortName: string; url: string; vendor: boolean };
  definitionDiffers?: string;
  verification?: string;
  setBy?: string;
  setAt?: string;
}
export interface Comparison {
  metric: string;
  category: string | null;
  ours: number | null;
  summary: string;
  benchmarks: BenchmarkRef[];
}
export interface CategoryFigures {
  category: string;
  chairs: number;
  utilizationRate: number | null;
  scheduledUtilizationRate: number | null;
  status: string | null;
  band: { targetLow: number; targetHigh: number; source: string };
  benchmarks: Comparison[];
}
interface Goal {
  id: string;
  kind: string;
  label: string | null;
  shown: boolean;
  reason?: string;
  text?: string;
  progress?: { fraction?: number | null; value: number | null; target: number; achieved?: boolean; onTrack?: boolean | null };
  streak?: { current: number; longest: number; unit: string };
  milestones?: { label: string; reached: boolean }[];
}
interface GoalsAnswer {
  clinics: { clinicId: string; optedIn: boolean; today: string; goals: Goal[] }[];
}

const POSITION: Record<string, string> = { below: 'below', within: 'within', above: 'above' };

/** "no-show 9.5 % · industry 3–7.4 % (Henry Schein One 2026, Planet DDS 2025)", each source a link, definition notes beside. */
export function benchmarksPanel(body: HTMLElement, comparisons: Comparison[] | undefined, byCategory: CategoryFigures[] | undefined): void {
  clear(body);
  const all = [...(comparisons ?? []), ...(byCategory ?? []).flatMap((c) => c.benchmarks)];
  if (!all.length) return void body.appendChild(message('info', 'No published benchmark matches these figures.'));
  body.appendChild(
    h(
      'ul',
      { class: 'benchmarks' },
      all.map((c) =>
        h(
          'li',
          { 'data-metric': c.metric, 'data-category': c.category ?? '' },
          h('b', {}, c.summary),
          h(
            'ul',
            { class: 'sources small' },
            c.benchmarks.map((b) =>
              h(
                'li',
                {},
                b.origin === 'industry' && b.source
                  ? [
                      h('a', { href: b.source.url, target: '_blank', rel: 'noopener noreferrer' }, `${b.source.shortName}`),
                      ` — ${b.label} ${b.display}`,
                      b.source.vendor ? h('span', { class: 'pill', title: 'A vendor’s figure from its own customers’ data' }, 'vendor') : null,
                      b.verification && b.verification !== 'verified'
                        ? h(
                            'span',
                            { class: 'pill', title: 'Not every part of this figure could be checked against its source; see the catalogue' },
                            `${b.verification}ly verified`,
                          )
                        : null,
                      b.position ? ` · ours is ${POSITION[b.position]}` : null,
                      b.definitionDiffers ? h('div', { class: 'muted' }, `Definition: ${b.definitionDiffers}`) : null,
                    ]
                  : [
                      `${b.label} ${b.display} (the group’s own, set by ${b.setBy} on ${b.setAt?.slice(0, 10)})`,
                      b.position ? ` · ours is ${POSITION[b.position]}` : null,
                    ],
              ),
            ),
          ),
        ),
      ),
    ),
  );
  if (byCategory?.length) {
    body.appendChild(
      dataTable({
        id: 'categories',
        caption: 'Chairs by category, each against its own band',
        filename: 'categories.csv',
        rows: byCategory,
        columns: [
          { label: 'Category', text: (c) => c.category },
          { label: 'Chairs and rooms', text: (c) => c.chairs, num: true },
          { label: 'Utilization', text: (c) => pct(c.utilizationRate), csv: (c) => c.utilizationRate, num: true },
          { label: 'Booked', text: (c) => pct(c.scheduledUtilizationRate), csv: (c) => c.scheduledUtilizationRate, num: true },
          { label: 'Band', text: (c) => `${pct(c.band.targetLow)}–${pct(c.band.targetHigh)} (${c.band.source})` },
          { label: 'Status', text: (c) => c.status ?? '' },
        ],
      }),
    );
  }
}

/** The team goals of the clinics shown: progress, streak and milestones in plain words; nothing per person. */
export async function goalsPanel(ctx: Ctx, body: HTMLElement, clinicIds: string[]): Promise<void> {
  try {
    const answer = await ctx.api.get<GoalsAnswer>('/goals', { clinicId: clinicIds.join(',') });
    if (!ctx.current()) return;
    clear(body);
    const on = answer.clinics.filter((c) => c.optedIn);
    if (!on.length) return void body.appendChild(message('info', 'Team goals are off for these clinics (an administrator can opt a clinic in).'));
    for (const c of on) {
      body.appendChild(h('h3', {}, clinicName(ctx, c.clinicId)));
      if (!c.goals.length) body.appendChild(message('info', 'No team goal set yet.'));
      body.appendChild(
        h(
          'ul',
          { class: 'goals' },
          c.goals.map((g) =>
            g.shown
              ? h(
                  'li',
                  { 'data-goal': g.kind },
                  g.label ? h('b', {}, g.label) : null,
                  h('p', {}, g.text ?? ''),
                  typeof g.progress?.fraction === 'number'
                    ? h('progress', { max: 1, value: g.progress.fraction, 'aria-label': 'progress towards the goal' })
                    : null,
                  g.streak
                    ? h('p', { class: 'small muted' }, `Streak: ${g.streak.current} ${g.streak.unit} (longest in the last two years: ${g.streak.longest})`)
                    : null,
                  g.milestones?.length
                    ? h(
                        'p',
                        { class: 'small' },
                        g.milestones.map((m) => h('span', { class: `pill${m.reached ? ' reached' : ''}` }, `${m.reached ? '✓ ' : ''}${m.label}`)),
                      )
                    : null,
                )
              : h('li', { 'data-goal': g.kind, class: 'muted' }, g.label ? h('b', {}, g.label) : null, ' ', g.reason ?? ''),
          ),
        ),
      );
    }
  } catch (e) {
    if (!ctx.current()) return;
    clear(body);
    body.appendChild(message('error', `Could not load the team goals: ${(e as Error).message}`));
  }
}
