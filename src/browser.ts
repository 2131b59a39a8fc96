/**
 * The script-tag build, `dist/temoin.min.js`: defines `window.Temoin` at once, reads the
 * configuration, starts. The UI (banner and dialog; iframe placeholders), the code that stores a
 * decision and each language's texts are separate parts in the same folder, fetched with the
 * page's nonce and pinned integrity hashes only when needed: a returning visitor runs the core alone.
 */
import { createController } from './core/controller';
import { resolveLanguage } from './core/language';
import { error } from './core/log';
import { loadUiOnDemand } from './ui/on-demand';
import { showReopenButton } from './ui/reopen-button';
import type { TextsLoader } from './ui/i18n';
import type { Validator } from './core/validate';
import type { Writer } from './core/writer';
import type { Temoin, TemoinConfig } from './core/types';

/** What each part registers in `TemoinParts` when it runs (see rollup.config.mjs). */
interface Parts {
  ui?: typeof import('./ui/ui-part');
  preferences?: typeof import('./ui/preferences');
  placeholders?: typeof import('./ui/placeholders');
  writer?: Writer;
  validator?: Validator;
  [language: string]: unknown;
}
/** The build's parts: the SHA-256 (base64) of each, pinned by rollup.config.mjs. */
declare const TEMOIN_PARTS: Partial<Record<string, string>>;

declare global {
  interface Window {
    Temoin?: Temoin;
    TemoinParts: Parts;
  }
}

const script = document.currentScript as HTMLScriptElement | null;
const nonce = script?.dataset.nonce ?? script?.nonce ?? '';
const loading: Record<string, Promise<unknown>> = {};

/**
 * Loads a part of the build (a script beside this one) once, with the page's nonce and its
 * integrity: `hash` as pinned here, or by the part that asks (the UI part loads the preferences).
 */
const loadPart = <Name extends string>(name: Name, hash = TEMOIN_PARTS[name]): Promise<Parts[Name]> =>
  (loading[name] ??= new Promise((loaded, failed) => {
    if (!hash) {
      loaded(undefined);
      return;
    }
    const element = document.createElement('script');
    // Named by its hash (the same rule as rollup.config.mjs), pinned by it.
    element.src = new URL(`temoin-${name}.${hash.replace(/\W/g, '').slice(0, 10)}.min.js`, script?.src || location.href).href;
    element.integrity = `sha256-${hash}`;
    element.crossOrigin = 'anonymous';
    element.nonce = nonce;
    // Inserted scripts are fetched at low priority, behind the page's own layout and paint.
    element.fetchPriority = 'high';
    element.onload = () => {
      loaded(window.TemoinParts[name]);
    };
    element.onerror = () => {
      error(`could not load ${element.src}`);
      failed(new Error(element.src));
    };
    document.head.append(element);
  }));

const loadTexts = loadPart as TextsLoader;
/** A part that could not load was reported by `loadPart`; nothing more to do. */
const reported = () => undefined;

/**
 * Starts the controller with the configuration: the `data-config` URL, else the inline
 * `#temoin-config` (at once when it precedes this script, else as soon as it is parsed), else
 * the defaults once the page is parsed. A configuration that cannot be read starts it failed closed.
 */
function readConfig(start: (input: TemoinConfig | Error, text?: string) => void): void {
  const startWith = (text: string, source: string) => {
    let input: TemoinConfig;
    try {
      input = JSON.parse(text) as TemoinConfig;
    } catch (e) {
      start(new Error(`config: ${source} is not valid JSON (${(e as Error).message})`));
      return;
    }
    start(input, text);
  };
  const url = script?.getAttribute('data-config');
  const inline = () => {
    const element = document.getElementById('temoin-config');
    if (element) startWith(element.textContent, '#temoin-config');
    else start({}, '');
  };
  /** The inline configuration is there in full once the parser has gone past it. */
  const parsed = () => {
    for (let node: Node | null = document.getElementById('temoin-config'); node; node = node.parentNode)
      if (node.nextSibling) return true;
    return false;
  };
  if (url)
    fetch(url)
      .then((response) => (response.ok ? response.text() : Promise.reject(new Error(`HTTP ${response.status}`))))
      .then(
        (text) => {
          startWith(text, url);
        },
        (e: unknown) => {
          start(new Error(`config: could not load ${url} (${String(e)})`));
        },
      );
  else {
    // The inline configuration usually follows this script: start as soon as the parser is past
    // it, not when the whole page is (Consent Mode's default must precede the page's own gtag
    // commands, and the banner comes sooner); with none, once the page is parsed.
    let done = false;
    const check = () => {
      if (!done && (parsed() || document.readyState !== 'loading')) {
        done = true;
        watch.disconnect();
        inline();
      }
    };
    const watch = new MutationObserver(check);
    watch.observe(document, { childList: true, subtree: true });
    addEventListener('DOMContentLoaded', check);
    check();
  }
}

if (window.Temoin) {
  error('loaded twice: keeping the first instance');
} else {
  const { controller, start } = createController({
    nonce,
    writer: () => loadPart('writer') as Promise<Writer>,
    validator: (undecided) => {
      const checks = loadPart('validator') as Promise<Validator>;
      // A first visit shows the banner next: fetch it while the checks load and run.
      if (undecided) for (const name of ['ui', 'writer', resolveLanguage('auto', ['en', 'fr'])]) loadPart(name).catch(reported);
      return checks;
    },
  });
  window.Temoin = controller;
  showReopenButton(controller);
  // Each UI part fetches the texts it shows: asking for them now loads both in parallel. The
  // banner's buttons store a decision: the writer must be there before a click is followed by
  // leaving the page.
  loadUiOnDemand(controller, {
    ui: () => {
      loadTexts(controller.language).catch(reported);
      loadPart('writer').catch(reported);
      loadPart('ui').then((part) => part?.mount(controller, loadTexts, loadPart), reported);
    },
    placeholders: () => {
      loadTexts(controller.language).catch(reported);
      loadPart('placeholders').then((part) => part?.explainBlockedIframes(controller, loadTexts), reported);
    },
  });
  readConfig(start);
}
