/**
 * The script-tag build, `dist/temoin.min.js`: defines `window.Temoin` at once, reads the
 * configuration, starts. The banner's code is a second file fetched from the same folder, with
 * the same nonce and a pinned integrity hash, only when something must be shown: a returning
 * visitor runs the core alone.
 */
import { createController, type Controller } from './core/controller';
import { error } from './core/log';
import { showReopenButton } from './ui/reopen-button';
import type { Temoin, TemoinConfig } from './core/types';

declare const UI_FILE: string;
declare const UI_INTEGRITY: string;

declare global {
  interface Window {
    Temoin?: Temoin;
    TemoinUI?: { mount: (controller: Controller) => void };
  }
}

const script = document.currentScript as HTMLScriptElement | null;
const nonce = script?.dataset.nonce ?? script?.nonce ?? '';

function loadUi(controller: Controller) {
  const ui = document.createElement('script');
  ui.src = new URL(UI_FILE, script?.src || location.href).href;
  ui.integrity = UI_INTEGRITY;
  ui.crossOrigin = 'anonymous';
  ui.nonce = nonce;
  ui.addEventListener('load', () => window.TemoinUI?.mount(controller));
  ui.addEventListener('error', () => {
    error(`could not load ${ui.src}: the banner cannot be shown and nothing tagged will be activated`);
  });
  document.head.append(ui);
}

const parse = (text: string, source: string): TemoinConfig => {
  try {
    return JSON.parse(text) as TemoinConfig;
  } catch (e) {
    throw new Error(`config: ${source} is not valid JSON (${(e as Error).message})`);
  }
};

/** `data-config` URL, else inline `#temoin-config` (which may come after this script), else defaults. */
function readConfig(start: (config: TemoinConfig | Error) => void) {
  const url = script?.getAttribute('data-config');
  const attempt = (read: () => TemoinConfig) => {
    let config: TemoinConfig | Error;
    try {
      config = read();
    } catch (e) {
      config = e as Error;
    }
    start(config);
  };
  if (url) {
    fetch(url, { credentials: 'same-origin' })
      .then((response) => {
        if (!response.ok) throw new Error(`HTTP ${response.status}`);
        return response.text();
      })
      .then(
        (text) => {
          attempt(() => parse(text, url));
        },
        (e: unknown) => {
          start(new Error(`config: could not load ${url} (${String(e)})`));
        },
      );
    return;
  }
  const inline = () => {
    const element = document.getElementById('temoin-config');
    attempt(() => (element ? parse(element.textContent || '', '#temoin-config') : {}));
  };
  if (document.getElementById('temoin-config') || document.readyState !== 'loading') inline();
  else addEventListener('DOMContentLoaded', inline);
}

if (window.Temoin) {
  error('loaded twice: keeping the first instance');
} else {
  const { controller, start } = createController({ nonce, ui: loadUi });
  window.Temoin = controller;
  showReopenButton(controller);
  readConfig(start);
}
