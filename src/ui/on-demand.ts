import type { Controller } from '../core/controller';

/** How an entry point loads each part of the UI: imported by a bundler, or fetched by the script-tag core. */
export interface UiParts {
  /** The banner, and the layer that shows the preferences dialog. */
  ui: () => Promise<unknown>;
  /** The placeholders that explain blocked iframes. */
  placeholders: () => Promise<unknown>;
}

/**
 * Loads each part the first time the controller needs it: a returning visitor with nothing to
 * decide and nothing blocked on the page loads neither. A part that fails to load (reported by
 * its loader) is loaded again the next time it is needed.
 */
export function loadUiOnDemand(controller: Controller, parts: UiParts): void {
  const whenNeeded = (wanted: () => boolean, event: 'view' | 'blockedIframe', load: () => Promise<unknown>) => {
    const stop = controller.on(event, () => {
      if (!wanted()) return;
      stop();
      load().catch(() => {
        whenNeeded(wanted, event, load);
      });
    });
  };
  whenNeeded(() => controller.view !== 'none', 'view', parts.ui);
  whenNeeded(() => true, 'blockedIframe', parts.placeholders);
}
