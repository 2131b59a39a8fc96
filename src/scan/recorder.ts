/**
 * Records, in one browser profile, what the pages of a visit write and request: every cookie (from
 * the browser's cookie jar, with the response or script that wrote it), every localStorage and
 * sessionStorage key (with the script that wrote it when `setItem` was called), the first
 * request to each third-party host (to each of its services, when it serves several) with what
 * made it, and the requests that got no response.
 */
import { setTimeout as delay } from 'node:timers/promises';
import type { BrowserContext, Frame, Page, Request, Response } from 'playwright-core';
import { causeOf, watchInitiators, type Initiator } from './initiator';
import { cookieWritten, scriptOf } from './set-by';
import { isFirstPartyHost, isFirstPartyUrl, type Site } from './site';
import type { FailedRequest, SeenCookie, SeenRequest, SeenStorage, SetBy, StorageArea } from './types';

/** The page-side function the init script calls; it exists only in the scanner's browser. */
const BINDING = '__temoinScan';

type WriteEvent = { kind: 'cookie'; text: string; stack: string } | { kind: 'storage'; area: StorageArea; key: string; stack: string };

/**
 * Runs in every frame before the page's own scripts: wraps the `document.cookie` setter,
 * `Storage.prototype.setItem` and `cookieStore.set` so that each write is reported with the stack
 * of the call. The page's write happens first and exactly as it would have; reporting never throws.
 */
function watchWrites(binding: string): void {
  const report = (event: WriteEvent) => {
    try {
      void (window as unknown as Record<string, (event: WriteEvent) => Promise<void>>)[binding]?.(event);
    } catch {
      // The binding is gone (the frame is closing): nothing to record.
    }
  };
  const stack = () => new Error().stack ?? '';

  const cookie = Object.getOwnPropertyDescriptor(Document.prototype, 'cookie');
  if (cookie?.get && cookie.set) {
    // The browser's own accessors, always called with the document as `this`.
    // eslint-disable-next-line @typescript-eslint/unbound-method
    const native = { get: cookie.get, set: cookie.set };
    Object.defineProperty(Document.prototype, 'cookie', {
      configurable: true,
      enumerable: cookie.enumerable ?? true,
      get(this: Document) {
        return native.get.call(this) as string;
      },
      set(this: Document, text: unknown) {
        native.set.call(this, text);
        report({ kind: 'cookie', text: String(text), stack: stack() });
      },
    });
  }

  // The browser's own method, always called with the storage as `this`.
  // eslint-disable-next-line @typescript-eslint/unbound-method
  const storage = { setItem: Storage.prototype.setItem };
  Storage.prototype.setItem = function (this: Storage, key: unknown, value: unknown) {
    storage.setItem.call(this, key as string, value as string);
    const area = this === window.localStorage ? 'localStorage' : 'sessionStorage';
    report({ kind: 'storage', area, key: String(key), stack: stack() });
  };

  // The Cookie Store API: `set(name, value)` or `set({ name, value, domain })`.
  const store = (window as unknown as { CookieStore?: { prototype: { set: (...args: unknown[]) => Promise<void> } } }).CookieStore;
  if (store) {
    const storeSet = store.prototype.set;
    store.prototype.set = function (this: unknown, ...args: unknown[]) {
      const [first, value] = args;
      const options = (typeof first === 'object' && first !== null ? first : {}) as { name?: unknown; domain?: unknown };
      const name = typeof first === 'string' ? first : typeof options.name === 'string' ? options.name : '';
      const domain = typeof options.domain === 'string' ? `; domain=${options.domain}` : '';
      report({ kind: 'cookie', text: `${name}=${typeof value === 'string' ? value : ''}${domain}`, stack: stack() });
      return storeSet.apply(this, args);
    };
  }
}

interface CookieWrite {
  name: string;
  domain: string;
  page: string;
  setBy: SetBy;
}

interface StorageWrite {
  area: StorageArea;
  key: string;
  origin: string;
  page: string;
  setBy: SetBy;
}

const UNKNOWN: SetBy = { kind: 'unknown', url: null };

/** How long a snapshot waits for the `Set-Cookie` headers still being read. */
const HEADERS_WAIT_MS = 2_000;

/** A page's HTML is kept (to name the element that made a request) up to this size. */
const MAX_HTML_CHARS = 1_000_000;

/** A request cancelled by the page or by leaving it: nothing failed to be reached. */
const CANCELLED = 'net::ERR_ABORTED';

/**
 * The address whose cookies and storage a frame's document uses: its own, or for an `about:blank`
 * or `srcdoc` frame, which inherits its parent's origin, the nearest ancestor's with an http(s) address.
 */
function documentUrl(frame: Frame): URL | null {
  for (let current: Frame | null = frame; current; current = current.parentFrame()) {
    const url = URL.canParse(current.url()) ? new URL(current.url()) : null;
    if (url && (url.protocol === 'http:' || url.protocol === 'https:')) return url;
  }
  return null;
}

export class Recorder {
  private readonly labels = new WeakMap<Page, string>();
  private readonly cookieWrites: CookieWrite[] = [];
  private readonly storageWrites: StorageWrite[] = [];
  private readonly cookies = new Map<string, SeenCookie>();
  private readonly storage = new Map<string, SeenStorage>();
  private readonly requests = new Map<string, Omit<SeenRequest, 'cause'>>();
  private readonly failedRequests = new Map<string, FailedRequest>();
  /** What made the first request to each third-party address, as the browser said. */
  private readonly initiators = new Map<string, Initiator>();
  /** The HTML of the site's pages, by address, for the elements that made requests. */
  private readonly pagesHtml = new Map<string, string>();
  /** Responses whose headers are still being read: a snapshot waits for them. */
  private readonly reading = new Set<Promise<void>>();

  /** `requestKey` groups requests: one is kept per key (per host and service). */
  constructor(
    private readonly site: Site,
    private readonly requestKey: (url: URL) => string,
  ) {}

  async attach(context: BrowserContext): Promise<void> {
    await context.exposeBinding(BINDING, ({ frame }: { frame: Frame }, event: WriteEvent) => {
      this.written(frame, event);
    });
    await context.addInitScript(watchWrites, BINDING);
    context.on('request', (request) => {
      this.requested(request);
    });
    context.on('response', (response) => {
      const reading = this.responded(response).finally(() => this.reading.delete(reading));
      this.reading.add(reading);
    });
    context.on('requestfailed', (request) => {
      this.failed(request);
    });
  }

  /** Learns what made each request of the tab `page` (once per tab, before its first page). */
  async watch(page: Page): Promise<void> {
    await watchInitiators(page, (url, initiator) => {
      if (!this.initiators.has(url) && URL.canParse(url) && !isFirstPartyHost(this.site, new URL(url).hostname)) this.initiators.set(url, initiator);
    });
  }

  /** Names `page` by the crawl's URL for it, the page every finding on it is reported with. */
  track(page: Page, url: string): void {
    this.labels.set(page, url);
  }

  private pageOf(frame: Frame): string {
    const page = frame.page();
    return this.labels.get(page) ?? page.url();
  }

  private written(frame: Frame, event: WriteEvent): void {
    const url = scriptOf(event.stack);
    const setBy: SetBy = url ? { kind: 'script', url } : UNKNOWN;
    const page = this.pageOf(frame);
    const document = documentUrl(frame);
    if (!document) return;
    if (event.kind === 'cookie') {
      const written = cookieWritten(event.text, document.hostname);
      if (written) this.cookieWrites.push({ ...written, page, setBy });
    } else this.storageWrites.push({ area: event.area, key: event.key, origin: document.origin, page, setBy });
  }

  private requested(request: Request): void {
    let url: URL;
    try {
      url = new URL(request.url());
    } catch {
      return;
    }
    if ((url.protocol !== 'http:' && url.protocol !== 'https:') || isFirstPartyHost(this.site, url.hostname)) return;
    const key = this.requestKey(url);
    if (this.requests.has(key)) return;
    let page: string;
    try {
      page = this.pageOf(request.frame());
    } catch {
      // A service worker's request has no frame.
      page = this.site.start;
    }
    this.requests.set(key, { host: url.hostname, url: url.href, page });
  }

  private failed(request: Request): void {
    const error = request.failure()?.errorText ?? '';
    if (!error || error === CANCELLED || !URL.canParse(request.url())) return;
    const url = new URL(request.url());
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return;
    const key = `${url.hostname}\n${error}`;
    if (this.failedRequests.has(key)) return;
    let page: string;
    try {
      page = this.pageOf(request.frame());
    } catch {
      page = this.site.start;
    }
    this.failedRequests.set(key, { host: url.hostname, url: url.href, page, error });
  }

  private async responded(response: Response): Promise<void> {
    let headers: { name: string; value: string }[];
    let page: string;
    try {
      headers = await response.headersArray();
      page = this.pageOf(response.frame());
    } catch {
      return; // The page closed first, or a service worker's response: no frame to name.
    }
    const host = new URL(response.url()).hostname;
    for (const { name, value } of headers) {
      if (name.toLowerCase() !== 'set-cookie') continue;
      // Some servers fold several cookies into one header, one per line.
      for (const line of value.split('\n')) {
        const written = cookieWritten(line, host);
        if (written) this.cookieWrites.push({ ...written, page, setBy: { kind: 'response', url: response.url() } });
      }
    }
    await this.keepHtml(response).catch(() => undefined);
  }

  /** Keeps the HTML of a page of the site (once per address, up to a size), to name the elements of it that made requests. */
  private async keepHtml(response: Response): Promise<void> {
    const url = response.url();
    if (response.request().resourceType() !== 'document' || this.pagesHtml.has(url) || !isFirstPartyUrl(this.site, url)) return;
    const length = Number(response.headers()['content-length'] ?? 0);
    if (length > MAX_HTML_CHARS) return;
    const html = await response.text().catch(() => null);
    if (html !== null && html.length <= MAX_HTML_CHARS) this.pagesHtml.set(url, html);
  }

  /**
   * Takes stock after `page` (the crawl's `url`) has settled: the keys in its frames' storage and
   * the cookies in the profile. What is new is credited to the write that made it, else to this page.
   */
  async snapshot(page: Page, url: string): Promise<void> {
    // Reading a response's raw headers waits for the network layer's report of them, which a
    // response served from a cache may never get: wait for the others, not for ever.
    await Promise.race([Promise.allSettled([...this.reading]), delay(HEADERS_WAIT_MS, undefined, { ref: false })]);
    for (const frame of page.frames()) {
      let keys: { origin: string; local: string[]; session: string[] };
      try {
        keys = await frame.evaluate(() => ({
          origin: location.origin,
          local: Object.keys(localStorage),
          session: Object.keys(sessionStorage),
        }));
      } catch {
        continue; // A sandboxed or detached frame has no storage to read.
      }
      for (const [area, list] of [['localStorage', keys.local], ['sessionStorage', keys.session]] as const)
        for (const key of list) this.sawStorage(area, key, keys.origin, url);
    }
    for (const cookie of await page.context().cookies()) {
      const id = `${cookie.name}\n${cookie.domain}\n${cookie.path}`;
      if (this.cookies.has(id)) continue;
      const domain = cookie.domain.replace(/^\./, '');
      const write = this.cookieWrites.find((w) => w.name === cookie.name && w.domain === domain);
      this.cookies.set(id, {
        name: cookie.name,
        domain: cookie.domain,
        path: cookie.path,
        expires: cookie.expires > 0 ? Math.round(cookie.expires) : null,
        page: write?.page ?? url,
        setBy: write?.setBy ?? UNKNOWN,
      });
    }
  }

  private sawStorage(area: StorageArea, key: string, origin: string, url: string): void {
    const id = `${area}\n${origin}\n${key}`;
    if (this.storage.has(id)) return;
    const write = this.storageWrites.find((w) => w.area === area && w.origin === origin && w.key === key);
    this.storage.set(id, { area, key, origin, page: write?.page ?? url, setBy: write?.setBy ?? UNKNOWN });
  }

  /** A cookie the profile starts with (the decision, made in another profile), credited to what wrote it there. */
  remember(name: string, domain: string, setBy: SetBy): void {
    this.cookieWrites.push({ name, domain: domain.replace(/^\./, ''), page: this.site.start, setBy });
  }

  /** Who wrote the cookie `name` on `domain` (as the browser reports it), as far as this profile saw. */
  setByOf(name: string, domain: string): SetBy {
    const bare = domain.replace(/^\./, '');
    return this.cookieWrites.find((w) => w.name === name && w.domain === bare)?.setBy ?? UNKNOWN;
  }

  findings(): { cookies: SeenCookie[]; storage: SeenStorage[]; requests: SeenRequest[]; failedRequests: FailedRequest[] } {
    const html = (url: string) => this.pagesHtml.get(url) ?? null;
    const requests = [...this.requests.values()].map((request) => {
      const initiator = this.initiators.get(request.url);
      return { ...request, cause: initiator ? causeOf(initiator, request, html) : null };
    });
    return { cookies: [...this.cookies.values()], storage: [...this.storage.values()], requests, failedRequests: [...this.failedRequests.values()] };
  }
}
