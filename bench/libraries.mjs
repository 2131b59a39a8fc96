/**
 * The consent libraries the bench puts on its pages (the variants), each as its documentation says
 * to install it: where its files are served from, its markup in `<head>` and at the end of
 * `<body>`, how a tracker is tagged for it, what it can release, and how to find its banner and
 * buttons.
 *
 * - `baseline`: no library (the tagged markup stays inert).
 * - `temoin`: Témoin as built in `dist/`, its tag from temoin-tag.mjs; `temoin-<scheme>`: another
 *   part scheme (schemes.mjs) or another build of the sources, served from its own folder.
 * - `vanilla`: vanilla-cookieconsent 3.1: its CSS in `<head>`, its script and configuration file at
 *   the end of `<body>`, texts supplied by the site (Témoin's English texts).
 * - `orejime`: Orejime 3.2 (standard theme, English): its CSS in `<head>`, `window.orejimeConfig`
 *   and its script at the end of `<body>`; trackers wrapped in `<template data-purpose>`.
 * - `minimum`: the hand-written minimum (minimum.js), `defer` in `<head>`.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from '../test/browser/harness.mjs';
import { temoinHead } from './temoin-tag.mjs';

export const CATEGORIES = ['necessary', 'performance', 'advertising', 'third-party'];

export const isTemoin = (variant) => variant.startsWith('temoin');

export const NAMES = { baseline: 'no library', temoin: 'Témoin', vanilla: 'vanilla-cookieconsent 3.1', orejime: 'Orejime 3.2', minimum: 'the minimum' };
export const variantName = (variant) => NAMES[variant] ?? `Témoin, ${variant.slice('temoin-'.length)}`;

const en = JSON.parse(readFileSync(join(ROOT, 'locales/en.json'), 'utf8'));
const categoryTitle = (id) => en.categories[id].title;

/** Témoin's configuration on the bench site: the built-in categories, spelled out as a site would. */
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
            ...CATEGORIES.map((id) => ({ title: categoryTitle(id), description: en.categories[id].description, linkedCategory: id })),
          ],
        },
      },
    },
  },
})});`;

/** Orejime's configuration: the same categories as purposes (necessary ones are exempt), its own English texts. */
const OREJIME_CONFIG = {
  privacyPolicyUrl: '/privacy',
  purposes: [
    { id: 'performance', title: categoryTitle('performance'), description: en.categories.performance.description, cookies: ['_ga', '_gid'] },
    { id: 'advertising', title: categoryTitle('advertising'), description: en.categories.advertising.description, cookies: ['_fbp'] },
    { id: 'third-party', title: categoryTitle('third-party'), description: en.categories['third-party'].description, cookies: [] },
  ],
};

/** A footer's "Cookie settings" link to the privacy policy, where no library opens a dialog. */
const PLAIN_SETTINGS = '<a href="/privacy#cookies">Cookie settings</a>';

/**
 * What differs from one library to the next. `settings`: the page's footer control that reopens the
 * preferences, as the library's documentation has it (every site must have a way back); `ui`:
 * Playwright selectors of Accept all and Reject all, the cookie a decision writes; `banner`: how the probe finds the banner in the page (a
 * selector, in the shadow root of `shadowHost` when given, counted only while `<html>` has
 * `rootClass` when given); `tagging`: `type` (`type="text/plain" data-category`, `data-src`) or
 * `template` (`<template data-purpose>`); `releases`: the tagged elements it can release.
 */
const KINDS = {
  temoin: {
    settings: '<a href="/privacy#cookies" data-temoin="preferences">Cookie settings</a>',
    ui: {
      acceptAll: 'temoin-consent >> button[data-action="accept-all"]',
      rejectAll: 'temoin-consent >> button[data-action="reject-all"]',
      cookie: 'temoin',
    },
    banner: { shadowHost: 'temoin-consent', selector: 'section.banner' },
    tagging: 'type',
    releases: ['script', 'img', 'iframe'],
  },
  vanilla: {
    settings: '<a href="/privacy#cookies" data-cc="show-preferencesModal">Cookie settings</a>',
    ui: { acceptAll: '#cc-main button[data-role="all"]', rejectAll: '#cc-main button[data-role="necessary"]', cookie: 'cc_cookie' },
    banner: { selector: '#cc-main .cm', rootClass: 'show--consent' },
    tagging: 'type',
    // Its own markup covers scripts only (frames need its separate iframemanager).
    releases: ['script'],
  },
  orejime: {
    settings: '<a href="/privacy#cookies" onclick="orejime.prompt(); return false">Cookie settings</a>',
    ui: { acceptAll: '[data-testid="orejime-banner-accept"]', rejectAll: '[data-testid="orejime-banner-decline"]', cookie: 'eu-consent' },
    banner: { selector: '.orejime-Banner' },
    tagging: 'template',
    releases: ['script', 'img', 'iframe'],
  },
  minimum: {
    // No dialog to reopen: the link leads to the policy, as on a page without a library.
    settings: PLAIN_SETTINGS,
    ui: { acceptAll: '#minimum-consent button[data-choice="all"]', rejectAll: '#minimum-consent button[data-choice="necessary"]', cookie: 'minimum' },
    banner: { selector: '#minimum-consent' },
    tagging: 'type',
    releases: ['script', 'img', 'iframe'],
  },
};

const kindOf = (variant) => (isTemoin(variant) ? 'temoin' : variant);

/** Where a variant's library files are served: every request under it counts as the library's. */
export function libraryPath(variant) {
  if (variant === 'baseline') return null;
  if (variant === 'temoin') return '/dist/';
  return isTemoin(variant) ? `/schemes/${variant.slice('temoin-'.length)}/` : `/vendor/${variant}/`;
}

/**
 * The folder on disk each variant's files are served from; `builds`: the folder of each other
 * build of Témoin (`temoin-<name>`), by name. The minimum's folder is generated (server.mjs).
 */
export function libraryDirs(builds = {}) {
  return {
    temoin: join(ROOT, 'dist'),
    vanilla: join(ROOT, 'node_modules/vanilla-cookieconsent/dist'),
    orejime: join(ROOT, 'node_modules/orejime/dist'),
    ...Object.fromEntries(Object.entries(builds).map(([name, dir]) => [`temoin-${name}`, dir])),
  };
}

/** The files the bench writes for a library (path under its folder → [content type, body]). */
export const GENERATED_FILES = {
  vanilla: { 'config.js': ['text/javascript; charset=utf-8', VANILLA_CONFIG] },
  minimum: { 'minimum.js': ['text/javascript; charset=utf-8', readFileSync(new URL('minimum.js', import.meta.url))] },
};

/**
 * Everything a page needs to know of `variant`, its files in `dir`: `head` and `bodyEnd` markup,
 * `inline` (library code carried in that markup) and its brotli bytes `inlineBytes`, and the
 * kind's `settings`, `ui`, `banner`, `tagging` and `releases` (null for `ui` and `banner` when
 * there is no library).
 */
export function library(variant, dir) {
  const path = libraryPath(variant);
  if (!path) return { variant, path, head: '', bodyEnd: '', inline: [], inlineBytes: 0, settings: PLAIN_SETTINGS, ui: null, banner: null, tagging: 'type', releases: [] };
  const kind = KINDS[kindOf(variant)];
  if (!kind) throw new Error(`bench: no library "${variant}"`);
  const markup = {
    temoin: () => {
      const { html, inline, inlineBytes } = temoinHead({ dir, base: path, config: TEMOIN_CONFIG });
      return { head: html, bodyEnd: '', inline, inlineBytes };
    },
    vanilla: () => ({
      head: `<link rel="stylesheet" href="${path}cookieconsent.css">`,
      bodyEnd: `<script src="${path}cookieconsent.umd.js"></script>\n  <script src="${path}config.js"></script>`,
    }),
    orejime: () => ({
      head: `<link rel="stylesheet" href="${path}orejime-standard.css">`,
      // Inline, as its documentation shows: so it is not in the library's bytes (nor is Témoin's).
      bodyEnd: `<script>window.orejimeConfig = ${JSON.stringify(OREJIME_CONFIG)};</script>\n  <script src="${path}orejime-standard-en.js"></script>`,
    }),
    minimum: () => ({ head: `<script defer src="${path}minimum.js"></script>`, bodyEnd: '' }),
  }[kindOf(variant)]();
  return { variant, path, inline: [], inlineBytes: 0, ...markup, ...kind };
}
