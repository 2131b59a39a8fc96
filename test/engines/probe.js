/**
 * The first script of every page of the cross-engine scenarios, before Témoin's. It does in the
 * page what not every engine's driver can do from outside: it records Témoin's events and each
 * `pageshow`, finds elements inside open shadow roots, and reports console errors, uncaught
 * exceptions and failed loads to the test server (which keeps them across reloads).
 */
(() => {
  const report = (kind, text) =>
    navigator.sendBeacon('/__probe/problem', JSON.stringify({ page: location.pathname, kind, text: String(text) }));
  const consoleError = console.error;
  console.error = function (...args) {
    report('console.error', args.map(String).join(' '));
    return consoleError.apply(this, args);
  };
  // In the capture phase, the listener also hears elements that failed to load.
  window.addEventListener('error', (event) => {
    if (event.target === window) report('uncaught', event.message);
    else report('failed load', `${event.target.localName} ${event.target.src || event.target.href || ''}`);
  }, true);
  window.addEventListener('unhandledrejection', (event) => report('unhandled rejection', event.reason));

  const probe = {
    /** Témoin's `temoin:*` window events, in order: `{ name, detail }`. */
    events: [],
    /** `persisted` of each `pageshow`: `[false]` after a load, `[false, true]` once restored from the back/forward cache. */
    shows: [],
    /** The messages that frames posted to the page (a player's `player:loaded`). */
    messages: [],
    /** The element at `selector`, where ` >> ` steps into the open shadow root of what comes before it. */
    find(selector) {
      let root = document;
      let element = null;
      for (const step of selector.split(' >> ')) {
        element = root?.querySelector(step) ?? null;
        root = element?.shadowRoot;
      }
      return element;
    },
    /** The focused element, looking through shadow roots. */
    focused() {
      let element = document.activeElement;
      while (element?.shadowRoot?.activeElement) element = element.shadowRoot.activeElement;
      return element;
    },
  };
  for (const name of ['ready', 'consent', 'change'])
    window.addEventListener(`temoin:${name}`, (event) => probe.events.push({ name, detail: JSON.parse(JSON.stringify(event.detail)) }));
  window.addEventListener('pageshow', (event) => probe.shows.push(event.persisted));
  window.addEventListener('message', (event) => probe.messages.push(event.data));
  window.__probe = probe;
})();
