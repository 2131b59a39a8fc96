import firstLayerTexts from 'temoin:texts/languageName,language,privacyChoices,banner,notice,optOut.text,actions.acceptAll,actions.rejectAll,actions.customize,actions.gotIt,preferences.saved';
import { createBanner, type Banner } from './banner';
import { el } from './dom';
import { ensureTexts, translator, type TextsLoader } from './i18n';
import layers from './layers.css?inline';
import { createShadowHost, withBody } from './shadow-host';
import theme from './theme.css?inline';
import { error } from '../core/log';
import type { Controller, View } from '../core/controller';
import type { renderPreferences } from './preferences';

/** Loads the preferences dialog (Preact), wanted only when someone opens it. */
export type PreferencesLoader = () => Promise<{ renderPreferences: typeof renderPreferences } | undefined>;

/**
 * Témoin's interactive layers in one shadow root placed first in `<body>` (first in tab order):
 * the banner, the preferences dialog once loaded, and a polite status message. Renders whatever
 * the controller's view asks for; every decision goes through the controller. The first layer
 * carries its own words in English and French, so it shows at once and never without them (a
 * regional variant's, Québec French, load first, the French ones standing in if they cannot);
 * the dialog shows once its part and the language's full texts are loaded (if either cannot be,
 * it says so in the console, goes back to where it was opened from, and is fetched again the next
 * time it is opened).
 */
export function mount(controller: Controller, load: TextsLoader, loadPreferences: PreferencesLoader): void {
  const { host, root } = createShadowHost('temoin-consent', theme, layers);
  const layer = el('div', { class: 'root' });
  const dialogSlot = el('div');
  const status = el('p', { class: 'status', role: 'status' });
  layer.append(dialogSlot, status);
  root.append(layer);
  let banner: Banner | undefined;
  let dialog: typeof renderPreferences | undefined;

  const t = () => translator(controller.config, controller.language, firstLayerTexts);
  // The view the dialog was opened from: closing it goes back there.
  let lastView = controller.view;
  let openedFrom: View = 'none';
  controller.on('view', (view) => {
    if (view === 'preferences' && lastView !== 'preferences') openedFrom = lastView;
    lastView = view;
  });
  /**
   * Without a decision, the first layer stays behind the dialog and comes back when it closes:
   * always under opt-in (a decision is still asked for), under opt-out and notice only when the
   * dialog was opened from the notice (one already closed stays closed).
   */
  const firstLayerBehind = () => !controller.getRecord() && (controller.jurisdiction.model === 'opt-in' || openedFrom === 'banner');
  const onClosed = () => {
    if (firstLayerBehind()) controller.showBanner();
    else controller.hide();
  };
  const showDialog = () => {
    dialog?.(dialogSlot, controller.view === 'preferences' ? { controller, t: t(), onClosed } : null);
  };
  /** The dialog's part and the language's texts, each fetched again after a failure. */
  const openDialog = () => {
    Promise.all([loadPreferences(), ensureTexts(load, controller.language)]).then(
      ([part]) => {
        dialog = part?.renderPreferences;
        showDialog(); // as the view is now: it may have changed while the part loaded
      },
      (problem: unknown) => {
        error(`could not load the preferences dialog (${String(problem)})`);
        if (controller.view === 'preferences') onClosed();
      },
    );
  };
  const show = () => {
    const { view } = controller;
    layer.lang = controller.language;
    // Behind the dialog opened from it, the banner stays: the modal dialog makes it inert.
    if (view === 'banner' || (view === 'preferences' && firstLayerBehind())) {
      if (!banner) {
        banner = createBanner(controller);
        layer.prepend(banner.element);
      }
      banner.render(t());
    } else {
      banner?.remove();
      banner = undefined;
    }
    if (view === 'preferences' && !dialog) openDialog();
    else showDialog();
  };

  /** A regional variant's own words (Québec French), loaded before they show; its language's stand in if they cannot be. */
  const variant = (language: string) =>
    language.includes('-')
      ? ensureTexts(load, language).catch((problem: unknown) => {
          error(`could not load the "${language}" texts (${String(problem)})`);
        })
      : Promise.resolve();

  void variant(controller.language).then(() => {
    withBody((body) => {
      body.prepend(host);
      show();
    });
  });
  controller.on('view', show);
  controller.on('language', (language) => {
    void variant(language).then(show);
    // The dialog speaks the new language once its full texts are there.
    if (dialog) ensureTexts(load, language).then(showDialog, (problem: unknown) => {
      error(`could not load the "${language}" texts (${String(problem)})`);
    });
  });
  controller.on('consent', () => {
    status.textContent = t()('preferences.saved');
  });
  controller.on('destroy', () => {
    dialog?.(dialogSlot, null);
    banner?.remove();
    host.remove();
  });
}
