import { error, warn, warnOnce } from './log';
import { isParsed } from './parsed';
import type { CategoryId } from './types';

/**
 * Releases elements tagged with `data-category` once their category is granted.
 * Tagged markup is inert by itself (`type="text/plain"`, `data-src`), so nothing runs before
 * this code decides; it never races the browser to stop a live element.
 */

export interface BlockerOptions {
  known: (category: CategoryId) => boolean;
  granted: (category: CategoryId) => boolean;
  /** Refused by a decision (not merely undecided): what `!category` waits for. */
  refused: (category: CategoryId) => boolean;
  nonce: string;
  /** Called for each iframe that stays blocked, at every refresh (the UI ignores ones it already explains). */
  onBlockedIframe: (iframe: HTMLIFrameElement, category: CategoryId) => void;
}

/** Tagged and not yet released (released elements are done with). */
const TAGGED = '[data-category]:not([data-temoin-released])';
const RELEASED = 'data-temoin-released';
/** Attributes that hold the real address until release. */
const DEFERRED = ['src', 'srcset', 'href'] as const;
const MEDIA = new Set(['IMG', 'IFRAME', 'VIDEO', 'AUDIO', 'SOURCE', 'EMBED', 'LINK']);

const describe = (script: HTMLScriptElement) => script.src || `"${script.text.trim().slice(0, 40)}"`;

export interface Blocker {
  /** Releases whatever is now allowed, in document order. */
  refresh: () => void;
  /** Categories with elements released on this page: scripts that ran, frames and media that loaded. */
  released: Set<CategoryId>;
  /** Stops watching the page for new elements. */
  stop: () => void;
}

export function createBlocker(options: BlockerOptions): Blocker {
  const handled = new WeakSet<Element>();
  const released = new Set<CategoryId>();
  // As the parser would: an inline script waits for the ordered external scripts before it, and an
  // external script waits for the inline scripts before it; external ones still download in parallel.
  let externalsLoaded: Promise<unknown> = Promise.resolve();
  let inlinesRun: Promise<unknown> = Promise.resolve();

  const runScript = (placeholder: HTMLScriptElement) => {
    const script = document.createElement('script');
    for (const { name, value } of placeholder.attributes)
      if (name !== 'type' && name !== 'data-src' && name !== 'data-type') script.setAttribute(name, value);
    const type = placeholder.getAttribute('data-type');
    if (type) script.type = type;
    // Browsers hide the nonce attribute once parsed; only the property still has it.
    script.nonce = placeholder.nonce || options.nonce;
    const src = placeholder.getAttribute('data-src') ?? placeholder.getAttribute('src');
    handled.add(script);
    if (src) {
      const ordered = !placeholder.hasAttribute('async');
      script.async = !ordered;
      script.src = src;
      const loaded = new Promise((done) => {
        script.addEventListener('load', done);
        script.addEventListener('error', done);
      });
      if (ordered) externalsLoaded = Promise.all([externalsLoaded, loaded]);
      void inlinesRun.then(() => {
        placeholder.replaceWith(script);
      });
    } else {
      script.text = placeholder.text;
      inlinesRun = Promise.all([inlinesRun, externalsLoaded]).then(() => {
        placeholder.replaceWith(script);
      });
    }
  };

  const visit = (element: Element) => {
    // Left for a later refresh (the next batch of parsed nodes, or the end of parsing) until the
    // parser is past it: an inline script's text, or a video's sources, may still be coming.
    if (handled.has(element) || !isParsed(element)) return;
    const tag = element.getAttribute('data-category') ?? '';
    const id = tag.replace(/^!/, '');
    if (element instanceof HTMLScriptElement) {
      if (element.type !== 'text/plain') {
        handled.add(element);
        warn(`script tagged data-category without type="text/plain" ran before consent: ${describe(element)}`);
        return;
      }
    } else if (!MEDIA.has(element.tagName)) return;
    if (!options.known(id)) {
      warnOnce(`unknown category "${id}": its elements stay blocked`);
      return;
    }
    // `!id` marks what stands in for a refused category: it waits for the refusal.
    if (!(tag === id ? options.granted : options.refused)(id)) {
      if (element instanceof HTMLIFrameElement && tag === id) options.onBlockedIframe(element, id);
      return;
    }
    handled.add(element);
    element.setAttribute(RELEASED, '');
    if (tag === id) released.add(id);
    if (element instanceof HTMLScriptElement) {
      runScript(element);
      return;
    }
    for (const name of DEFERRED) {
      const value = element.getAttribute(`data-${name}`);
      if (value !== null) element.setAttribute(name, value);
    }
    const media = element.parentElement;
    if (element.tagName === 'SOURCE' && media instanceof HTMLMediaElement) media.load();
  };

  const refresh = () => {
    document.querySelectorAll(TAGGED).forEach((element) => {
      // One element that cannot be released (a throwing attribute hook, a page's own patch of the
      // DOM) must not keep the ones after it blocked, nor throw into the page.
      try {
        visit(element);
      } catch (problem) {
        error(`could not release <${element.tagName.toLowerCase()} data-category>: ${String(problem)}`);
      }
    });
  };

  // While the page loads, the parser can run this observer in the middle of inserting an element
  // (creating an iframe's frame runs the microtasks): a frame released then is sent back to
  // about:blank as the insertion completes. A task later, that insertion is over.
  let scheduled = false;
  const afterTask = () => {
    if (scheduled) return;
    scheduled = true;
    setTimeout(() => {
      scheduled = false;
      refresh();
    });
  };
  // Elements added later (by the parser, a single-page app, other scripts): one query of the
  // document per batch of changes costs far less than looking at every added node.
  const observer = new MutationObserver(() => {
    if (document.readyState === 'loading') afterTask();
    else refresh();
  });
  observer.observe(document, { childList: true, subtree: true });
  // The page's last element is complete only once parsing ends, with no mutation after it.
  addEventListener('DOMContentLoaded', refresh);

  return {
    refresh,
    released,
    stop: () => {
      observer.disconnect();
      removeEventListener('DOMContentLoaded', refresh);
    },
  };
}
