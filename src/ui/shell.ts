import { createBanner, type Banner } from './banner';
import { el } from './dom';
import { loadTexts, translator, type TextsLoader } from './i18n';
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
 * the controller's view asks for, once the texts of the language to show are loaded; every
 * decision goes through the controller.
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

  const t = () => translator(controller.config, controller.language);
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
    if (view === 'preferences' && !dialog)
      loadPreferences().then(
        (part) => {
          dialog = part?.renderPreferences;
          showDialog(); // as the view is now: it may have changed while the part loaded
        },
        (problem: unknown) => {
          error(`could not load the preferences dialog (${String(problem)})`);
        },
      );
    else showDialog();
  };
  const texts = (language: string) =>
    loadTexts(load, language).catch(() => {
      error(`could not load the "${language}" texts: the banner cannot be shown`);
    });

  void texts(controller.language).then(() => {
    withBody((body) => {
      body.prepend(host);
      show();
    });
    controller.on('view', show);
    controller.on('language', (language) => void texts(language).then(show));
    controller.on('consent', () => {
      status.textContent = t()('preferences.saved');
    });
  });
  controller.on('destroy', () => {
    dialog?.(dialogSlot, null);
    banner?.remove();
    host.remove();
  });
}
