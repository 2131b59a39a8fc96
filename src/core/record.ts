/**
 * The consent record: the one definition shared by the browser (which writes it into the consent
 * cookie and sends it as proof) and the consent ledger (which accepts it). Both read the field
 * rules from here, so the two cannot drift.
 */

/** A pattern's text without its `^…$` anchors, to build a larger pattern from it. */
export const unanchored = (pattern: RegExp): string => pattern.source.slice(1, -1);

/** A category id as configuration, markup and the consent cookie write it. */
export const CATEGORY_ID = /^[a-z0-9][a-z0-9_-]{0,31}$/;

/** A language code: `en`, `fr`, `fr-CA`, `pt-BR`. */
export const LANGUAGE_CODE = /^[a-z]{2,3}(?:-[A-Za-z0-9]{2,8})?$/;

/** A random UUID v4, the record's id. */
export const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

/** A region as a page states it: an ISO 3166-1 alpha-2 country, optionally `-` and its ISO 3166-2 subdivision (`US-CA`). */
export const REGION = /^[A-Z]{2}(?:-[A-Z0-9]{1,3})?$/;

/**
 * A key of the configuration's `regions` as a record names it: `*`, `EU`, or a region (`GB`,
 * `US-CA`; `UK` is read as `GB`).
 */
export const JURISDICTION = new RegExp(`^(?:\\*|${unanchored(REGION)})$`);

export const CONSENT_METHODS = ['accept-all', 'reject-all', 'custom'] as const;
export type ConsentMethod = (typeof CONSENT_METHODS)[number];

/** How consent is obtained where the visitor is: asked first, allowed until refused, or only told. */
export const CONSENT_MODELS = ['opt-in', 'opt-out', 'notice'] as const;
export type ConsentModel = (typeof CONSENT_MODELS)[number];

/** Who decided what, when, under which policy revision and which consent model. */
export interface ConsentRecord {
  v: 1;
  /** Random UUID v4, kept across updates of the same browser's decision. */
  id: string;
  revision: number;
  granted: string[];
  refused: string[];
  method: ConsentMethod;
  /** Language of the texts the person read when deciding. */
  language: string;
  /** Present when the browser sent Global Privacy Control at decision time. */
  gpc?: true;
  /** The `regions` key that matched the visitor's region (`"US"` for a visitor in `US-CA`). */
  jurisdiction?: string;
  /** The consent model the decision was made under; absent on records written before models existed (opt-in). */
  model?: ConsentModel;
  createdAt: string;
  updatedAt: string;
}

/** What the site's endpoint receives: the record, the page without its query (which may be personal), and the browser. */
export interface ConsentProof extends ConsentRecord {
  url: string;
  userAgent: string;
}

/** `2026-11-22T10:00:00Z` or with milliseconds, UTC: what `Date.prototype.toISOString` writes. */
const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{3})?Z$/;
const MAX_REVISION = 2 ** 31 - 1;
/** Generous bounds for free text a browser sends: enough for any real page address or user agent. */
const MAX_URL = 2048;
const MAX_USER_AGENT = 1024;

/**
 * A lone UTF-16 surrogate: JSON can carry one (`"\ud800"`) but UTF-8 cannot, so a ledger could
 * not store the text it hashed. (With the `u` flag a class matches only unpaired surrogates.)
 */
const LONE_SURROGATE = /[\uD800-\uDFFF]/u;
/**
 * Characters no browser puts in a page address or a user agent, and that make stored text read
 * other than it is: C0 and C1 controls (NUL, line breaks, escape sequences for a terminal), the
 * Unicode line and paragraph separators, and the bidirectional formatting characters that reorder
 * what a screen or a spreadsheet shows (U+202E writes the rest of a line backwards).
 */
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const CONTROL_OR_BIDI = /[\u0000-\u001F\u007F-\u009F\u061C\u200E\u200F\u2028\u2029\u202A-\u202E\u2066-\u2069]/;

/** Free text: a string of at most `max` UTF-16 units, well-formed, without control or bidi characters. */
const text = (max: number) => (value: unknown): string | null => {
  if (typeof value !== 'string' || value.length > max || LONE_SURROGATE.test(value)) return `expected well-formed text of at most ${max} characters`;
  return CONTROL_OR_BIDI.test(value) ? 'expected text without control or bidirectional formatting characters' : null;
};
/** An http(s) page address, without user name or password (Témoin sends `location.origin + location.pathname`). */
const pageAddress = (value: unknown): string | null => {
  const problem = text(MAX_URL)(value);
  if (problem !== null) return problem;
  // The scheme first: the URL parser would also accept leading spaces and `javascript:`.
  const url = /^https?:\/\//i.test(value as string) && URL.canParse(value as string) ? new URL(value as string) : null;
  return url && (url.protocol === 'https:' || url.protocol === 'http:') && !url.username && !url.password
    ? null
    : 'expected an http or https page address';
};
/** The time must exist: `2026-13-01` and `2026-02-30` match the pattern but are no day. */
const isTime = (value: unknown): boolean => {
  if (typeof value !== 'string' || !ISO_TIME.test(value)) return false;
  const time = Date.parse(value);
  return !Number.isNaN(time) && new Date(time).toISOString().slice(0, 19) === value.slice(0, 19);
};
const isIdList = (value: unknown): boolean =>
  Array.isArray(value) &&
  value.length <= 64 &&
  value.every((id) => typeof id === 'string' && CATEGORY_ID.test(id)) &&
  new Set(value).size === value.length;

/** A field's test: null when the value is right, else what was expected. */
type Check = (value: unknown) => string | null;
const rule = (test: (value: unknown) => boolean, expected: string): Check => (value) => (test(value) ? null : expected);

/** Each field of a proof: whether it is required, and its check. */
const FIELDS: Record<string, [required: boolean, check: Check]> = {
  v: [true, rule((v) => v === 1, 'expected 1')],
  id: [true, rule((v) => typeof v === 'string' && UUID_V4.test(v), 'expected a UUID v4')],
  revision: [true, rule((v) => Number.isInteger(v) && (v as number) >= 0 && (v as number) <= MAX_REVISION, `expected an integer from 0 to ${MAX_REVISION}`)],
  granted: [true, rule(isIdList, 'expected an array of distinct category ids')],
  refused: [true, rule(isIdList, 'expected an array of distinct category ids')],
  method: [true, rule((v) => CONSENT_METHODS.includes(v as ConsentMethod), `expected one of ${CONSENT_METHODS.join(', ')}`)],
  language: [true, rule((v) => typeof v === 'string' && LANGUAGE_CODE.test(v), 'expected a language code')],
  createdAt: [true, rule(isTime, 'expected an ISO 8601 UTC time')],
  updatedAt: [true, rule(isTime, 'expected an ISO 8601 UTC time')],
  gpc: [false, rule((v) => typeof v === 'boolean', 'expected true or false')],
  url: [false, pageAddress],
  userAgent: [false, text(MAX_USER_AGENT)],
  jurisdiction: [false, rule((v) => typeof v === 'string' && JURISDICTION.test(v), 'expected "*", "EU", a country code or a country-subdivision code')],
  model: [false, rule((v) => CONSENT_MODELS.includes(v as ConsentModel), `expected one of ${CONSENT_MODELS.join(', ')}`)],
};

/**
 * Checks a proof as received (parsed JSON). Returns the first problem as `<field>: <problem>`, or
 * null when it is a well-formed record. Never throws.
 */
export function recordProblem(value: unknown): string | null {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return 'record: expected a JSON object';
  const fields = value as Record<string, unknown>;
  for (const key of Object.keys(fields)) if (!Object.hasOwn(FIELDS, key)) return `${key}: unknown field`;
  for (const [key, [required, check]] of Object.entries(FIELDS)) {
    if (!Object.hasOwn(fields, key)) {
      if (required) return `${key}: missing`;
      continue;
    }
    const problem = check(fields[key]);
    if (problem !== null) return `${key}: ${problem}`;
  }
  const { granted, refused, createdAt, updatedAt } = fields as unknown as ConsentRecord;
  const both = granted.find((id) => refused.includes(id));
  if (both) return `refused: "${both}" is also granted`;
  if (Date.parse(updatedAt) < Date.parse(createdAt)) return 'updatedAt: before createdAt';
  return null;
}

/**
 * The page address as the ledger keeps it: without its query or fragment, which may carry
 * personal data (a browser running Témoin never sends them; anything else may).
 */
export const withoutQuery = (url: string): string => url.replace(/[?#].*$/s, '');
