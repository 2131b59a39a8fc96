import { createController, type Controller, type ControllerOptions } from './controller';
import type { TemoinConfig } from './types';

let instance: Controller | undefined;

/**
 * Starts Témoin once per page; later calls warn and return the same instance. `attach` runs
 * before the start, for UI that must be there on every page (the reopen button).
 */
export function initOnce(
  config: TemoinConfig | undefined,
  options: ControllerOptions & { attach?: (controller: Controller) => void },
): Controller {
  if (instance) {
    instance.init();
    return instance;
  }
  const { controller, start } = createController(options);
  instance = controller;
  options.attach?.(controller);
  start(config ?? {});
  return controller;
}
