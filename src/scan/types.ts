/** What a scan observes and what it reports: the shapes shared by the crawler, the classifier and the writers. */

/** The three fresh profiles a site is visited in. */
export type VisitName = 'none' | 'accept' | 'reject';
export const VISITS: readonly VisitName[] = ['none', 'accept', 'reject'];

/** Témoin's four built-in categories, in display order. */
export type Category = 'necessary' | 'performance' | 'advertising' | 'third-party';
export const CATEGORIES: readonly Category[] = ['necessary', 'performance', 'advertising', 'third-party'];

/**
 * What wrote a cookie or a storage key: the response whose `Set-Cookie` header set it, the script
 * whose code assigned `document.cookie` or called `setItem` (the first http(s) frame of the stack),
 * or nothing the scanner could see (`unknown`, with no URL).
 */
export interface SetBy {
  kind: 'response' | 'script' | 'unknown';
  url: string | null;
}

/** A cookie as the browser holds it, with the page where it first appeared and what wrote it. */
export interface SeenCookie {
  name: string;
  /** As the browser reports it: `.example.com` for a domain cookie, `www.example.com` for a host-only one. */
  domain: string;
  path: string;
  /** Expiry in Unix seconds; null for a session cookie. */
  expires: number | null;
  page: string;
  setBy: SetBy;
}

export type StorageArea = 'localStorage' | 'sessionStorage';

export interface SeenStorage {
  area: StorageArea;
  key: string;
  /** The origin the key belongs to: the site's, or a third-party frame's. */
  origin: string;
  page: string;
  setBy: SetBy;
}

/**
 * What made a request or wrote a cookie or key, as far as the browser says: an element of a page's
 * markup (the HTML parser made the request), a script's code, or a response's `Set-Cookie` header.
 */
export interface Cause {
  kind: 'element' | 'script' | 'response';
  /** For an element, its tag (`script`, `img`, `iframe`, `link`…) when the kind of request tells it; else null. */
  element: string | null;
  /** The page whose markup holds the element, the script, or the response. */
  url: string;
  /** The line in that file (from 1), when the browser gives it. */
  line: number | null;
}

/** A third-party host and the first request made to it, with the page that made it and what made it. */
export interface SeenRequest {
  host: string;
  url: string;
  page: string;
  /** Null when the browser does not say (a request of a third-party frame, of a service worker). */
  cause: Cause | null;
}

/** A request that got no response: the host could not be found, refused the connection, failed TLS, or was blocked. */
export interface FailedRequest {
  host: string;
  /** The first such request to this host, with this error. */
  url: string;
  page: string;
  /** Chromium's error, `net::ERR_NAME_NOT_RESOLVED` for example. */
  error: string;
}

/** A page that could not be scanned as it should: it did not load, or it answered with an HTTP error. */
export interface PageFailure {
  page: string;
  reason: string;
  /** The HTTP status it answered (4xx or 5xx), or null when it did not load. */
  status: number | null;
}

/** Everything one visit saw, before classification. */
export interface VisitObservation {
  visit: VisitName;
  /** The pages visited, breadth-first from the start page. */
  pages: string[];
  cookies: SeenCookie[];
  storage: SeenStorage[];
  /** Requests to hosts outside the site, one per host and service (a host may serve several services). */
  requests: SeenRequest[];
  /** Requests that got no response, one per host and error: what they would have set is missing. */
  failedRequests: FailedRequest[];
  /** Pages that did not load or answered 4xx or 5xx (those that answered are scanned all the same). */
  failures: PageFailure[];
}
