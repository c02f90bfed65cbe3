// The admin dashboard: sign-in, clinic and period pickers, and the views (overview → period → day → resource timeline).
import { Api, HttpError } from './api.js';
import { decodeClaims, canSeeProviderDetail, storedToken, storeToken, type Claims } from './auth.js';
import { disposeAll } from './charts/setup.js';
import { message } from './components.js';
import type { Crumb, Ctx } from './context.js';
import { $, clear, h } from './dom.js';
import { addDays, dateTime, daysBetween } from './format.js';
import { readHash, toHash, type State } from './state.js';
import type { Headline } from './types.js';
import { dayView, periodView, resourceView, timelineView } from './views/drill.js';
import { monthView } from './views/month.js';
import { overviewView } from './views/overview.js';

const main = $('#main');
const crumbs = $('#crumbs');

type Boot = Omit<Ctx, 'state' | 'go' | 'current' | 'setCrumbs'>;
let boot: Boot | null = null;
let state: State | null = null;
let generation = 0;

// ---- sign-in -------------------------------------------------------------------------------------------------

function showSignIn(note?: string): void {
  boot = null;
  disposeAll();
  $('#pickers').hidden = true;
  $('#who').hidden = true;
  clear(crumbs);
  clear(main);
  document.body.dataset.view = 'signin';
  const input = h('textarea', {
    id: 'token',
    name: 'token',
    rows: 4,
    required: true,
    spellcheck: 'false',
    autocomplete: 'off',
    placeholder: 'eyJhbGciOiJIUzI1NiIs…',
  });
  const form = h(
    'form',
    { class: 'signin', id: 'signin' },
    h('h1', {}, 'Sign in'),
    note ? message('error', note) : null,
    h('label', { for: 'token' }, 'Bearer token (JWT)'),
    input,
    h('button', { type: 'submit' }, 'Sign in'),
    h(
      'p',
      { class: 'muted' },
      'The dashboard shows only the clinics and figures your token allows. Locally, ',
      h('code', {}, 'npm run token'),
      ' prints a token and ',
      h('code', {}, 'npm run demo'),
      ' prints a link that signs in directly (',
      h('code', {}, '/admin#token=…'),
      '). The token stays in this browser tab only.',
    ),
  );
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const token = input.value.trim().replace(/^Bearer\s+/i, '');
    if (token) void start(token);
  });
  main.appendChild(form);
  document.body.dataset.state = 'ready';
  input.focus();
}

function signOut(note?: string): void {
  storeToken(null);
  history.replaceState(null, '', location.pathname + location.search);
  showSignIn(note);
}

async function start(token: string): Promise<void> {
  const claims = decodeClaims(token);
  if (!claims) return showSignIn('That is not a JWT (three base64url parts separated by dots).');
  if (claims.exp && claims.exp * 1000 < Date.now()) return signOut('The token has expired; get a new one.');
  const api = new Api(token);
  clear(main);
  main.appendChild(message('loading', 'Signing in…'));
  document.body.dataset.state = 'loading';
  let headline: Headline;
  try {
    // without clinicId the headline covers every clinic the token is granted: that is the clinic list
    headline = await api.headline(null);
  } catch (e) {
    if (e instanceof HttpError && (e.status === 401 || e.status === 403)) return signOut(`The API refused the token: ${e.message}`);
    clear(main);
    main.appendChild(message('error', `The API did not answer: ${(e as Error).message}`));
    document.body.dataset.state = 'error';
    return;
  }
  storeToken(token);
  api.onUnauthorized = (e) => signOut(`Signed out: ${e.message}`);
  const names = new Map<string, string>();
  const lastRolled = new Map<string, string | null>();
  const currencies = new Map<string, string | null>();
  if (headline.clinicIds.length > 0) {
    try {
      // GET /api/v1/ops/utilization/clinics lists the clinics of the token with their names
      const list = await api.clinics();
      for (const c of list.items) {
        names.set(c.id, c.name);
        lastRolled.set(c.id, c.lastRolledDate ?? null);
        currencies.set(c.id, c.currency ?? null);
      }
    } catch {
      /* names are a nicety: ids will do */
    }
  }
  boot = {
    api,
    claims,
    clinics: [...headline.clinicIds].sort().map((id) => ({ id, name: names.get(id) ?? id })),
    lastDay: headline.period.to,
    lastRolled,
    currencies,
    band: headline.band,
  };
  showWho(claims);
  setupPickers();
  render();
}

function showWho(c: Claims): void {
  const exp = c.exp ? dateTime(c.exp * 1000) : '–';
  const clinics = c.clinicIds.includes('*') ? 'all clinics' : `${c.clinicIds.length} clinic${c.clinicIds.length === 1 ? '' : 's'}`;
  $('#who-text').textContent = `${c.sub} · ${clinics} · ${canSeeProviderDetail(c) ? 'provider detail' : 'team figures only'} · until ${exp}`;
  $('#who').hidden = false;
}

// ---- pickers -------------------------------------------------------------------------------------------------

const PRESETS: Record<string, (last: string) => [string, string]> = {
  '7': (l) => [addDays(l, -6), l],
  '28': (l) => [addDays(l, -27), l],
  '90': (l) => [addDays(l, -89), l],
  month: (l) => {
    const firstOfThis = `${l.slice(0, 8)}01`;
    const end = l === addDays(`${addDays(l, 1).slice(0, 8)}01`, -1) ? l : addDays(firstOfThis, -1);
    return [`${end.slice(0, 8)}01`, end];
  },
};

function presetOf(s: State, last: string): string {
  for (const [k, f] of Object.entries(PRESETS)) {
    const [a, b] = f(last);
    if (a === s.from && b === s.to) return k;
  }
  return 'custom';
}

let pickersReady = false;
function setupPickers(): void {
  const form = $<HTMLFormElement>('#pickers');
  const clinic = $<HTMLSelectElement>('#clinic');
  clear(clinic);
  if (boot!.clinics.length > 1) clinic.appendChild(h('option', { value: 'all' }, `All clinics (${boot!.clinics.length})`));
  for (const c of boot!.clinics) clinic.appendChild(h('option', { value: c.id }, c.name === c.id ? c.id : `${c.name} (${c.id})`));
  form.hidden = false;
  if (pickersReady) return;
  pickersReady = true;
  const preset = $<HTMLSelectElement>('#preset');
  const from = $<HTMLInputElement>('#from');
  const to = $<HTMLInputElement>('#to');
  clinic.addEventListener('change', () => go({ view: 'overview', clinic: clinic.value }));
  preset.addEventListener('change', () => {
    if (preset.value === 'custom') return form.classList.add('is-custom');
    const [a, b] = PRESETS[preset.value](boot!.lastDay);
    go({ view: 'overview', from: a, to: b });
  });
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    if (from.value && to.value && from.value <= to.value) go({ view: 'overview', from: from.value, to: to.value });
  });
  $('#print').addEventListener('click', () => window.print());
  $('#signout').addEventListener('click', () => signOut());
}

function syncPickers(s: State): void {
  $<HTMLSelectElement>('#clinic').value = s.clinic;
  const p = presetOf(s, boot!.lastDay);
  $<HTMLSelectElement>('#preset').value = p;
  $('#pickers').classList.toggle('is-custom', p === 'custom');
  $<HTMLInputElement>('#from').value = s.from;
  $<HTMLInputElement>('#to').value = s.to;
}

// ---- navigation and views ------------------------------------------------------------------------------------

function normalize(partial: Partial<State>): State {
  const b = boot!;
  const clinic =
    partial.clinic === 'all' || b.clinics.some((c) => c.id === partial.clinic) ? partial.clinic! : b.clinics.length === 1 ? b.clinics[0].id : 'all';
  let from = partial.from ?? addDays(b.lastDay, -27);
  let to = partial.to ?? b.lastDay;
  if (from > to || daysBetween(from, to) > 3 * 366) [from, to] = [addDays(b.lastDay, -27), b.lastDay];
  return { ...partial, view: partial.view ?? 'overview', clinic, from, to };
}

/** Opens a view: the clinic, period and chart granularity carry over; drill-down fields only when given. */
function go(next: Partial<State>, opts: { replace?: boolean } = {}): void {
  const s = state!;
  const target = normalize({ clinic: s.clinic, from: s.from, to: s.to, gran: s.gran, ...next });
  const hash = toHash(target);
  if (opts.replace) {
    history.replaceState(null, '', hash);
    render();
  } else if (hash === location.hash) render();
  else location.hash = hash; // hashchange renders
}

function setCrumbs(list: Crumb[]): void {
  clear(crumbs);
  const ol = h('ol', {});
  list.forEach((c, i) => {
    const last = i === list.length - 1;
    const item =
      last || !c.next
        ? h('span', { 'aria-current': last ? 'page' : null }, c.label)
        : h('a', { href: toHash(normalize({ clinic: state!.clinic, from: state!.from, to: state!.to, gran: state!.gran, ...c.next })) }, c.label);
    ol.appendChild(h('li', {}, item));
  });
  crumbs.appendChild(ol);
}

const VIEWS = { overview: overviewView, period: periodView, day: dayView, resource: resourceView, timeline: timelineView, month: monthView };

function render(): void {
  if (!boot) return;
  const my = ++generation;
  state = normalize(readHash().state);
  // the address always names the whole view (clinic, period…), so it can be copied as a link
  if (toHash(state) !== location.hash) history.replaceState(null, '', toHash(state));
  syncPickers(state);
  disposeAll();
  clear(main);
  document.body.dataset.view = state.view;
  document.body.dataset.state = 'loading';
  const ctx: Ctx = { ...boot, state, go, current: () => my === generation, setCrumbs };
  VIEWS[state.view](ctx, main)
    .then(() => {
      if (my === generation) document.body.dataset.state = 'ready';
    })
    .catch((e: unknown) => {
      if (my !== generation) return;
      console.error(e);
      main.appendChild(message('error', e instanceof Error ? e.message : String(e)));
      document.body.dataset.state = 'error';
    });
}

window.addEventListener('hashchange', () => {
  const { token } = readHash();
  if (token) {
    // a new #token= link opened in this tab: sign in with it
    stripToken();
    void start(token);
    return;
  }
  render();
});

// ---- boot ----------------------------------------------------------------------------------------------------

/** Keeps the view of a `#token=` link and drops the token from the address (and from the history). */
function stripToken(): void {
  const rest = new URLSearchParams(location.hash.slice(1));
  rest.delete('token');
  history.replaceState(null, '', `${location.pathname}${location.search}${rest.size ? `#${rest}` : ''}`);
}

const initial = readHash();
if (initial.token) stripToken();
const token = initial.token ?? storedToken();
if (token) void start(token);
else showSignIn();
