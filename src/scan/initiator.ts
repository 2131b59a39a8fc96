/**
 * What made a request, as Chromium tells it (the DevTools protocol's `initiator`): an element of a
 * page's markup, named by its start tag as the page's HTML has it, or a script, named by the first
 * frame of its stack that has an address.
 */
import type { Page } from 'playwright-core';
import type { Cause } from './types';

/** The part of the protocol's `Network.Initiator` that is read. */
export interface Initiator {
  type: string;
  url?: string;
  /** From 0. */
  lineNumber?: number;
  columnNumber?: number;
  stack?: StackTrace;
}

interface StackTrace {
  callFrames: { url: string; lineNumber: number }[];
  parent?: StackTrace;
}

/** At most this much of a start tag is kept: enough to recognise it, little enough for a table. */
const MAX_TAG_LENGTH = 200;

/**
 * The start tag that ends right before `column` of `line` (both from 0) in `html`, where Chromium
 * points for an element the parser was handling (an `<img>`, a `<script>` that ran): from the last
 * `<` before that point to the `>` there. Null when there is none, or the point is outside the text.
 */
export function startTagAt(html: string, line: number, column: number): string | null {
  let offset = 0;
  for (let i = 0; i < line; i += 1) {
    const next = html.indexOf('\n', offset);
    if (next < 0) return null;
    offset = next + 1;
  }
  const end = offset + column;
  if (end > html.length || end < 1) return null;
  const open = html.lastIndexOf('<', end - 1);
  const close = html.indexOf('>', end - 1);
  if (open < 0 || close < 0) return null;
  const tag = html.slice(open, close + 1).replace(/\s+/g, ' ').trim();
  if (!/^<[a-z]/i.test(tag)) return null;
  return tag.length > MAX_TAG_LENGTH ? `${tag.slice(0, MAX_TAG_LENGTH - 1)}…` : tag;
}

const isWebAddress = (url: string | undefined): url is string => !!url && /^https?:\/\//.test(url);

/** The first frame of `stack` (or of the stacks it continues) with an http(s) address. */
function firstFrame(stack: StackTrace | undefined): { url: string; lineNumber: number } | null {
  for (let current = stack; current; current = current.parent) {
    const frame = current.callFrames.find((f) => isWebAddress(f.url));
    if (frame) return frame;
  }
  return null;
}

/** Whether one of the start tag's attributes, read against the page's address, is the address requested. */
function names(tag: string, page: string, requested: string): boolean {
  const wanted = requested.split('#', 1)[0];
  for (const [, double, single, bare] of tag.matchAll(/=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))/g)) {
    const value = (double ?? single ?? bare ?? '').replace(/&amp;/g, '&').trim();
    if (value && URL.canParse(value, page) && new URL(value, page).href.split('#', 1)[0] === wanted) return true;
  }
  return false;
}

/**
 * The element of `html` tagged with `data-category` (held back until consent, or until a refusal
 * for `!category`) that names `requested`, with its line: what a consent manager released.
 */
export function taggedElement(html: string, page: string, requested: string): { element: string; line: number } | null {
  for (let at = html.indexOf('data-category'); at >= 0; at = html.indexOf('data-category', at + 1)) {
    const open = html.lastIndexOf('<', at);
    const close = html.indexOf('>', at);
    if (open < 0 || close < 0) return null;
    const tag = html.slice(open, close + 1).replace(/\s+/g, ' ');
    if (/^<[a-z]/i.test(tag) && names(tag, page, requested)) {
      const element = tag.length > MAX_TAG_LENGTH ? `${tag.slice(0, MAX_TAG_LENGTH - 1)}…` : tag;
      return { element, line: html.slice(0, open).split('\n').length };
    }
  }
  return null;
}

/**
 * The cause of a request (for `url`, on the crawl's `page`) from its initiator; `html(url)` is the
 * markup of a page the scanner loaded, when it has it. Chromium gives the parser's position for an
 * element's own request, and also for a request a script makes while the parser waits for it: a
 * position counts as an element only when the start tag there names the address requested. A
 * script's request for what an element tagged `data-category` names is that element's, released.
 * Null for what the browser does not explain.
 */
export function causeOf(initiator: Initiator, request: { url: string; page: string }, html: (url: string) => string | null): Cause | null {
  if ((initiator.type === 'parser' || initiator.type === 'preload') && isWebAddress(initiator.url)) {
    const { url, lineNumber, columnNumber } = initiator;
    const markup = lineNumber === undefined || columnNumber === undefined ? null : html(url);
    const tag = markup === null ? null : startTagAt(markup, lineNumber ?? 0, columnNumber ?? 0);
    return tag !== null && names(tag, url, request.url) ? { kind: 'element', url, line: (lineNumber ?? 0) + 1, element: tag } : null;
  }
  if (initiator.type !== 'script') return null;
  const markup = html(request.page);
  const released = markup === null ? null : taggedElement(markup, request.page, request.url);
  if (released) return { kind: 'element', url: request.page, ...released };
  const frame = firstFrame(initiator.stack);
  if (frame) return { kind: 'script', url: frame.url, line: frame.lineNumber + 1, element: null };
  if (isWebAddress(initiator.url)) return { kind: 'script', url: initiator.url, line: initiator.lineNumber === undefined ? null : initiator.lineNumber + 1, element: null };
  return null;
}

/**
 * Calls `seen` with each request `page` makes and its initiator, through a DevTools session of
 * its own (the tab's frames of the same site; a third-party frame runs in a process of its own
 * and its requests are not seen here).
 */
export async function watchInitiators(page: Page, seen: (url: string, initiator: Initiator) => void): Promise<void> {
  const session = await page.context().newCDPSession(page);
  session.on('Network.requestWillBeSent', (event) => {
    seen(event.request.url, event.initiator);
  });
  await session.send('Network.enable');
}
