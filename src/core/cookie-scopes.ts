/**
 * Where a cookie this page can see may have been set: this host and every parent domain, each for
 * `/` and every folder the page is under. Deleting a cookie takes its exact domain and path.
 */
export interface CookieScope {
  path: string;
  domain?: string;
}

/** The host and every parent domain: a.b.example.com, b.example.com, example.com (an IP address alone). */
const domains = (host: string): string[] => {
  if (/^[\d.]+$|:/.test(host)) return [host];
  const labels = host.split('.');
  return labels.slice(0, -1).map((_, i) => labels.slice(i).join('.'));
};

/**
 * Every path a cookie this page sees may have been set for: `/`, then each folder the page is
 * under, written with and without its final slash (/a, /a/, /a/b, /a/b/), and the page itself
 * (a script's cookie defaults to its page's folder).
 */
const paths = (pathname: string): string[] => {
  const found = new Set(['/', pathname]);
  for (let at = pathname.indexOf('/', 1); at > 0; at = pathname.indexOf('/', at + 1)) found.add(pathname.slice(0, at)).add(pathname.slice(0, at + 1));
  return [...found];
};

/** Every scope of this page: host-only and each parent domain, at each path. */
export const cookieScopes = (): CookieScope[] =>
  paths(location.pathname).flatMap((path) => [{ path }, ...domains(location.hostname).map((domain) => ({ path, domain }))]);
