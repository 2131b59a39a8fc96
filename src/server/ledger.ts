/**
 * The consent ledger's HTTP side, independent of the server that carries it: `POST
 * /consent-records` checks a proof and appends it, `OPTIONS` answers CORS preflights, `GET /health`
 * says whether the store takes writes, and with a dashboard token, `/stats` and `/dashboard`
 * (insights.ts). Every refusal comes before anything is stored.
 */
import { recordProblem, withoutQuery } from '../core/record';
import { TooLarge, MAX_BODY_BYTES, parseBody } from './body';
import { CachedProbe } from './cached-probe';
import type { Draft, LedgerRecord, RecordEntry } from './chain';
import { clientAddress, rateKey, truncateAddress, type TrustedProxies } from './client-address';
import type { RecordCheck } from './consent-config';
import { GroupCommit, QueueFull } from './group-commit';
import { isInsightsPath, type Insights } from './insights';
import { RateLimit } from './rate-limit';
import type { Store } from './store';

export const RECORDS_PATH = '/consent-records';
export const HEALTH_PATH = '/health';
export const DEFAULT_RATE = 60;

/** A request as the ledger reads it, whatever carried it (Node's `http`, the Fetch API). */
export interface LedgerRequest {
  method: string;
  /** The URL's path, without the query; undefined when the request target is not a URL. */
  path: string | undefined;
  /** The URL's query, without its `?` ('' when it has none). */
  query: string;
  /** A header's value, by lower-case name. */
  header: (name: string) => string | undefined;
  /** The connection's peer address, when the server knows it. */
  connectionAddress: string | undefined;
  /** The connection itself (Node's socket), which stands for the client when its address is unknown. */
  connection?: object;
  /** The body, read up to the limit: rejects with `TooLarge` as soon as it is over. */
  read: () => Promise<Uint8Array>;
}

export interface LedgerResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

export interface Policy {
  /** Allowed `Origin`s; empty: any origin (for development). */
  origins: readonly string[];
  rate: number;
  storeIp: boolean;
  /** Whose `X-Forwarded-For` is believed; undefined: nobody's. */
  proxies: TrustedProxies | undefined;
  check: RecordCheck | undefined;
}

/** What a 5xx says: nothing of the store (its user, host, database or path go to stderr only). */
export const UNAVAILABLE = 'store: not available, try again';

const json = (status: number, value: unknown, headers: Record<string, string> = {}): LedgerResponse => ({
  status,
  headers: { 'content-type': 'application/json', 'cache-control': 'no-store', 'x-content-type-options': 'nosniff', ...headers },
  body: JSON.stringify(value),
});
const refuse = (status: number, error: string, headers: Record<string, string> = {}) => json(status, { error }, headers);

const isJson = (type: string | undefined) => type?.split(';')[0]?.trim().toLowerCase() === 'application/json';

/** Answers ledger requests over an open store. */
export class LedgerHandler {
  readonly #store: Store;
  readonly #policy: Policy;
  readonly #commits: GroupCommit;
  readonly #limit: RateLimit;
  readonly #health: CachedProbe;
  readonly #insights: Insights | undefined;
  /** Stand-ins for clients whose address is unknown: one per connection, never one for all. */
  readonly #connections = new WeakMap<object, string>();
  #connectionCount = 0;
  #warnedNoAddress = false;

  constructor(store: Store, policy: Policy, insights?: Insights) {
    this.#store = store;
    this.#policy = policy;
    this.#insights = insights;
    this.#commits = new GroupCommit(store);
    this.#limit = new RateLimit(policy.rate);
    this.#health = new CachedProbe(() => store.probe());
  }

  async answer(request: LedgerRequest): Promise<LedgerResponse> {
    if (request.path === undefined) return refuse(400, 'request: the target is not a URL');
    if (request.path === HEALTH_PATH) {
      if (request.method !== 'GET' && request.method !== 'HEAD') return refuse(405, 'method: expected GET', { allow: 'GET, HEAD' });
      return (await this.#health.check()) ? json(200, { ok: true }) : json(503, { ok: false, error: UNAVAILABLE }, { 'retry-after': '5' });
    }
    if (this.#insights && isInsightsPath(request.path))
      return this.#insights.answer(request, this.#rateKey(clientAddress(request.connectionAddress, request.header('x-forwarded-for'), this.#policy.proxies), request.connection));
    if (request.path !== RECORDS_PATH) return refuse(404, 'path: not found');
    const origin = request.header('origin');
    const cors: Record<string, string> = origin !== undefined && this.#allows(origin) ? { 'access-control-allow-origin': origin, vary: 'Origin' } : { vary: 'Origin' };
    if (request.method === 'OPTIONS') {
      if (origin === undefined || !this.#allows(origin)) return refuse(403, 'origin: not allowed', cors);
      return {
        status: 204,
        headers: { ...cors, 'access-control-allow-methods': 'POST', 'access-control-allow-headers': 'content-type', 'access-control-max-age': '86400' },
        body: '',
      };
    }
    if (request.method !== 'POST') return refuse(405, 'method: expected POST', { ...cors, allow: 'POST, OPTIONS' });

    const address = clientAddress(request.connectionAddress, request.header('x-forwarded-for'), this.#policy.proxies);
    const client = this.#rateKey(address, request.connection);
    const wait = client === undefined ? 0 : this.#limit.take(client);
    if (wait) return refuse(429, `rate: over ${this.#policy.rate} posts a minute`, { ...cors, 'retry-after': String(wait) });
    if (origin === undefined && this.#policy.origins.length) return refuse(403, 'origin: missing', cors);
    if (origin !== undefined && !this.#allows(origin)) return refuse(403, 'origin: not allowed', cors);
    if (!isJson(request.header('content-type'))) return refuse(415, 'content-type: expected application/json', cors);
    // Cut off at the limit: the rest of an oversized body is not read, and the connection closes.
    const tooLarge = () => refuse(413, `record: over ${MAX_BODY_BYTES} bytes`, { ...cors, connection: 'close' });
    if (Number(request.header('content-length') ?? 0) > MAX_BODY_BYTES) return tooLarge();
    let bytes: Uint8Array;
    try {
      bytes = await request.read();
    } catch (problem) {
      if (problem instanceof TooLarge) return tooLarge();
      // The client went away mid-body (or timed out): there is no one to answer, nothing to keep.
      return refuse(400, 'record: the body did not arrive whole', cors);
    }
    const parsed = parseBody(bytes);
    if ('problem' in parsed) return refuse(400, parsed.problem, cors);
    const problem = recordProblem(parsed.value) ?? this.#policy.check?.(parsed.value as LedgerRecord) ?? null;
    if (problem !== null) return refuse(400, problem, cors);

    const record = parsed.value as LedgerRecord;
    const draft: Draft = { record: record.url === undefined ? record : { ...record, url: withoutQuery(record.url) } };
    const ip = this.#policy.storeIp ? truncateAddress(address) : undefined;
    if (ip !== undefined) draft.ip = ip;
    let entry: RecordEntry;
    try {
      entry = await this.#commits.append(draft);
    } catch (failure) {
      // Too many waiting already: refused at once, so that a stalled database costs bounded memory.
      // (What the store said is on stderr, once per failed transaction.)
      return refuse(503, UNAVAILABLE, { ...cors, 'retry-after': failure instanceof QueueFull ? '1' : '5' });
    }
    return json(201, { seq: entry.seq, hash: entry.hash }, cors);
  }

  #allows(origin: string): boolean {
    return !this.#policy.origins.length || this.#policy.origins.includes(origin);
  }

  /**
   * Whom the rate limit counts: the client's address (its /64 for IPv6), else the connection it
   * came on. A Fetch-API caller that passes no address gives neither: its requests are not
   * counted (one shared allowance would let one client block every visitor's proof).
   */
  #rateKey(address: string | undefined, connection: object | undefined): string | undefined {
    if (address !== undefined) return rateKey(address);
    if (connection === undefined) {
      if (!this.#warnedNoAddress)
        process.stderr.write('temoin: a request came without the client address (ledger.fetch(request, { clientAddress })): it is not rate limited\n');
      this.#warnedNoAddress = true;
      return undefined;
    }
    let key = this.#connections.get(connection);
    if (key === undefined) this.#connections.set(connection, (key = `connection ${++this.#connectionCount}`));
    return key;
  }

  /**
   * Settles what is being written (each waiting request gets its answer), then closes the store;
   * both bounded, so that a stalled database cannot keep it from returning.
   */
  async close(): Promise<void> {
    this.#limit.close();
    await this.#insights?.close();
    await this.#commits.close();
    await this.#store.close();
  }
}
