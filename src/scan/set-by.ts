/**
 * Who wrote a cookie: reading a `Set-Cookie` header or a `document.cookie` assignment for the
 * cookie's name and domain, and a JavaScript stack for the script that made the call.
 */

/** The name and domain (without a leading dot) a `Set-Cookie` value or `document.cookie` assignment writes. */
export function cookieWritten(text: string, host: string): { name: string; domain: string } | null {
  const [pair = '', ...attributes] = text.split(';');
  const equals = pair.indexOf('=');
  // `document.cookie = "value"` (no `=`) sets a cookie with an empty name, which no one lists.
  const name = (equals < 0 ? '' : pair.slice(0, equals)).trim();
  if (!name) return null;
  let domain = host;
  for (const attribute of attributes) {
    const [key = '', value = ''] = attribute.split('=', 2).map((part) => part.trim());
    if (key.toLowerCase() === 'domain' && value) domain = value.replace(/^\./, '').toLowerCase();
  }
  return { name, domain };
}

/** An http(s) URL in a stack frame, as V8 prints it: `at f (https://host/x.js:1:2)` or `at https://host/x.js:1:2`. */
const FRAME_URL = /(https?:\/\/[^\s()]+?):\d+:\d+/;

/**
 * The script that made the call: the first frame of the stack with an http(s) URL. The scanner's own
 * wrapper has no URL, so the first one is the caller; an inline script shows as its page's URL, and
 * code run through `eval` by a script as that script (V8 names the script that called eval).
 */
export function scriptOf(stack: string): string | null {
  for (const line of stack.split('\n').slice(1)) {
    const url = FRAME_URL.exec(line)?.[1];
    if (url) return url;
  }
  return null;
}
