/**
 * The script-tag build, `dist/temoin.min.js`: defines `window.Temoin` and tells Google Consent
 * Mode its all-denied default at once, reads the configuration and starts (checking the
 * configuration first, unless this browser found the same text valid before), and releases what
 * a stored decision allows. The UI part (the banner and the dialog's layer, the configuration
 * checks, and what deciding needs: ADR 0061), the dialog, the iframe placeholders, the floating
 * button and each language's full texts are parts in the same folder, fetched with the page's
 * nonce and pinned integrity hashes only when needed, and fetched again after a failure.
 */
import { checkedAny } from './core/checked';
import * as consent from './core/consent';
import * as consentMode from './core/consent-mode';
import { createController } from './core/controller';
import * as defaults from './core/defaults';
import * as log from './core/log';
import * as recordCodec from './core/record-codec';
import * as repository from './core/repository';
import { isParsed } from './core/parsed';
import { pageRegion } from './core/regions';
import { partFile } from './part-file';
import { loadUiOnDemand } from './ui/on-demand';
import { offerReopening } from './ui/reopen';
import type { TextsLoader } from './ui/i18n';
import type { TemoinConfig } from './core/types';

/** What each part registers in `TemoinParts` when it runs (see rollup.config.mjs). */
interface Parts {
  ui?: typeof import('./ui/ui-part');
  preferences?: typeof import('./ui/preferences');
  placeholders?: typeof import('./ui/placeholders');
  reopen?: typeof import('./ui/reopen-button');
  [name: string]: unknown;
}
/** The build's parts: the SHA-256 (base64) of each, pinned by rollup.config.mjs. */
declare const TEMOIN_PARTS: Partial<Record<string, string>>;

declare global {
  interface Window {
    TemoinParts?: Parts;
  }
}

// The core's modules that the parts build on, given to them rather than copied (rollup.config.mjs).
(window.TemoinParts ??= {}).core ??= { consent, consentMode, defaults, log, recordCodec, repository };

const script = document.currentScript as HTMLScriptElement | null;
const nonce = script?.dataset.nonce ?? script?.nonce ?? '';
const loading = new Map<string, Promise<unknown>>();

/**
 * Loads a part of the build (a script beside this one) once, with the page's nonce and its pinned
 * integrity; after a failure, the next use fetches it again.
 */
const loadPart = <Name extends string>(name: Name): Promise<Parts[Name]> => {
  let part = loading.get(name);
  if (!part) {
    part = new Promise((loaded, failed) => {
      const hash = TEMOIN_PARTS[name];
      if (!hash) {
        loaded(undefined);
        return;
      }
      const element = document.createElement('script');
      element.src = new URL(partFile(name, hash), script?.src || location.href).href;
      element.integrity = `sha256-${hash}`;
      element.crossOrigin = 'anonymous';
      element.nonce = nonce;
      // A script inserted by script is async, which browsers fetch at low priority; the banner's
      // parts are wanted for the first paint.
      element.fetchPriority = 'high';
      element.onload = () => {
        loaded(window.TemoinParts?.[name]);
      };
      element.onerror = () => {
        log.error(`could not load ${element.src}`);
        loading.delete(name);
        element.remove();
        failed(new Error(element.src));
      };
      document.head.append(element);
    });
    loading.set(name, part);
  }
  return part;
};

/** The UI part, which every build has: one missing fails what needed it, never silently. */
const uiPart = () => loadPart('ui').then((part) => part ?? Promise.reject(new Error('the build has no UI part')));

/** A language's full texts, as a part; a regional variant's part holds only what differs from its language's. */
const fetchTexts = loadPart as TextsLoader;

if (window.Temoin) {
  log.error('loaded twice: keeping the first instance');
} else {
  let started = '';
  /** Starts once, with what `source` gave (a configuration, or the error that prevented reading it). */
  const startFrom = (source: string, input: TemoinConfig | Error, text?: string) => {
    if (started) log.warn(`${source}: Témoin already started with ${started}; ignored`);
    else {
      started = source;
      start(input, text);
    }
  };
  const { controller, start } = createController({
    checks: () => uiPart().then((part) => part.validateConfig),
    effects: () => uiPart().then((part) => part.createDecisionEffects()),
    nonce,
    region: () => pageRegion(script),
    // A page without a configuration of its own may start Témoin with one, once.
    init: (config) => {
      startFrom('init()', config ?? {});
    },
    destroyed: () => {
      delete window.Temoin;
    },
  });
  window.Temoin = controller;
  offerReopening(controller, () => loadPart('reopen'));
  loadUiOnDemand(controller, {
    ui: () =>
      uiPart().then((part) => {
        log.attempt('showing the banner', () => {
          part.mount(controller, fetchTexts, () => loadPart('preferences'));
        });
      }),
    // The placeholders fetch the texts they show: asking for them now loads both in parallel.
    placeholders: () => {
      fetchTexts(controller.language).catch(() => undefined);
      return loadPart('placeholders').then((part) => {
        log.attempt('explaining blocked iframes', () => part?.explainBlockedIframes(controller, fetchTexts));
      });
    },
  });

  /** A configuration's text, parsed; one that is not JSON starts Témoin failed closed. */
  const startWith = (source: string, text: string) => {
    let input: TemoinConfig | Error;
    try {
      input = JSON.parse(text) as TemoinConfig;
    } catch (e) {
      input = new Error(`config: ${source} is not valid JSON (${(e as Error).message})`);
    }
    startFrom(source, input, text);
  };

  // The configuration: the `data-config` URL, else the inline `#temoin-config` (at once when it
  // precedes this script, else as soon as the parser is past it: Consent Mode's default must
  // precede the page's own gtag commands), else the built-in one once the page is parsed
  // (unless the page calls `Temoin.init(config)` first).
  const readConfiguration = () => {
    const url = script?.getAttribute('data-config');
    if (url)
      fetch(url)
        .then((response) => (response.ok ? response.text() : Promise.reject(new Error(`HTTP ${response.status}`))))
        .then(
          (text) => {
            startWith(url, text);
          },
          (e: unknown) => {
            startFrom(url, new Error(`config: could not load ${url} (${String(e)})`));
          },
        );
    else {
      const check = () => {
        const inline = document.getElementById('temoin-config');
        if (!started && !(inline ? isParsed(inline) : document.readyState !== 'loading')) return;
        watch.disconnect();
        removeEventListener('DOMContentLoaded', check);
        // Started by `init()` already: an inline configuration found now is reported as ignored.
        if (inline) startWith('#temoin-config', inline.textContent);
        else if (!started) startFrom('the built-in configuration', {});
      };
      const watch = new MutationObserver(check);
      watch.observe(document, { childList: true, subtree: true });
      addEventListener('DOMContentLoaded', check);
      check();
    }
  };

  // The start reads the visitor's cookies, and Chromium notes where each read of `document.cookie`
  // comes from: with DevTools attached (Lighthouse, automated tests) it then locates every
  // function on the stack, and this file's top level and wrapper mean parsing all of it again (6
  // to 8 ms at 4× CPU). A microtask starts from a stack of small functions, and runs before the
  // parser goes on to the page's next script: Consent Mode's default still comes first.
  queueMicrotask(() => {
    // A browser that never found a configuration valid (a first visit) will need the checks,
    // which come with the UI part: fetching it now, beside the configuration file, saves a round
    // trip before the banner.
    if (!checkedAny()) loadPart('ui').catch(() => undefined);
    readConfiguration();
  });
}
