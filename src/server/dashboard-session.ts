/**
 * The dashboard's token and the session a sign-in opens. The token is compared in constant time
 * (as digests, whatever its length). A session is a cookie that proves a sign-in without holding
 * the token: its end time and an HMAC of it keyed by the token, so that every `temoin serve` of a
 * shared PostgreSQL ledger accepts it with nothing stored, and a new token ends every session.
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

/** Long enough that guessing, at the rate limit's pace, is hopeless. */
export const MIN_TOKEN_LENGTH = 16;
const MAX_TOKEN_LENGTH = 1024;
/** How long a sign-in lasts (the cookie also ends with the browser's session). */
export const SESSION_MS = 12 * 60 * 60 * 1000;
export const SESSION_COOKIE = 'temoin-dashboard';

// eslint-disable-next-line no-control-regex -- finding control characters is the point
const CONTROL = /[\u0000-\u001F\u007F-\u009F]/;

/** What is wrong with a token for the dashboard, or null when it will do. */
export function tokenProblem(token: string): string | null {
  if (token.length < MIN_TOKEN_LENGTH)
    return `expected at least ${MIN_TOKEN_LENGTH} characters (openssl rand -hex 32 makes a good one), got ${token.length}`;
  if (token.length > MAX_TOKEN_LENGTH) return `expected at most ${MAX_TOKEN_LENGTH} characters`;
  if (CONTROL.test(token)) return 'expected no control character (a line break inside it, say)';
  return null;
}

const sha256 = (text: string) => createHash('sha256').update(text).digest();

export class DashboardToken {
  readonly #digest: Buffer;
  readonly #key: Buffer;

  constructor(token: string) {
    const problem = tokenProblem(token);
    if (problem !== null) throw new Error(`dashboard token: ${problem}`);
    this.#digest = sha256(token);
    this.#key = sha256(`temoin dashboard session\n${token}`);
  }

  /** Whether `candidate` is the token (constant time, bounded: a candidate over the limit is not hashed whole). */
  matches(candidate: string): boolean {
    return timingSafeEqual(sha256(candidate.slice(0, MAX_TOKEN_LENGTH + 1)), this.#digest);
  }

  #mac(end: string): string {
    return createHmac('sha256', this.#key).update(end).digest('base64url');
  }

  /** A session's cookie value, valid for SESSION_MS from `now`. */
  session(now = Date.now()): string {
    const end = String(now + SESSION_MS);
    return `${end}.${this.#mac(end)}`;
  }

  /** Whether a cookie value is a session of this token that has not ended. */
  isSession(value: string, now = Date.now()): boolean {
    const match = /^(\d{1,15})\.([A-Za-z0-9_-]{43})$/.exec(value);
    if (!match?.[1] || !match[2] || Number(match[1]) <= now) return false;
    return timingSafeEqual(Buffer.from(this.#mac(match[1])), Buffer.from(match[2]));
  }
}

/** The values of the cookies named `name` in a `Cookie` header (a browser may send several of one name). */
export function cookieValues(header: string | undefined, name: string): string[] {
  return (header ?? '')
    .split(';')
    .map((pair) => pair.trim())
    .filter((pair) => pair.startsWith(`${name}=`))
    .map((pair) => pair.slice(name.length + 1));
}
