/**
 * From what the visits saw to report.json: each cookie, storage key and third-party host classified
 * with the catalogue (or left unclassified), and the leaks. The shape is documented in docs/scan.md
 * and only grows: fields are added, never renamed or removed, without a new `version`.
 */
import type { Classifier, Match } from './catalogue';
import type { ScanResult } from './scan';
import { isFirstPartyCookie, isFirstPartyUrl, type Site } from './site';
import type { Category, Cause, FailedRequest, PageFailure, SeenCookie, SeenRequest, SeenStorage, SetBy, StorageArea, VisitName, VisitObservation } from './types';
import { VISITS } from './types';

/** What the catalogue says of an item; all null when it does not know it. */
export interface Classification {
  /** The catalogue entry's id. */
  service: string | null;
  vendor: string | null;
  category: Category | null;
}

export interface CookieFinding extends Classification {
  name: string;
  domain: string;
  path: string;
  /** ISO 8601, or null for a session cookie. */
  expires: string | null;
  firstParty: boolean;
  setBy: SetBy;
  /** The page it first appeared on. */
  page: string;
  /** The catalogue's name or pattern it matched (`_ga_*`), or null. */
  matched: string | null;
}

export interface StorageFinding extends Classification {
  area: StorageArea;
  key: string;
  origin: string;
  firstParty: boolean;
  setBy: SetBy;
  page: string;
  matched: string | null;
}

export interface HostFinding extends Classification {
  host: string;
  /** The first request to it for this service. */
  url: string;
  page: string;
  /** What made that request, when the browser says. */
  cause: Cause | null;
}

/** A host that could not be reached (what it would have set is missing from the findings). */
export interface UnreachableFinding extends FailedRequest, Classification {
  firstParty: boolean;
}

export interface VisitReport {
  pages: string[];
  failures: PageFailure[];
  cookies: CookieFinding[];
  storage: StorageFinding[];
  hosts: HostFinding[];
  unreachable: UnreachableFinding[];
}

export type LeakKind = 'cookie' | 'storage' | 'host';

export interface Leak {
  visit: 'none' | 'reject';
  page: string;
  kind: LeakKind;
  name: string;
  service: string | null;
  category: Category | null;
  /** Why it counts: its category, or the third party that wrote it. */
  reason: string;
  /** What made the request, or wrote the cookie or key, when the browser says. */
  cause: Cause | null;
}

export interface ConfigDifferences {
  declaredNotSeen: { category: string; kind: 'cookie' | 'storage'; pattern: string }[];
  seenNotDeclared: { kind: 'cookie' | 'storage'; name: string; service: string | null; category: Category | null }[];
}

export interface Report {
  version: 1;
  site: string;
  /** Hosts, cookies and storage within this domain are first party. */
  firstPartyDomain: string;
  scannedAt: string;
  durationMs: number;
  pagesLimit: number;
  runsTemoin: boolean;
  /** The name of Témoin's consent cookie on this site (`cookie.name`), when it runs Témoin; its keys are named after it. */
  consentCookie: string | null;
  visits: Record<VisitName, VisitReport | null>;
  leaks: Leak[];
  /** With `--config`: how the configuration and what was seen differ. */
  config?: ConfigDifferences;
}

/** What the catalogue says of an item: its service, vendor and category, or nulls when it does not know it. */
const classification = (match: Match<unknown> | null): Classification =>
  match ? { service: match.service.id, vendor: match.service.vendor, category: match.service.category } : { service: null, vendor: null, category: null };

/** Written by something outside the site: a third-party response or script. */
const writtenByThirdParty = (site: Site, setBy: SetBy): boolean => setBy.url !== null && !isFirstPartyUrl(site, setBy.url);

/**
 * The catalogue's name for a cookie or key of Témoin's own on a site that renamed its cookie
 * (`cookie.name`): the cookie itself, and the keys named after it (`<name>-notice`); any other
 * name as it is.
 */
export function catalogueName(name: string, consentCookie: string | null): string {
  if (consentCookie === null || consentCookie === TEMOIN_COOKIE) return name;
  if (name === consentCookie) return TEMOIN_COOKIE;
  return name.startsWith(`${consentCookie}-`) ? `${TEMOIN_COOKIE}${name.slice(consentCookie.length)}` : name;
}

/** Témoin's default cookie name, which the catalogue's entry for Témoin uses. */
export const TEMOIN_COOKIE = 'temoin';

/** What wrote a cookie or a key, as a leak's cause. */
const causeOfWrite = (setBy: SetBy): Cause | null =>
  setBy.kind === 'unknown' || setBy.url === null ? null : { kind: setBy.kind, url: setBy.url, line: null, element: null };

function classifyVisit(site: Site, classify: Classifier, seen: VisitObservation, consentCookie: string | null): VisitReport {
  const cookie = (c: SeenCookie): CookieFinding => {
    const match = classify.cookie(catalogueName(c.name, consentCookie), c.domain);
    return {
      name: c.name,
      domain: c.domain,
      path: c.path,
      expires: c.expires === null ? null : new Date(c.expires * 1000).toISOString(),
      firstParty: isFirstPartyCookie(site, c.domain),
      setBy: c.setBy,
      page: c.page,
      ...classification(match),
      matched: match?.rule.name ?? null,
    };
  };
  const storage = (s: SeenStorage): StorageFinding => {
    const match = classify.storage(catalogueName(s.key, consentCookie));
    return {
      area: s.area,
      key: s.key,
      origin: s.origin,
      firstParty: isFirstPartyUrl(site, s.origin),
      setBy: s.setBy,
      page: s.page,
      ...classification(match),
      matched: match?.rule.key ?? null,
    };
  };
  const host = (r: SeenRequest): HostFinding => {
    const match = classify.request(new URL(r.url));
    return {
      host: r.host,
      url: r.url,
      page: r.page,
      ...classification(match),
      cause: r.cause,
    };
  };
  const unreachable = (f: FailedRequest): UnreachableFinding => ({
    ...f,
    firstParty: isFirstPartyUrl(site, f.url),
    ...classification(classify.request(new URL(f.url))),
  });
  return {
    pages: seen.pages,
    failures: seen.failures,
    cookies: seen.cookies.map(cookie).sort((a, b) => a.name.localeCompare(b.name) || a.domain.localeCompare(b.domain)),
    storage: seen.storage.map(storage).sort((a, b) => a.key.localeCompare(b.key) || a.origin.localeCompare(b.origin)),
    hosts: seen.requests.map(host).sort((a, b) => a.host.localeCompare(b.host)),
    unreachable: seen.failedRequests.map(unreachable).sort((a, b) => a.host.localeCompare(b.host) || a.error.localeCompare(b.error)),
  };
}

/**
 * Why an item seen before a decision or after Reject all is a leak, or null when it is not: anything
 * classified other than strictly necessary; anything unclassified that a third party wrote or that
 * belongs to a third party. What the site itself wrote and the catalogue does not know is left for
 * the site owner to review (the report lists it as unclassified).
 */
function leakReason(item: Classification, thirdParty: boolean, what: string): string | null {
  if (item.category === 'necessary') return null;
  if (item.category) return `${item.category} (${item.service ?? ''})`;
  return thirdParty ? `${what}, not in the catalogue` : null;
}

function leaksOf(site: Site, visit: 'none' | 'reject', report: VisitReport): Leak[] {
  const leaks: Leak[] = [];
  const add = (kind: LeakKind, name: string, page: string, item: Classification, reason: string | null, cause: Cause | null) => {
    if (reason) leaks.push({ visit, page, kind, name, service: item.service, category: item.category, reason, cause });
  };
  for (const h of report.hosts) add('host', h.host, h.page, h, leakReason(h, true, 'third-party host'), h.cause);
  for (const c of report.cookies) {
    const thirdParty = !c.firstParty || writtenByThirdParty(site, c.setBy);
    add('cookie', c.name, c.page, c, leakReason(c, thirdParty, c.firstParty ? `written by ${c.setBy.url ?? ''}` : 'third-party cookie'), causeOfWrite(c.setBy));
  }
  for (const s of report.storage) {
    const thirdParty = !s.firstParty || writtenByThirdParty(site, s.setBy);
    add('storage', s.key, s.page, s, leakReason(s, thirdParty, s.firstParty ? `written by ${s.setBy.url ?? ''}` : `storage of ${s.origin}`), causeOfWrite(s.setBy));
  }
  return leaks;
}

export function buildReport(result: ScanResult, classify: Classifier): Report {
  const visits = Object.fromEntries(
    VISITS.map((name) => {
      const seen = result.visits[name];
      return [name, seen ? classifyVisit(result.site, classify, seen, result.consentCookie) : null];
    }),
  ) as Record<VisitName, VisitReport | null>;
  const leaks = (['none', 'reject'] as const).flatMap((name) => {
    const visit = visits[name];
    return visit ? leaksOf(result.site, name, visit) : [];
  });
  return {
    version: 1,
    site: result.site.start,
    firstPartyDomain: result.site.domain,
    scannedAt: result.startedAt,
    durationMs: result.durationMs,
    pagesLimit: result.pagesLimit,
    runsTemoin: result.runsTemoin,
    consentCookie: result.consentCookie,
    visits,
    leaks,
  };
}

/** Every finding of every visit that was made, for what is written from all of them (configuration, cookie table). */
export const allVisits = (report: Report): VisitReport[] => VISITS.flatMap((name) => report.visits[name] ?? []);

/** The third-party hosts that no visit could reach, each once: what they would have set is missing. */
export const unreachableVendors = (report: Report): string[] =>
  [...new Set(allVisits(report).flatMap((visit) => visit.unreachable.filter((u) => !u.firstParty).map((u) => u.host)))].sort();
