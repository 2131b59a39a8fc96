/**
 * `createLedger(options)`: the consent ledger as a handler for the Fetch API (Node, Deno, Bun, edge
 * workers) and for Node's `http` (Express, Fastify), with the options of `temoin serve`.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { fromFetch, fromNode, toFetch, toNode, type ConnectionInfo } from './adapters';
import { TrustedProxies } from './client-address';
import { loadConsentConfig } from './consent-config';
import { DashboardToken } from './dashboard-session';
import { Insights, isInsightsPath } from './insights';
import { DEFAULT_RATE, HEALTH_PATH, LedgerHandler, RECORDS_PATH, UNAVAILABLE, type LedgerRequest, type LedgerResponse, type Policy } from './ledger';
import { openReader, openStore, type StoreOptions } from './open-store';

export interface LedgerOptions extends StoreOptions {
  /** Origins allowed to post (`https://www.example.com`); none: any origin, for development. */
  origins?: readonly string[];
  /** Posts a minute per client address, refused ones included (default 60). */
  rate?: number;
  /** `truncated`: keep the client's address cut to its /24 (IPv4) or /48 (IPv6); `none` (default): keep nothing. */
  storeIp?: 'none' | 'truncated';
  /**
   * The reverse proxies whose `X-Forwarded-For` is believed: addresses and CIDR ranges
   * (`['10.0.0.0/8']`), `'loopback'` for a proxy on the same machine; `true` is `'loopback'`.
   * Default: none, the client is the connection's address.
   */
  trustProxy?: boolean | string | readonly string[];
  /** The site's Témoin configuration file: records must use its category ids and at most its revision. */
  config?: string;
  /**
   * Turns on consent insights: `GET /stats` (with `Authorization: Bearer <token>`) and the
   * `/dashboard` page, which asks for it once. At least 16 characters. Without it, both answer 404.
   */
  dashboardToken?: string;
}

export interface Ledger {
  /** For a Fetch-API server. Pass the connection's address where the runtime gives one, for the rate limit. */
  fetch: (request: Request, info?: ConnectionInfo) => Promise<Response>;
  /** For Node's `http` and Express or Fastify middleware; calls `next` for paths other than the ledger's. */
  node: (req: IncomingMessage, res: ServerResponse, next?: () => void) => void;
  /** Resolves once the store is open and migrated; rejects with the one-line reason it is not. */
  ready: Promise<void>;
  /** Answers what is in flight, then closes the store. */
  close: () => Promise<void>;
}

/** An origin as browsers send it in `Origin`: scheme, host and port, no path. */
function origin(value: string): string {
  let parsed: URL | undefined;
  try {
    parsed = new URL(value);
  } catch {
    parsed = undefined;
  }
  if (!parsed || parsed.origin === 'null' || parsed.origin !== value.replace(/\/$/, ''))
    throw new Error(`origin "${value}": expected a scheme, host and optional port, such as https://www.example.com`);
  return parsed.origin;
}

/** The proxies `trustProxy` names, or undefined when it trusts none. */
function trustedProxies(trustProxy: LedgerOptions['trustProxy']): TrustedProxies | undefined {
  if (trustProxy === undefined || trustProxy === false) return undefined;
  const entries = trustProxy === true ? ['loopback'] : typeof trustProxy === 'string' ? [trustProxy] : trustProxy;
  return entries.length ? new TrustedProxies(entries) : undefined;
}

/** Checks the options and opens the store: what `temoin serve` runs before it listens. */
export async function openLedger(options: LedgerOptions): Promise<LedgerHandler> {
  const rate = options.rate ?? DEFAULT_RATE;
  if (!Number.isInteger(rate) || rate < 1) throw new Error(`rate: expected a whole number of posts a minute, at least 1`);
  if (![undefined, 'none', 'truncated'].includes(options.storeIp))
    throw new Error('storeIp: expected "none" or "truncated"');
  const policy: Policy = {
    origins: (options.origins ?? []).map(origin),
    rate,
    storeIp: options.storeIp === 'truncated',
    proxies: trustedProxies(options.trustProxy),
    check: options.config === undefined ? undefined : await loadConsentConfig(options.config),
  };
  const token = options.dashboardToken === undefined ? undefined : new DashboardToken(options.dashboardToken);
  const store = await openStore(options, { create: true });
  if (!token) return new LedgerHandler(store, policy);
  // Insights read through their own read-only handle, opened once the store is migrated.
  const reader = await openReader(options).catch(async (problem: unknown) => {
    await store.close();
    throw problem;
  });
  return new LedgerHandler(store, policy, new Insights(token, rate, reader));
}

const generic = (status: number, error: string): LedgerResponse => ({
  status,
  headers: { 'content-type': 'application/json', 'cache-control': 'no-store', ...(status === 503 && { 'retry-after': '5' }) },
  body: JSON.stringify({ error }),
});

/** What went wrong goes to stderr; the client learns nothing of the server's insides. */
const unexpected = (problem: unknown): LedgerResponse => {
  process.stderr.write(`temoin: ${problem instanceof Error ? problem.message : String(problem)}\n`);
  return generic(500, 'server: unexpected error');
};

export function createLedger(options: LedgerOptions = {}): Ledger {
  const opening = openLedger(options);
  // A store that could not open answers 503; `ready` rejects with the reason, and stderr has it
  // once, at the first request it refuses.
  let told = false;
  const unopened = (problem: unknown) => {
    if (!told) process.stderr.write(`temoin: the ledger's store did not open: ${problem instanceof Error ? problem.message : String(problem)}\n`);
    told = true;
    return generic(503, UNAVAILABLE);
  };
  const answer = (request: LedgerRequest): Promise<LedgerResponse> => opening.then((handler) => handler.answer(request).catch(unexpected), unopened);
  return {
    fetch: async (request, info) => toFetch(await answer(fromFetch(request, info))),
    node: (req, res, next) => {
      let request: LedgerRequest;
      try {
        request = fromNode(req);
      } catch (problem) {
        toNode(unexpected(problem), res);
        return;
      }
      if (next && request.path !== RECORDS_PATH && request.path !== HEALTH_PATH && !(options.dashboardToken !== undefined && request.path !== undefined && isInsightsPath(request.path))) {
        next();
        return;
      }
      void answer(request).then((response) => {
        toNode(response, res);
      });
    },
    ready: opening.then(() => undefined),
    close: async () => {
      const handler = await opening.catch(() => undefined);
      await handler?.close();
    },
  };
}
