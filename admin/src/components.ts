// Panels, data tables with their CSV button, headline cards.
import { download, toCsv } from './csv.js';
import { h } from './dom.js';

type Cell = string | number | null | undefined;

export interface Column<T> {
  label: string;
  /** what the table shows */
  text: (row: T) => Cell;
  /** what the CSV file holds (default: the text); raw numbers, unrounded */
  csv?: (row: T) => Cell;
  /** CSV header (default: the label) */
  csvLabel?: string;
  num?: boolean;
  /** only in the CSV file (e.g. the end of a range the table shows in one cell) */
  csvOnly?: boolean;
  /** prose: wraps instead of widening the table (a sentence is never clipped) */
  wrap?: boolean;
}

export interface TableSpec<T> {
  id: string;
  caption: string;
  columns: Column<T>[];
  rows: T[];
  filename: string;
  /** makes each row a drill-down link */
  open?: (row: T) => void;
  openLabel?: (row: T) => string;
  empty?: string;
}

/** A table of the rows on screen, with a button that downloads exactly those rows as CSV. */
export function dataTable<T>(spec: TableSpec<T>): HTMLElement {
  const csvButton = h('button', { type: 'button', class: 'csv', 'data-csv': spec.id, title: `Download these ${spec.rows.length} rows as CSV` }, 'CSV');
  csvButton.addEventListener('click', () => {
    const header = spec.columns.map((c) => c.csvLabel ?? c.label);
    const rows = spec.rows.map((r) => spec.columns.map((c) => (c.csv ?? c.text)(r)));
    download(spec.filename, toCsv(header, rows));
  });
  const shown = spec.columns.filter((c) => !c.csvOnly);
  const body = spec.rows.map((r) =>
    h(
      'tr',
      {},
      shown.map((c, i) => {
        const v = c.text(r);
        const content =
          i === 0 && spec.open
            ? h('a', { href: '#', 'data-open': spec.id, title: spec.openLabel?.(r) ?? 'Open' }, v === null || v === undefined ? '–' : String(v))
            : v === null || v === undefined
              ? '–'
              : String(v);
        if (typeof content !== 'string') content.addEventListener('click', (e) => (e.preventDefault(), spec.open!(r)));
        return h('td', { class: c.num ? 'num' : c.wrap ? 'prose' : null }, content);
      }),
    ),
  );
  return h(
    'div',
    { class: 'table-block', 'data-table': spec.id },
    h(
      'div',
      { class: 'table-head' },
      h('span', { class: 'table-caption' }, spec.caption, h('span', { class: 'muted' }, ` · ${spec.rows.length} row${spec.rows.length === 1 ? '' : 's'}`)),
      csvButton,
    ),
    spec.rows.length
      ? h(
          'div',
          // a scrolling box: reachable by keyboard (Tab, then the arrow keys scroll it) and named for screen readers
          { class: 'table-wrap', tabindex: 0, role: 'region', 'aria-label': spec.caption },
          h(
            'table',
            {},
            h(
              'thead',
              {},
              h(
                'tr',
                {},
                shown.map((c) => h('th', { class: c.num ? 'num' : c.wrap ? 'prose' : null, scope: 'col' }, c.label)),
              ),
            ),
            h('tbody', {}, body),
          ),
        )
      : h('p', { class: 'muted' }, spec.empty ?? 'No rows.'),
  );
}

/** A titled section of the dashboard; `body` is where charts and tables go. */
export function panel(id: string, title: string, opts: { wide?: boolean; note?: string | Node; tools?: Node[] } = {}): { el: HTMLElement; body: HTMLElement } {
  const body = h('div', { class: 'panel-body' });
  const el = h(
    'section',
    { class: `panel${opts.wide ? ' wide' : ''}`, id: `panel-${id}`, 'data-panel': id, 'aria-labelledby': `h-${id}` },
    h('header', { class: 'panel-head' }, h('h2', { id: `h-${id}` }, title), h('div', { class: 'tools' }, opts.tools ?? [])),
    opts.note ? h('p', { class: 'note muted' }, opts.note) : null,
    body,
  );
  return { el, body };
}

export function message(kind: 'loading' | 'error' | 'info', text: string): HTMLElement {
  return h('p', { class: `msg ${kind}`, role: kind === 'error' ? 'alert' : null }, text);
}

export function card(id: string, title: string, big: string, ...rest: (Node | string | null)[]): HTMLElement {
  return h('article', { class: 'card', 'data-card': id }, h('h3', {}, title), h('div', { class: 'big' }, big), ...rest);
}

/** Buttons that pick one of a few values (granularity, figure…). */
export function toggle(name: string, options: [string, string][], current: string, pick: (v: string) => void): HTMLElement {
  return h(
    'div',
    { class: 'toggle', role: 'group', 'aria-label': name },
    options.map(([v, label]) => {
      const b = h('button', { type: 'button', 'aria-pressed': v === current ? 'true' : 'false', 'data-value': v }, label);
      b.addEventListener('click', () => pick(v));
      return b;
    }),
  );
}
