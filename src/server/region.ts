/**
 * The visitor's region from the geolocation headers a CDN adds to each request, so that the site's
 * server can write it into the page (`<meta name="temoin-region">` or `data-region`) and the
 * browser never asks a third party where it is.
 */

/** A Fetch `Headers`, or a plain object of lower-case names as Node's `request.headers` is. */
export type HeaderSource = Headers | Record<string, string | string[] | undefined>;

const COUNTRY = /^[A-Z]{2}$/;
/** An ISO 3166-2 subdivision code, the part after the country: `CA`, `QC`, `75C`. */
const SUBDIVISION = /^[A-Z0-9]{1,3}$/;
/**
 * Codes CDNs send when they do not know the country, or for what is not one: unknown (`XX`),
 * Tor (`T1`), anonymous proxies and satellite providers (`A1`, `A2`), the EU as a whole (`EU`),
 * Asia-Pacific (`AP`). User-assigned codes (`AA`, `QM`–`QZ`, `XA`–`XZ`, `ZZ`) name no country.
 */
const NOT_A_COUNTRY = /^(AA|A1|A2|AP|EU|O1|T1|Q[M-Z]|X[A-Z]|ZZ)$/;

/** One header's value, trimmed; the first of several. */
function header(headers: HeaderSource, name: string): string | undefined {
  const value = headers instanceof Headers ? headers.get(name) : headers[name];
  const first = Array.isArray(value) ? value[0] : value;
  return first?.trim() || undefined;
}

/** `key=value` pairs separated by commas, as Akamai's EdgeScape header writes them. */
function pairs(value: string | undefined): Record<string, string> {
  const result: Record<string, string> = {};
  for (const pair of value?.split(',') ?? []) {
    const at = pair.indexOf('=');
    if (at > 0) result[pair.slice(0, at).trim().toLowerCase()] = pair.slice(at + 1).trim();
  }
  return result;
}

/** Country and subdivision header names of each CDN, most common first. */
const SOURCES: ((headers: HeaderSource) => [country: string | undefined, subdivision: string | undefined])[] = [
  // Cloudflare: cf-ipcountry always; cf-region-code with the "visitor location headers" managed transform.
  (h) => [header(h, 'cf-ipcountry'), header(h, 'cf-region-code')],
  // Vercel.
  (h) => [header(h, 'x-vercel-ip-country'), header(h, 'x-vercel-ip-country-region')],
  // Amazon CloudFront, once the headers are added to the origin request policy.
  (h) => [header(h, 'cloudfront-viewer-country'), header(h, 'cloudfront-viewer-country-region')],
  // Akamai EdgeScape: `georegion=246,country_code=US,region_code=CA,city=SANJOSE,…`.
  (h) => {
    const edgescape = pairs(header(h, 'x-akamai-edgescape'));
    return [edgescape.country_code, edgescape.region_code];
  },
  // Fastly sends no geolocation header of its own: its VCL copies client.geo.country_code and
  // client.geo.region into request headers; these are the names its examples use.
  (h) => [header(h, 'client-geo-country'), header(h, 'client-geo-region')],
];

/**
 * The visitor's region, `"US-CA"` or `"FR"`, from the first CDN header that names a country; or
 * `undefined` when none does (the configuration's `"*"` entry then applies). A subdivision that is
 * not one (`?`, `NO REGION`) is left out, keeping the country.
 */
export function regionFromHeaders(headers: HeaderSource): string | undefined {
  for (const source of SOURCES) {
    const [country, subdivision] = source(headers).map((value) => value?.toUpperCase());
    if (!country || !COUNTRY.test(country) || NOT_A_COUNTRY.test(country)) continue;
    // A subdivision may come prefixed with its country, as ISO 3166-2 writes it (`US-CA`).
    const code = subdivision?.startsWith(`${country}-`) ? subdivision.slice(country.length + 1) : subdivision;
    return code && SUBDIVISION.test(code) ? `${country}-${code}` : country;
  }
  return undefined;
}
