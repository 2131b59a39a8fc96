/**
 * `/stats` and `/dashboard` as a site owner, a browser and an attacker meet them, over real HTTP:
 * both 404 without a dashboard token (and `ledger.node` hands them to the app); with one, `/stats`
 * answers the same JSON as `temoin stats` to the right Bearer token, 401 and no figure to any
 * other, 400 naming a bad parameter, 429 past the rate; the dashboard's sign-in is a form posted
 * from its own page only, that sets an HttpOnly, SameSite=Strict session cookie (Secure on https),
 * a session that a forged or ended cookie is not; no consent id, page, browser or address ever
 * leaves. `temoin serve` takes the token from a file (which wins over the environment, trailing
 * whitespace ignored) or from TEMOIN_DASHBOARD_TOKEN, and refuses a short one.
 */
import { once } from 'node:events';
import { rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { backdate } from '../../demo/backdate.mjs';
import { createLedger, type LedgerOptions } from '../../src/server/create-ledger';
import { DashboardToken, SESSION_MS } from '../../src/server/dashboard-session';
import { listen } from '../../src/server/listen';
import type { Stats } from '../../src/server/stats';
import { EXPECTED, moments, personal } from './support/decisions.mjs';
import { serve, tempFolder, temoin } from './support/temoin';

vi.setConfig({ testTimeout: 30_000, hookTimeout: 30_000 });

const TOKEN = 'correct-horse-battery-staple-42';
const PAGE_POLICY = "default-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

const folders: string[] = [];
const folder = () => {
  const made = tempFolder();
  folders.push(made);
  return made;
};
const closing: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const close of closing) await close();
  for (const made of folders) rmSync(made, { recursive: true, force: true });
});

/** A ledger holding the known decisions (the client's address kept, truncated), or none, listening on a free port. */
async function start(options: LedgerOptions = {}, seeded = true) {
  const data = join(folder(), 'ledger');
  const ledger = createLedger({ data, storeIp: 'truncated', rate: 1000, ...options });
  await ledger.ready;
  const decisions = seeded ? moments() : [];
  await backdate(ledger, decisions, { clientAddress: '198.51.100.77' });
  const { server, url } = await listen(ledger, '127.0.0.1', 0);
  closing.push(async () => {
    server.closeAllConnections();
    server.close();
    await ledger.close();
  });
  return { url, data, decisions };
}

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
const getStats = (url: string, query = '', headers: Record<string, string> = bearer(TOKEN)) => fetch(`${url}/stats${query}`, { headers });

/** Posts the sign-in form as the dashboard's page does (same origin), with `headers` over those. */
function signIn(url: string, token: string, headers: Record<string, string> = {}, query = '') {
  return fetch(`${url}/dashboard${query}`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', origin: url, 'sec-fetch-site': 'same-origin', ...headers },
    body: new URLSearchParams({ token }).toString(),
  });
}

/** The session cookie's `name=value` from a sign-in's answer. */
const sessionOf = (response: Response) => (response.headers.get('set-cookie') ?? '').split(';')[0] ?? '';

describe('without a dashboard token', () => {
  it('/stats and /dashboard are not there: 404, and ledger.node hands them to the app', async () => {
    const { url } = await start();
    for (const [method, path] of [['GET', '/stats'], ['GET', '/dashboard'], ['POST', '/dashboard'], ['GET', '/dashboard/dashboard.css']] as const) {
      const response = await fetch(`${url}${path}`, { method, headers: bearer(TOKEN) });
      expect([path, response.status, await response.json()]).toEqual([path, 404, { error: 'path: not found' }]);
    }
    const ledger = createLedger({ data: join(folder(), 'ledger') });
    await ledger.ready;
    const app = createServer((req, res) => {
      ledger.node(req, res, () => res.writeHead(404, { 'content-type': 'text/plain' }).end("the app's own 404"));
    }).listen(0, '127.0.0.1');
    await once(app, 'listening');
    closing.push(async () => {
      app.close();
      await ledger.close();
    });
    const answer = await fetch(`http://127.0.0.1:${(app.address() as AddressInfo).port}/stats`);
    expect(await answer.text()).toBe("the app's own 404");
  });
});

describe('GET /stats', () => {
  let url: string;
  let decisions: ReturnType<typeof moments>;
  beforeAll(async () => {
    ({ url, decisions } = await start({ dashboardToken: TOKEN }));
  });

  it('answers the Bearer token with the same figures as temoin stats', async () => {
    for (const [by, groups] of Object.entries(EXPECTED)) {
      const response = await getStats(url, `?by=${by}`);
      expect(response.status).toBe(200);
      expect(response.headers.get('cache-control')).toBe('no-store');
      expect(await response.json()).toEqual({ from: null, to: null, by, total: 17, groups });
    }
    const query = '?from=2026-11-02T23:59:59.999Z&to=2026-11-03T00:00:00.001Z&by=language';
    expect(await (await getStats(url, query)).json()).toEqual({
      from: '2026-11-02T23:59:59.999Z',
      to: '2026-11-03T00:00:00.001Z',
      by: 'language',
      total: 6,
      groups: [{ key: 'other', decisions: 6, acceptAll: 1, rejectAll: 2, custom: 3, granted: { advertising: 3, necessary: 6, performance: 2, 'third-party': 1 } }],
    });
  });

  it.each([
    ['no Authorization', {}, 'authorization: expected Bearer and the dashboard token'],
    ['another scheme', { authorization: `Basic ${Buffer.from(`admin:${TOKEN}`).toString('base64')}` }, 'authorization: expected Bearer and the dashboard token'],
    ['a wrong token', bearer('correct-horse-battery-staple-43'), 'authorization: not the dashboard token'],
    ['the token cut short', bearer(TOKEN.slice(0, -1)), 'authorization: not the dashboard token'],
  ])('answers 401 and no figure to %s', async (_, headers, error) => {
    const response = await getStats(url, '?by=day', headers);
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toBe('Bearer realm="temoin"');
    expect(await response.json()).toEqual({ error });
  });

  it.each([
    ['?by=month', 'by: expected one of day, week, jurisdiction, language, revision, model'],
    ['?from=yesterday', 'from: expected an ISO 8601 date or time such as 2026-11-22 or 2026-11-22T10:00:00Z'],
    ['?to=2026-02-30', 'to: expected an ISO 8601 date or time such as 2026-11-22 or 2026-11-22T10:00:00Z'],
    ['?from=2026-11-03&to=2026-11-02', 'to: expected a time after from'],
    ['?by=day&by=week', 'by: given more than once'],
    ['?limit=10', '"limit": unknown parameter (expected from, to, by)'],
    [`?${'x'.repeat(1100)}=1`, 'query: over 1024 characters'],
  ])('answers 400 naming the problem for %s', async (query, error) => {
    const response = await getStats(url, query);
    expect([response.status, await response.json()]).toEqual([400, { error }]);
  });

  it('takes GET only', async () => {
    const response = await fetch(`${url}/stats`, { method: 'POST', headers: bearer(TOKEN) });
    expect([response.status, response.headers.get('allow')]).toEqual([405, 'GET']);
  });

  it('never lets out a consent id, page, browser or address, whatever the grouping', async () => {
    const texts = await Promise.all(['day', 'week', 'jurisdiction', 'language', 'revision', 'model'].map(async (by) => (await getStats(url, `?by=${by}`)).text()));
    for (const secret of [...personal(decisions), '198.51.100']) for (const text of texts) expect(text).not.toContain(secret);
  });
});

describe('the rate limit', () => {
  it('counts every request to /stats and the sign-in, wrong tokens included: a guesser is held back', async () => {
    const { url } = await start({ dashboardToken: TOKEN, rate: 3 }, false);
    expect((await getStats(url, '', bearer('guess-number-one-0000'))).status).toBe(401);
    expect((await signIn(url, 'guess-number-two-0000')).status).toBe(401);
    expect((await getStats(url, '', bearer('guess-number-three-00'))).status).toBe(401);
    const held = await getStats(url);
    expect(held.status).toBe(429);
    expect(Number(held.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await held.json()).toEqual({ error: 'rate: over 3 requests a minute' });
    const page = await signIn(url, TOKEN);
    expect([page.status, page.headers.get('set-cookie')]).toEqual([429, null]);
  });
});

describe('/dashboard', () => {
  let url: string;
  let decisions: ReturnType<typeof moments>;
  beforeAll(async () => {
    ({ url, decisions } = await start({ dashboardToken: TOKEN }));
  });

  it('before sign-in: 200 with the sign-in form and no figure, under a strict policy', async () => {
    const response = await fetch(`${url}/dashboard?from=2026-11-01&through=2026-11-30`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(response.headers.get('content-security-policy')).toBe(PAGE_POLICY);
    expect(response.headers.get('x-frame-options')).toBe('DENY');
    const html = await response.text();
    expect(html).toContain('<input id="token" name="token" type="password"');
    expect(html).not.toMatch(/<table|<svg|\b17\b/);
    expect(html).not.toMatch(/<script|style=/);
  });

  it.each([
    ['no Origin nor Sec-Fetch-Site', { origin: '', 'sec-fetch-site': '' }],
    ['another site', { origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' }],
    ['a sibling site', { origin: 'https://www.example.com', 'sec-fetch-site': 'same-site' }],
    ['another origin, from a browser without Sec-Fetch-Site', { origin: 'http://evil.example', 'sec-fetch-site': '' }],
  ])('refuses a sign-in from %s: 403, no cookie', async (_, headers) => {
    // An empty value stands for a header not sent.
    const sent = Object.fromEntries(Object.entries(headers).filter(([, value]) => value));
    const response = await fetch(`${url}/dashboard`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...sent },
      body: new URLSearchParams({ token: TOKEN }).toString(),
    });
    expect([response.status, response.headers.get('set-cookie')]).toEqual([403, null]);
  });

  it('a wrong token: 401, the form again saying so, no cookie, no figure', async () => {
    const response = await signIn(url, 'not-the-token-at-all-000');
    expect([response.status, response.headers.get('set-cookie')]).toEqual([401, null]);
    const html = await response.text();
    expect(html).toContain('<p class="alert" role="alert" id="problem">That is not the dashboard token.</p>');
    expect(html).toContain('aria-invalid="true" aria-describedby="problem"');
    expect(html).not.toContain('<table');
  });

  it('a form of another type is refused: 415', async () => {
    const response = await fetch(`${url}/dashboard`, { method: 'POST', headers: { 'content-type': 'application/json', origin: url }, body: JSON.stringify({ token: TOKEN }) });
    expect(response.status).toBe(415);
  });

  it('the token opens a session: an HttpOnly, SameSite=Strict cookie for the dashboard, Secure on https; then the figures', async () => {
    const response = await signIn(url, TOKEN, {}, '?lang=fr&from=2026-11-01&through=2026-11-30');
    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toBe('/dashboard?lang=fr&from=2026-11-01&through=2026-11-30');
    expect(response.headers.get('set-cookie')).toMatch(/^temoin-dashboard=\d+\.[A-Za-z0-9_-]{43}; Path=\/dashboard; HttpOnly; SameSite=Strict$/);
    const secure = await signIn(url, TOKEN, { origin: 'https://ledger.example.com' });
    expect(secure.headers.get('set-cookie')).toMatch(/; HttpOnly; SameSite=Strict; Secure$/);

    const page = await fetch(`${url}${response.headers.get('location') ?? ''}`, { headers: { cookie: sessionOf(response) } });
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('<html lang="fr">');
    expect(html).toContain('<dt>Décisions</dt><dd>17</dd>');
    expect(html).toMatch(/<th scope="row">2026-11-02<\/th><td class="number">7<\/td>/);
    for (const secret of [...personal(decisions), '198.51.100']) expect(html).not.toContain(secret);
  });

  it('a forged or ended session is no session: the sign-in form again', async () => {
    const session = sessionOf(await signIn(url, TOKEN));
    const forged = session.replace(/.$/, (last) => (last === 'A' ? 'B' : 'A'));
    const ended = `temoin-dashboard=${new DashboardToken(TOKEN).session(Date.now() - SESSION_MS - 1)}`;
    const otherToken = `temoin-dashboard=${new DashboardToken('another-token-of-the-same-kind').session()}`;
    for (const cookie of [forged, ended, otherToken, 'temoin-dashboard=', 'temoin-dashboard=1.2']) {
      const html = await (await fetch(`${url}/dashboard`, { headers: { cookie } })).text();
      expect(html, cookie).toContain('<input id="token"');
      expect(html, cookie).not.toContain('<table');
    }
  });

  it('a range it cannot show is a 400 naming it; signing out ends the session', async () => {
    const cookie = sessionOf(await signIn(url, TOKEN));
    const bad = await fetch(`${url}/dashboard?from=2026-11-30&through=2026-11-01`, { headers: { cookie } });
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain('The range cannot be shown: through: expected a day on or after from');
    const out = await fetch(`${url}/dashboard/sign-out`, { method: 'POST', redirect: 'manual', headers: { cookie, origin: url, 'sec-fetch-site': 'same-origin' } });
    expect(out.status).toBe(303);
    expect(out.headers.get('set-cookie')).toBe('temoin-dashboard=; Path=/dashboard; Max-Age=0; HttpOnly; SameSite=Strict');
    const refused = await fetch(`${url}/dashboard/sign-out`, { method: 'POST', redirect: 'manual', headers: { cookie, origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' } });
    expect([refused.status, refused.headers.get('set-cookie')]).toEqual([403, null]);
  });
});

describe('temoin serve --dashboard-token-file', () => {
  it('the file wins over TEMOIN_DASHBOARD_TOKEN, its trailing whitespace ignored; the stylesheet is served', async () => {
    const file = join(folder(), 'token');
    writeFileSync(file, 'token-from-the-file-0123\n  \n');
    const server = await serve(['--data', join(folder(), 'ledger'), '--dashboard-token-file', file], { TEMOIN_DASHBOARD_TOKEN: 'token-from-the-environment' });
    try {
      expect((await getStats(server.url, '', bearer('token-from-the-file-0123'))).status).toBe(200);
      expect((await getStats(server.url, '', bearer('token-from-the-environment'))).status).toBe(401);
      const css = await fetch(`${server.url}/dashboard/dashboard.css`);
      expect(css.headers.get('content-type')).toBe('text/css; charset=utf-8');
      expect(await css.text()).toMatch(/^:root\{color-scheme:light dark;/);
    } finally {
      expect(await server.stop()).toBe(0);
    }
  });

  it('TEMOIN_DASHBOARD_TOKEN alone turns insights on', async () => {
    const data = join(folder(), 'ledger');
    const server = await serve(['--data', data], { TEMOIN_DASHBOARD_TOKEN: 'token-from-the-environment' });
    try {
      expect(await (await getStats(server.url, '', bearer('token-from-the-environment'))).json()).toEqual({ from: null, to: null, by: 'day', total: 0, groups: [] } satisfies Stats);
    } finally {
      await server.stop();
    }
  });

  it.each([
    [['--dashboard-token-file', '/nonexistent/token'], {}, '--dashboard-token-file /nonexistent/token: cannot be read (ENOENT)'],
    [[], { TEMOIN_DASHBOARD_TOKEN: 'short' }, 'TEMOIN_DASHBOARD_TOKEN: expected at least 16 characters (openssl rand -hex 32 makes a good one), got 5'],
  ])('temoin serve %j %j exits 2 with one line', async (args, env, line) => {
    expect(await temoin(['serve', '--data', join(folder(), 'ledger'), ...args], env)).toEqual({ status: 2, stdout: '', stderr: `temoin serve: ${line}\n` });
  });
});
