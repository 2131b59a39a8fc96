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
declare const TEMOIN_PARTS: { ui: Part } & Partial<Record<string, Part>>;

declare global {
  interface Window {
    Temoin?: Temoin;
    TemoinUI?: { mount: (controller: Controller, load: TextsLoader) => void; writer: Writer };
  }
}

const script = document.currentScript as HTMLScriptElement | null;
const nonce = script?.dataset.nonce ?? script?.nonce ?? '';
const partUrl = (part: Part) => new URL(part.file, script?.src || location.href).href;

const texts: Record<string, Promise<TranslationTree | undefined>> = {};
const loadTexts: TextsLoader = (language) => {
  const part = TEMOIN_PARTS[language];
  return (texts[language] ??= part
    ? fetch(partUrl(part), { integrity: part.integrity }).then((response) => response.json() as Promise<TranslationTree>)
    : Promise.resolve(undefined));
};

/** The interactive part (banner and decision writer), loaded once, when first needed. */
let interactive: Promise<NonNullable<Window['TemoinUI']>> | undefined;
const loadInteractive = () =>
  (interactive ??= new Promise((loaded, failed) => {
    const part = TEMOIN_PARTS.ui;
    const ui = document.createElement('script');
    ui.src = partUrl(part);
    ui.integrity = part.integrity;
    ui.crossOrigin = 'anonymous';
    ui.nonce = nonce;
    ui.addEventListener('load', () => {
      if (window.TemoinUI) loaded(window.TemoinUI);
    });
    ui.addEventListener('error', () => {
      error(`could not load ${ui.src}: the banner cannot be shown and nothing tagged will be activated`);
      failed(new Error(ui.src));
    });
    document.head.append(ui);
  }));

const loadUi = (controller: Controller) => {
  void loadTexts(controller.language);
  loadInteractive().then(
    (part) => {
      part.mount(controller, loadTexts);
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
    writer: () => loadInteractive().then((part) => part.writer),
  });
  window.Temoin = controller;
  showReopenButton(controller);
  readConfig().then(start, start);
}
