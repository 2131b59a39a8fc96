import { error, warn, warnOnce } from './log';
import { isParsed } from './parsed';
import { nextTask } from './schedule';
import type { CategoryId } from './types';

/**
 * Releases elements tagged with `data-category` once their category is allowed, and their `!id`
 * stand-ins once it is refused. Tagged markup is inert by itself (`type="text/plain"`,
 * `data-src`), so nothing runs before this code decides; it never races the browser to stop a
 * live element. It costs what is added to the page, not what the page holds: one look at what is
 * there when it starts, then only at the nodes each change adds.
 */

export interface BlockerOptions {
  known: (category: CategoryId) => boolean;
  allowed: (category: CategoryId) => boolean;
  /** Refused (by a decision or the model, not merely undecided): what `!category` waits for. */
  refused: (category: CategoryId) => boolean;
  nonce: string;
  /** Called for each iframe that stays blocked when it is looked at (the UI ignores ones it already explains). */
  onBlockedIframe: (iframe: HTMLIFrameElement, category: CategoryId) => void;
}

const TAG = 'data-category';
/** Tagged and not yet released (released elements are done with). */
const TAGGED = `[${TAG}]:not([data-temoin-released])`;
const RELEASED = 'data-temoin-released';
/** Attributes that hold the real address until release. */
const DEFERRED = ['src', 'srcset', 'href', 'poster'] as const;
const MEDIA = new Set(['IMG', 'IFRAME', 'VIDEO', 'AUDIO', 'SOURCE', 'EMBED', 'LINK']);
/**
 * Longest run of releases before the main thread is given back: one budget for the whole task,
 * shared by the look at the elements and the scripts run (which the browser may run in one task),
 * so that a task, with the element that crosses the budget and the browser's own work on what was
 * released, stays under the 50 ms of a long task.
 */
const SLICE_MS = 16;

const describe = (element: Element) =>
  element instanceof HTMLScriptElement
    ? element.src || `"${element.text.trim().slice(0, 40)}"`
    : `<${element.tagName.toLowerCase()}> ${DEFERRED.map((name) => element.getAttribute(name)).find(Boolean) ?? ''}`;

export interface Blocker {
  /**
   * Looks at every tagged element again and releases what is now allowed, in document order, in
   * slices that give the main thread back between them; resolves once all are done.
   */
  releaseAll: () => Promise<void>;
  /** Categories with elements released on this page: scripts that ran, frames and media that loaded. */
  released: Set<CategoryId>;
  /** Stops watching the page for new elements. */
  stop: () => void;
}

export function createBlocker(options: BlockerOptions): Blocker {
  /** Released, or reported as already live: never looked at again. */
  const handled = new WeakSet<Element>();
  const released = new Set<CategoryId>();
  /** Seen while the parser may still be adding to them (an inline script's text, a video's sources). */
  const unfinished = new Set<Element>();
  /** Elements to look at, in order; `next` is the first not yet looked at. */
  let queue: Element[] = [];
  let next = 0;
  let draining: Promise<void> | undefined;
  /** Released scripts not yet run, in document order; `nextScript` is the first of them. */
  let scripts: HTMLScriptElement[] = [];
  let nextScript = 0;
  let running = false;
  /** The ordered external scripts inserted since the last inline one: the next inline one waits for them. */
  let loading: Promise<unknown>[] = [];
  /** When this task's slice of releases ends. */
  let sliceEnd = 0;
  const newSlice = () => {
    sliceEnd = performance.now() + SLICE_MS;
  };
  /** Whether this task's slice is spent (checked after each element; awaiting only then costs no promise per element). */
  const spent = () => performance.now() >= sliceEnd;
  /** Gives the main thread back, and starts the next slice. */
  const nextSlice = async () => {
    await nextTask();
    newSlice();
  };

  /** The script to insert in place of a tagged one: its attributes, its address or text, the page's nonce. */
  const executable = (placeholder: HTMLScriptElement) => {
    const script = document.createElement('script');
    for (const { name, value } of placeholder.attributes)
      if (name !== 'type' && name !== 'data-src' && name !== 'data-type') script.setAttribute(name, value);
    const type = placeholder.getAttribute('data-type');
    if (type) script.type = type;
    // Browsers hide the nonce attribute once parsed; only the property still has it.
    script.nonce = placeholder.nonce || options.nonce;
    const src = placeholder.getAttribute('data-src') ?? placeholder.getAttribute('src');
    if (src) {
      // Inserted by script, an external one runs as it arrives, unless told to keep the order of insertion.
      script.async = placeholder.hasAttribute('async');
      script.src = src;
    } else script.text = placeholder.text;
    handled.add(script);
    return script;
  };

  /**
   * Runs the released scripts as the parser would have: in document order, an inline script once
   * the ordered external scripts before it have run, an external one once the inline scripts
   * before it have (external ones still download side by side); in slices, like the releases.
   */
  const runScripts = async () => {
    if (running) return;
    running = true;
    while (nextScript < scripts.length) {
      const placeholder = scripts[nextScript++] as HTMLScriptElement;
      const script = executable(placeholder);
      if (script.src) {
        if (!script.async)
          loading.push(
            new Promise((done) => {
              script.addEventListener('load', done);
              script.addEventListener('error', done);
            }),
          );
      } else if (loading.length) {
        await Promise.all(loading);
        loading = [];
        newSlice();
      }
      try {
        placeholder.replaceWith(script);
      } catch (problem) {
        error(`could not run <script ${TAG}>: ${String(problem)}`);
      }
      if (spent()) await nextSlice();
    }
    scripts = [];
    nextScript = 0;
    running = false;
  };

  /** An element tagged but already live: it ran or loaded before consent. Said once, then left alone. */
  const live = (element: Element) => {
    if (element instanceof HTMLScriptElement) return element.type !== 'text/plain';
    return DEFERRED.some((name) => element.hasAttribute(name)) && !DEFERRED.some((name) => element.hasAttribute(`data-${name}`));
  };

  /** Looks at `element` and releases it if its category allows; true when it set a media element's address. */
  const visit = (element: Element): true | undefined => {
    if (handled.has(element) || !element.isConnected) return;
    if (!isParsed(element)) {
      unfinished.add(element);
      return;
    }
    unfinished.delete(element);
    const tag = element.getAttribute(TAG) ?? '';
    const id = tag.replace(/^!/, '');
    if (!(element instanceof HTMLScriptElement) && !MEDIA.has(element.tagName)) return;
    if (live(element)) {
      handled.add(element);
      warn(`${describe(element)} is tagged data-category but ran or loaded before consent: ${
        element instanceof HTMLScriptElement ? 'give it type="text/plain"' : 'move its address to data-src'}`);
      return;
    }
    if (!options.known(id)) {
      warnOnce(`unknown category "${id}": its elements stay blocked`);
      return;
    }
    // `!id` marks what stands in for a refused category: it waits for the refusal.
    if (!(tag === id ? options.allowed : options.refused)(id)) {
      if (element instanceof HTMLIFrameElement && tag === id) options.onBlockedIframe(element, id);
      return;
    }
    handled.add(element);
    element.setAttribute(RELEASED, '');
    if (tag === id) released.add(id);
    if (element instanceof HTMLScriptElement) {
      scripts.push(element);
      void runScripts();
      return;
    }
    // A frame the parser made gets its last document back from the browser's history, whatever its
    // address then says (on a reload in Firefox, on Back in every engine): a withdrawn player would
    // load again. A frame made here has no such entry, so a released frame is a copy made here.
    const target = element instanceof HTMLIFrameElement ? (element.cloneNode(true) as HTMLIFrameElement) : element;
    for (const name of DEFERRED) {
      const value = target.getAttribute(`data-${name}`);
      if (value !== null) target.setAttribute(name, value);
    }
    if (target !== element) {
      handled.add(target);
      element.replaceWith(target);
    }
    const media = element.parentElement;
    if (element.tagName === 'SOURCE' && media instanceof HTMLMediaElement) media.load();
    return true;
  };

  /** Looks at the queue in slices of at most SLICE_MS, giving the main thread back between them. */
  const drain = async () => {
    // While the page loads, a task later: the parser may be in the middle of inserting an element
    // (creating an iframe's frame runs the microtasks), and a frame released then would be sent back
    // to about:blank as the insertion completes (ADR 0026). Once it is parsed, at once (a
    // microtask later, so that `draining` is set before the queue is done with).
    await (document.readyState === 'loading' ? new Promise((later) => setTimeout(later)) : undefined);
    newSlice();
    while (next < queue.length) {
      const element = queue[next++] as Element;
      // Making a frame is the costliest release by far (about 30 ms on a phone, five times setting
      // an address): a frame gets a task of its own, so that no task holds one and a slice of others.
      const frame = element instanceof HTMLIFrameElement;
      if (frame) await nextTask();
      // One element that cannot be released (a throwing attribute hook, a page's own patch of the
      // DOM) must not keep the ones after it blocked, nor throw into the page.
      let addressed;
      try {
        addressed = visit(element);
      } catch (problem) {
        error(`could not release <${element.tagName.toLowerCase()} ${TAG}>: ${String(problem)}`);
      }
      // An image starts its fetch in a microtask after its address is set, 2 to 3 ms each on a phone:
      // letting it run now counts it in this slice, which would otherwise end with dozens of them
      // still to run in its task (50 to 90 ms tasks on the 3,500-element bench page).
      if (addressed) await Promise.resolve();
      if (next < queue.length && (frame || spent())) await nextSlice();
    }
    queue = [];
    next = 0;
    draining = undefined;
  };
  const look = (elements: Iterable<Element>) => {
    for (const element of elements) queue.push(element);
    return (draining ??= drain());
  };

  // Elements added later (by the parser, a single-page app, other scripts): only the added nodes
  // and what they hold, and the few the parser had not finished.
  const observer = new MutationObserver((records) => {
    const added: Element[] = [...unfinished];
    for (const record of records)
      for (const node of record.addedNodes)
        if (node instanceof Element) {
          if (node.hasAttribute(TAG)) added.push(node);
          if (node.firstElementChild) added.push(...node.querySelectorAll(TAGGED));
        }
    if (added.length) void look(added);
  });
  observer.observe(document, { childList: true, subtree: true });
  // The page's last element is complete only once parsing ends, with no mutation after it.
  const parsed = () => void look(unfinished);
  addEventListener('DOMContentLoaded', parsed);
  // What the page already holds.
  void look(document.querySelectorAll(TAGGED));

  return {
    // One query, which gives document order, then the same slices.
    releaseAll: () => look(document.querySelectorAll(TAGGED)),
    released,
    stop: () => {
      observer.disconnect();
      removeEventListener('DOMContentLoaded', parsed);
      queue = [];
      next = 0;
    },
  };
}
