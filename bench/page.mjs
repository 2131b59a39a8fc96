/**
 * The bench's pages, each in every variant (a library from libraries.mjs, or none). All variants
 * of a page carry the same tagged trackers, inert without a library, tagged as each library's
 * documentation says, so that their DOM differs only by the library.
 *
 * Every page's footer has a "Cookie settings" control in the library's own markup, as a site must
 * offer a way back to the choices (libraries.mjs).
 *
 * - `article`: an article of 300 paragraphs with four tagged trackers (an analytics script and its
 *   inline call, an advertising pixel set by an inline script, an embedded iframe set by another).
 * - `many`: the same article with 3,500 tagged elements spread through it (TAGGED_COUNTS: inline
 *   and `async` external scripts, pixels and frames, the three optional categories in turn), from
 *   three tracker hosts (TRACKER_HOSTS). An inline script reports that it ran (`__bench.ran(n)`,
 *   n its place in the page); the others are numbered in their address (`?n=`), which the probe
 *   watches for.
 * - `spa`: a single-page app's shell with the article's trackers, and the app's own script
 *   (spa-app.js, served at APP_PATH) that adds 1,000 elements when the bench asks it.
 */
import { readFileSync } from 'node:fs';

/** The fake trackers' requests, all under this path: none may happen before consent. */
export const TRACKER_PATH = '/3p/';
/** The single-page app's own script: its samples are the page's own script time. */
export const APP_PATH = '/app/spa-app.js';

const GIF = Buffer.from('R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7', 'base64');

/** The app's own files (the site's, not trackers'): path → [content type, body, cache-control]. */
export const APP_FILES = {
  [APP_PATH]: ['text/javascript; charset=utf-8', readFileSync(new URL('spa-app.js', import.meta.url)), 'no-cache'],
};

/** What the fake tracker URLs answer, by file name: content type and body. */
export const TRACKER_FILES = {
  'gtag.js': ['text/javascript', "document.cookie = '_ga=GA1.1.' + Date.now() + '; path=/'; new Image().src = '/3p/collect?v=2&tid=G-BENCH';"],
  tr: ['image/gif', GIF],
  collect: ['image/gif', GIF],
  'p.gif': ['image/gif', GIF],
  'embed.html': ['text/html; charset=utf-8', '<!doctype html><title>Video</title><p>A third-party video player.</p>'],
  'run.js': ['text/javascript', 'window.trackerRuns = (window.trackerRuns || 0) + 1;'],
};

/**
 * One tracker in the markup `tagging` understands: `type` (`<script type="text/plain"
 * data-category>`, `data-src` on a pixel or a frame) or `template` (the live element inside
 * `<template data-purpose>`). `element`: { tag: 'script', src?, async?, text? } or
 * { tag: 'img' | 'iframe', src, attributes }.
 */
export function tagged(category, element, tagging) {
  const { tag, src, async, text = '', attributes = '' } = element;
  if (tagging === 'template') {
    const live = tag === 'script' ? `<script${async ? ' async' : ''}${src ? ` src="${src}"` : ''}>${text}</script>` : `<${tag} src="${src}" ${attributes}>${tag === 'iframe' ? '</iframe>' : ''}`;
    return `<template data-purpose="${category}">${live}</template>`;
  }
  if (tag === 'script') return `<script type="text/plain" data-category="${category}"${async ? ' async' : ''}${src ? ` src="${src}"` : ''}>${text}</script>`;
  return `<${tag} data-category="${category}" data-src="${src}" ${attributes}>${tag === 'iframe' ? '</iframe>' : ''}`;
}

/** The article's trackers: an analytics script and its inline call (head), an advertising pixel and a video frame, each set up by an inline script (body). */
const trackersHead = (tagging) => `
  ${tagged('performance', { tag: 'script', async: true, src: '/3p/gtag.js?id=G-BENCH' }, tagging)}
  ${tagged('performance', { tag: 'script', text: "window.dataLayer = window.dataLayer || []; function gtag(){dataLayer.push(arguments);} gtag('js', new Date()); gtag('config', 'G-BENCH');" }, tagging)}`;
const trackersBody = (tagging) => `
  ${tagged('advertising', { tag: 'script', text: "document.cookie = '_fbp=fb.1.' + Date.now() + '; path=/'; new Image().src = '/3p/tr?id=1&ev=PageView';" }, tagging)}
  <div id="video"></div>
  ${tagged('third-party', { tag: 'script', text: "var f = document.createElement('iframe'); f.src = '/3p/embed.html'; f.title = 'Video'; f.width = 560; f.height = 315; document.getElementById('video').append(f);" }, tagging)}`;

/** What Accept all must make the article's trackers request. */
export const ARTICLE_TRACKERS = ['gtag.js', 'collect', 'tr', 'embed.html'].map((file) => TRACKER_PATH + file);

/**
 * The `many` page's tagged elements by kind (3,500 in all): a pattern of 100 repeated 35 times.
 * Inline scripts and pixels make the bulk, as on a long page of embedded posts; frames are few,
 * as each is a whole document for the browser. External scripts are `async`, as trackers' are:
 * an ordered one would hold back every inline script after it until it has loaded, and behind
 * 2,000 other requests that measures the browser's request queue (seconds, even for the minimum,
 * even at 1×), not the library.
 */
const PATTERN_COUNTS = { inline: 40, async: 20, img: 39, iframe: 1 };
const REPEATS = 35;
export const TAGGED_COUNTS = Object.fromEntries(Object.entries(PATTERN_COUNTS).map(([kind, n]) => [kind, n * REPEATS]));
const PATTERN = Object.entries(PATTERN_COUNTS).flatMap(([kind, n]) => Array(n).fill(kind));
/** Pattern order: kinds mixed rather than in runs (a stride coprime with the pattern's length visits each place once). */
const MIXED = PATTERN.map((_, i) => PATTERN[(i * 37) % PATTERN.length]);
const OPTIONAL = ['performance', 'advertising', 'third-party'];
/** How many of the `many` page's elements a library that releases `kinds` ('script', 'img', 'iframe') releases. */
export const releasable = (kinds) =>
  (kinds.includes('script') ? TAGGED_COUNTS.inline + TAGGED_COUNTS.async : 0) +
  (kinds.includes('img') ? TAGGED_COUNTS.img : 0) +
  (kinds.includes('iframe') ? TAGGED_COUNTS.iframe : 0);

/**
 * The hosts the `many` page's trackers come from, each an origin of its own (its own six
 * connections, as on a page that embeds several vendors): scripts, pixels, frames.
 */
export const TRACKER_HOSTS = ['scripts', 'pixels', 'frames'];

/** Tagged element `n` of the `many` page; `hosts`: the origin of each of TRACKER_HOSTS. */
function manyElement(n, tagging, hosts) {
  const category = OPTIONAL[n % OPTIONAL.length];
  const kind = MIXED[n % MIXED.length];
  if (kind === 'inline') return tagged(category, { tag: 'script', text: `__bench.ran(${n})` }, tagging);
  if (kind === 'async') return tagged(category, { tag: 'script', async: true, src: `${hosts.scripts}/3p/run.js?n=${n}` }, tagging);
  if (kind === 'img') return tagged(category, { tag: 'img', src: `${hosts.pixels}/3p/p.gif?n=${n}`, attributes: 'width="1" height="1" alt=""' }, tagging);
  return tagged(category, { tag: 'iframe', src: `${hosts.frames}/3p/embed.html?n=${n}`, attributes: `title="Video ${n}" width="300" height="150"` }, tagging);
}

const SENTENCES = [
  'The old harbour district has changed more in the last ten years than in the century before.',
  'Where fishing boats once unloaded their catch, small bakeries and bicycle shops now open at dawn.',
  'Residents remember the winter storms that flooded the lower streets and closed the market for weeks.',
  'The city council approved a plan to widen the pavements and plant trees along the waterfront.',
  'Critics argue that rents have risen faster than wages, pushing long-time tenants to the suburbs.',
  'A local historian has collected hundreds of photographs showing the neighbourhood before the war.',
  'Most visitors arrive by ferry in the morning and leave before the evening light turns the stone gold.',
  'The new tram line, due to open next spring, will connect the harbour with the university campus.',
  'Shop owners say that foot traffic doubled after the street was closed to cars on weekends.',
  'In the covered market, cheese makers from the valley sell to restaurants that change their menu daily.',
  'The museum of navigation reopened after a restoration that uncovered painted ceilings from 1790.',
  'Volunteers clean the beach every first Sunday of the month, and children count the plastic they find.',
  'Hotel occupancy reached a record in August, according to figures published by the tourism office.',
  'A footbridge designed by a young architect now links the two banks of the canal.',
  'Street musicians need a permit, but the waiting list is short and the fee is symbolic.',
  'The annual regatta draws crews from twelve countries and thousands of spectators on the quays.',
  'Several of the warehouses have become studios where painters and furniture makers share the rent.',
  'The school at the end of the pier teaches sailing to every pupil before the age of twelve.',
  'Fishermen who still work from the harbour sell part of their catch directly from their boats.',
  'At night the lighthouse beam sweeps across roofs that have not changed shape in two hundred years.',
];
const PARAGRAPHS = 300;

/** The article's paragraphs (the same on every build of the page: seeded), each followed by `after(i)`. */
function article(after = () => '') {
  let seed = 42;
  const random = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
  const paragraph = () => Array.from({ length: 3 + Math.floor(random() * 4) }, () => SENTENCES[Math.floor(random() * SENTENCES.length)]).join(' ');
  const parts = [];
  for (let i = 0; i < PARAGRAPHS; i++) {
    if (i % 15 === 0) parts.push(`<h2>Part ${i / 15 + 1}: ${SENTENCES[i % SENTENCES.length].split(' ').slice(0, 6).join(' ')}</h2>`);
    parts.push(`<p>${paragraph()}</p>${after(i)}`);
  }
  return parts.join('\n    ');
}
const ARTICLE = article();

const TOTAL_TAGGED = Object.values(TAGGED_COUNTS).reduce((a, b) => a + b, 0);
/** The article with the `many` page's tagged elements spread evenly after its paragraphs. */
const manyArticle = (tagging, hosts) =>
  article((i) => {
    const from = Math.floor((i * TOTAL_TAGGED) / PARAGRAPHS);
    const to = Math.floor(((i + 1) * TOTAL_TAGGED) / PARAGRAPHS);
    return Array.from({ length: to - from }, (_, k) => manyElement(from + k, tagging, hosts)).join('');
  });

const htmlDocument = ({ title, lib, head = '', main, end = '' }) => `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>${title}</title>
  <style>body{font:17px/1.6 Georgia,serif;color:#222;margin:0}header,main,footer{max-width:42rem;margin:0 auto;padding:1rem}h1{font-size:2.2rem;line-height:1.2}</style>
  ${lib.head}
  ${head}
</head>
<body>
  <header><a href="/">The Coastal Review</a> · <a href="/city">City</a> · <a href="/travel">Travel</a></header>
  <main>
    ${main}
  </main>
  <footer><a href="/privacy">Privacy policy</a> · ${lib.settings}</footer>
  ${end}
  ${lib.bodyEnd}
</body>
</html>`;

export const PAGES = {
  article: (lib) =>
    htmlDocument({
      title: 'The harbour district, ten years on',
      lib,
      head: trackersHead(lib.tagging),
      main: `<h1>The harbour district, ten years on</h1>\n    ${ARTICLE}\n    ${trackersBody(lib.tagging)}`,
    }),
  many: (lib, hosts) =>
    htmlDocument({
      title: 'The harbour district, with its widgets',
      lib,
      main: `<h1>The harbour district, with its widgets</h1>\n    ${manyArticle(lib.tagging, hosts)}`,
    }),
  spa: (lib) =>
    htmlDocument({
      title: 'Harbour guide',
      lib,
      head: trackersHead(lib.tagging),
      main: `<h1>Harbour guide</h1>\n    <div id="app"></div>\n    ${trackersBody(lib.tagging)}`,
      end: `<script src="${APP_PATH}"></script>`,
    }),
};

/** The URL path of `page` in `variant`. */
export const pagePath = (page, variant) => `/${page}/${variant}.html`;
