/**
 * The catalogue of common services (catalogue/services.json, checked against
 * catalogue/services.schema.json by the tests): which cookies, storage keys and hosts belong to
 * which service, and what the service is for. Matching is exact or by `prefix*`; what matches
 * nothing is unclassified, never guessed.
 */
import data from './catalogue/services.json';
import type { Category } from './types';

/** A duration as the vendor documents it: ISO 8601 (`P2Y`, `P90D`, `PT30M`), `session`, or null when the vendor does not say. */
export type Lifetime = string | null;

/** What one cookie or key is for, when the service's purpose says more than it does. */
export interface ItemPurpose {
  en: string;
  fr: string;
}

export interface CatalogueCookie {
  /** An exact name, or a prefix ending in `*`. */
  name: string;
  /** Only cookies of this domain or its subdomains (for names several vendors use on their own domains). */
  domain?: string;
  lifetime: Lifetime;
  source: string;
  purpose?: ItemPurpose;
}

export interface CatalogueStorage {
  /** An exact key, or a prefix ending in `*`. */
  key: string;
  source: string;
  purpose?: ItemPurpose;
}

export interface CatalogueHost {
  /** A host name, or `*.example.com` for example.com and every host under it. */
  host: string;
  /** Only requests whose path starts with this (for hosts that serve several services). */
  path?: string;
  source: string;
}

export interface Service {
  id: string;
  name: string;
  vendor: string;
  category: Category;
  purpose: { en: string; fr: string };
  /** Where the purpose and category come from. */
  source: string;
  /** Null only for software the site runs itself that sends nothing to its maker (Témoin). */
  privacyPolicyUrl: string | null;
  cookies: CatalogueCookie[];
  storage: CatalogueStorage[];
  hosts: CatalogueHost[];
  /** Why an overlap with another entry is right, when there is one. */
  note?: string;
}

export interface Catalogue {
  services: Service[];
}

export const catalogue: Catalogue = data as Catalogue;

/** Does `value` match `pattern`, an exact string or a prefix ending in `*`? */
export const matches = (pattern: string, value: string): boolean =>
  pattern.endsWith('*') ? value.startsWith(pattern.slice(0, -1)) : value === pattern;

/** `host` is `domain` or a host under it. */
export const withinDomain = (host: string, domain: string): boolean => host === domain || host.endsWith(`.${domain}`);

/** How specific a pattern is: an exact name beats any prefix, a longer prefix a shorter one. */
const specificity = (pattern: string): number => (pattern.endsWith('*') ? pattern.length - 1 : Number.MAX_SAFE_INTEGER);

/** The most specific of the candidates that match, or null. */
function best<T>(candidates: { rule: T; pattern: string }[]): T | null {
  let found: { rule: T; pattern: string } | null = null;
  for (const candidate of candidates) if (!found || specificity(candidate.pattern) > specificity(found.pattern)) found = candidate;
  return found?.rule ?? null;
}

export interface Match<R> {
  service: Service;
  rule: R;
}

/** Lookups into one catalogue. */
export function classifier(source: Catalogue = catalogue) {
  const cookieRules = source.services.flatMap((service) => service.cookies.map((rule) => ({ service, rule })));
  const storageRules = source.services.flatMap((service) => service.storage.map((rule) => ({ service, rule })));
  const hostRules = source.services.flatMap((service) => service.hosts.map((rule) => ({ service, rule })));

  return {
    /** The service a cookie belongs to; `domain` as the browser reports it (a leading dot is ignored). */
    cookie(name: string, domain: string): Match<CatalogueCookie> | null {
      const host = domain.replace(/^\./, '');
      return best(
        cookieRules
          .filter(({ rule }) => matches(rule.name, name) && (rule.domain === undefined || withinDomain(host, rule.domain)))
          .map((match) => ({ rule: match, pattern: match.rule.name })),
      );
    },

    storage(key: string): Match<CatalogueStorage> | null {
      return best(storageRules.filter(({ rule }) => matches(rule.key, key)).map((match) => ({ rule: match, pattern: match.rule.key })));
    },

    /** The service a request belongs to, by its host (and path, for hosts shared by several services). */
    request(url: URL): Match<CatalogueHost> | null {
      return best(
        hostRules
          .filter(({ rule }) => {
            const hostMatches = rule.host.startsWith('*.') ? withinDomain(url.hostname, rule.host.slice(2)) : url.hostname === rule.host;
            return hostMatches && (rule.path === undefined || url.pathname.startsWith(rule.path));
          })
          // A path makes a rule more specific than the bare host; a named host more than a wildcard.
          .map((match) => ({ rule: match, pattern: `${match.rule.host.startsWith('*.') ? '' : '#'}${match.rule.path ?? ''}*` })),
      );
    },
  };
}

export type Classifier = ReturnType<typeof classifier>;
