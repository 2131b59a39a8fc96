import { createController, type Controller } from './controller';
import type { Temoin, TemoinConfig } from './types';

/** A UI for the controller: `attach` runs at start (light, always), `load` when something must be shown. */
export interface UiLayer {
  attach: (controller: Controller) => void;
  load: (controller: Controller) => void;
}

let instance: Temoin | undefined;

/** Starts Témoin once per page; later calls warn and return the same instance. */
export function initOnce(config: TemoinConfig | undefined, ui?: UiLayer): Temoin {
  if (instance) return instance.init();
  const { controller, start } = createController(ui ? { ui: ui.load } : {});
  instance = controller;
  ui?.attach(controller);
  start(config ?? {});
  return controller;
}
