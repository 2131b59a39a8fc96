/**
 * Consent insights over HTTP, when a dashboard token is configured: `GET /stats` answers the
 * figures as JSON to `Authorization: Bearer <token>`, and `/dashboard` is a page that asks for the
 * token once (a form posted to itself, which sets an HttpOnly, SameSite=Strict session cookie) and
 * then shows them. Whatever a client sends is checked before anything is counted: the rate limit
 * first (token guesses included), then the token, then the parameters, each refusal naming the
 * problem. Counting reads the store through its own read-only handle, one count at a time.
 */
import { type LedgerRequest, type LedgerResponse } from './ledger';
import { MAX_BODY_BYTES, TooLarge } from './body';
import { cookieValues, SESSION_COOKIE, type DashboardToken } from './dashboard-session';
import { DASHBOARD_PATH, dashboardPage, messagePage, SIGN_OUT_PATH, signInPage, STYLESHEET_PATH, type DayRange, type Figures, type Page } from './dashboard-page';
import { dashboardLanguage, fill, TEXTS } from './dashboard-texts';
import css from './dashboard.css?inline';
import { RateLimit } from './rate-limit';
import { GROUPINGS, isoTime, isoWeek, readFacetStats, readStats, TIME_EXPECTED, TooMuchToCount, type Grouping, type StatsQuery } from './stats';
import type { LedgerReader, LedgerView } from './store';

export const STATS_PATH = '/stats';

export const isInsightsPath = (path: string): boolean => path === STATS_PATH || path === DASHBOARD_PATH || path.startsWith(`${DASHBOARD_PATH}/`);

/** A query string longer than this is refused unread. */
const MAX_QUERY = 1024;
/** Counts waiting for their turn at most; more get 503 at once. */
const MAX_WAITING = 8;
/** The range the dashboard shows first: the last 12 weeks. */
const DEFAULT_DAYS = 84;
/** Longer ranges are shown by week. */
const MAX_DAILY_DAYS = 92;
const MAX_DAYS = 3 * 366;
const DAY_MS = 86_400_000;

const SECURITY_HEADERS = { 'cache-control': 'no-store', 'x-content-type-options': 'nosniff', 'referrer-policy': 'no-referrer' };
/** The page loads its stylesheet from the ledger and nothing else; no script, no frame around it. */
const PAGE_POLICY = "default-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

const json = (status: number, value: unknown, headers: Record<string, string> = {}): LedgerResponse => ({
  status,
  headers: { 'content-type': 'application/json', ...SECURITY_HEADERS, ...headers },
  body: JSON.stringify(value),
});
const html = (status: number, body: string, headers: Record<string, string> = {}): LedgerResponse => ({
  status,
  headers: { 'content-type': 'text/html; charset=utf-8', 'content-security-policy': PAGE_POLICY, 'x-frame-options': 'DENY', ...SECURITY_HEADERS, ...headers },
  body,
});
const redirect = (location: string, cookie: string): LedgerResponse => ({ status: 303, headers: { location, 'set-cookie': cookie, ...SECURITY_HEADERS }, body: '' });

/** A parameter's name as an error shows it: quoted, short, whatever it holds. */
const shown = (name: string) => JSON.stringify(name.length > 40 ? `${name.slice(0, 40)}…` : name);

/** The query's parameters, each at most once and among `allowed`; or the problem, naming it. */
function parameters(query: string, allowed: readonly string[]): URLSearchParams | string {
  if (query.length > MAX_QUERY) return `query: over ${MAX_QUERY} characters`;
  const params = new URLSearchParams(query);
  const seen = new Set<string>();
  for (const name of params.keys()) {
    if (!allowed.includes(name)) return `${shown(name)}: unknown parameter (expected ${allowed.join(', ')})`;
    if (seen.has(name)) return `${name}: given more than once`;
    seen.add(name);
  }
  return params;
}

/** `/stats`' parameters as a count's query, or the problem. */
export function statsQuery(query: string): StatsQuery | string {
  const params = parameters(query, ['from', 'to', 'by']);
  if (typeof params === 'string') return params;
  const by = params.get('by') ?? 'day';
  if (!(GROUPINGS as readonly string[]).includes(by)) return `by: expected one of ${GROUPINGS.join(', ')}`;
  const [from, to] = (['from', 'to'] as const).map((name) => {
    const value = params.get(name);
    return value === null ? undefined : (isoTime(value) ?? null);
  });
  if (from === null) return `from: ${TIME_EXPECTED}`;
  if (to === null) return `to: ${TIME_EXPECTED}`;
  if (from !== undefined && to !== undefined && to <= from) return 'to: expected a time after from';
  return { from, to, by: by as Grouping };
}

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;
/** A `YYYY-MM-DD` day that exists, as the time it starts (UTC), or undefined. */
function dayStart(value: string): number | undefined {
  const match = DAY.exec(value);
  if (!match) return undefined;
  const time = Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]));
  return new Date(time).toISOString().startsWith(value) ? time : undefined;
}
const dayOfTime = (time: number) => new Date(time).toISOString().slice(0, 10);

/**
 * The dashboard's range from its parameters (`from` and `through`, days both included), the
 * last 12 weeks up to `today` by default; or the problem, with the default range to show instead.
 */
function dayRange(params: URLSearchParams, today: number): { range: DayRange; problem?: string } {
  const fallback = { from: dayOfTime(today - (DEFAULT_DAYS - 1) * DAY_MS), through: dayOfTime(today) };
  const through = params.has('through') ? dayStart(params.get('through') ?? '') : today;
  if (through === undefined) return { range: fallback, problem: 'through: expected a day such as 2026-11-22' };
  const from = params.has('from') ? dayStart(params.get('from') ?? '') : through - (DEFAULT_DAYS - 1) * DAY_MS;
  if (from === undefined) return { range: fallback, problem: 'from: expected a day such as 2026-11-01' };
  if (through < from) return { range: fallback, problem: 'through: expected a day on or after from' };
  if ((through - from) / DAY_MS >= MAX_DAYS) return { range: fallback, problem: `through: at most ${MAX_DAYS} days after from` };
  return { range: { from: dayOfTime(from), through: dayOfTime(through) } };
}

/** Every slot of a range's chart: its days, or when they are many, its ISO weeks. */
function slotsOf(range: DayRange, by: Grouping): string[] {
  const slots: string[] = [];
  for (let time = Date.parse(`${range.from}T00:00:00Z`); time <= Date.parse(`${range.through}T00:00:00Z`); time += DAY_MS) {
    const day = dayOfTime(time);
    const slot = by === 'week' ? isoWeek(day) : day;
    if (slots.at(-1) !== slot) slots.push(slot);
  }
  return slots;
}

/**
 * Whether a form was posted from the dashboard's own page: the browser says so (`Sec-Fetch-Site`),
 * or, from a browser that does not, its `Origin` names the host the request was sent to. Another
 * site's page cannot sign anyone in or out.
 */
function sameOrigin(request: LedgerRequest): boolean {
  const site = request.header('sec-fetch-site');
  if (site !== undefined) return site === 'same-origin';
  const origin = request.header('origin');
  const host = request.header('host');
  return origin !== undefined && host !== undefined && URL.canParse(origin) && new URL(origin).host === host;
}

const isForm = (type: string | undefined) => type?.split(';')[0]?.trim().toLowerCase() === 'application/x-www-form-urlencoded';

/** Too many counts are waiting already. */
class Busy extends Error {
  override name = 'Busy';
}

export class Insights {
  readonly #token: DashboardToken;
  readonly #rate: number;
  readonly #limit: RateLimit;
  readonly #reader: LedgerReader;
  /** The count running (or done): the next one starts after it. */
  #counting: Promise<unknown> = Promise.resolve();
  #waiting = 0;

  constructor(token: DashboardToken, rate: number, reader: LedgerReader) {
    this.#token = token;
    this.#rate = rate;
    this.#limit = new RateLimit(rate);
    this.#reader = reader;
  }

  /** `client`: whom the rate limit counts (undefined: not counted, as for posts). */
  async answer(request: LedgerRequest, client: string | undefined): Promise<LedgerResponse> {
    if (request.path === STYLESHEET_PATH) {
      if (request.method !== 'GET' && request.method !== 'HEAD') return json(405, { error: 'method: expected GET' }, { allow: 'GET, HEAD' });
      return { status: 200, headers: { 'content-type': 'text/css; charset=utf-8', 'cache-control': 'no-cache', 'x-content-type-options': 'nosniff' }, body: css };
    }
    const wait = client === undefined ? 0 : this.#limit.take(client);
    if (request.path === STATS_PATH) return this.#stats(request, wait);
    if (request.path === DASHBOARD_PATH || request.path === SIGN_OUT_PATH) return this.#dashboard(request, wait);
    return json(404, { error: 'path: not found' });
  }

  async #stats(request: LedgerRequest, wait: number): Promise<LedgerResponse> {
    if (wait) return json(429, { error: `rate: over ${this.#rate} requests a minute` }, { 'retry-after': String(wait) });
    if (request.method !== 'GET') return json(405, { error: 'method: expected GET' }, { allow: 'GET' });
    const challenge = { 'www-authenticate': 'Bearer realm="temoin"' };
    const match = /^Bearer +(\S.*)$/i.exec(request.header('authorization') ?? '');
    if (!match?.[1]) return json(401, { error: 'authorization: expected Bearer and the dashboard token' }, challenge);
    if (!this.#token.matches(match[1].trimEnd())) return json(401, { error: 'authorization: not the dashboard token' }, challenge);
    const query = statsQuery(request.query);
    if (typeof query === 'string') return json(400, { error: query });
    try {
      return json(200, await this.#count((view) => readStats(view, query)));
    } catch (problem) {
      if (problem instanceof TooMuchToCount) return json(400, { error: `from, to: ${problem.message}` });
      return json(503, { error: problem instanceof Busy ? 'stats: busy, try again' : 'store: not available, try again' }, { 'retry-after': '1' });
    }
  }

  async #dashboard(request: LedgerRequest, wait: number): Promise<LedgerResponse> {
    const params = parameters(request.query, ['lang', 'from', 'through']);
    const language = dashboardLanguage(typeof params === 'string' ? null : params.get('lang'), request.header('accept-language'));
    const today = Date.parse(`${dayOfTime(Date.now())}T00:00:00Z`);
    const { range, problem } = typeof params === 'string' ? { ...dayRange(new URLSearchParams(), today), problem: params } : dayRange(params, today);
    const page: Page = { language, texts: TEXTS[language], range };
    const { texts } = page;
    const signedIn = cookieValues(request.header('cookie'), SESSION_COOKIE).some((value) => this.#token.isSession(value));
    if (wait) {
      const message = fill(texts.tooManyTries, { seconds: String(wait) });
      return html(429, signedIn ? messagePage(page, message) : signInPage({ ...page, message }), { 'retry-after': String(wait) });
    }
    const back = `${DASHBOARD_PATH}?${new URLSearchParams({ lang: language, from: range.from, through: range.through }).toString()}`;
    if (request.path === SIGN_OUT_PATH) {
      if (request.method !== 'POST') return json(405, { error: 'method: expected POST' }, { allow: 'POST' });
      if (!sameOrigin(request)) return html(403, messagePage(page, texts.notSameOrigin));
      return redirect(back, `${SESSION_COOKIE}=; Path=${DASHBOARD_PATH}; Max-Age=0; HttpOnly; SameSite=Strict`);
    }
    if (request.method === 'POST') return this.#signIn(request, { ...page, range }, back);
    if (request.method !== 'GET' && request.method !== 'HEAD') return json(405, { error: 'method: expected GET or POST' }, { allow: 'GET, HEAD, POST' });
    if (!signedIn) return html(200, signInPage(page));
    if (problem !== undefined) return html(400, dashboardPage({ ...page, message: fill(texts.badRange, { problem }) }, undefined));
    try {
      return html(200, dashboardPage(page, await this.#figures(range)));
    } catch (failure) {
      if (failure instanceof TooMuchToCount) return html(400, dashboardPage({ ...page, message: fill(texts.tooMuch, { problem: failure.message }) }, undefined));
      if (!(failure instanceof Busy)) process.stderr.write(`temoin: the dashboard could not count: ${failure instanceof Error ? failure.message : String(failure)}\n`);
      return html(503, messagePage(page, texts.unavailable), { 'retry-after': '1' });
    }
  }

  /** A sign-in: the token, posted from the dashboard's own page, opens a session. */
  async #signIn(request: LedgerRequest, page: Page, back: string): Promise<LedgerResponse> {
    const { texts } = page;
    if (!sameOrigin(request)) return html(403, signInPage({ ...page, message: texts.notSameOrigin }));
    if (!isForm(request.header('content-type'))) return json(415, { error: 'content-type: expected application/x-www-form-urlencoded' });
    if (Number(request.header('content-length') ?? 0) > MAX_BODY_BYTES) return json(413, { error: `form: over ${MAX_BODY_BYTES} bytes` }, { connection: 'close' });
    let body: Uint8Array;
    try {
      body = await request.read();
    } catch (problem) {
      return problem instanceof TooLarge ? json(413, { error: `form: over ${MAX_BODY_BYTES} bytes` }, { connection: 'close' }) : json(400, { error: 'form: the body did not arrive whole' });
    }
    const token = new URLSearchParams(new TextDecoder().decode(body)).get('token') ?? '';
    if (!this.#token.matches(token.trimEnd())) return html(401, signInPage({ ...page, message: texts.wrongToken }, true));
    // Secure where the page is https (the browser's Origin says so), so that it never travels in clear.
    const secure = request.header('origin')?.startsWith('https://') ? '; Secure' : '';
    return redirect(back, `${SESSION_COOKIE}=${this.#token.session()}; Path=${DASHBOARD_PATH}; HttpOnly; SameSite=Strict${secure}`);
  }

  /** The range's figures, from one snapshot: over time (by day, or by week when long), then by region, language and revision (one reading for the three). */
  #figures(range: DayRange): Promise<Figures> {
    const from = `${range.from}T00:00:00.000Z`;
    const to = new Date(Date.parse(`${range.through}T00:00:00Z`) + DAY_MS).toISOString();
    const by: Grouping = (Date.parse(to) - Date.parse(from)) / DAY_MS > MAX_DAILY_DAYS ? 'week' : 'day';
    return this.#count(async (view) => ({
      overTime: await readStats(view, { from, to, by }),
      slots: slotsOf(range, by),
      ...(await readFacetStats(view, { from, to }, ['jurisdiction', 'language', 'revision'])),
    }));
  }

  /** Runs `read` on a snapshot after the counts before it: one at a time, at most MAX_WAITING waiting. */
  async #count<T>(read: (view: LedgerView) => Promise<T>): Promise<T> {
    if (this.#waiting >= MAX_WAITING) throw new Busy();
    this.#waiting += 1;
    const turn = this.#counting.then(() => this.#reader.snapshot(read));
    this.#counting = turn.catch(() => undefined);
    try {
      return await turn;
    } finally {
      this.#waiting -= 1;
    }
  }

  async close(): Promise<void> {
    this.#limit.close();
    await this.#counting;
    await this.#reader.close();
  }
}
