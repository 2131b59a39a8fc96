/**
 * The benchmark's content page in its variants: no consent library (`baseline`), Témoin as built
 * in `dist/` (`temoin`), Témoin built with another part scheme (`temoin-<scheme>`, see
 * schemes.mjs), and vanilla-cookieconsent 3.1 (`vanilla`). All carry the same tagged trackers
 * (inert without a library), so their DOM differs only by the library.
 */
import { readFileSync } from 'node:fs';
import { ROOT } from '../test/browser/harness.mjs';

export const CATEGORIES = ['necessary', 'performance', 'advertising', 'third-party'];

export const isTemoin = (variant) => variant.startsWith('temoin');

/** Where a variant's library files are served: every request under it counts as the library's. */
export function libraryPath(variant) {
  if (variant === 'baseline') return null;
  if (variant === 'vanilla') return '/vendor/cookieconsent/';
  return variant === 'temoin' ? '/dist/' : `/schemes/${variant.slice('temoin-'.length)}/`;
}

/** Each library's buttons and the cookie its decision is stored in. */
export const LIBRARY_UI = {
  temoin: {
    acceptAll: 'temoin-consent >> button[data-action="accept-all"]',
    rejectAll: 'temoin-consent >> button[data-action="reject-all"]',
    cookie: 'temoin',
  },
  vanilla: { acceptAll: '#cc-main button[data-role="all"]', rejectAll: '#cc-main button[data-role="necessary"]', cookie: 'cc_cookie' },
};
export const libraryUi = (variant) => LIBRARY_UI[isTemoin(variant) ? 'temoin' : variant];

/** The fake trackers' requests, all under this path: none may happen before consent. */
export const TRACKER_PATH = '/3p/';

/**
 * Three trackers in the markup both libraries understand (`type="text/plain" data-category`):
 * an analytics script and its inline call, an advertising pixel, an embedded third-party iframe.
 */
const TRACKERS_HEAD = `
  <script type="text/plain" data-category="performance" async src="/3p/gtag.js?id=G-BENCH"></script>
  <script type="text/plain" data-category="performance">window.dataLayer = window.dataLayer || []; function gtag(){dataLayer.push(arguments);} gtag('js', new Date()); gtag('config', 'G-BENCH');</script>`;
const TRACKERS_BODY = `
  <script type="text/plain" data-category="advertising">document.cookie = '_fbp=fb.1.' + Date.now() + '; path=/'; new Image().src = '/3p/tr?id=1&ev=PageView';</script>
  <div id="video"></div>
  <script type="text/plain" data-category="third-party">var f = document.createElement('iframe'); f.src = '/3p/embed.html'; f.title = 'Video'; f.width = 560; f.height = 315; document.getElementById('video').append(f);</script>`;

/** What the fake tracker URLs answer: content type and body. */
export const TRACKER_FILES = {
  'gtag.js': ['text/javascript', "document.cookie = '_ga=GA1.1.' + Date.now() + '; path=/'; new Image().src = '/3p/collect?v=2&tid=G-BENCH';"],
  tr: ['image/gif', Buffer.from('R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7', 'base64')],
  collect: ['image/gif', Buffer.from('R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7', 'base64')],
  'embed.html': ['text/html; charset=utf-8', '<!doctype html><title>Video</title><p>A third-party video player.</p>'],
};

const en = JSON.parse(readFileSync(`${ROOT}locales/en.json`, 'utf8'));

/** Témoin's inline configuration: the built-in categories, spelled out as a site would. */
const TEMOIN_CONFIG = {
  revision: 1,
  privacyPolicyUrl: '/privacy',
  categories: {
    necessary: { required: true },
    performance: { cookies: ['_ga', '_ga_*', '_gid'] },
    advertising: { cookies: ['_fbp'] },
    'third-party': {},
  },
};

/**
 * vanilla-cookieconsent's configuration as close to Témoin's as it allows: the same categories,
 * the same English texts (from Témoin's locale file), banner with accept all / reject all /
 * preferences, and a preferences modal with one section per category. Served as a file, as its
 * documentation has it, so it counts in the library's bytes.
 */
export const VANILLA_CONFIG = `CookieConsent.run(${JSON.stringify({
  revision: 1,
  // Playwright sets navigator.webdriver; vanilla-cookieconsent would then never show its banner.
  hideFromBots: false,
  guiOptions: { consentModal: { layout: 'bar', position: 'bottom', equalWeightButtons: true }, preferencesModal: { layout: 'box' } },
  categories: {
    necessary: { enabled: true, readOnly: true },
    performance: { autoClear: { cookies: [{ name: '_ga' }, { name: '_gid' }] } },
    advertising: { autoClear: { cookies: [{ name: '_fbp' }] } },
    'third-party': {},
  },
  language: {
    default: 'en',
    translations: {
      en: {
        consentModal: {
          title: en.banner.title,
          description: `${en.banner.text} ${en.banner.withdraw}`,
          acceptAllBtn: en.actions.acceptAll,
          acceptNecessaryBtn: en.actions.rejectAll,
          showPreferencesBtn: en.actions.customize,
          footer: `<a href="/privacy">${en.banner.policy}</a>`,
        },
        preferencesModal: {
          title: en.preferences.title,
          acceptAllBtn: en.actions.acceptAll,
          acceptNecessaryBtn: en.actions.rejectAll,
          savePreferencesBtn: en.actions.save,
          closeIconLabel: en.actions.close,
          sections: [
            { description: en.preferences.text },
            ...CATEGORIES.map((id) => ({ title: en.categories[id].title, description: en.categories[id].description, linkedCategory: id })),
          ],
        },
      },
    },
  },
})});`;

const libraryHead = (variant) => {
  if (isTemoin(variant))
    return `<script src="${libraryPath(variant)}temoin.min.js"></script>
  <script type="application/json" id="temoin-config">${JSON.stringify(TEMOIN_CONFIG)}</script>`;
  return variant === 'vanilla' ? `<link rel="stylesheet" href="${libraryPath(variant)}cookieconsent.css">` : '';
};
/** vanilla-cookieconsent's documented place: the end of <body>. */
const libraryBodyEnd = (variant) =>
  variant === 'vanilla'
    ? `<script src="${libraryPath(variant)}cookieconsent.umd.js"></script>
  <script src="${libraryPath(variant)}config.js"></script>`
    : '';

/** A few hundred paragraphs of article text, the same on every build of the page (seeded). */
function article() {
  const sentences = [
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
  let seed = 42;
  const random = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
  const paragraph = () => Array.from({ length: 3 + Math.floor(random() * 4) }, () => sentences[Math.floor(random() * sentences.length)]).join(' ');
  const parts = [];
  for (let i = 0; i < 300; i++) {
    if (i % 15 === 0) parts.push(`<h2>Part ${i / 15 + 1}: ${sentences[i % sentences.length].split(' ').slice(0, 6).join(' ')}</h2>`);
    parts.push(`<p>${paragraph()}</p>`);
  }
  return parts.join('\n    ');
}
const ARTICLE = article();

/** The page of one variant. */
export const pageHtml = (variant) => `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>The harbour district, ten years on</title>
  <style>body{font:17px/1.6 Georgia,serif;color:#222;margin:0}header,main,footer{max-width:42rem;margin:0 auto;padding:1rem}h1{font-size:2.2rem;line-height:1.2}</style>
  ${libraryHead(variant)}
  ${TRACKERS_HEAD}
</head>
<body>
  <header><a href="/">The Coastal Review</a> · <a href="/city">City</a> · <a href="/travel">Travel</a></header>
  <main>
    <h1>The harbour district, ten years on</h1>
    ${ARTICLE}
    ${TRACKERS_BODY}
  </main>
  <footer><a href="/privacy">Privacy policy</a></footer>
  ${libraryBodyEnd(variant)}
</body>
</html>`;
