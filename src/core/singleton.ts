import { createController, type Controller, type ControllerOptions } from './controller';
import { createDecisionEffects } from './decision-effects';
import { validateConfig } from './validate';
import { pageRegion } from './regions';
import type { Temoin, TemoinConfig } from './types';

declare global {
  interface Window {
    Temoin?: Temoin;
  }
}

let instance: Controller | undefined;

/** What a bundle carries for the checks and for deciding: the modules themselves (the script-tag build fetches them as parts). */
export const bundled = { checks: () => validateConfig, effects: createDecisionEffects };

/**
 * Starts Témoin once per page and makes it `window.Temoin` (unless the page already has one);
 * later calls warn and return the same instance, until it is destroyed. `attach` runs before the
 * start, for UI that must be there on every page (the reopen button). The visitor's region comes
 * from `<meta name="temoin-region">`.
 */
export function initOnce(
  config: TemoinConfig | undefined,
  options: Partial<ControllerOptions> & { attach?: (controller: Controller) => void } = {},
): Controller {
  if (instance) return instance.init(config) as Controller;
  const { controller, start } = createController({
    region: () => pageRegion(),
    ...bundled,
    ...options,
    destroyed: () => {
      instance = undefined;
      if (window.Temoin === controller) delete window.Temoin;
    },
  });
  instance = controller;
  window.Temoin ??= controller;
  options.attach?.(controller);
  start(config ?? {});
  return controller;
}
