/**
 * Wherever a site puts Témoin's script tag (first in <head>, async, defer, or at the end of the
 * body) and however it gives the configuration (inline or by URL), granted frames, videos,
 * pixels and scripts load: on the visit where the visitor accepts, and on every later visit
 * (a new navigation, a reload, a new tab), while the parser is still inserting the page.
 * (Released during a parser insertion, a frame used to stay about:blank on returning visits.)
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startSuite, stopSuite, newContext, consoleOf, htmlHandler, until } from './harness.mjs';

let browser, site;
before(async () => {
  ({ browser, site } = await startSuite());
  site.handlers['/placement/frame.html'] = htmlHandler('<!doctype html><title>frame</title><p>same-site frame</p>');
  site.handlers['/placement/consent.json'] = (req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify(CONFIG));
  };
});
after(() => stopSuite({ browser, site }));

const VIDEO_EMBED = 'https://video.example/embed/1';
const CLIP = 'https://media.example/clip.mp4';
const PIXEL = 'https://ads.example/pixel.gif';
const CONFIG = { revision: 1 };
/** Enough text around the tagged elements that the parser inserts the page in several batches. */
const TEXT = Array.from({ length: 40 }, (_, i) => `<p>Paragraph ${i}: the quick brown fox jumps over the lazy dog.</p>`).join('\n');

/** First, a script of the page that appends to the body while it loads, as chat and analytics widgets do. */
const TAGGED = `
  <script>document.body.append(document.createElement('aside'));</script>
  ${TEXT}
  <iframe id="same" data-category="third-party" data-src="/placement/frame.html" title="Same-site frame"></iframe>
  ${TEXT}
  <iframe id="cross" data-category="third-party" data-src="${VIDEO_EMBED}" title="Video"></iframe>
  <video id="clip" controls width="320"><source data-category="third-party" data-src="${CLIP}" type="video/mp4"></video>
  <img data-category="advertising" data-src="${PIXEL}" width="1" height="1" alt="">
  <script type="text/plain" data-category="performance">window.__ran = (window.__ran || 0) + 1;</script>
  ${TEXT}`;

const PLACEMENTS = {
  'first in <head>': (tag, config) => ({ head: tag + config, end: '' }),
  'in <head>, async': (tag, config) => ({ head: tag.replace('<script ', '<script async ') + config, end: '' }),
  'in <head>, defer': (tag, config) => ({ head: tag.replace('<script ', '<script defer ') + config, end: '' }),
  'at the end of <body>': (tag, config) => ({ head: '', end: config + tag }),
};
const CONFIGS = {
  inline: { tag: '<script src="/dist/temoin.min.js"></script>', config: `<script type="application/json" id="temoin-config">${JSON.stringify(CONFIG)}</script>` },
  'by URL': { tag: '<script src="/dist/temoin.min.js" data-config="/placement/consent.json"></script>', config: '' },
};

let pages = 0;
function page(placement, source) {
  const { tag, config } = CONFIGS[source];
  const { head, end } = PLACEMENTS[placement](tag, config);
  const path = `/placement/page-${++pages}.html`;
  site.handlers[path] = htmlHandler(`<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>Placement</title>${head}</head>
<body><main><h1>Placement</h1>${TAGGED}</main>${end}</body>
</html>`);
  return site.origin + path;
}

/** Waits until every granted element of the page did load, and says what did not if it times out. */
async function everythingLoaded(tab, requests, what) {
  try {
    await tab.waitForFunction(() => document.querySelector('#same').contentDocument?.body?.textContent.includes('same-site frame'));
    await tab.waitForFunction(() => window.__ran === 1);
    await until(() => [VIDEO_EMBED, CLIP, PIXEL].every((url) => requests.includes(url)), 'the frame, video and pixel requests');
    await until(() => tab.frames().some((frame) => frame.url() === VIDEO_EMBED), 'the cross-site frame to navigate');
  } catch (problem) {
    const state = await tab.evaluate(() => ({
      same: document.querySelector('#same').contentWindow?.location.href,
      cross: document.querySelector('#cross').getAttribute('src'),
      ran: window.__ran,
    }));
    throw new Error(`${what}: ${problem.message} ${JSON.stringify({ state, requests })}`);
  }
}

/** A new tab of `context` at `url`, with the requests it makes. */
async function visit(context, url) {
  const tab = await context.newPage();
  const requests = [];
  tab.on('request', (request) => requests.push(request.url()));
  const messages = consoleOf(tab);
  await tab.goto(url);
  return { tab, requests, messages };
}

for (const placement of Object.keys(PLACEMENTS))
  test(`Témoin's script ${placement}: granted frames, video, pixel and script load on the first visit and every later one`, async () => {
    for (const source of Object.keys(CONFIGS)) {
      const what = `${placement}, configuration ${source}`;
      const url = page(placement, source);
      const { context } = await newContext(browser);
      // First visit: nothing until Accept all, then everything.
      const first = await visit(context, url);
      await first.tab.waitForFunction(() => window.Temoin?.getRecord() === null);
      assert.equal(await first.tab.evaluate(() => document.querySelector('#same').hasAttribute('src')), false, `${what}: held back`);
      await first.tab.evaluate(() => window.Temoin.acceptAll());
      await everythingLoaded(first.tab, first.requests, `${what}, first visit`);
      // Returning: a new navigation, a reload, a new tab.
      const next = await visit(context, url);
      await everythingLoaded(next.tab, next.requests, `${what}, next page`);
      const requests = [];
      next.tab.on('request', (request) => requests.push(request.url()));
      await next.tab.reload();
      await everythingLoaded(next.tab, requests, `${what}, reload`);
      const another = await visit(context, url);
      await everythingLoaded(another.tab, another.requests, `${what}, new tab`);
      // Nothing to report on a well-made page: no error, and no warning from Témoin either.
      for (const { messages } of [first, next, another])
        assert.deepEqual(messages.filter((m) => m.type === 'error' || m.type === 'pageerror' || m.text.startsWith('[temoin]')), [], what);
      await context.close();
    }
  });
