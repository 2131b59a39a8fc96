/**
 * The test site of the cross-engine scenarios: the repository and generated pages on 127.0.0.1,
 * and the third parties (scripts, pixels, embedded players) on a second server reached as
 * `localhost`, another host for the browser. Both log every request on the server side, so what a
 * page asked for reads the same in every engine, including WebKit, whose driver cannot intercept.
 */
import { serve, serveSite, sitePage, htmlHandler, until, FAKE_GTAG } from '../browser/harness.mjs';

/** A 1×1 transparent GIF, what a tracking pixel answers. */
const PIXEL = Buffer.from('R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7', 'base64');


/** An embedded player: its page loads a stylesheet and a script, as a video platform's does; the script tells the page it has run. */
const PLAYER = '<!doctype html><title>Player</title><link rel="stylesheet" href="player.css"><p>third-party player</p><script src="player.js"></script>';

/**
 * What a fake vendor answers, by the end of the path: `gtag.js` the gtag stand-in, `<name>.js` a
 * script that records its name in `window.__ran`, `.gif` a pixel, `embed/…` a player page and
 * its parts (its script posts `player:loaded` to the page). Nothing is cacheable, so that every
 * load reaches the log.
 */
function vendor(req, res) {
  const { pathname: path, searchParams } = new URL(req.url, 'http://localhost');
  const name = path.slice(path.lastIndexOf('/') + 1);
  // `?slow` answers 300 ms late: a script that takes longer than the ones after it, for checking order.
  const answer = (type, body) =>
    setTimeout(() => res.writeHead(200, { 'content-type': type, 'cache-control': 'no-store' }).end(body), searchParams.has('slow') ? 300 : 0);
  if (name === 'gtag.js') answer('text/javascript', FAKE_GTAG);
  else if (name === 'player.css') answer('text/css', 'p { color: #333; }');
  else if (name === 'player.js') answer('text/javascript', "parent.postMessage('player:loaded', '*');");
  else if (name.endsWith('.js')) answer('text/javascript', `(window.__ran = window.__ran || []).push(${JSON.stringify(name.slice(0, -3))});`);
  else if (name.endsWith('.gif')) answer('image/gif', PIXEL);
  else if (path.includes('/embed/')) answer('text/html; charset=utf-8', PLAYER);
  else res.writeHead(404).end('not found');
}

/** The probe every page loads first (see probe.js), served from the repository. */
const PROBE = '<script src="/test/engines/probe.js"></script>';

/** The network is quiet when neither server has a request open nor has had one for this long (as Playwright's `networkidle`). */
const QUIET_MS = 500;

export async function startSite() {
  const first = await serveSite();
  const third = await serve({ otherwise: vendor });
  const problems = [];
  first.handlers['/__probe/problem'] = (req, res, body) => {
    problems.push(JSON.parse(body));
    res.writeHead(204).end();
  };
  let pages = 0;
  let vendors = 0;
  return {
    /** A new page of Témoin's test site (see `sitePage`), probe first, with extra response `headers`; returns its URL. */
    page({ head = '', ...options } = {}, headers = {}) {
      const path = `/p/${++pages}.html`;
      first.handlers[path] = htmlHandler(sitePage({ ...options, head: PROBE + head }), headers);
      return first.origin + path;
    },
    /** A page that is not Témoin's (somewhere to navigate to), probe only. */
    plain(title) {
      const path = `/p/${++pages}.html`;
      first.handlers[path] = htmlHandler(`<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${title}</title>${PROBE}</head><body><p>${title}</p></body></html>`);
      return first.origin + path;
    },
    /**
     * A fake third party of its own: `url(name)` is an address on it (`a.js`, `pixel.gif`,
     * `embed/1`), `requests()` the paths it has been asked for since, in order.
     */
    vendor() {
      const prefix = `/v${++vendors}/`;
      return {
        url: (name) => `http://localhost:${third.port}${prefix}${name}`,
        requests: () => third.log.filter((r) => r.path.startsWith(prefix)).map((r) => r.path.slice(prefix.length)),
      };
    },
    /** Requests for files of the repository (Témoin's parts, say) whose path starts with `prefix`. */
    requested: (prefix) => first.log.filter((r) => r.path.startsWith(prefix)).map((r) => r.path),
    /** Console errors, uncaught exceptions and failed loads that the probe reported, in order: `{ page, kind, text }`. */
    problems,
    /** Resolves once the network is quiet (see QUIET_MS): whatever a page was going to request has been requested and answered. */
    quiet: () =>
      until(() => [first.activity, third.activity].every((a) => a.open === 0 && Date.now() - a.last >= QUIET_MS), 'a quiet network'),
    close: () => Promise.all([first.close(), third.close()]),
  };
}
