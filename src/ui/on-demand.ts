import type { Controller } from '../core/controller';

/** How an entry point loads each part of the UI: imported by a bundler, or fetched by the script-tag core. */
export interface UiParts {
  /** The banner, and the layer that shows the preferences dialog. */
  ui: () => void;
  /** The placeholders that explain blocked iframes. */
  placeholders: () => void;
}

/**
 * Loads each part the first time the controller needs it: a returning visitor with nothing to
 * decide and nothing blocked on the page loads neither.
 */
export function loadUiOnDemand(controller: Controller, parts: UiParts): void {
  const stopWatchingView = controller.on('view', (view) => {
    if (view !== 'none') {
      stopWatchingView();
      parts.ui();
    }
  });
  const stopWatchingIframes = controller.on('blockedIframe', () => {
    stopWatchingIframes();
    parts.placeholders();
  });
}
