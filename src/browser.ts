/**
 * The script-tag build, `dist/temoin.min.js`: defines `window.Temoin` at once, reads the
 * configuration, starts. The banner's code and the texts of the language shown are separate
 * files in the same folder, fetched with the same nonce and pinned integrity hashes only when
 * something must be shown: a returning visitor runs the core alone.
 */
import { createController, type Controller } from './core/controller';
import { error } from './core/log';
import { showReopenButton } from './ui/reopen-button';
import type { TextsLoader } from './ui/i18n';
import type { Writer } from './core/writer';
import type { Temoin, TemoinConfig, TranslationTree } from './core/types';

interface Part {
  file: string;
  integrity: string;
}
/** The build's other files, each with its Subresource Integrity hash (pinned by rollup.config.mjs). */
declare const TEMOIN_PARTS: Partial<Record<string, Part>>;

declare global {
  interface Window {
    Temoin?: Temoin;
    TemoinUI?: { mount: (controller: Controller, load: TextsLoader) => void; writer: Writer };
    TemoinTexts?: Record<string, TranslationTree>;
  }
}

const script = document.currentScript as HTMLScriptElement | null;
const nonce = script?.dataset.nonce ?? script?.nonce ?? '';
const parts = TEMOIN_PARTS;
const loading: Record<string, Promise<void>> = {};

/** Loads a part of the build (a script beside this one) once, with the page's nonce and its pinned integrity. */
const loadPart = (name: string): Promise<void> =>
  (loading[name] ??= new Promise((loaded, failed) => {
    const part = parts[name];
    if (!part) {
      loaded();
      return;
    }
    const element = document.createElement('script');
    element.src = new URL(part.file, script?.src || location.href).href;
    element.integrity = part.integrity;
    element.crossOrigin = 'anonymous';
    element.nonce = nonce;
    element.onload = () => {
      loaded();
    };
    element.onerror = () => {
      error(`could not load ${element.src}: nothing more can be shown or stored`);
      failed(new Error(element.src));
    };
    document.head.append(element);
  }));

const loadTexts: TextsLoader = (language) => loadPart(language).then(() => window.TemoinTexts?.[language]);
const interactive = () => loadPart('ui').then(() => window.TemoinUI as NonNullable<Window['TemoinUI']>);

const loadUi = (controller: Controller) => {
  void loadTexts(controller.language);
  interactive().then(
    (ui) => {
      ui.mount(controller, loadTexts);
    },
    () => undefined,
  );
};

const parse = (text: string, source: string): TemoinConfig => {
  try {
    return JSON.parse(text) as TemoinConfig;
  } catch (e) {
    throw new Error(`config: ${source} is not valid JSON (${(e as Error).message})`);
  }
};

/** `data-config` URL, else inline `#temoin-config` (which may come after this script), else the defaults. */
function readConfig(): Promise<TemoinConfig> {
  const url = script?.getAttribute('data-config');
  if (url)
    return fetch(url)
      .then((response) => {
        if (!response.ok) throw new Error(`HTTP ${response.status}`);
        return response.text();
      })
      .then(
        (text) => parse(text, url),
        (e: unknown) => {
          throw new Error(`config: could not load ${url} (${String(e)})`);
        },
      );
  const inline = () => {
    const element = document.getElementById('temoin-config');
    return element ? parse(element.textContent || '', '#temoin-config') : {};
  };
  return document.getElementById('temoin-config') || document.readyState !== 'loading'
    ? Promise.resolve().then(inline)
    : new Promise((done) => { addEventListener('DOMContentLoaded', done); }).then(inline);
}

if (window.Temoin) {
  error('loaded twice: keeping the first instance');
} else {
  const { controller, start } = createController({
    nonce,
    ui: loadUi,
    writer: () => interactive().then((ui) => ui.writer),
  });
  window.Temoin = controller;
  showReopenButton(controller);
  readConfig().then(start, start);
}
