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

/** A third-party host and the first request made to it, with the page that made it. */
export interface SeenRequest {
  host: string;
  url: string;
  page: string;
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
  /** Pages that could not be loaded, with the reason. */
  failures: { page: string; reason: string }[];
}
